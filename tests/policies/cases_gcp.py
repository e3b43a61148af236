"""Cases of the GCP rules: GKE, firewalls, project IAM, Cloud KMS."""

from __future__ import annotations

from tests.policies.cases import Case, gcp, one

CLUSTER = "gcp:container/cluster:Cluster"
POOL = "gcp:container/nodePool:NodePool"
SECURE = {
    "privateClusterConfig": {"enablePrivateNodes": True, "enablePrivateEndpoint": False},
    "workloadIdentityConfig": {"workloadPool": "p.svc.id.goog"},
    "databaseEncryption": {
        "state": "ENCRYPTED",
        "keyName": "projects/p/locations/l/keyRings/r/cryptoKeys/k",
    },
}
L4 = {"machineType": "g2-standard-8", "guestAccelerators": [{"type": "nvidia-l4", "count": 1}]}
GPU_TAINT = [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]

CASES = [
    Case("gcp-gke-private-nodes", "private-nodes", one(gcp(CLUSTER, SECURE))),
    Case(
        "gcp-gke-private-nodes",
        "public-nodes",
        one(gcp(CLUSTER, {**SECURE, "privateClusterConfig": None})),
        expect="nodes get public IP addresses",
    ),
    Case(
        "gcp-gke-workload-identity",
        "cluster-and-pool",
        one(
            gcp(CLUSTER, SECURE),
            gcp(POOL, {"nodeConfig": {"workloadMetadataConfig": {"mode": "GKE_METADATA"}}}),
        ),
    ),
    Case(
        "gcp-gke-workload-identity",
        "off",
        one(gcp(CLUSTER, {**SECURE, "workloadIdentityConfig": None})),
        expect="Workload Identity is off",
    ),
    Case(
        "gcp-gke-workload-identity",
        "pool-opts-out",
        one(gcp(POOL, {"nodeConfig": {"workloadMetadataConfig": {"mode": "GCE_METADATA"}}})),
        expect="exposes the node's metadata server to pods",
    ),
    Case("gcp-gke-shielded-nodes", "default-on", one(gcp(CLUSTER, SECURE))),
    Case(
        "gcp-gke-shielded-nodes",
        "turned-off",
        one(gcp(CLUSTER, {**SECURE, "enableShieldedNodes": False})),
        expect="shielded GKE nodes are disabled",
    ),
    Case(
        "gcp-gke-legacy-abac-disabled",
        "rbac-only",
        one(gcp(CLUSTER, {**SECURE, "enableLegacyAbac": False})),
    ),
    Case(
        "gcp-gke-legacy-abac-disabled",
        "abac-on",
        one(gcp(CLUSTER, {**SECURE, "enableLegacyAbac": True})),
        expect="legacy ABAC authorisation is enabled",
    ),
    Case("gcp-gke-secrets-encrypted", "kms", one(gcp(CLUSTER, SECURE))),
    Case(
        "gcp-gke-secrets-encrypted",
        "decrypted",
        one(gcp(CLUSTER, {**SECURE, "databaseEncryption": {"state": "DECRYPTED"}})),
        expect="not encrypted at the application layer",
    ),
    Case(
        "gcp-gke-gpu-node-pool-tainted",
        "tainted",
        one(gcp(POOL, {"nodeConfig": {**L4, "taints": GPU_TAINT}})),
    ),
    Case(
        "gcp-gke-gpu-node-pool-tainted",
        "cpu-pool",
        one(gcp(POOL, {"nodeConfig": {"machineType": "e2-standard-4"}})),
    ),
    Case(
        "gcp-gke-gpu-node-pool-tainted",
        "accelerator-optimised-family-untainted",
        one(gcp(POOL, {"nodeConfig": {"machineType": "a3-highgpu-8g"}})),
        expect="GPU node pool of 'nodepool' has no blocking nvidia.com/gpu taint",
    ),
    Case(
        "gcp-gke-gpu-node-pool-scale-to-zero",
        "autoscales-to-zero",
        one(
            gcp(
                POOL,
                {
                    "nodeConfig": {**L4, "taints": GPU_TAINT},
                    "autoscaling": {"minNodeCount": 0, "maxNodeCount": 2},
                },
            )
        ),
    ),
    Case(
        "gcp-gke-gpu-node-pool-scale-to-zero",
        "fixed-size",
        one(gcp(POOL, {"nodeConfig": L4, "nodeCount": 3})),
        expect="a minimum of 3 node(s) in a dev environment (autoscaling.minNodeCount must be 0)",
    ),
    Case(
        "gcp-compute-no-admin-ports-open-to-internet",
        "https-only-or-iap",
        one(
            gcp(
                "gcp:compute/firewall:Firewall",
                {"sourceRanges": ["0.0.0.0/0"], "allows": [{"protocol": "tcp", "ports": ["443"]}]},
                name="https",
            ),
            gcp(
                "gcp:compute/firewall:Firewall",
                {
                    "sourceRanges": ["35.235.240.0/20"],
                    "allows": [{"protocol": "tcp", "ports": ["22"]}],
                },
                name="iap",
            ),
        ),
    ),
    Case(
        "gcp-compute-no-admin-ports-open-to-internet",
        "every-tcp-port",
        one(
            gcp(
                "gcp:compute/firewall:Firewall",
                {"sourceRanges": ["0.0.0.0/0"], "allows": [{"protocol": "tcp"}]},
            )
        ),
        expect="allows port(s) 22, 2379, 2380, 3389, 6443, 10250 from 0.0.0.0/0",
    ),
    Case(
        "gcp-iam-no-basic-roles",
        "predefined-role",
        one(gcp("gcp:projects/iAMMember:IAMMember", {"role": "roles/container.developer"})),
    ),
    Case(
        "gcp-iam-no-basic-roles",
        "owner",
        one(
            gcp(
                "gcp:projects/iAMBinding:IAMBinding",
                {"role": "roles/owner", "members": ["user:a@example.com"]},
            )
        ),
        expect="grants the basic role roles/owner",
    ),
    Case(
        "gcp-kms-key-rotation-enabled",
        "ninety-days",
        one(gcp("gcp:kms/cryptoKey:CryptoKey", {"rotationPeriod": "7776000s"})),
    ),
    Case(
        "gcp-kms-key-rotation-enabled",
        "asymmetric",
        one(gcp("gcp:kms/cryptoKey:CryptoKey", {"purpose": "ASYMMETRIC_SIGN"})),
    ),
    Case(
        "gcp-kms-key-rotation-enabled",
        "yearly",
        one(gcp("gcp:kms/cryptoKey:CryptoKey", {"rotationPeriod": "31536000s"})),
        expect="rotates every 31536000s; at most every 7776000s (90 days)",
    ),
]

"""GPU Kubernetes clusters from the cloud-neutral definition: `EksGpuCluster` (`eks`),
`AksGpuCluster` (`aks`), `GkeGpuCluster` (`gke`), built by `build.build_cluster`, over the
pure planning in `plan` (pools, taints, labels, names, ranges), `kubeconfig` and `aws_iam`.

Import the module you need; this package imports none of them, so `plan` stays free of
Pulumi SDKs.
"""

"""`CloudFunctionEndpoint`: a workload served by Cloud Functions (2nd gen, on Cloud Run).

The source archive goes to a bucket of its own with uniform bucket-level access and public
access prevention enforced, named by the archive's sha256 so that only a code change
rebuilds. The function runs as a dedicated service account that holds no role at all (it
reads nothing: the model travels in the bundle), and Cloud Build builds it as a second
dedicated account that may only read that bucket, write build logs and push the image.
Calling it takes `roles/run.invoker` on the function's Cloud Run service: granted to a
`caller` service account that consuming teams impersonate, or to `allUsers` only when the
definition says `public: true`. Memory, CPU, timeout and min/max instances come from the
definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_gcp as gcp

from hybrid_ai_platform.endpoints import code
from hybrid_ai_platform.endpoints.plan import EndpointPlan
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.options import ProviderComponent

TYPE = "hybrid:gcp:CloudFunctionEndpoint"
INVOKER_ROLE = "roles/run.invoker"
# What Cloud Build needs to build a function as a user-managed service account ("Configure
# a build service account", cloud.google.com/functions/docs/securing/build-custom-sa).
BUILD_PROJECT_ROLES = ("roles/artifactregistry.writer", "roles/logging.logWriter")
BUILD_BUCKET_ROLE = "roles/storage.objectViewer"
# Ingress stays open to the internet; who may call is decided by IAM (`run.invoker`), so
# callers outside Google Cloud networks reach a private endpoint with an identity token.
INGRESS = "ALLOW_ALL"


@dataclass(frozen=True)
class CloudFunctionEndpointArgs:
    plan: EndpointPlan
    project: str
    files: Mapping[str, Path]


class CloudFunctionEndpoint(ProviderComponent):
    url: pulumi.Output[str]
    function_name: pulumi.Output[str]
    service_account_email: pulumi.Output[str]
    # The account to impersonate to call a private endpoint; None when public.
    caller_email: pulumi.Output[str] | None
    auth_mode: str

    def __init__(
        self,
        name: str,
        args: CloudFunctionEndpointArgs,
        provider: gcp.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        plan = args.plan
        self._cloud_provider = provider
        labels = dict(plan.tags)

        runtime_account = gcp.serviceaccount.Account(
            f"{name}-sa",
            account_id=plan.gcp_account_id,
            display_name=f"Cloud Function {plan.physical_name} (runtime)",
            # Identities are protected like data: a recreated account has a new unique id,
            # and grants to the old one stop working.
            opts=self._opts(protect=plan.protect),
        )
        build_account = gcp.serviceaccount.Account(
            f"{name}-build-sa",
            account_id=physical_name(plan.physical_name, "build", max_length=30),
            display_name=f"Cloud Function {plan.physical_name} (build)",
            opts=self._opts(protect=plan.protect),
        )
        bucket = gcp.storage.Bucket(
            f"{name}-source",
            name=physical_name(args.project, plan.physical_name, "src"),
            location=plan.region,
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            force_destroy=not plan.retain_on_delete,
            labels=labels,
            opts=self._opts(protect=plan.protect, retain_on_delete=plan.retain_on_delete),
        )
        source = gcp.storage.BucketObject(
            f"{name}-archive",
            bucket=bucket.name,
            name=f"{code.digest(args.files)}.zip",
            source=code.archive(args.files),
            opts=self._opts(),
        )
        build_grants: list[pulumi.Resource] = [
            gcp.storage.BucketIAMMember(
                f"{name}-build-reads-source",
                bucket=bucket.name,
                role=BUILD_BUCKET_ROLE,
                member=build_account.member,
                opts=self._opts(),
            )
        ]
        for role in BUILD_PROJECT_ROLES:
            build_grants.append(
                gcp.projects.IAMMember(
                    f"{name}-build-{role.split('/')[1].split('.')[0]}",
                    project=args.project,
                    role=role,
                    member=build_account.member,
                    opts=self._opts(),
                )
            )
        function = gcp.cloudfunctionsv2.Function(
            f"{name}-function",
            name=plan.physical_name,
            location=plan.region,
            description=f"{plan.workload} endpoint {plan.name}",
            build_config={
                "runtime": plan.runtime.identifier,
                "entry_point": code.GCP_ENTRY,
                "service_account": build_account.name,
                "source": {"storage_source": {"bucket": bucket.name, "object": source.name}},
            },
            service_config={
                "available_memory": plan.gcp_memory,
                "available_cpu": plan.gcp_cpu,
                "timeout_seconds": plan.timeout_seconds,
                "min_instance_count": plan.min_instances,
                "max_instance_count": plan.max_instances,
                "ingress_settings": INGRESS,
                "all_traffic_on_latest_revision": True,
                "service_account_email": runtime_account.email,
                "environment_variables": dict(sorted(plan.variables.items())),
            },
            labels=labels,
            opts=self._opts(depends_on=build_grants),
        )
        service = function.service_config.apply(
            lambda config: (config.service or "") if config else ""
        )
        caller: gcp.serviceaccount.Account | None = None
        if plan.public:
            member: pulumi.Input[str] = "allUsers"
        else:
            caller = gcp.serviceaccount.Account(
                f"{name}-caller",
                account_id=plan.gcp_caller_account_id,
                display_name=f"Callers of Cloud Function {plan.physical_name}",
                # The callers' identity: other teams' services run as it.
                opts=self._opts(protect=plan.protect),
            )
            member = caller.member
        gcp.cloudrunv2.ServiceIamMember(
            f"{name}-invoker",
            project=args.project,
            location=plan.region,
            name=service,
            role=INVOKER_ROLE,
            member=member,
            opts=self._opts(),
        )

        self.url = function.url
        self.function_name = function.name
        self.service_account_email = runtime_account.email
        self.caller_email = caller.email if caller else None
        self.auth_mode = plan.auth_mode
        self.register_outputs(
            {
                "url": self.url,
                "function_name": self.function_name,
                "service_account_email": self.service_account_email,
                "caller_email": self.caller_email,
                "auth_mode": self.auth_mode,
            }
        )

"""A Cloud Function (2nd gen) whose source lives in a bucket of this project."""

import pulumi
import pulumi_gcp as gcp

project = gcp.organizations.get_project()
source = gcp.storage.Bucket(
    "source", location="US", uniform_bucket_level_access=True, labels={"team": "ml"}
)
archive = gcp.storage.BucketObject(
    "source",
    bucket=source.name,
    source=pulumi.StringAsset("def handler(request):\n    return 'ok'\n"),
)
function = gcp.cloudfunctionsv2.Function(
    "scorer",
    location="us-central1",
    build_config={
        "runtime": "python312",
        "entry_point": "handler",
        "source": {"storage_source": {"bucket": source.name, "object": archive.name}},
    },
    service_config={"max_instance_count": 3, "available_memory": "256M"},
    labels={"team": "ml"},
)

pulumi.export("project", project.project_id)
pulumi.export("functionUrl", function.url)

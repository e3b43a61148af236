"""Two data sets, each a PrivateBucket component from the program's own module."""

import pulumi
from storage import PrivateBucket

raw = PrivateBucket("raw", retention_days=30)
curated = PrivateBucket("curated", retention_days=365)

pulumi.export("rawArn", raw.arn)
pulumi.export("curatedArn", curated.arn)

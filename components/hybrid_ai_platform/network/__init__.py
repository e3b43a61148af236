"""The network baseline each cluster and the private cloud sit in: one ComponentResource per
cloud (`aws`, `azure`, `gcp`, `openstack`) over the pure zone and address plans in `plan`.

Import the cloud module you need (`from hybrid_ai_platform.network.aws import AwsNetwork`); this
package imports none of them, so the pure `plan` stays free of Pulumi SDKs.
"""

"""What runs inside the clusters. The in-cluster GPU stack: NVIDIA GPU Operator, sharing
config, priority classes, and team namespaces with GPU quotas (`plan` is pure; `gpu_stack`
holds the `GpuStack` component; `gke_driver_installer` the driver DaemonSet it adds on
GKE). The cluster autoscaler on EKS (`autoscaler_plan` is pure; `cluster_autoscaler` holds
the `ClusterAutoscaler` component). This package imports none of them, so the pure modules
stay free of Pulumi SDKs.
"""

"""The AI workloads the platform's endpoints and pipelines run."""

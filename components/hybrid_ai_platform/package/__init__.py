"""The multi-language package `hybrid`: the GPU clusters as components any Pulumi language
can use (TypeScript, Go, C#, Java, YAML), hosted by `provider/` through Pulumi's component
provider (`pulumi.provider.experimental`).

Each component here is a thin wrapper: its arguments are TypedDicts the SDK's analyzer turns
into the package schema (`provider/schema.json`); it translates them into the environment
definition (`hybrid_ai_platform.spec`), validates that exactly as a stack file is validated
(`hybrid_ai_platform.definition`), and builds the same network, cluster and in-cluster GPU stack
as `hybrid_ai_platform.platform`.
"""

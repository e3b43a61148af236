"""The multi-language package `hybrid`: the GPU clusters (EKS, AKS, GKE, Magnum), the
serverless endpoints and the data pipelines as components any Pulumi language can use
(TypeScript, Go, C#, Java, YAML), hosted by `provider/` through Pulumi's component provider
(`pulumi.provider.experimental`).

Each component here is a thin wrapper: its arguments are TypedDicts the SDK's analyzer turns
into the package schema (`provider/schema.json`); it translates them into the environment
definition (`hybrid_ai_platform.spec`), validates that as a stack file is validated, without
the stack's budget (`hybrid_ai_platform.definition.load_environment`), and builds what
`hybrid_ai_platform.platform` builds for that part of a stack, with the same functions.
"""

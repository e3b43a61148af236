"""The hybrid-ai-platform CrossGuard rules, by cloud and service.

Each module defines its rules as `pulumi_policy` policy objects (built with
`hybrid_policies.rule`) and lists them in `POLICIES`; `hybrid_policies.pack` puts them
together. Nothing here starts a policy server: only `policies/__main__.py` does, so the
rules can be imported, tested and run credential-free by `hap policy`.
"""

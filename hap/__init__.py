"""hap: the credential-free preview engine and CLI of hybrid-ai-platform.

`hap.engine.run_program(project_dir, stack) -> hap.plan.Plan` runs a Pulumi Python program
under Pulumi's mock runtime with deterministic fakes and records what it would register.
"""

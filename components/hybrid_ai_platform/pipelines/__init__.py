"""Scheduled data pipelines from the definition's `pipelines`: `GluePipeline` (`glue`) on
AWS, `DataFactoryPipeline` (`data_factory`) on Azure copying an AWS pipeline's curated data,
over the pure `plan` module (schedules: `hybrid_ai_shared.schedule`). Import the module you need."""

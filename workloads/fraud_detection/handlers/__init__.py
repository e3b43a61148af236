"""One handler core (`core.handle`) and a thin adapter per serverless platform."""

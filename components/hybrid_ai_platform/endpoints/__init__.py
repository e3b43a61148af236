"""Serverless endpoints: one definition entry served by AWS Lambda, Azure Functions (Flex
Consumption) or Cloud Functions (2nd gen), planned in `plan.py` and built per cloud."""

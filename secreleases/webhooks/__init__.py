"""Signed webhooks: SECAS's endpoints, the events the history announces, and their deliveries by Celery."""

from django.db import models


class Tracked(models.Model):
    """Created and updated timestamps; `updated_at` also feeds the API's ETags."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

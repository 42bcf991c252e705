"""The abstract base every domain model shares."""

from django.db import models


class Tracked(models.Model):
    """Created and updated timestamps, for the pages and the history."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def related_model(model, field_name: str):
    """The model at the other end of a relation, without importing the app that defines it.

    The apps depend one way (releases on modifications and acceptance), so the lower apps reach a
    release, or its scope items, through their own relations instead of importing `releases`.
    """
    return model._meta.get_field(field_name).related_model

"""The refusal every domain rule raises, so every door (API 409, forms, admin) treats rules alike."""

from django.core.exceptions import ValidationError


class RuleError(ValidationError):
    """A domain rule forbids this change: the API answers 409 with its message, a form shows it."""

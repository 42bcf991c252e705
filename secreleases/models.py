"""The abstract base every domain model shares, and the guard on fields only a verb may change."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db import models

from .rules import RuleError

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def plausible_date(value: datetime.date | None) -> None:
    """A date a release, a paper or a milestone can carry: 2000 to 2099 (year 1 is a typing slip, not a plan)."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError("Give a date between 1 January 2000 and 31 December 2099.", code="implausible_date")


def is_plausible(value: datetime.date | None) -> bool:
    return value is not None and EARLIEST_DATE <= value <= LATEST_DATE


class DateField(models.DateField):
    """Django's DateField, refusing implausible dates in every form, serializer and full_clean."""

    default_validators = [plausible_date]

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class Tracked(models.Model):
    """Created and updated timestamps, for the pages and the history."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RuleChecked:
    """A model whose domain rules are refusals (RuleError: the API answers 409, a form shows them by field).

    `rule_problems()` names them by field; the verbs call `check_rules()` before `full_clean()` (which
    would turn a RuleError into plain bad input), and `clean()` calls it too, so the admin's and the
    browser's forms show the same refusal beside the field.
    """

    def rule_problems(self) -> dict[str, str]:
        return {}

    def check_rules(self) -> None:
        if problems := self.rule_problems():
            raise RuleError(problems)


class VerbOnlyFields(RuleChecked):
    """Fields only the model's verbs change (an item's inclusion, a release's go-live date, a reference).

    `verb_only_fields` maps each field to the refusal that names its verb. A verb changes them inside
    `with self.by_verb("field"):`; any other change of a stored row (a form, the admin, a serializer,
    a plain save) is refused by clean() and again by save(), with that message. A new row may set them.
    """

    verb_only_fields: dict[str, str] = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_verb_only_fields()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self.remember_verb_only_fields()

    def remember_verb_only_fields(self):
        stored = dict(getattr(self, "_stored_verb_only", {}))
        for name in self.verb_only_fields:
            attname = self._meta.get_field(name).attname
            if attname in self.__dict__:
                stored[name] = self.__dict__[attname]
        self._stored_verb_only = stored

    @contextlib.contextmanager
    def by_verb(self, *names: str):
        """Inside, the verb may change `names`."""
        allowed = getattr(self, "_verb_allowed", frozenset())
        self._verb_allowed = allowed | set(names)
        try:
            yield self
        finally:
            self._verb_allowed = allowed

    def changes_without_verb(self) -> dict[str, str]:
        if self._state.adding:
            return {}
        stored = getattr(self, "_stored_verb_only", {})
        allowed = getattr(self, "_verb_allowed", frozenset())
        return {
            name: message
            for name, message in self.verb_only_fields.items()
            if name in stored
            and name not in allowed
            and getattr(self, self._meta.get_field(name).attname) != stored[name]
        }

    def check_verb_only_fields(self):
        refused = self.changes_without_verb()
        if refused:
            raise RuleError(refused)

    def rule_problems(self) -> dict[str, str]:
        return {**super().rule_problems(), **self.changes_without_verb()}

    def save(self, *args, **kwargs):
        self.check_verb_only_fields()
        super().save(*args, **kwargs)
        self.remember_verb_only_fields()


def related_model(model, field_name: str):
    """The model at the other end of a relation, without importing the app that defines it.

    The apps depend one way (releases on modifications and acceptance), so the lower apps reach a
    release, or its scope items, through their own relations instead of importing `releases`.
    """
    return model._meta.get_field(field_name).related_model

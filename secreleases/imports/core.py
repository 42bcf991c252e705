"""Reading an upload, previewing it through the same serializers and verbs as the API, and applying it.

The preview is honest because it is the import itself, rolled back: every row that matched and differs,
and every new row, is applied in a savepoint of one transaction that is then rolled back, so whatever
rule the models and serializers enforce (today's and later ones) refuses the row in the preview, with its
reason. Confirmation applies the rows that passed, in one transaction, each saved with the import named
as the history's change reason; a row whose object changed since the preview stops the whole import.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework import serializers

from secreleases.api.errors import field_errors
from secreleases.api.renderers import FORMULA_STARTS
from secreleases.rules import RuleError

from .models import SpreadsheetImport

MAX_ROWS = 5000
ACTIONS = ("change", "new", "unchanged", "refused")


class UploadRefused(Exception):
    """The file cannot be read as a spreadsheet of this kind; the message says why."""


class ImportStale(RuleError):
    """Something the preview showed changed before the confirmation (or it expired, or was applied)."""


# -- reading a file --------------------------------------------------------------------------------


def unneutralised(text: str) -> str:
    """An exported cell that began with a formula character carries an apostrophe (renderers.py): drop it."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def cell_text(value) -> str:
    """A cell as the text the serializers read: dates ISO, whole numbers without '.0', booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralised(str(value).strip())


def header_name(value) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell_text(value).lower()).strip("_")


def read_rows(upload) -> list[dict]:
    """[{column: text, "_row": spreadsheet row number}] from an .xlsx or .csv upload; the first row names columns."""
    name = (upload.name or "").lower()
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise UploadRefused(f"The file is larger than {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB.")
    content = upload.read()
    try:
        if name.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        elif name.endswith(".csv"):
            table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        else:
            raise UploadRefused("Upload an .xlsx or .csv file.")
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001 - a corrupt file of any kind is the user's to fix
        raise UploadRefused(f"The file cannot be read: {type(error).__name__}.") from error
    if not table:
        raise UploadRefused("The file is empty.")
    header = [header_name(value) for value in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        texts = [cell_text(value) for value in values]
        if not any(texts):
            continue
        row = {name: text for name, text in zip(header, texts, strict=False) if name}
        row["_row"] = number
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise UploadRefused(f"The file has more than {MAX_ROWS} rows.")
    return rows


# -- importers -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one row does: changes an object, adds one, changes nothing, or is refused (with reasons)."""

    row: int
    action: str
    target: str = ""
    id: int | None = None
    changes: dict = field(default_factory=dict)  # field -> [old, new]
    data: dict = field(default_factory=dict)  # what the serializer receives
    seen_updated_at: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Importer:
    """A kind of spreadsheet an app accepts: how rows match its objects, and how one row is applied."""

    kind: str
    label: str
    columns: str  # what the sheet holds, in words, for the upload page and the docs
    may_import: Callable  # (user) -> bool
    match: Callable  # (rows, release_slug) -> list[Outcome]
    apply: Callable  # (outcome, release_slug, reason, request) -> object; raises on a refused row
    needs_release: bool = True


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    if kind not in IMPORTERS:
        raise UploadRefused(f"Unknown kind of import {kind!r}; one of: {', '.join(IMPORTERS)}.")
    return IMPORTERS[kind]


def reasons_of(error) -> list[str]:
    if isinstance(error, serializers.ValidationError):
        detail = error.detail
    elif isinstance(error, ValidationError):
        detail = field_errors(error)
    else:
        detail = {"non_field_errors": [str(error)]}
    if isinstance(detail, dict):
        found = []
        for name, messages in detail.items():
            messages = messages if isinstance(messages, list) else [messages]
            prefix = "" if name == "non_field_errors" else f"{name}: "
            found += [f"{prefix}{message}" for message in messages]
        return found
    return [str(message) for message in (detail if isinstance(detail, list) else [detail])]


# What refuses one row, with its reason: a rule, bad input, or what the importer may not do (a milestone the
# DCC would add, say).
REFUSALS = (ValidationError, serializers.ValidationError, RuleError, IntegrityError, PermissionDenied)


def import_reason(file_name: str, user) -> str:
    return f"Imported from {file_name} by {user.get_username()}"


# -- preview and confirmation ----------------------------------------------------------------------


def preview(kind: str, upload, *, release: str, request) -> SpreadsheetImport:
    """Parse the upload, match its rows, try every change in a transaction that is rolled back, keep the result."""
    user = request.user
    importer = importer_for(kind)
    if importer.needs_release and not release:
        raise UploadRefused("Say which release the spreadsheet is for.")
    rows = read_rows(upload)
    outcomes = importer.match(rows, release)
    reason = import_reason(upload.name, user)
    with transaction.atomic():
        for outcome in outcomes:
            if outcome.action in ("change", "new"):
                try:
                    with transaction.atomic():
                        importer.apply(outcome, release, reason, request)
                except REFUSALS as error:
                    outcome.action, outcome.reasons = "refused", reasons_of(error)
        transaction.set_rollback(True)
    minutes = settings.IMPORT_PREVIEW_MINUTES
    return SpreadsheetImport.objects.create(
        kind=kind,
        release=release or "",
        file_name=upload.name[:200],
        uploaded_by=user,
        expires_at=timezone.now() + datetime.timedelta(minutes=minutes),
        outcomes=[asdict(outcome) for outcome in outcomes],
    )


@transaction.atomic
def confirm(upload_id, *, request) -> SpreadsheetImport:
    """Apply what the preview showed, all or nothing, once; the history names the file and who imported it."""
    user = request.user
    upload = SpreadsheetImport.objects.select_for_update().get(pk=upload_id, uploaded_by=user)
    if upload.applied_at is not None:
        raise ImportStale("This import was applied already.")
    if upload.expires_at < timezone.now():
        raise ImportStale("This preview has expired: upload the file again.")
    importer = importer_for(upload.kind)
    reason = import_reason(upload.file_name, user)
    for stored in upload.outcomes:
        outcome = Outcome(**stored)
        if outcome.action not in ("change", "new"):
            continue
        try:
            with transaction.atomic():
                importer.apply(outcome, upload.release, reason, request)
        except ImportStale:
            raise
        except REFUSALS as error:
            raise ImportStale(
                f"Row {outcome.row} ({outcome.target}) can no longer be applied: {'; '.join(reasons_of(error))} "
                "Nothing was imported; upload the file again."
            ) from error
    upload.applied_at = timezone.now()
    upload.save(update_fields=["applied_at"])
    return upload


def check_unchanged_since_preview(outcome: Outcome, instance) -> None:
    """At confirmation, a matched object must be as the preview saw it."""
    if outcome.seen_updated_at and instance.updated_at.isoformat() != outcome.seen_updated_at:
        raise ImportStale(
            f"{outcome.target} (row {outcome.row}) changed since the preview. Nothing was imported; "
            "upload the file again to see the changes against what it is now."
        )


# -- what the importers share ------------------------------------------------------------------------

TRUE_WORDS, FALSE_WORDS = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def as_input(field: serializers.Field, text: str):
    """A cell's text as the serializer's input: empty is null (or ""), a choice by its value or its label."""
    if text == "":
        return None if getattr(field, "allow_null", False) else ""
    if isinstance(field, serializers.ChoiceField):
        for value, label in field.choices.items():
            if text.lower() in (str(value).lower(), str(label).lower()):
                return value
        return text
    if isinstance(field, serializers.BooleanField):
        word = text.lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else text
    return text


def wanted(serializer_class, row: dict, writable: list[str]) -> dict:
    """The writable columns the row has, as serializer input."""
    fields = serializer_class().fields
    return {name: as_input(fields[name], row[name]) for name in writable if name in row}


def comparable(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def differences(current: dict, values: dict) -> dict:
    """{field: [what it is, what the row says]} for the fields the row would change."""
    return {
        name: [current.get(name), value]
        for name, value in values.items()
        if comparable(current.get(name)) != comparable(value)
    }


def importing(serializer_class, reason: str):
    """The API's serializer, saving with the import as the history's change reason."""

    class Importing(serializer_class):
        change_reason_default = reason

        def create(self, validated_data):
            return self.save_clean(self.Meta.model(**validated_data), reason)

    Importing.__name__ = f"Importing{serializer_class.__name__}"
    return Importing


def apply_with(serializer_class, outcome: Outcome, instance, reason: str, request, **extra):
    """Change `instance` (or make one, when None) with the row's data, through the serializer's rules."""
    if instance is not None:
        check_unchanged_since_preview(outcome, instance)
    serializer = importing(serializer_class, reason)(
        instance, data=outcome.data, partial=instance is not None, context={"request": request}
    )
    serializer.is_valid(raise_exception=True)
    return serializer.save(**extra)


def seen(instance) -> str:
    return instance.updated_at.isoformat()

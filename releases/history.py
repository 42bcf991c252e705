"""Who changed what and when, read from django-simple-history, for the release and modification pages."""

from dataclasses import dataclass, field

from .choices import Inclusion, ReleaseStatus
from .models import Release, ScopeItem

SCOPE_FIELDS = {
    "inclusion": "Inclusion",
    "part": "Part",
    "cut_off_date": "Cut-off",
    "fall_back_release_id": "Fall-back",
    "status_note": "Status",
    "exception_approved_on": "Exception approved",
}
RELEASE_FIELDS = {
    "name": "Name",
    "implementation_date": "Go-live",
    "status": "Status",
    "system_scope_lock_date": "DCC-System scope lock",
    "document_scope_lock_date": "SEC-document scope lock",
    "dcc_quoted_total": "DCC quoted total",
}
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    when: object
    who: str
    subject: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def shown(name: str, value, release_names: dict) -> str:
    if value in (None, ""):
        return "—"
    if name == "inclusion":
        return Inclusion(value).label
    if name == "status":
        return ReleaseStatus(value).label
    if name == "fall_back_release_id":
        return release_names.get(value, f"release {value}")
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)


def entries(records, fields: dict, subject, release_names: dict) -> list[HistoryEntry]:
    """Each record against the one before it of the same row (records in id, date order)."""
    previous = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None:
            for name, label in fields.items():
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    changes.append((label, shown(name, old, release_names), shown(name, new, release_names)))
        previous[record.id] = record
        if before is not None and not changes and not record.history_change_reason:
            continue
        user = record.history_user
        out.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "the system",
                subject=subject(record),
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return out


def scope_records(**filters):
    return (
        ScopeItem.history.filter(**filters)
        .select_related("history_user", "modification")
        .order_by("id", "history_date", "history_id")
    )


def item_subject(record) -> str:
    return f"{record.modification.reference} {record.part}".strip()


def scope_history(release) -> list[HistoryEntry]:
    """The release's own changes and its scope items', newest first."""
    release_names = dict(Release.objects.values_list("pk", "name"))
    release_records = Release.history.filter(id=release.pk).select_related("history_user").order_by("history_date")
    out = entries(release_records, RELEASE_FIELDS, lambda r: r.name, release_names)
    out += entries(scope_records(release_id=release.pk), SCOPE_FIELDS, item_subject, release_names)
    return sorted(out, key=lambda e: e.when, reverse=True)


def modification_scope_history(modification) -> list[HistoryEntry]:
    release_names = dict(Release.objects.values_list("pk", "name"))

    def subject(record):
        return f"{item_subject(record)} in {release_names.get(record.release_id, '?')}"

    records = scope_records(modification_id=modification.pk)
    return sorted(entries(records, SCOPE_FIELDS, subject, release_names), key=lambda e: e.when, reverse=True)

"""A modification's merged history: the record, its aliases, key dates, impacts, CRs and its scope items."""

from secreleases.history import SCOPE_ITEM_RELATED, MergedHistory, Source, scope_item_label

from .models import (
    ChangeRequest,
    CrDependency,
    DocumentImpact,
    KeyDate,
    Modification,
    ModificationAlias,
    ParticipantImpact,
)


def modification_history(modification) -> MergedHistory:
    pk = modification.pk
    return MergedHistory(
        [
            Source("modification", Modification, {"id": pk}, label=lambda r: r.reference),
            Source("alias", ModificationAlias, {"modification_id": pk}, label=lambda r: r.alias),
            Source(
                "scope_item",
                modification.scope_items.model,
                {"modification_id": pk},
                related=SCOPE_ITEM_RELATED,
                label=scope_item_label,
            ),
            Source("key_date", KeyDate, {"modification_id": pk}, label=lambda r: r.event),
            Source(
                "participant_impact",
                ParticipantImpact,
                {"modification_id": pk},
                label=lambda r: r.get_participant_display(),
            ),
            Source(
                "document_impact",
                DocumentImpact,
                {"modification_id": pk},
                related=("document",),
                label=lambda r: r.document.code,
            ),
            Source(
                "change_request",
                ChangeRequest,
                {"modification_id": pk},
                label=lambda r: f"{r.number or 'CRTBC'} {r.title}".strip(),
            ),
            Source(
                "cr_dependency",
                CrDependency,
                {"modification_id": pk},
                related=("change_request",),
                label=lambda r: r.change_request.number or "CRTBC",
            ),
        ]
    )


def change_request_history(change_request) -> MergedHistory:
    """A Change Request's own edits and the dependencies recorded on it."""
    pk = change_request.pk
    return MergedHistory(
        [
            Source("change_request", ChangeRequest, {"id": pk}, label=lambda r: r.number or "CRTBC"),
            Source(
                "cr_dependency",
                CrDependency,
                {"change_request_id": pk},
                related=("modification",),
                label=lambda r: r.modification.reference,
            ),
        ]
    )

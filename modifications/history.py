"""A modification's merged history: the record, its aliases, key dates, impacts and its scope items."""

from secreleases.history import MergedHistory, Source

from .models import CrDependency, DocumentImpact, KeyDate, Modification, ModificationAlias, ParticipantImpact


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
                related=("release",),
                label=lambda r: f"{r.part or 'whole'} in {r.release.name}",
            ),
            Source("key_date", KeyDate, {"modification_id": pk}, label=lambda r: r.event),
            Source("participant_impact", ParticipantImpact, {"modification_id": pk}, label=lambda r: r.participant),
            Source(
                "document_impact",
                DocumentImpact,
                {"modification_id": pk},
                related=("document",),
                label=lambda r: r.document.code,
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

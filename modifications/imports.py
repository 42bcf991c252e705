"""The DCC's change-request list as a spreadsheet: rows matched to change requests by id, else by CR number.

Registered in ModificationsConfig.ready(); previewed and applied through the API's ChangeRequestSerializer.
A new row without a `release` column goes alongside the release the import is made from.
"""

from django.db.models import Q

from secreleases.imports.core import Importer, Outcome, apply_with, differences, register, seen, wanted

from .api.serializers import ChangeRequestSerializer
from .models import ChangeRequest

CHANGE_REQUESTS = "change_requests"
# What a row may set: the API's fields, less those it only shows.
WRITABLE = [name for name in ChangeRequestSerializer.Meta.fields if name not in ("id", "updated_at")]


def match(rows, release_slug) -> list[Outcome]:
    numbers = {row["number"].strip().upper() for row in rows if row.get("number")}
    ids = {int(row["id"]) for row in rows if row.get("id", "").isdigit()}
    known = list(ChangeRequest.objects.for_listing().filter(Q(number__in=numbers) | Q(pk__in=ids)))
    by_id = {cr.pk: cr for cr in known}
    by_number = {cr.number: cr for cr in known if cr.number}
    claimed: dict[int, int] = {}
    outcomes = []
    for row in rows:
        number = (row.get("number") or "").strip().upper()
        outcome = Outcome(row=row["_row"], action="refused", target=number or row.get("title", "") or "CRTBC")
        outcomes.append(outcome)
        values = wanted(ChangeRequestSerializer, row, WRITABLE)
        if "number" in values and values["number"]:
            values["number"] = number
        if row.get("id"):
            if not row["id"].isdigit() or int(row["id"]) not in by_id:
                outcome.reasons = [f"No change request has the id {row['id']}."]
                continue
            found = by_id[int(row["id"])]
        else:
            found = by_number.get(number) if number else None
        if found is None:
            if release_slug and "release" not in values:
                values["release"] = release_slug
            outcome.action, outcome.data = "new", values
            continue
        outcome.id, outcome.target = found.pk, str(found)
        if found.pk in claimed:
            outcome.reasons = [f"Row {claimed[found.pk]} is about the same change request."]
            continue
        claimed[found.pk] = outcome.row
        outcome.changes = differences(ChangeRequestSerializer(found).data, values)
        outcome.data = {name: values[name] for name in outcome.changes}
        outcome.action = "change" if outcome.changes else "unchanged"
        outcome.seen_updated_at = seen(found)
    return outcomes


def apply(outcome: Outcome, release_slug: str, reason: str, request):
    instance = ChangeRequest.objects.select_for_update().get(pk=outcome.id) if outcome.action == "change" else None
    return apply_with(ChangeRequestSerializer, outcome, instance, reason, request)


def may_import(user) -> bool:
    return user.has_perms(["modifications.change_changerequest", "modifications.add_changerequest"])


def register_importer() -> None:
    register(
        Importer(
            kind=CHANGE_REQUESTS,
            label="DCC change-request list",
            columns="id (optional), number, title, originator, modification, release, duis_schema_change, "
            "duis_document_change, smets_version, gbcs_version, proposed_duis_version, notes: a row matches a change "
            "request by id, else by number; a row matching none is a new change request.",
            may_import=may_import,
            match=match,
            apply=apply,
            needs_release=False,
        )
    )

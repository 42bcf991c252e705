"""The DCC's milestone tracker as a spreadsheet: rows matched to the release's tracker milestones by id or event.

Registered in ReleasesConfig.ready(); secreleases/imports/core.py previews and applies it through the
API's MilestoneSerializer, so the rules on milestones (and on what the DCC may change) are the API's.
"""

import re

from django.core.exceptions import PermissionDenied

from secreleases.imports.core import (
    Importer,
    Outcome,
    UploadRefused,
    apply_with,
    differences,
    register,
    seen,
    wanted,
)

from .api.serializers import MilestoneSerializer
from .choices import MilestoneKind
from .models import Milestone, Release

TRACKER = "milestone_tracker"
WRITABLE = ["event", "date", "forecast_date", "actual_date", "brag", "owner", "notes", "position"]


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def match(rows, release_slug) -> list[Outcome]:
    release = Release.objects.filter(slug=release_slug).first()
    if release is None:
        raise UploadRefused(f"No release has the slug {release_slug}.")
    milestones = list(Milestone.objects.filter(release=release, kind=MilestoneKind.TRACKER))
    by_id = {milestone.pk: milestone for milestone in milestones}
    by_event: dict[str, list] = {}
    for milestone in milestones:
        by_event.setdefault(squashed(milestone.event), []).append(milestone)
    claimed: dict[int, int] = {}
    outcomes = []
    for row in rows:
        outcome = Outcome(row=row["_row"], action="refused", target=row.get("event", ""))
        outcomes.append(outcome)
        values = wanted(MilestoneSerializer, row, WRITABLE)
        milestone = None
        if row.get("id"):
            if not row["id"].isdigit() or int(row["id"]) not in by_id:
                outcome.reasons = [f"No milestone of the {release.name} tracker has the id {row['id']}."]
                continue
            milestone = by_id[int(row["id"])]
        elif not row.get("event"):
            outcome.reasons = ["The row has neither an id nor an event to match."]
            continue
        else:
            found = by_event.get(squashed(row["event"]), [])
            if len(found) > 1:
                outcome.reasons = [f"{len(found)} tracker milestones are called “{row['event']}”: give the id."]
                continue
            milestone = found[0] if found else None
        if milestone is None:
            outcome.action, outcome.data = "new", values
            continue
        outcome.target, outcome.id = milestone.event, milestone.pk
        if milestone.pk in claimed:
            outcome.reasons = [f"Row {claimed[milestone.pk]} is about the same milestone."]
            continue
        claimed[milestone.pk] = outcome.row
        outcome.changes = differences(MilestoneSerializer(milestone).data, values)
        outcome.data = {name: values[name] for name in outcome.changes}
        outcome.action = "change" if outcome.changes else "unchanged"
        outcome.seen_updated_at = seen(milestone)
    return outcomes


def apply(outcome: Outcome, release_slug: str, reason: str, request):
    if outcome.action == "change":
        milestone = Milestone.objects.select_for_update().get(
            pk=outcome.id, release__slug=release_slug, kind=MilestoneKind.TRACKER
        )
        return apply_with(MilestoneSerializer, outcome, milestone, reason, request)
    if not request.user.has_perm("releases.add_milestone"):
        raise PermissionDenied(
            f"“{outcome.data.get('event', '')}” matches no milestone of the tracker, and only SECAS adds milestones: "
            "the DCC reports the forecast, actual date and BRAG of those there are."
        )
    release = Release.objects.get(slug=release_slug)
    return apply_with(MilestoneSerializer, outcome, None, reason, request, release=release, kind=MilestoneKind.TRACKER)


def may_import(user) -> bool:
    """The DCC and SECAS report on the tracker (each row then as its writer may: Milestone.check_writer)."""
    return user.has_perm("releases.change_milestone")


def register_importer() -> None:
    register(
        Importer(
            kind=TRACKER,
            label="DCC milestone tracker",
            columns="id (optional), event, date, forecast_date, actual_date, brag, owner, notes: a row matches a "
            "tracker milestone by id, else by its event; a row matching none is a new tracker milestone.",
            may_import=may_import,
            match=match,
            apply=apply,
        )
    )

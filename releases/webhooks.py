"""Which history records of the releases app announce webhook events, and what each event says.

Registered in ReleasesConfig.ready(); secreleases/webhooks/events.py calls these after the commit.
A move or a lapse is announced once, by the old item's record (it names both releases and the new
item); the new item's own record announces nothing more.
"""

import logging

from django.conf import settings
from django.urls import reverse

from secreleases.webhooks.choices import EventKind
from secreleases.webhooks.events import changes, envelope, publish, register

from .choices import Inclusion
from .models import Decision, Milestone, ReleaseDateChange, RidVersion, ScopeItem

logger = logging.getLogger(__name__)

CLOSING = {Inclusion.DEFERRED: EventKind.SCOPE_ITEM_MOVED, Inclusion.LAPSED: EventKind.SCOPE_ITEM_LAPSED}
CLOSING[Inclusion.REMOVED] = EventKind.SCOPE_ITEM_REMOVED


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# -- scope items -----------------------------------------------------------------------------------


def classify_scope_item(record, previous):
    if record.history_type == "+":
        return None if record.replaces_id else EventKind.SCOPE_ITEM_ADDED
    if record.history_type != "~":
        return None
    if previous is not None and previous.inclusion != record.inclusion and record.inclusion in CLOSING:
        return CLOSING[record.inclusion]
    return EventKind.SCOPE_ITEM_CHANGED if changes(record, previous, excluded=CHANGE_NOISE) else None


CHANGE_NOISE = ("created_at", "updated_at")


def describe_scope_item(kind, record, previous):
    from .api.serializers import ScopeItemSerializer

    item = record.instance
    release = item.release
    extra = {}
    if kind in (EventKind.SCOPE_ITEM_MOVED, EventKind.SCOPE_ITEM_LAPSED):
        successor = ScopeItem.objects.for_listing().filter(replaces_id=item.pk).first()
        extra = {
            "from_release": release.slug,
            "to_release": successor.release.slug if successor else None,
            "new_item": ScopeItemSerializer(successor).data if successor else None,
        }
    verb = {
        EventKind.SCOPE_ITEM_ADDED: "added to",
        EventKind.SCOPE_ITEM_MOVED: "moved from",
        EventKind.SCOPE_ITEM_LAPSED: "lapsed from",
        EventKind.SCOPE_ITEM_REMOVED: "removed from",
    }.get(kind, "changed in")
    return {
        "release": release.slug,
        "summary": f"{item.label} {verb} {release.name}",
        "data": envelope(record, previous, release=release.slug, obj=ScopeItemSerializer(item).data, **extra),
    }


# -- milestones, decisions, date revisions ----------------------------------------------------------


def classify_milestone(record, previous):
    if record.history_type == "+":
        return EventKind.MILESTONE_CHANGED
    if record.history_type == "~" and changes(record, previous, excluded=CHANGE_NOISE):
        return EventKind.MILESTONE_CHANGED
    return None


def describe_milestone(kind, record, previous):
    from .api.serializers import MilestoneSerializer

    milestone = record.instance
    release = milestone.release
    return {
        "release": release.slug,
        "summary": f"“{milestone.event}” in {release.name}",
        "data": envelope(record, previous, release=release.slug, obj=MilestoneSerializer(milestone).data),
    }


def classify_created(kind):
    return lambda record, previous: kind if record.history_type == "+" else None


def describe_decision(kind, record, previous):
    from .api.serializers import DecisionSerializer

    decision = record.instance
    release = decision.release
    return {
        "release": release.slug,
        "summary": f"{decision} for {release.name}",
        "data": envelope(record, previous, release=release.slug, obj=DecisionSerializer(decision).data),
    }


def describe_date_change(kind, record, previous):
    from .api.serializers import ReleaseSerializer

    change = record.instance
    release = change.release
    revision = {
        "id": change.pk,
        "kind": change.kind,
        "previous_date": change.previous_date.isoformat() if change.previous_date else None,
        "new_date": change.new_date.isoformat() if change.new_date else None,
        "reason": change.reason,
        "decided_on": change.decided_on.isoformat() if change.decided_on else None,
        "paper": change.paper,
    }
    return {
        "release": release.slug,
        "summary": f"{release.name}: {change.get_kind_display()} {revision['previous_date']} → {revision['new_date']}",
        "data": envelope(
            record, previous, release=release.slug, obj=revision, release_now=ReleaseSerializer(release).data
        ),
    }


# -- RID baselines and their PDFs ---------------------------------------------------------------------


def classify_rid_version(record, previous):
    if record.baselined_on and (previous is None or previous.baselined_on is None):
        return EventKind.RID_BASELINED
    return None


def rid_links(rid) -> dict:
    kwargs = {"slug": rid.release.slug, "version": rid.version}
    return {
        "snapshot_url": absolute(reverse("rid-detail", kwargs=kwargs)),
        "pdf_url": absolute(reverse("rid-pdf", kwargs=kwargs)),
    }


def describe_rid(kind, record, previous):
    from .rid.api import RidVersionSerializer

    rid = RidVersion.objects.select_related("release", "created_by", "pdf").defer("snapshot").get(pk=record.id)
    return {
        "release": rid.release.slug,
        "summary": f"{rid} baselined on {rid.baselined_on}",
        "data": envelope(
            record, previous, release=rid.release.slug, obj=RidVersionSerializer(rid).data, **rid_links(rid)
        ),
    }


def announce_rid_pdf_ready(rid_version_id: int) -> None:
    """Called by the render task once the PDF is stored; announced once per baseline, however often it runs."""
    from .rid.api import RidVersionSerializer

    def describe():
        rid = RidVersion.objects.select_related("release", "created_by", "pdf").defer("snapshot").get(pk=rid_version_id)
        data = {"release": rid.release.slug, "object": RidVersionSerializer(rid).data, **rid_links(rid)}
        data["pdf_bytes"] = rid.pdf.size_bytes
        return {"release": rid.release.slug, "summary": f"PDF of {rid} ready", "data": data}

    try:
        publish(EventKind.RID_PDF_READY, f"rid_pdf_ready:{rid_version_id}", describe)
    except Exception:  # the PDF is stored whatever happens to its announcement
        logger.exception("Could not announce the PDF of RID version %s", rid_version_id)


def register_sources() -> None:
    register(ScopeItem, classify=classify_scope_item, describe=describe_scope_item)
    register(Milestone, classify=classify_milestone, describe=describe_milestone)
    register(Decision, classify=classify_created(EventKind.DECISION_RECORDED), describe=describe_decision)
    register(ReleaseDateChange, classify=classify_created(EventKind.RELEASE_RESCHEDULED), describe=describe_date_change)
    register(RidVersion, classify=classify_rid_version, describe=describe_rid)

"""A release's dates as an iCalendar feed (RFC 5545): go-live, scope locks, decision cut-offs, timetable events.

Every event has a UID named by what it is (`<kind>-<pk>@<site host>`), so a calendar client that reads
the feed again replaces an event whose date moved instead of adding a second one; SEQUENCE counts
the row's history records and LAST-MODIFIED is its last save, so both grow with every change. All events are
whole days, as the papers date them.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from secreleases.roles import SECAS, roles_of

from .choices import ACTIVE_INCLUSIONS
from .models import Milestone, Release, ScopeItem

PRODID = "-//SECAS//SEC Releases//EN"
REFRESH = datetime.timedelta(hours=1)


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def releases_followed_by(user):
    """Every release the user follows: a follow row saying so, or (SECAS) every release they did not unfollow."""
    chosen = Q(pk__in=user.release_follows.filter(following=True).values("release_id"))
    if SECAS in roles_of(user):
        chosen |= ~Q(pk__in=user.release_follows.filter(following=False).values("release_id"))
    return Release.objects.filter(chosen)


def revisions(model):
    """How many history records the row has: its SEQUENCE (0 when new), one more after every change."""
    counted = model.history.filter(id=OuterRef("pk")).order_by().values("id").annotate(n=Count("history_id"))
    return Coalesce(Subquery(counted.values("n")[:1]), 1) - 1


def with_calendar_rows(releases):
    cut_offs = ScopeItem.objects.filter(inclusion__in=ACTIVE_INCLUSIONS, cut_off_date__isnull=False)
    cut_offs = cut_offs.select_related("modification").annotate(revision=revisions(ScopeItem))
    milestones = Milestone.objects.filter(date__isnull=False).annotate(revision=revisions(Milestone))
    return releases.annotate(revision=revisions(Release)).prefetch_related(
        Prefetch("scope_items", queryset=cut_offs, to_attr="cut_off_items"),
        Prefetch("milestones", queryset=milestones, to_attr="dated_milestones"),
    )


def calendar_for(releases, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    stamp = timezone.now()
    for release in with_calendar_rows(releases):
        for event in release_events(release, stamp):
            calendar.add_component(event)
    return calendar.to_ical()


def release_events(release, stamp) -> list[Event]:
    page = site_url(reverse("releases:detail", kwargs={"slug": release.slug}))
    events = []
    if release.implementation_date:
        events.append(
            day_event(
                f"release-{release.pk}-go-live",
                release.implementation_date,
                f"{release.name}: go-live",
                f"Planned implementation (go-live) date; status: {release.get_status_display()}.",
                release,
                stamp,
                page,
            )
        )
    for field, kind, label in (
        ("system_scope_lock_date", "system-scope-lock", "DCC-System scope lock"),
        ("document_scope_lock_date", "document-scope-lock", "SEC-document scope lock"),
    ):
        date = getattr(release, field)
        if date:
            how = "policy default" if release.scope_lock_is_policy_default(field) else "recorded by the Panel"
            events.append(
                day_event(
                    f"release-{release.pk}-{kind}",
                    date,
                    f"{release.name}: {label}",
                    f"{label} ({how}).",
                    release,
                    stamp,
                    page,
                )
            )
    for item in release.cut_off_items:
        note = item.status_note or f"{item.modification.title}: approval needed by this date to stay in."
        events.append(
            day_event(
                f"scope-item-{item.pk}-cut-off",
                item.cut_off_date,
                f"{item.label} decision cut-off ({release.name})",
                note,
                item,
                stamp,
                f"{page}#item-{item.pk}",
            )
        )
    for milestone in release.dated_milestones:
        details = [milestone.get_kind_display()]
        if milestone.owner:
            details.append(f"Owner: {milestone.get_owner_display()}")
        if milestone.forecast_date:
            details.append(f"Forecast: {milestone.forecast_date:%-d %B %Y}")
        if milestone.brag:
            details.append(f"BRAG: {milestone.get_brag_display()}")
        if milestone.notes:
            details.append(milestone.notes)
        events.append(
            day_event(
                f"milestone-{milestone.pk}",
                milestone.date,
                f"{milestone.event} ({release.name})",
                ". ".join(details),
                milestone,
                stamp,
                f"{page}#milestone-{milestone.pk}",
            )
        )
    return events


def day_event(uid: str, date, summary: str, description: str, row, stamp, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{site_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", date)
    event.add("dtend", date + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add("last-modified", row.updated_at)
    event.add("sequence", row.revision)
    return event

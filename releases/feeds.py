"""Calendar feeds: the .ics files (by secret token, no session needed), and the page that makes and revokes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .calendar import calendar_for, releases_followed_by
from .models import CalendarFeed, Release

VIEW = "releases.view_release"
ICS = "text/calendar; charset=utf-8"


def live_feed(token: str | None) -> CalendarFeed:
    """The feed a token opens, while it is live and its user may still read releases; 404 otherwise."""
    feed = (
        CalendarFeed.objects.live().select_related("user", "release").filter(token=token or "").first()
        if token and len(token) <= 64
        else None
    )
    if feed is None or not feed.user.is_active or not feed.user.has_perm(VIEW):
        raise Http404("No such calendar.")
    return feed


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_not_required
def release_calendar(request, slug):
    """A release's dates: with `?token=` of that release's feed (a calendar client), or a signed-in session."""
    token = request.GET.get("token")
    if token:
        feed = live_feed(token)
        if feed.release is None or feed.release.slug != slug:
            raise Http404("No such calendar.")
    elif not (request.user.is_authenticated and request.user.has_perm(VIEW)):
        raise Http404("No such calendar.")
    release = get_object_or_404(Release, slug=slug)
    body = calendar_for(Release.objects.filter(pk=release.pk), release.name)
    return ics_response(body, f"{release.slug}.ics")


@login_not_required
def personal_calendar(request, token):
    """Every release the feed's user follows."""
    feed = live_feed(token)
    if feed.release is not None:
        raise Http404("No such calendar.")
    body = calendar_for(releases_followed_by(feed.user), f"SEC Releases followed by {feed.user.username}")
    return ics_response(body, "sec-releases.ics")


def feed_url(request, feed: CalendarFeed) -> str:
    if feed.release_id:
        path = reverse("releases:calendar", kwargs={"slug": feed.release.slug}) + f"?token={feed.token}"
    else:
        path = reverse("releases:personal-calendar", kwargs={"token": feed.token})
    return request.build_absolute_uri(path)


@permission_required(VIEW, raise_exception=True)
def calendar_feeds(request):
    feeds = list(CalendarFeed.objects.live().filter(user=request.user).select_related("release", "user"))
    for feed in feeds:
        feed.url = feed_url(request, feed)
    context = {
        "feeds": feeds,
        "has_personal": any(feed.release_id is None for feed in feeds),
        "releases": Release.objects.in_list_order().exclude(
            pk__in=[feed.release_id for feed in feeds if feed.release_id]
        ),
        "following": list(releases_followed_by(request.user).order_by("implementation_date")),
    }
    return render(request, "releases/calendar_feeds.html", context)


def make_feed(user, release) -> CalendarFeed:
    """The user's live feed for this release (or the personal one), made if there is none."""
    existing = CalendarFeed.objects.live().filter(user=user, release=release).first()
    if existing:
        return existing
    feed = CalendarFeed(user=user, release=release)
    feed._change_reason = "Calendar feed made"
    try:
        with transaction.atomic():
            feed.save()
    except IntegrityError:  # made at the same moment by another request
        return CalendarFeed.objects.live().get(user=user, release=release)
    return feed


@require_POST
@permission_required(VIEW, raise_exception=True)
def calendar_feed_add(request):
    slug = request.POST.get("release") or ""
    release = get_object_or_404(Release, slug=slug) if slug else None
    feed = make_feed(request.user, release)
    messages.success(request, f"Subscribe to this address in your calendar: {feed_url(request, feed)}")
    return HttpResponseRedirect(reverse("releases:calendar-feeds") + f"#feed-{feed.pk}", status=303)


@require_POST
@permission_required(VIEW, raise_exception=True)
def calendar_feed_revoke(request, pk):
    feed = get_object_or_404(CalendarFeed.objects.live(), pk=pk, user=request.user)
    feed.revoke()
    messages.success(request, "That calendar address no longer works; calendars subscribed to it stop updating.")
    return HttpResponseRedirect(reverse("releases:calendar-feeds"), status=303)


@permission_required(VIEW, raise_exception=True)
def integrations_page(request):
    """What connects to SEC Releases: calendar feeds for everyone, imports for SECAS and the DCC, webhooks for SECAS."""
    context = {"releases": Release.objects.in_list_order()[:10]}
    return render(request, "releases/integrations.html", context)

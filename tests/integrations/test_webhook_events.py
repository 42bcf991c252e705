"""Which changes announce which events, read from the history records after the commit (no worker here)."""

import pytest
from django.db import transaction

from modifications.models import Modification
from releases.choices import DateKind
from releases.models import Decision, ScopeItem
from releases.rid.baseline import baseline
from secreleases.webhooks.choices import SUBSCRIBABLE
from secreleases.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from secreleases.webhooks.targets import TargetRefused, check_url
from tests.factories import MilestoneFactory, ModificationFactory, ReleaseFactory, ScopeItemFactory

from .conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    """The attempts handed to the worker, instead of handing them."""
    calls = []
    monkeypatch.setattr("secreleases.webhooks.delivery.enqueue", lambda *args, **kw: calls.append(args))
    return calls


@pytest.fixture
def endpoint(db):
    endpoint = WebhookEndpoint(url="https://hooks.example.org/sec", events=[k.value for k in SUBSCRIBABLE])
    endpoint.replace_secret()
    endpoint.save()
    return endpoint


@pytest.fixture
def world(db):
    june = ReleaseFactory(slug="june-2030", name="June 2030 SEC Release", implementation_date=d(2030, 6, 25))
    later = ReleaseFactory(slug="june-2031", name="June 2031 SEC Release", implementation_date=d(2031, 6, 25))
    return june, later


def announced(django_capture_on_commit_callbacks, change) -> list[WebhookEvent]:
    before = set(WebhookEvent.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        change()
    return list(WebhookEvent.objects.exclude(pk__in=before).order_by("occurred_at"))


def kinds(events):
    return [event.kind for event in events]


def test_adding_changing_and_removing_a_scope_item(world, endpoint, enqueued, django_capture_on_commit_callbacks):
    june, _ = world
    mp084 = ModificationFactory(reference="MP084")
    added = announced(django_capture_on_commit_callbacks, lambda: ScopeItem.add(release=june, modification=mp084))
    assert kinds(added) == ["scope_item.added"]
    assert added[0].data["object"]["modification"] == "MP084" and added[0].release == "june-2030"
    item = ScopeItem.objects.get()

    changed = announced(django_capture_on_commit_callbacks, lambda: item.update(cut_off_date=d(2030, 3, 1)))
    assert kinds(changed) == ["scope_item.changed"]
    assert changed[0].data["changes"] == [{"field": "cut_off_date", "old": None, "new": "2030-03-01"}]

    removed = announced(django_capture_on_commit_callbacks, lambda: item.remove(reason="Withdrawn"))
    assert kinds(removed) == ["scope_item.removed"]
    assert removed[0].data["reason"] == "Withdrawn" and removed[0].data["object"]["inclusion"] == "removed"
    # One delivery per event and endpoint, each handed to the worker as its first attempt.
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 3
    assert sorted(number for _, number in enqueued) == [1, 1, 1]


def test_a_move_is_one_event_that_names_both_releases(world, endpoint, enqueued, django_capture_on_commit_callbacks):
    june, later = world
    item = ScopeItemFactory(release=june, modification=ModificationFactory(reference="MP088"))

    moved = announced(django_capture_on_commit_callbacks, lambda: item.move_to(later, reason="Testing capacity"))

    assert kinds(moved) == ["scope_item.moved"]
    data = moved[0].data
    assert (data["from_release"], data["to_release"]) == ("june-2030", "june-2031")
    assert data["object"]["inclusion"] == "deferred" and data["new_item"]["inclusion"] == "targeted"
    assert data["new_item"]["replaces"] == item.pk


def test_a_lapse_names_the_fall_back_release(world, endpoint, enqueued, django_capture_on_commit_callbacks):
    june, later = world
    item = ScopeItemFactory(
        release=june, modification=ModificationFactory(reference="MP090"), cut_off_date=d(2030, 3, 1)
    )

    lapsed = announced(django_capture_on_commit_callbacks, lambda: item.lapse(on=d(2030, 3, 2)))

    assert kinds(lapsed) == ["scope_item.lapsed"]
    assert lapsed[0].data["to_release"] == "june-2031"


def test_a_decision_on_a_modification_a_milestone_a_recommendation_and_a_reschedule(
    world, endpoint, enqueued, secas_user, django_capture_on_commit_callbacks
):
    june, _ = world
    mp084 = ModificationFactory(reference="MP084", phase="change_board")
    milestone = MilestoneFactory(release=june, kind="tracker", event="SIT complete", date=d(2030, 3, 1))

    def approve():
        modification = Modification.objects.get(pk=mp084.pk)
        with modification.by_verb("phase"):  # as recording the decision does
            modification.phase = "approved"
            modification.save()

    def forecast():
        milestone.forecast_date = d(2030, 3, 8)
        milestone.save()

    assert kinds(announced(django_capture_on_commit_callbacks, approve)) == ["modification.decided"]
    assert kinds(announced(django_capture_on_commit_callbacks, forecast)) == ["milestone.changed"]
    recorded = announced(
        django_capture_on_commit_callbacks,
        lambda: Decision.objects.create(release=june, body="opsg", outcome="go", date=d(2030, 6, 1)),
    )
    assert kinds(recorded) == ["decision.recorded"]
    rescheduled = announced(
        django_capture_on_commit_callbacks,
        lambda: june.reschedule(DateKind.IMPLEMENTATION, d(2030, 7, 2), reason="More testing", by=secas_user),
    )
    assert "release.rescheduled" in kinds(rescheduled)
    revision = next(e for e in rescheduled if e.kind == "release.rescheduled").data["object"]
    assert (revision["previous_date"], revision["new_date"]) == ("2030-06-25", "2030-07-02")

    # A phase that decides nothing announces nothing.
    def develop():
        modification = Modification.objects.get(pk=mp084.pk)
        modification.title = "Retitled"
        modification.save()

    assert kinds(announced(django_capture_on_commit_callbacks, develop)) == []


def test_a_baseline_is_announced_once(world, endpoint, enqueued, secas_user, django_capture_on_commit_callbacks):
    june, _ = world
    made = announced(
        django_capture_on_commit_callbacks,
        lambda: baseline(june, version="1.0", changes="First", baselined_on=d(2026, 1, 17), by=secas_user),
    )
    assert kinds(made) == ["rid.baselined"]


def test_nothing_is_announced_without_an_endpoint_or_after_a_rollback(
    world, enqueued, django_capture_on_commit_callbacks
):
    june, _ = world
    assert announced(django_capture_on_commit_callbacks, lambda: MilestoneFactory(release=june)) == []
    WebhookEndpoint.objects.create(url="https://hooks.example.org/", events=["milestone.changed"], secret_encrypted="x")

    def rolled_back():
        with pytest.raises(RuntimeError), transaction.atomic():
            MilestoneFactory(release=june)
            raise RuntimeError("the save fails after the milestone")

    assert announced(django_capture_on_commit_callbacks, rolled_back) == []
    assert kinds(announced(django_capture_on_commit_callbacks, lambda: MilestoneFactory(release=june))) == [
        "milestone.changed"
    ]


def test_an_inactive_endpoint_receives_nothing(world, endpoint, enqueued, django_capture_on_commit_callbacks):
    endpoint.active = False
    endpoint.save()
    assert announced(django_capture_on_commit_callbacks, lambda: MilestoneFactory(release=world[0])) == []


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.org/",
        "file:///etc/passwd",
        "http://localhost:8000/",
        "http://127.0.0.1/",
        "http://10.0.0.5/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:192.168.1.1]/",
        "https:///nohost",
    ],
)
def test_a_target_outside_http_or_inside_the_network_is_refused(settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(TargetRefused):
        check_url(url, resolve=True)


def test_a_public_address_is_a_target(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    check_url("https://93.184.215.14/hooks", resolve=True)
    check_url("https://hooks.example.org/sec", resolve=False)

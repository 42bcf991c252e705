"""Every admin changelist and change page answers a superuser, in queries that do not grow with the data."""

import datetime
import itertools

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk, StandardCriterion
from modifications.models import (
    ChangeRequest,
    CrDependency,
    DocumentImpact,
    KeyDate,
    ParticipantImpact,
    SecDocument,
)
from releases.models import (
    CalendarFeed,
    CostBreakdownLine,
    CutOffReminder,
    Decision,
    Milestone,
    Narrative,
    Paper,
    ReleaseFollow,
    RidPdf,
    RidVersion,
    ScopeItem,
    SecasCost,
    User,
)
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
DOMAIN_APPS = {"releases", "modifications", "acceptance"}
counter = itertools.count(1)


def build_release_graph(user):
    """One release with one row of everything that hangs off it."""
    n = next(counter)
    release = ReleaseFactory()
    fall_back = ReleaseFactory()
    modification = ModificationFactory()
    modification.add_alias(f"Mod {n}")
    item = ScopeItem.add(release=release, modification=modification, added_on=datetime.date(2029, 1, 1))
    ScopeItem.add(release=fall_back, modification=ModificationFactory(), added_on=datetime.date(2029, 1, 1))
    document = SecDocument.objects.create(code=f"Section {n}", title="Definitions", position=n)
    DocumentImpact.objects.create(modification=modification, document=document)
    ParticipantImpact.objects.create(modification=modification, participant="suppliers", summary="Faster responses.")
    KeyDate.objects.create(modification=modification, date=datetime.date(2020, 5, 27), event="Change Board vote")
    change_request = ChangeRequest.objects.create(
        number=f"CR{5000 + n}", title="A CR", originator="sec_modification", modification=modification, release=release
    )
    CrDependency.objects.create(modification=modification, change_request=change_request, condition="delivered")
    Milestone.objects.create(release=release, event="Panel go/no-go", date=datetime.date(2030, 6, 12), brag="green")
    CostBreakdownLine.objects.create(release=release, modification=modification, sit=100)
    SecasCost.objects.create(release=release, activity="Project management", days=20, amount=12000)
    Decision.objects.create(release=release, body="opsg", outcome="go", date=datetime.date(2030, 6, 2))
    Paper.objects.create(reference=f"SECP_{n}", title="SEC Releases update", body="panel")
    release.reschedule("implementation", release.implementation_date + datetime.timedelta(days=1), reason="Slipped")
    rid = RidVersion.objects.create(release=release, version="1.0", dated=datetime.date(2029, 10, 11), changes="First")
    RidPdf.objects.create(rid_version=rid)
    ReleaseFollow.objects.create(release=release, user=user)
    CalendarFeed.objects.create(release=release, user=user)
    CutOffReminder.objects.create(scope_item=item, recipient=user, lead_days=7, cut_off_date=datetime.date(2030, 1, 1))
    StandardCriterion.objects.create(category="operational", number=n, text="Ready.", reviewer="opsg")
    criterion = Criterion.objects.create(
        release=release, category="operational", number=1, text="Ready.", reviewer="opsg"
    )
    criterion.amend(text="Ready for live.", reason="The Panel amended it")
    Risk.objects.create(release=release, description="Alert storm switches turned on early.")
    report = ReadinessReport.objects.create(release=release, as_at=datetime.date(2030, 6, 2))
    ReadinessComponent.objects.create(report=report, name="DSP System", rationale="In plan")
    Narrative.objects.create(
        release=release, section="scope", text="No further modifications.\n- A bullet", source="RID 1"
    )
    from releases.models import PaperHeader  # the papers' header (releases/papers)

    PaperHeader.objects.create(release=release, kind="releases_update", reference=f"OPSG_{n}", authors="SECAS")


def admin_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
        key=lambda model: model._meta.label,
    )


def test_every_domain_model_has_an_admin():
    from django.apps import apps

    missing = [
        model._meta.label
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical") and model not in admin.site._registry
    ]
    assert missing == []


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_a_changelist_answers_in_queries_that_do_not_grow(client, superuser, model):
    client.force_login(superuser)
    build_release_graph(superuser)
    few = query_count(client, changelist_url(model))
    for _ in range(4):
        build_release_graph(superuser)
    assert model.objects.count() > 1 or model in (User,)
    assert query_count(client, changelist_url(model)) == few


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_a_change_page_answers(client, superuser, model):
    client.force_login(superuser)
    build_release_graph(superuser)
    obj = model.objects.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    few = query_count(client, url)
    for _ in range(3):
        build_release_graph(superuser)
    assert query_count(client, url) <= few + 2, "a change page grew with unrelated data"


def test_the_release_change_page_shows_the_quoted_total_and_the_breakdown_difference(client, superuser):
    client.force_login(superuser)
    release = ReleaseFactory(dcc_quoted_total=1000)
    CostBreakdownLine.objects.create(release=release, modification=ModificationFactory(), sit=1200)
    response = client.get(reverse("admin:releases_release_change", args=[release.pk]))
    assert "-200.00" in response.content.decode()


def test_a_baselined_rid_is_read_only_in_the_admin(client, superuser):
    client.force_login(superuser)
    rid = RidVersion.objects.create(
        release=ReleaseFactory(),
        version="1.1",
        dated=datetime.date(2020, 1, 10),
        baselined_on=datetime.date(2020, 1, 17),
        changes="Baselined",
        snapshot={},
    )
    url = reverse("admin:releases_ridversion_change", args=[rid.pk])
    response = client.post(url, {"release": rid.release_id, "version": "9.9", "dated": "2020-01-10", "changes": "x"})
    assert response.status_code == 403
    assert RidVersion.objects.get(pk=rid.pk).version == "1.1"


def test_an_alias_is_searchable_in_the_modification_changelist(client, superuser):
    client.force_login(superuser)
    ModificationFactory(reference="MP093", title="Implementing IRP511").add_alias("SECMP0093")
    response = client.get(reverse("admin:modifications_modification_changelist"), {"q": "SECMP0093"})
    assert "MP093" in response.content.decode()

"""The admin is a back office on the same verbs: fields only a verb changes are read-only, the verbs are offered."""

import datetime

import pytest
from django.urls import reverse

from modifications.models import Modification
from releases.models import Decision, ScopeItem
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def release():
    return ReleaseFactory(slug="june-2031", name="June 2031 SEC Release", implementation_date=D(2031, 6, 25))


def change_page(model, obj):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])


def test_a_releases_dates_are_read_only_with_a_link_to_reschedule(admin_client, release):
    html = admin_client.get(change_page(type(release), release)).content.decode()
    assert 'name="implementation_date"' not in html and 'name="system_scope_lock_date"' not in html
    assert reverse("releases:reschedule", kwargs={"slug": "june-2031"}) in html
    add = admin_client.get(reverse("admin:releases_release_add")).content.decode()
    assert 'name="implementation_date"' in add  # set when the release is created


def test_an_items_inclusion_is_read_only_and_the_verbs_are_offered(admin_client, release):
    item = ScopeItem.add(release=release, modification=ModificationFactory())
    html = admin_client.get(change_page(ScopeItem, item)).content.decode()
    assert 'name="inclusion"' not in html
    for verb in ("approve", "move", "remove"):
        assert reverse(f"releases:scope-{verb}", kwargs={"slug": "june-2031", "pk": item.pk}) in html


def test_the_approve_action_calls_the_verb(admin_client, release):
    item = ScopeItem.add(release=release, modification=ModificationFactory())
    url = reverse("admin:releases_scopeitem_changelist")
    admin_client.post(url, {"action": "approve", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.inclusion == "approved"
    assert item.history.first().history_change_reason == "Approved for inclusion: Approved in the admin"


def test_a_reference_is_read_only_and_the_promote_action_keeps_the_old_one(admin_client):
    dp124 = ModificationFactory(reference="DP124")
    html = admin_client.get(change_page(Modification, dp124)).content.decode()
    assert 'name="reference"' not in html and reverse("modifications:rename", args=["DP124"]) in html
    admin_client.post(
        reverse("admin:modifications_modification_changelist"), {"action": "promote", "_selected_action": [dp124.pk]}
    )
    assert Modification.objects.by_reference("DP124").reference == "MP124"


def test_decisions_are_read_in_the_admin_and_corrected_on_the_release_page(admin_client, release):
    decision = Decision.record(release=release, body="panel", outcome="go", date=D(2031, 6, 12))
    page = admin_client.get(change_page(Decision, decision))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="outcome"' not in html
    assert reverse("releases:decision-correct", kwargs={"slug": "june-2031", "pk": decision.pk}) in html
    assert admin_client.post(change_page(Decision, decision), {"outcome": "no_go"}).status_code == 403
    assert admin_client.get(reverse("admin:releases_decision_add")).status_code == 403

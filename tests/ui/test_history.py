"""The release page's history: every kind of change a user makes, in the same words as the API."""

import datetime

import pytest
from django.urls import reverse

from releases.models import CostBreakdownLine, Decision
from tests.factories import ModificationFactory

pytestmark = pytest.mark.django_db


def history_of(client, release, page=1) -> str:
    url = reverse("releases:history", kwargs={"slug": release.slug})
    return client.get(url, {"history_page": page}, headers={"HX-Request": "true"}).content.decode()


def test_the_history_shows_an_assessment_a_cost_change_a_decision_and_a_move_naming_both_releases(
    client_as, secas_user, november
):
    client = client_as(secas_user)
    criterion = november.criteria.get(status="at_risk")
    criterion.assess(status="met", evidence="TAG paper TAG_12_3", by=secas_user)
    line = CostBreakdownLine.objects.create(release=november, modification=ModificationFactory(), sit=100)
    line.sit = 250
    line._change_reason = "The DCC's revised SIT quote"
    line.save()
    Decision.record(release=november, body="panel", outcome="go", date=datetime.date(2020, 11, 13), reason="SECP_85")
    item = november.scope_items.get(inclusion="targeted", fall_back_release__isnull=False)
    item.move_to(item.fall_back_release, reason="Not ready in time", on=datetime.date(2020, 3, 2))

    html = history_of(client, november)

    assert f"Testing {criterion.number}" in html and "Assessed met" in html
    assert "Status: At risk → Met" in html and "Evidence: — → TAG paper TAG_12_3" in html
    assert f"costs of {line.modification.reference}" in html and "SIT: 100.00 → 250.00" in html
    assert "The DCC&#x27;s revised SIT quote" in html
    assert "SEC Panel: Go (13 Nov 2020)" in html
    assert "Status: In testing → Approved for go-live" in html  # the Panel's go sets the release's status
    moved = f"Moved from November 2020 SEC Release to {item.fall_back_release.name}: Not ready in time"
    assert html.count(moved) == 1  # the item that stays here, deferred (the new one is in the other release)
    assert "Inclusion: Targeted (decision pending) → Deferred" in html


def test_the_api_names_the_same_changes_in_the_same_words(client_as, secas_user, november):
    from tests.conftest import api_client_for

    item = november.scope_items.get(inclusion="targeted", fall_back_release__isnull=False)
    item.move_to(item.fall_back_release, reason="Not ready in time", on=datetime.date(2020, 3, 2))
    page = history_of(client_as(secas_user), november)
    entry = api_client_for(secas_user).get(f"/api/v1/releases/{november.slug}/history/").json()["results"][0]
    assert entry["object"] in page and entry["reason"] in page
    assert entry["reason"].startswith("Moved from November 2020 SEC Release to February after November 2020")


def test_a_long_reason_is_shown_whole(client_as, secas_user, november):
    reason = "The Authority asked for more time to consider the Change Board's recommendation. " * 5
    item = november.scope_items.filter(inclusion="targeted").first()
    item.update(status_note="With the Authority", reason=reason)
    assert reason.strip().replace("'", "&#x27;") in history_of(client_as(secas_user), november)


def test_the_history_is_paged(client_as, secas_user, november):
    item = november.scope_items.filter(inclusion="targeted").first()
    for n in range(30):
        item.update(status_note=f"Update {n}", reason=f"Reason {n}")
    client = client_as(secas_user)
    first, second = history_of(client, november), history_of(client, november, page=2)
    assert "Reason 29" in first and "Reason 29" not in second
    assert "Older changes" in first and "Newer changes" in second

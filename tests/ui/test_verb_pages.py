"""The browser's pages for the verbs that need a reason: approve, reschedule, correct, withdraw, rename."""

import datetime

import pytest
from django.urls import reverse

from acceptance.models import ReadinessReport
from modifications.models import Modification
from releases.models import Decision

pytestmark = pytest.mark.django_db
D = datetime.date


def version_of(obj):
    obj.refresh_from_db()
    return obj.updated_at.isoformat()


def test_secas_approves_a_targeted_item(client_as, secas_user, november):
    item = november.scope_items.filter(inclusion="targeted").first()
    url = reverse("releases:scope-approve", kwargs={"slug": november.slug, "pk": item.pk})
    response = client_as(secas_user).post(url, {"reason": "Change Board approved", "last_seen": version_of(item)})
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.inclusion == "approved"
    assert item.history.first().history_change_reason == "Approved for inclusion: Change Board approved"


def test_secas_reschedules_go_live_with_a_reason_kept_as_a_date_revision(client_as, secas_user, november):
    client = client_as(secas_user)
    url = reverse("releases:reschedule", kwargs={"slug": november.slug})
    assert "The go-live and scope-lock dates change only here" in client.get(url).content.decode()
    data = {"kind": "implementation", "new_date": "2020-12-06", "reason": "A week more for UIT"}
    response = client.post(url, {**data, "decided_on": "2020-03-01", "last_seen": version_of(november)})
    assert response.status_code == 303
    november.refresh_from_db()
    change = november.date_changes.get()
    assert (november.implementation_date, change.previous_date, change.reason) == (
        D(2020, 12, 6),
        D(2020, 11, 29),
        "A week more for UIT",
    )
    page = client.get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert "A week more for UIT" in page


def test_a_reschedule_over_someone_elses_newer_edit_is_refused(client_as, secas_user, november):
    url = reverse("releases:reschedule", kwargs={"slug": november.slug})
    seen = version_of(november)
    november.reschedule("implementation", D(2020, 12, 6), reason="Theirs")
    data = {"kind": "implementation", "new_date": "2020-12-13", "reason": "Mine", "last_seen": seen}
    response = client_as(secas_user).post(url, data)
    assert "Someone else saved a newer version" in response.content.decode()
    november.refresh_from_db()
    assert november.implementation_date == D(2020, 12, 6)


def test_secas_corrects_and_withdraws_a_decision_with_reasons(client_as, secas_user, panel_user, november):
    decision = Decision.record(release=november, body="panel", outcome="go", date=D(2020, 11, 13))
    client = client_as(secas_user)
    correct = reverse("releases:decision-correct", kwargs={"slug": november.slug, "pk": decision.pk})
    data = {"body": "panel", "outcome": "no_go", "date": "2020-11-13", "reason": "The minutes say no-go"}
    assert client.post(correct, {**data, "last_seen": version_of(decision)}).status_code == 303
    november.refresh_from_db()
    assert november.status == "awaiting_decision"
    dashboard = client_as(panel_user).get(reverse("releases:dashboard", kwargs={"slug": november.slug}))
    assert "go-live refused; the release awaits a new decision" in dashboard.content.decode()

    client = client_as(secas_user)
    withdraw = reverse("releases:decision-withdraw", kwargs={"slug": november.slug, "pk": decision.pk})
    assert client.post(withdraw, {"reason": "Wrong release", "last_seen": version_of(decision)}).status_code == 303
    decision.refresh_from_db()
    assert decision.is_withdrawn and decision.withdrawal_reason == "Wrong release"
    page = client.get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert "withdrawn" in page and "Wrong release" in page


def test_secas_corrects_and_withdraws_a_readiness_report(client_as, secas_user, november):
    report = ReadinessReport.objects.latest_for(november)
    client = client_as(secas_user)
    url = reverse("acceptance:readiness-correct", kwargs={"slug": november.slug, "pk": report.pk})
    form = client.get(url).context["formset"]
    rows = {f"components-{i}-{name}": value for i, f in enumerate(form.forms) for name, value in f.initial.items()}
    rows = {key: ("" if value is None else value) for key, value in rows.items() if not key.endswith("-report")}
    rows |= {f"components-{i}-id": f.instance.pk for i, f in enumerate(form.forms) if f.instance.pk}
    data = {
        "as_at": "2020-11-01",
        "target_date": "",
        "source": "DCC",
        "reason": "Component 0 was reported a state too low",
        "last_seen": version_of(report),
        "components-TOTAL_FORMS": str(len(form.forms)),
        "components-INITIAL_FORMS": str(form.initial_form_count()),
        **rows,
        "components-0-state": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 303, (response.context["form"].errors, response.context["formset"].errors)
    report.refresh_from_db()
    assert report.components.get(name="Component 0").state == 2
    withdraw = reverse("acceptance:readiness-withdraw", kwargs={"slug": november.slug, "pk": report.pk})
    assert client.post(withdraw, {"reason": "Duplicate", "last_seen": version_of(report)}).status_code == 303
    assert ReadinessReport.objects.latest_for(november) is None


def test_secas_renames_a_draft_proposal_and_the_old_reference_still_finds_it(client_as, secas_user, november):
    from tests.factories import ModificationFactory

    dp = ModificationFactory(reference="DP124", title="Consequential changes to DUIS for SMETS1 Alerts")
    client = client_as(secas_user)
    url = reverse("modifications:rename", kwargs={"reference": "DP124"})
    response = client.post(
        url, {"new_reference": "MP124", "reason": "Now a Modification Proposal", "last_seen": version_of(dp)}
    )
    assert response.status_code == 302 and response["Location"].endswith("/modifications/MP124/")
    assert Modification.objects.by_reference("DP124").reference == "MP124"
    assert client.get(reverse("modifications:detail", kwargs={"reference": "DP124"})).status_code == 302


@pytest.mark.parametrize("role", ["panel_user", "dcc_user"])
def test_only_secas_reaches_the_verb_pages(request, client_as, november, role):
    decision = Decision.record(release=november, body="tag", outcome="go", date=D(2020, 11, 11))
    report = ReadinessReport.objects.latest_for(november)
    client = client_as(request.getfixturevalue(role))
    for url in [
        reverse("releases:reschedule", kwargs={"slug": november.slug}),
        reverse("releases:decision-correct", kwargs={"slug": november.slug, "pk": decision.pk}),
        reverse("releases:decision-withdraw", kwargs={"slug": november.slug, "pk": decision.pk}),
        reverse("acceptance:readiness-correct", kwargs={"slug": november.slug, "pk": report.pk}),
        reverse("acceptance:readiness-withdraw", kwargs={"slug": november.slug, "pk": report.pk}),
        reverse("modifications:rename", kwargs={"reference": november.scope_items.first().modification.reference}),
    ]:
        assert client.post(url, {"reason": "x"}).status_code == 403, url

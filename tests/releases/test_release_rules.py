import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from releases.models import CostBreakdownLine, Decision, Release, ReleaseFollow, RidVersion
from releases.models.rid import BaselineImmutableError
from tests.factories import DecisionFactory, ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db


def test_scope_locks_default_to_12_and_6_months_before_go_live():
    release = ReleaseFactory(implementation_date=datetime.date(2021, 6, 24))
    assert release.system_scope_lock_date == datetime.date(2020, 6, 24)
    assert release.document_scope_lock_date == datetime.date(2020, 12, 24)


def test_a_release_without_a_go_live_date_has_no_default_locks():
    release = ReleaseFactory(implementation_date=None)
    assert (release.system_scope_lock_date, release.document_scope_lock_date) == (None, None)


def test_the_recorded_panel_baseline_dates_are_the_locks():
    release = ReleaseFactory(
        implementation_date=datetime.date(2020, 6, 25),
        system_scope_lock_date=datetime.date(2019, 10, 11),
        document_scope_lock_date=datetime.date(2020, 1, 17),
    )
    assert release.system_scope_lock_date == datetime.date(2019, 10, 11)
    assert release.document_scope_lock_date == datetime.date(2020, 1, 17)


def test_a_scope_lock_after_go_live_is_refused():
    release = ReleaseFactory.build(
        implementation_date=datetime.date(2020, 6, 25), document_scope_lock_date=datetime.date(2020, 7, 1)
    )
    with pytest.raises(ValidationError, match="SEC-document scope lock must fall before the go-live date"):
        release.full_clean()


def test_rescheduling_go_live_keeps_the_old_date_and_the_reason():
    release = ReleaseFactory(implementation_date=datetime.date(2020, 6, 25))
    release.reschedule(
        "implementation",
        datetime.date(2020, 5, 6),
        reason="The Panel asked the Authority to move the date",
        decided_on=datetime.date(2020, 4, 8),
    )
    change = release.date_changes.get()
    assert (change.previous_date, change.new_date) == (datetime.date(2020, 6, 25), datetime.date(2020, 5, 6))
    assert release.implementation_date == datetime.date(2020, 5, 6)
    assert release.history.first().history_change_reason == "The Panel asked the Authority to move the date"


def test_policy_default_locks_move_with_go_live_but_recorded_ones_stay():
    release = ReleaseFactory(
        implementation_date=datetime.date(2020, 11, 5), system_scope_lock_date=datetime.date(2019, 10, 11)
    )
    release.reschedule("implementation", datetime.date(2020, 11, 29), reason="Complexity of the release")
    assert release.system_scope_lock_date == datetime.date(2019, 10, 11)
    assert release.document_scope_lock_date == datetime.date(2020, 5, 29)


def test_the_cost_difference_is_shown_not_fixed():
    release = ReleaseFactory(dcc_quoted_total=Decimal("1120042"))
    CostBreakdownLine.objects.create(
        release=release,
        modification=ModificationFactory(reference="SECMP0053"),
        design_build_pit=Decimal("53572"),
        sit=Decimal("26639"),
        uit=Decimal("5929"),
        implement_to_live=Decimal("5510"),
    )
    CostBreakdownLine.objects.create(
        release=release,
        modification=ModificationFactory(reference="SECMP0062"),
        design_build_pit=Decimal("964346"),
        sit=Decimal("96995"),
        uit=Decimal("9359"),
        implement_to_live=Decimal("17692"),
    )
    release.refresh_from_db()
    assert release.dcc_quoted_total == Decimal("1120042")
    assert release.breakdown_total() == Decimal("1180042")
    assert release.cost_difference() == Decimal("-60000")


def test_a_negative_cost_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CostBreakdownLine.objects.create(release=ReleaseFactory(), modification=ModificationFactory(), sit=-1)


@pytest.mark.parametrize(
    ("body", "outcome", "allowed"),
    [
        ("panel", "go", True),
        ("panel", "defer", True),
        ("panel", "go_with_conditions", False),
        ("opsg", "go_with_conditions", True),
        ("tag", "no_go", True),
        ("tag", "defer", False),
    ],
)
def test_the_panel_decides_and_the_sub_committees_recommend(body, outcome, allowed):
    decision = DecisionFactory.build(release=ReleaseFactory(), body=body, outcome=outcome)
    if allowed:
        decision.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            decision.full_clean()
        assert "outcome" in error.value.message_dict


def baseline(release, version="1.1"):
    return RidVersion.objects.create(
        release=release,
        version=version,
        dated=datetime.date(2020, 1, 10),
        baselined_on=datetime.date(2020, 1, 17),
        changes="Updated draft presented to Panel to be baselined.",
        snapshot={"version": version},
    )


def test_a_baselined_rid_cannot_be_changed_or_deleted():
    rid = baseline(ReleaseFactory())
    rid.changes = "Rewritten after the fact"
    with pytest.raises(BaselineImmutableError):
        rid.save()
    with pytest.raises(BaselineImmutableError):
        rid.delete()


def test_the_database_refuses_to_change_or_delete_a_baseline():
    rid = baseline(ReleaseFactory())
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE releases_ridversion SET changes = 'edited' WHERE id = %s", [rid.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM releases_ridversion WHERE id = %s", [rid.pk])
    assert RidVersion.objects.get(pk=rid.pk).changes == "Updated draft presented to Panel to be baselined."


def test_a_draft_version_row_can_still_be_corrected():
    draft = RidVersion.objects.create(
        release=ReleaseFactory(), version="0.1", dated=datetime.date(2019, 5, 9), changes="First draft"
    )
    draft.changes = "First draft issued to the TABASC"
    draft.save()
    draft.delete()
    assert not RidVersion.objects.filter(pk=draft.pk).exists()


def test_a_version_number_is_baselined_once_per_release():
    release = ReleaseFactory()
    baseline(release, "1.0")
    with pytest.raises(IntegrityError), transaction.atomic():
        baseline(release, "1.0")


def test_a_release_with_a_baseline_keeps_its_slug():
    release = ReleaseFactory(slug="june-2020")
    baseline(release)
    release.slug = "june-2020-renamed"
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "slug" in error.value.message_dict


def test_the_next_viable_release_is_the_next_whose_lock_has_not_passed():
    june = ReleaseFactory(slug="june-2021", implementation_date=datetime.date(2021, 6, 24))
    november = ReleaseFactory(slug="november-2021", implementation_date=datetime.date(2021, 11, 4))
    later = ReleaseFactory(slug="june-2022", implementation_date=datetime.date(2022, 6, 30))
    system_mod = ModificationFactory(impacts_dcc_systems=True)
    document_mod = ModificationFactory(impacts_dcc_systems=False)
    on = datetime.date(2021, 1, 15)
    # November 2021's DCC-System lock (4 Nov 2020) has passed; its document lock (4 May 2021) has not.
    assert Release.objects.next_viable_after(june, system_mod, on) == later
    assert Release.objects.next_viable_after(june, document_mod, on) == november


def test_secas_follows_every_release_unless_it_opts_out(secas_user, panel_user):
    release = ReleaseFactory()
    assert list(release.reminder_recipients()) == [secas_user]
    release.set_following(panel_user, True)
    release.set_following(secas_user, False)
    assert list(release.reminder_recipients()) == [panel_user]
    assert ReleaseFollow.objects.get(user=secas_user).history.count() == 1


def test_the_three_role_groups_exist_after_migrate_with_their_permissions():
    secas, dcc, panel = (Group.objects.get(name=name) for name in ("secas", "dcc", "panel"))
    assert secas.permissions.filter(codename="change_scopeitem").exists()
    assert dcc.permissions.filter(codename="change_milestone").exists()
    assert not dcc.permissions.filter(codename="change_scopeitem").exists()
    assert dcc.permissions.filter(codename="add_changerequest").exists()
    assert panel.permissions.filter(codename="view_release").exists()
    assert not panel.permissions.exclude(codename__startswith="view_").exists()


def test_decisions_keep_their_history_with_who(secas_user):
    decision = DecisionFactory()
    decision._history_user = secas_user
    decision.outcome = "no_go"
    decision.save()
    assert [h.outcome for h in Decision.history.filter(id=decision.pk)] == ["no_go", "go"]
    assert decision.history.first().history_user == secas_user


def test_a_release_whose_go_live_is_not_set_yet_is_still_a_viable_fall_back():
    june = ReleaseFactory(slug="june-2020", implementation_date=datetime.date(2020, 6, 25))
    november = ReleaseFactory(slug="november-2021", implementation_date=None)
    assert Release.objects.next_viable_after(june, ModificationFactory(), datetime.date(2020, 3, 1)) == november


def test_a_long_change_reason_is_kept_whole():
    release = ReleaseFactory(implementation_date=datetime.date(2020, 11, 5))
    reason = "The DCC highlighted that due to the complexity of the release " * 4
    release.reschedule("implementation", datetime.date(2020, 11, 29), reason=reason)
    assert release.history.first().history_change_reason == reason

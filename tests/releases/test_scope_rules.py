import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from releases.models import ScopeItem
from releases.models.scope import ScopeRuleError
from secreleases.clock import as_of
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2030, 6, 25)
NOVEMBER = datetime.date(2030, 11, 29)


@pytest.fixture
def june():
    return ReleaseFactory(name="June 2030 SEC Release", slug="june-2030", implementation_date=JUNE)


@pytest.fixture
def november():
    return ReleaseFactory(name="November 2030 SEC Release", slug="november-2030", implementation_date=NOVEMBER)


def test_it_refuses_a_second_active_item_for_the_same_modification_part(june, november):
    modification = ModificationFactory()
    ScopeItem.add(release=june, modification=modification, added_on=datetime.date(2029, 6, 1))
    with pytest.raises(ScopeRuleError, match="already"):
        ScopeItem.add(release=november, modification=modification, added_on=datetime.date(2029, 6, 1))


def test_the_database_refuses_a_second_active_item_even_past_the_model(june, november):
    modification = ModificationFactory()
    ScopeItem.objects.create(release=june, modification=modification, added_on=datetime.date(2029, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ScopeItem.objects.create(release=november, modification=modification, added_on=datetime.date(2029, 6, 1))


def test_parts_of_one_modification_can_sit_in_different_releases(june, november):
    modification = ModificationFactory(reference="SECMP0062")
    ScopeItem.add(release=june, modification=modification, part="Part 1", added_on=datetime.date(2029, 6, 1))
    item = ScopeItem.add(release=november, modification=modification, part="Part 2", added_on=datetime.date(2029, 6, 1))
    assert item.pk


def test_an_active_whole_item_excludes_active_parts(june, november):
    modification = ModificationFactory()
    ScopeItem.add(release=june, modification=modification, added_on=datetime.date(2029, 6, 1))
    with pytest.raises(ScopeRuleError, match="cannot be active twice"):
        ScopeItem.add(release=november, modification=modification, part="Part 2", added_on=datetime.date(2029, 6, 1))


def test_an_active_part_excludes_an_active_whole_item(june, november):
    modification = ModificationFactory()
    ScopeItem.add(release=june, modification=modification, part="Part 1", added_on=datetime.date(2029, 6, 1))
    with pytest.raises(ScopeRuleError):
        ScopeItem.add(release=november, modification=modification, added_on=datetime.date(2029, 6, 1))


def test_an_item_added_after_the_document_lock_is_an_exception(june):
    lock = june.document_scope_lock_date
    assert lock == datetime.date(2029, 12, 25)
    before = ScopeItem.add(release=june, modification=ModificationFactory(), added_on=lock)
    after = ScopeItem.add(release=june, modification=ModificationFactory(), added_on=lock + datetime.timedelta(days=1))
    assert (before.is_exception, after.is_exception) == (False, True)


def test_a_system_impacting_item_follows_the_system_lock(june):
    lock = june.system_scope_lock_date
    assert lock == datetime.date(2029, 6, 25)
    item = ScopeItem.add(
        release=june,
        modification=ModificationFactory(impacts_dcc_systems=True),
        added_on=lock + datetime.timedelta(days=1),
    )
    assert item.is_exception


def test_the_exception_flag_is_decided_when_the_item_is_added(june):
    item = ScopeItem.add(release=june, modification=ModificationFactory(), added_on=datetime.date(2029, 7, 1))
    june.reschedule("document_scope_lock", datetime.date(2029, 6, 1), reason="Panel baselined early")
    item.update(status_note="Changed later")
    item.refresh_from_db()
    assert item.is_exception is False


def test_an_exception_counts_as_approved_only_with_the_panels_approval(june):
    item = ScopeItem.add(
        release=june, modification=ModificationFactory(), added_on=datetime.date(2030, 3, 1), inclusion="approved"
    )
    assert item.is_exception and not item.counts_as_approved
    with as_of(datetime.date(2030, 3, 10)):  # the Panel's approval is recorded on or after its day
        item.update(exception_approved_on=datetime.date(2030, 3, 10), exception_paper="SECP_90_1003_10")
    assert item.counts_as_approved


def test_an_item_in_time_cannot_carry_an_exception_approval(june):
    with pytest.raises(ValidationError) as error:
        ScopeItem.add(
            release=june,
            modification=ModificationFactory(),
            added_on=datetime.date(2029, 7, 1),
            exception_approved_on=datetime.date(2029, 7, 2),
        )
    assert "exception_approved_on" in error.value.message_dict


def test_a_cut_off_after_go_live_is_refused(june):
    with pytest.raises(ValidationError) as error:
        ScopeItem.add(
            release=june, modification=ModificationFactory(), added_on=datetime.date(2029, 7, 1), cut_off_date=JUNE
        )
    assert "cut_off_date" in error.value.message_dict


def test_a_fall_back_release_must_go_live_later(june, november):
    with pytest.raises(ValidationError) as error:
        ScopeItem.add(
            release=november,
            modification=ModificationFactory(),
            added_on=datetime.date(2029, 7, 1),
            fall_back_release=june,
        )
    assert "fall_back_release" in error.value.message_dict


def test_moving_keeps_the_old_item_deferred_and_targets_a_new_one(june, november):
    item = ScopeItem.add(release=june, modification=ModificationFactory(), added_on=datetime.date(2029, 7, 1))
    new_item = item.move_to(november, reason="Not ready in time", on=datetime.date(2030, 4, 8))
    item.refresh_from_db()
    assert (item.inclusion, new_item.inclusion, new_item.release, new_item.replaces) == (
        "deferred",
        "targeted",
        november,
        item,
    )
    moved = "Moved from June 2030 SEC Release to November 2030 SEC Release: Not ready in time"
    assert item.history.first().history_change_reason == moved == new_item.history.first().history_change_reason


def test_a_lapse_targets_the_fall_back_release_and_a_second_run_does_nothing(june, november):
    item = ScopeItem.add(
        release=june,
        modification=ModificationFactory(),
        added_on=datetime.date(2029, 7, 1),
        cut_off_date=datetime.date(2030, 3, 1),
    )
    on = datetime.date(2030, 3, 2)
    new_item = item.lapse(on=on)
    assert new_item.release == november and new_item.inclusion == "targeted"
    item.refresh_from_db()
    assert item.inclusion == "lapsed"
    assert item.lapse(on=on) is None
    assert ScopeItem.objects.filter(modification=item.modification).count() == 2


def test_an_approved_modification_does_not_lapse(june, november):
    item = ScopeItem.add(
        release=june,
        modification=ModificationFactory(phase="approved"),
        added_on=datetime.date(2029, 7, 1),
        cut_off_date=datetime.date(2030, 3, 1),
    )
    assert item.lapse(on=datetime.date(2030, 3, 2)) is None


def test_a_live_release_never_lapses_its_items(june, november):
    item = ScopeItem.add(
        release=june,
        modification=ModificationFactory(),
        added_on=datetime.date(2029, 7, 1),
        cut_off_date=datetime.date(2030, 3, 1),
    )
    june.status = "live"
    june.save()
    assert item.lapse(on=datetime.date(2031, 1, 1)) is None

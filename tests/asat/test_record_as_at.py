"""releases.asat: the record as it stood at the end of a day, from the history the demo dates by its papers."""

import datetime

import pytest

from releases.asat import AsAtError, RecordAsAt, as_at_day
from releases.choices import Inclusion
from releases.models import Release, ScopeItem


def scope_of(record, slug):
    release = record.release(slug)
    return {item.modification.reference: item.inclusion for item in record.scope_items(release)}


def test_june_2020_held_mp084_and_mp088_on_17_january_2020():
    record = RecordAsAt(datetime.date(2020, 1, 17))
    scope = scope_of(record, "june-2020")
    assert scope["MP084"] in (Inclusion.APPROVED, Inclusion.TARGETED)
    assert scope["MP088"] in (Inclusion.APPROVED, Inclusion.TARGETED)


def test_today_mp084_and_mp088_are_deferred_from_june_and_targeted_in_november_2020():
    live = RecordAsAt(None)
    assert scope_of(live, "june-2020")["MP084"] == Inclusion.DEFERRED
    assert scope_of(live, "june-2020")["MP088"] == Inclusion.DEFERRED
    assert scope_of(live, "november-2020")["MP084"] == Inclusion.TARGETED


def test_a_release_read_before_it_existed_does_not_exist():
    with pytest.raises(Release.DoesNotExist):
        RecordAsAt(datetime.date(2005, 1, 1)).release("june-2020")


@pytest.mark.parametrize("text", ["26/05/2020", "2020-13-01", "yesterday", "2020-5-26", "1999-12-31", "2999-01-01"])
def test_an_unreadable_or_impossible_day_is_refused_with_a_reason(text):
    with pytest.raises(AsAtError) as refused:
        as_at_day(text)
    assert refused.value.message_dict["as_at"]


def test_no_day_reads_the_live_record():
    assert as_at_day("") is None
    assert as_at_day(None) is None
    assert as_at_day("2020-05-26") == datetime.date(2020, 5, 26)


def test_reading_a_release_as_at_a_day_takes_one_query_per_model(django_assert_max_num_queries):
    record = RecordAsAt(datetime.date(2020, 5, 26))
    with django_assert_max_num_queries(16):
        release = record.release("november-2020")
        items = record.scope_items(release)
        [i.modification.reference for i in items]
        [i.replaces.release.name for i in items if i.replaces_id]
        record.milestones(release)
        record.criteria(release)
        record.risks(release)
        record.cost_lines(release)
        record.standing_decisions(release)
        record.latest_readiness(release)
        record.change_requests(release)


def test_attach_fills_relations_as_they_stood_without_a_query_per_row(django_assert_max_num_queries):
    record = RecordAsAt(datetime.date(2020, 1, 17))
    release = record.release("june-2020")
    items = [r.instance for r in record.records(ScopeItem, release_id=release.pk)]
    with django_assert_max_num_queries(4):
        record.attach(items)
        labels = {item.modification.reference: item.release.slug for item in items}
    assert labels["MP084"] == "june-2020"

"""Scope locks: a date the Panel recorded stays; until then the policy default, from go-live, is shown as such."""

import datetime

import pytest

from releases.models import Release, ScopeItem
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_new_release_gets_policy_defaults_marked_as_not_recorded():
    release = ReleaseFactory(implementation_date=D(2031, 6, 25))

    assert (release.system_scope_lock_date, release.document_scope_lock_date) == (D(2030, 6, 25), D(2030, 12, 25))
    assert release.system_scope_lock_is_policy_default and release.document_scope_lock_is_policy_default
    stored = Release.objects.get(pk=release.pk)
    assert (stored.system_scope_lock_recorded, stored.document_scope_lock_recorded) == (False, False)


def test_a_date_given_is_recorded_and_the_other_lock_stays_the_policys():
    release = ReleaseFactory(implementation_date=D(2031, 6, 25), system_scope_lock_date=D(2030, 5, 1))

    assert release.system_scope_lock_recorded and not release.system_scope_lock_is_policy_default
    assert not release.document_scope_lock_recorded


def test_a_policy_default_follows_go_live_however_it_is_changed_and_a_recorded_lock_stays():
    release = ReleaseFactory(implementation_date=D(2031, 6, 25), system_scope_lock_date=D(2030, 5, 1))
    release = Release.objects.get(pk=release.pk)

    release.reschedule("implementation", D(2031, 11, 5), reason="Re-planned")

    stored = Release.objects.get(pk=release.pk)
    assert stored.system_scope_lock_date == D(2030, 5, 1) and stored.system_scope_lock_recorded
    assert stored.document_scope_lock_date == D(2031, 5, 5) and not stored.document_scope_lock_recorded


def test_rescheduling_a_lock_records_it_and_clearing_it_returns_to_the_policy():
    release = ReleaseFactory(implementation_date=D(2031, 6, 25))

    release.reschedule("document_scope_lock", D(2030, 11, 1), reason="The Panel baselined the document scope")
    assert release.document_scope_lock_recorded and release.document_scope_lock_date == D(2030, 11, 1)

    release.reschedule("document_scope_lock", None, reason="Back to the policy")
    assert (release.document_scope_lock_date, release.document_scope_lock_recorded) == (D(2030, 12, 25), False)


def test_a_release_without_go_live_has_no_lock_until_one_is_recorded():
    release = ReleaseFactory(implementation_date=None)
    assert (release.system_scope_lock_date, release.system_scope_lock_recorded) == (None, False)

    release.reschedule("implementation", D(2031, 6, 25), reason="Go-live set")
    assert release.system_scope_lock_date == D(2030, 6, 25) and release.system_scope_lock_is_policy_default


def test_exceptions_are_judged_on_the_effective_lock_default_or_recorded():
    """Rule 1 reads the lock whichever it is: a policy default counts until the Panel records a date."""
    release = ReleaseFactory(implementation_date=D(2031, 6, 25))
    late = ScopeItem.add(release=release, modification=ModificationFactory(), added_on=D(2031, 1, 2))
    assert late.is_exception  # after the policy's 25 December 2030

    release.reschedule("document_scope_lock", D(2031, 2, 1), reason="The Panel baselined it later")
    in_time = ScopeItem.add(release=release, modification=ModificationFactory(), added_on=D(2031, 1, 2))
    assert not in_time.is_exception


def test_the_release_page_says_which_lock_is_a_policy_default(client, secas_user):
    release = ReleaseFactory(implementation_date=D(2031, 6, 25), system_scope_lock_date=D(2030, 5, 1))
    client.force_login(secas_user)

    page = client.get(f"/releases/{release.slug}/").content.decode()

    assert "1 May 2030 (recorded)" in page
    assert '25 Dec 2030 <span class="muted">(policy default: 6 months before go-live)</span>' in page

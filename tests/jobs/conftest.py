"""A release timetable as of ON: June 2031 and November 2031 ahead of go-live, June 2020 history."""

import datetime

import pytest

from releases.models import ReminderLeadTime
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

ON = datetime.date(2031, 3, 2)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def lead_times(db):
    """The defaults of migration 0003 (a transactional test elsewhere may have flushed them)."""
    for lead in (28, 14, 7, 1):
        ReminderLeadTime.objects.get_or_create(days=lead)


@pytest.fixture
def june(db):
    return ReleaseFactory(
        name="June 2031 SEC Release", slug="june-2031", implementation_date=datetime.date(2031, 6, 26)
    )


@pytest.fixture
def november(db):
    return ReleaseFactory(
        name="November 2031 SEC Release", slug="november-2031", implementation_date=datetime.date(2031, 11, 27)
    )


@pytest.fixture
def february(db):
    return ReleaseFactory(
        name="February 2032 SEC Release", slug="february-2032", implementation_date=datetime.date(2032, 2, 26)
    )


@pytest.fixture
def targeted(june):
    """targeted(cut_off=..., **fields) puts a new modification into June 2031, decision pending."""

    def make(cut_off: datetime.date, release=None, modification=None, **fields):
        modification = modification or ModificationFactory()
        return ScopeItemFactory(release=release or june, modification=modification, cut_off_date=cut_off, **fields)

    return make

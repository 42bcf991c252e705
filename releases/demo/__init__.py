"""The demo data: the five releases as the papers in shared/seeds describe them, loaded in the papers' order.

Each paper's module transcribes it; later papers change the earlier state through the domain's verbs
(move_to, update, remove, reschedule), dated by the paper, so history shows where each item has been.
"""

from django.db import transaction

from releases.models import Release, RidVersion, User
from releases.papers import demo as papers
from releases.rid.baseline import baseline  # freezes a snapshot of the release's RID as it stands

from . import apr2020, jan2020, may2020, nov2019, slides2020
from .clock import as_of
from .jan2020_rid import V1_1_CHANGES
from .papers import APR_2020, JAN_2020, JAN_2020_PANEL, JUNE_2020_SLIDES, MAY_2020, NOV_2019, record_paper
from .users import ensure_demo_users

RELEASE_SLUGS = ("november-2019", "june-2020", "november-2020", "june-2021", "november-2021")


def is_loaded() -> bool:
    return Release.objects.filter(slug__in=RELEASE_SLUGS).exists()


@transaction.atomic
def load() -> bool:
    """Load the demo once; returns False (and changes nothing) if it is already there."""
    if is_loaded():
        return False
    ensure_demo_users()
    for source, transcribe in (
        (NOV_2019, nov2019.load),
        (JAN_2020, jan2020.load),
        (JAN_2020_PANEL, baseline_june_2020_rid),
        (APR_2020, apr2020.load),
        (MAY_2020, may2020.load),
        (JUNE_2020_SLIDES, slides2020.load),
    ):
        with as_of(source):
            if source is not JAN_2020_PANEL:
                record_paper(source)
            transcribe(source)
    papers.load()  # the paper headers and section texts, each dated by its paper
    return True


def baseline_june_2020_rid(source) -> RidVersion:
    """v1.1 as the Panel of 17 January 2020 baselined it: the data as the January paper left it."""
    return baseline(
        Release.objects.get(slug="june-2020"),
        version="1.1",
        changes=V1_1_CHANGES,
        baselined_on=source.on,
        paper=source.reference,
        dated=source.on.replace(day=10),
        by=User.objects.get(username="secas"),
    )

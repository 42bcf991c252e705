import datetime

import pytest

from releases.rid import baseline

from .june2020 import build_june_2020


@pytest.fixture
def june_2020(db):
    """The June 2020 SEC Release as its RID v1.1 states it, with versions 0.1 to 1.0 transcribed."""
    return build_june_2020()


@pytest.fixture
def baseline_1_1(june_2020, secas_user):
    return baseline(
        june_2020,
        version="1.1",
        changes="Updated draft presented to Panel to be baselined.",
        baselined_on=datetime.date(2020, 1, 17),
        dated=datetime.date(2020, 1, 10),
        paper="SECP_76_1701_23",
        by=secas_user,
    )

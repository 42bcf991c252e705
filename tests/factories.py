"""factory_boy factories for the domain; defaults are plain and valid."""

import datetime

import factory

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk
from modifications.models import ChangeRequest, Modification
from releases.models import Decision, Milestone, Release, ScopeItem


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    name = factory.Sequence(lambda n: f"Release {n} SEC Release")
    slug = factory.Sequence(lambda n: f"release-{n}")
    # Half a year apart, wrapping after fifty years so a long session stays within plausible dates.
    implementation_date = factory.Sequence(
        lambda n: datetime.date(2030, 6, 25) + datetime.timedelta(days=183 * (n % 100))
    )


class ModificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Modification

    # Wraps within MP200-MP989 so a long test session never makes an invalid reference (MP1000).
    reference = factory.Sequence(lambda n: f"MP{200 + n % 790:03d}")
    title = factory.Sequence(lambda n: f"Modification {n}")
    phase = "development"
    impacts_dcc_systems = False


class ScopeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeItem

    release = factory.SubFactory(ReleaseFactory)
    modification = factory.SubFactory(ModificationFactory)
    inclusion = "targeted"
    added_on = factory.LazyAttribute(lambda item: item.release.system_scope_lock_date or datetime.date(2020, 1, 1))


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    number = factory.Sequence(lambda n: f"CR{2000 + n}")
    title = factory.Sequence(lambda n: f"Change request {n}")
    originator = "dcc"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    release = factory.SubFactory(ReleaseFactory)
    event = factory.Sequence(lambda n: f"Milestone {n}")
    date = datetime.date(2030, 1, 10)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    release = factory.SubFactory(ReleaseFactory)
    category = "operational"
    number = factory.Sequence(lambda n: n + 1)
    text = "The DCC has demonstrated readiness."
    reviewer = "opsg"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    release = factory.SubFactory(ReleaseFactory)
    description = "There is a risk that go-live slips."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    release = factory.SubFactory(ReleaseFactory)
    body = "opsg"
    outcome = "go"
    date = datetime.date(2030, 6, 2)


class ReadinessReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadinessReport

    release = factory.SubFactory(ReleaseFactory)
    as_at = datetime.date(2030, 6, 2)


class ReadinessComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadinessComponent

    report = factory.SubFactory(ReadinessReportFactory)
    name = factory.Sequence(lambda n: f"Component {n}")
    position = factory.Sequence(lambda n: n)

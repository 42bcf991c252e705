"""Operations that read across releases, modifications and acceptance: the go/no-go roll-up
(rule 6), the uplift warnings (rule 4) and the dependency warnings (rule 5)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F

from acceptance.choices import OPEN_RISK_STATUSES, Assessment, Reviewer
from modifications.choices import Impact
from modifications.models import CrDependency
from secreleases.clock import today

from .asat import RecordAsAt
from .choices import ACTIVE_INCLUSIONS, DecisionBody
from .models import Release, ScopeItem

ROLL_UP_STATUSES = (
    Assessment.MET,
    Assessment.ON_TRACK,
    Assessment.AT_RISK,
    Assessment.NOT_MET,
    Assessment.NOT_ASSESSED,
)


def release_dashboard(release: Release, record: RecordAsAt | None = None) -> dict:
    """The Panel's go/no-go roll-up for one release, in a handful of queries whatever its size.

    With `record` (releases.asat), the roll-up as the record stood at the end of its day.
    """
    record = record or RecordAsAt(None)
    criteria = list(record.criteria(release))
    by_reviewer: dict[str | None, dict[str, int]] = {}
    for criterion in criteria:
        counts = by_reviewer.setdefault(criterion.reviewer, {status.value: 0 for status in ROLL_UP_STATUSES})
        counts[criterion.status] += 1
    reviewers = [r for r in Reviewer.values if r in by_reviewer] + ([None] if None in by_reviewer else [])
    milestones = list(record.milestones(release))
    risks = list(record.risks(release))
    decisions = list(record.standing_decisions(release))
    latest_report = record.latest_readiness(release)
    return {
        "release": release,
        "criteria": [
            {"reviewer": reviewer, "total": sum(by_reviewer[reviewer].values()), **by_reviewer[reviewer]}
            for reviewer in reviewers
        ],
        "open_risks": [risk for risk in risks if risk.status in OPEN_RISK_STATUSES],
        "milestones": milestones,
        "slipped_milestones": [m for m in milestones if (m.slippage_days or 0) > 0],
        "readiness": latest_report,
        "recommendations": [d for d in decisions if d.body != DecisionBody.PANEL],
        "decision": headline_decision(release, decisions),
        # The rows themselves, for the go/no-go pack (releases.gonogo); the API's roll-up does not show them.
        "criteria_rows": criteria,
        "risks": risks,
    }


def headline_decision(release: Release, standing_decisions: list):
    """The Panel's latest standing decision dated on or before go-live (Decision.objects.headline_for, in memory)."""
    go_live = release.implementation_date
    panel = [d for d in standing_decisions if d.body == DecisionBody.PANEL and (go_live is None or d.date <= go_live)]
    return max(panel, key=lambda d: (d.date, d.pk), default=None)


@dataclass
class UpliftYear:
    year: int
    duis: list[Release] = field(default_factory=list)
    gbcs: list[Release] = field(default_factory=list)
    ch_firmware: list[Release] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Rule 4: warn, never block, where a year has more than one uplift of a kind."""
        out = []
        for label, releases in (("DUIS", self.duis), ("GBCS", self.gbcs), ("CH firmware", self.ch_firmware)):
            if len(releases) > 1:
                names = " and ".join(r.name for r in releases)
                out.append(f"{self.year} has {len(releases)} {label} uplifts: {names}.")
        return out


def uplifts_by_year(releases=None) -> list[UpliftYear]:
    """Per calendar year, which releases carry DUIS, GBCS and CH firmware changes (active scope only).

    A release without a go-live date yet counts in the year its name states (June 2021), so a year's
    second uplift is warned about before its dates are set.
    """
    releases = releases if releases is not None else Release.objects.all()
    items = (
        ScopeItem.objects.filter(release__in=releases, inclusion__in=ACTIVE_INCLUSIONS)
        .select_related("release", "modification")
        .order_by(F("release__implementation_date").asc(nulls_last=True), "release__name")
    )
    years: dict[int, UpliftYear] = {}
    for item in items:
        release = item.release
        if release.planning_year is None:
            continue
        year = years.setdefault(release.planning_year, UpliftYear(release.planning_year))
        for attr, bucket in (
            ("impacts_duis", year.duis),
            ("impacts_gbcs", year.gbcs),
            ("impacts_ch_firmware", year.ch_firmware),
        ):
            if getattr(item.modification, attr) == Impact.YES and release not in bucket:
                bucket.append(release)
    for year in years.values():
        for bucket in (year.duis, year.gbcs, year.ch_firmware):
            bucket.sort(key=release_order)
    return [years[y] for y in sorted(years)]


PLANNING_YEARS = 3


@dataclass
class PlanningWindow:
    """The calendar years planning shows side by side: three, from the first year a release is still in flight."""

    first_year: int
    releases: list[Release]
    known_years: list[int]

    @property
    def years(self) -> range:
        return range(self.first_year, self.first_year + PLANNING_YEARS)

    @property
    def earlier(self) -> int | None:
        return self.first_year - PLANNING_YEARS if any(y < self.first_year for y in self.known_years) else None

    @property
    def later(self) -> int | None:
        last = self.first_year + PLANNING_YEARS - 1
        return self.first_year + PLANNING_YEARS if any(y > last for y in self.known_years) else None


def planning_window(first_year: int | None = None) -> PlanningWindow:
    """Ten years of releases do not fit side by side: planning shows three years at a time.

    By default the window starts at the year of the earliest release still in flight (not live,
    deferred or cancelled), so what is being planned is on the first screen.
    """
    every = list(Release.objects.only("pk", "slug", "name", "implementation_date", "status"))
    placed = [r for r in every if r.planning_year is not None]
    known_years = sorted({r.planning_year for r in placed})
    if first_year is None:
        in_flight = [r.planning_year for r in placed if not r.is_closed]
        first_year = min(in_flight or known_years or [today().year])
    shown = {r.pk for r in placed if first_year <= r.planning_year < first_year + PLANNING_YEARS}
    return PlanningWindow(first_year, [r for r in every if r.pk in shown], known_years)


def release_order(release: Release) -> tuple:
    """Within a year: by go-live, and a release placed by its name by the month its name states."""
    if release.implementation_date:
        return (release.implementation_date.month, release.name)
    month = next((n for n, name in enumerate(MONTHS, start=1) if name in release.name), 13)
    return (month, release.name)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class DependencyWarning:
    modification: object
    release: Release
    change_request: object
    change_request_release: Release | None

    def __str__(self):
        where = self.change_request_release.name if self.change_request_release else "no release yet"
        return (
            f"{self.modification.reference} is targeted for {self.release.name} but depends on "
            f"{self.change_request.display_number}, targeted for {where}."
        )


def dependency_warnings(releases=None) -> list[DependencyWarning]:
    """Rule 5: a modification that depends on a CR targeted later than itself (or not yet) is a warning."""
    active_items = ScopeItem.objects.filter(inclusion__in=ACTIVE_INCLUSIONS).select_related("release")
    if releases is not None:
        active_items = active_items.filter(release__in=releases)
    release_of: dict[int, list[Release]] = defaultdict(list)
    for item in active_items:
        release_of[item.modification_id].append(item.release)
    warnings = []
    dependencies = CrDependency.objects.filter(modification__in=release_of).select_related(
        "modification", "change_request__release"
    )
    for dependency in dependencies:
        cr_release = dependency.change_request.release
        for release in release_of.get(dependency.modification_id, []):
            if is_later(cr_release, release):
                warnings.append(
                    DependencyWarning(dependency.modification, release, dependency.change_request, cr_release)
                )
    return warnings


def is_later(cr_release: Release | None, release: Release) -> bool:
    if cr_release is None:
        return True
    if cr_release.implementation_date is None or release.implementation_date is None:
        return False
    return cr_release.implementation_date > release.implementation_date

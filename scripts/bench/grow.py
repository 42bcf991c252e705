"""Grow the demo into ten years of releases, for benchmarks only: 20 releases, 600 modifications,
3,000 scope items and 100,000 history rows.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python scripts/bench/grow.py

The rows are made in bulk with their history (django-simple-history's bulk_create_with_history),
shaped like the real record: each new modification has been deferred from release to release before
it was targeted where it is now, and its items' status lines were edited many times (the history
rows). Never run it on a real database: it invents everything it adds.
"""

import datetime
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = {"releases": 20, "modifications": 600, "scope_items": 3000, "history_rows": 100_000}


def setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    import django

    django.setup()


def history_row_count() -> int:
    from django.apps import apps

    return sum(m.objects.count() for m in apps.get_models() if m._meta.model_name.startswith("historical"))


def new_releases(count: int) -> list:
    from simple_history.utils import bulk_create_with_history

    from acceptance.models import Criterion
    from releases.models import Milestone, Release

    halves = itertools.product(range(2022, 2040), ((6, "June", 25), (11, "November", 5)))
    wanted = []
    for (year, (month, name, day)), _ in zip(halves, range(count), strict=False):
        go_live = datetime.date(year, month, day)
        status = "live" if go_live < datetime.date.today() else "planning"
        release = Release(
            slug=f"{name.lower()}-{year}", name=f"{name} {year} SEC Release", implementation_date=go_live, status=status
        )
        release.apply_scope_lock_policy()
        wanted.append(release)
    releases = bulk_create_with_history(wanted, Release, default_change_reason="Benchmark data")
    releases = list(Release.objects.filter(slug__in=[r.slug for r in wanted]).order_by("implementation_date"))
    for release in releases:
        Criterion.adopt_standard_set(release)
        milestones = [
            Milestone(release=release, position=n, event=event, date=release.implementation_date - delta)
            for n, (event, delta) in enumerate(
                [
                    ("DCC-System scope baselined", datetime.timedelta(days=365)),
                    ("SIT complete", datetime.timedelta(days=60)),
                    ("Panel go/no-go decision", datetime.timedelta(days=14)),
                    ("Go-live", datetime.timedelta(days=0)),
                ]
            )
        ]
        bulk_create_with_history(milestones, Milestone, default_change_reason="Benchmark data")
    return releases


def new_modifications(count: int) -> list:
    from simple_history.utils import bulk_create_with_history

    from modifications.models import Modification

    taken = set(Modification.objects.values_list("reference", flat=True))
    references = (f"MP{n:03d}" for n in range(200, 1000) if f"MP{n:03d}" not in taken)
    wanted = [
        Modification(
            reference=next(references),
            title=f"Benchmark modification {n}",
            summary="Invented for the ten-year benchmark.",
            phase="development",
            impacts_dcc_systems=n % 3 == 0,
        )
        for n in range(count)
    ]
    bulk_create_with_history(wanted, Modification, default_change_reason="Benchmark data")
    return list(Modification.objects.filter(reference__in=[m.reference for m in wanted]))


def new_scope_items(modifications: list, releases: list, count: int) -> list:
    """Each modification's path: deferred from release to release, then targeted where it is now."""
    from simple_history.utils import bulk_create_with_history

    from releases.models import ScopeItem

    per_modification = max(1, count // len(modifications))
    items, made = [], 0
    for n, modification in enumerate(modifications):
        steps = per_modification + (1 if n < count - per_modification * len(modifications) else 0)
        start = n % max(1, len(releases) - steps)
        for step, release in enumerate(releases[start : start + steps]):
            last = step == steps - 1
            items.append(
                ScopeItem(
                    release=release,
                    modification=modification,
                    inclusion="targeted" if last else "deferred",
                    cut_off_date=release.implementation_date - datetime.timedelta(days=90),
                    added_on=release.implementation_date - datetime.timedelta(days=400),
                    status_note="Invented for the ten-year benchmark.",
                    change_reason="" if last else f"Moved to {releases[start + step + 1]}",
                )
            )
            made += 1
    bulk_create_with_history(items, ScopeItem, default_change_reason="Benchmark data")
    return list(ScopeItem.objects.filter(modification__in=modifications))


def status_line_edits(items: list, count: int) -> None:
    """History rows as SECAS makes them: a scope item's current-status line edited again and again."""
    from releases.models import ScopeItem

    history = ScopeItem.history.model
    fields = [f.attname for f in ScopeItem._meta.concrete_fields]
    start = datetime.datetime(2022, 1, 3, 9, tzinfo=datetime.UTC)
    rows = []
    for n in range(count):
        item = items[n % len(items)]
        values = {name: getattr(item, name) for name in fields}
        values["status_note"] = f"Status line, edit {n // len(items) + 1}"
        rows.append(
            history(
                **values,
                history_date=start + datetime.timedelta(minutes=n),
                history_type="~",
                history_change_reason="Current status updated",
            )
        )
        if len(rows) == 5000:
            history.objects.bulk_create(rows)
            rows = []
    history.objects.bulk_create(rows)


def grow() -> dict:
    from django.db import transaction

    from modifications.models import Modification
    from releases.models import Release, ScopeItem

    with transaction.atomic():
        releases = new_releases(TARGET["releases"] - Release.objects.count())
        modifications = new_modifications(TARGET["modifications"] - Modification.objects.count())
        items = new_scope_items(modifications, releases, TARGET["scope_items"] - ScopeItem.objects.count())
        status_line_edits(items, TARGET["history_rows"] - history_row_count())
    return {
        "releases": Release.objects.count(),
        "modifications": Modification.objects.count(),
        "scope_items": ScopeItem.objects.count(),
        "history_rows": history_row_count(),
    }


if __name__ == "__main__":
    setup_django()
    print(grow())

"""What the two cut-off job commands share: --date and --enqueue."""

import datetime

from django.core.management.base import CommandError


def add_job_arguments(parser) -> None:
    parser.add_argument("--date", help="Run as of this day, YYYY-MM-DD (default: today in Europe/London).")
    parser.add_argument("--enqueue", action="store_true", help="Hand the job to the Celery worker instead.")


def run_date(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD (e.g. 2026-11-23), not {value!r}.") from None

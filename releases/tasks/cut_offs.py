"""The daily cut-off jobs (rules 2 and 3); beat runs them at 07:00 UK time (see migration 0005)."""

import smtplib

from celery import shared_task

from .. import reminders

# A mail server that is down or refuses for a while is worth retrying, with growing waits; the
# claims of a failed send were rolled back, so a retry sends only what is still unsent.
RETRY_ON_MAIL_FAILURE = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 540,
    "time_limit": 600,
}


@shared_task(name="releases.tasks.send_cutoff_reminders", **RETRY_ON_MAIL_FAILURE)
def send_cutoff_reminders(on: str | None = None) -> dict:
    """Rule 3 as of `on` (an ISO date; None: today in Europe/London)."""
    return reminders.send_cut_off_reminders(reminders.parse_run_date(on)).summary()


@shared_task(name="releases.tasks.lapse_overdue_scope", **RETRY_ON_MAIL_FAILURE)
def lapse_overdue_scope(on: str | None = None) -> dict:
    """Rule 2 as of `on` (an ISO date; None: today in Europe/London)."""
    day = reminders.parse_run_date(on)
    return {"on": day.isoformat(), "lapses": [lapse.summary() for lapse in reminders.lapse_overdue_scope(day)]}

from django.core.management.base import BaseCommand

from releases import reminders
from releases.tasks import send_cutoff_reminders
from secreleases.clock import today

from ._job_options import add_job_arguments, run_date


class Command(BaseCommand):
    help = "Rule 3: email the cut-off reminders due today (or --date), once per item, recipient and lead time."

    def add_arguments(self, parser):
        add_job_arguments(parser)

    def handle(self, *args, date=None, enqueue=False, **options):
        day = run_date(date)
        if enqueue:
            result = send_cutoff_reminders.delay(day.isoformat() if day else None)
            self.stdout.write(f"Enqueued send_cutoff_reminders as of {day or 'today'}: task {result.id}")
            return
        run = reminders.send_cut_off_reminders(day or today())
        for email in run.emails:
            items = ", ".join(f"{label} ({lead}-day)" for label, lead in email.items)
            self.stdout.write(f"Reminded {email.recipient}: {items}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(run.emails)} email(s), {run.reminders_sent} reminder(s) sent as of {run.on:%Y-%m-%d}; "
                f"{run.items_due} item(s) at a lead time."
            )
        )

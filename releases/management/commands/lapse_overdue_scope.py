from django.core.management.base import BaseCommand

from releases import reminders
from releases.tasks import lapse_overdue_scope
from secreleases.clock import today

from ._job_options import add_job_arguments, run_date


class Command(BaseCommand):
    help = "Rule 2: lapse the targeted items past their cut-off (as of today or --date) to their fall-back release."

    def add_arguments(self, parser):
        add_job_arguments(parser)

    def handle(self, *args, date=None, enqueue=False, **options):
        day = run_date(date)
        if enqueue:
            result = lapse_overdue_scope.delay(day.isoformat() if day else None)
            self.stdout.write(f"Enqueued lapse_overdue_scope as of {day or 'today'}: task {result.id}")
            return
        day = day or today()
        lapses = reminders.lapse_overdue_scope(day)
        for lapse in lapses:
            where = lapse.to_release or "no viable release (SECAS to place it)"
            self.stdout.write(
                f"Lapsed {lapse.label} from {lapse.from_release} to {where}; "
                f"announced to {lapse.announced_to} recipient(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"{len(lapses)} item(s) lapsed as of {day:%Y-%m-%d}."))

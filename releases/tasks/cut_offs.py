from celery import shared_task


@shared_task(name="releases.tasks.send_cutoff_reminders")
def send_cutoff_reminders(on: str | None = None):
    """Placeholder: the jobs issue builds this."""
    raise NotImplementedError


@shared_task(name="releases.tasks.lapse_overdue_scope")
def lapse_overdue_scope(on: str | None = None):
    """Placeholder: the jobs issue builds this."""
    raise NotImplementedError

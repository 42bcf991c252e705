from celery import shared_task


@shared_task(name="releases.tasks.render_rid_pdf")
def render_rid_pdf(rid_version_id: int):
    """Placeholder: the RID issue builds this."""
    raise NotImplementedError

"""Render a baseline's PDF once, from its frozen snapshot, and keep it."""

import logging
import time

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..webhooks import announce_rid_pdf_ready

logger = logging.getLogger(__name__)


@shared_task(name="releases.tasks.render_rid_pdf", acks_late=True, reject_on_worker_lost=True)
def render_rid_pdf(rid_version_id: int) -> dict:
    """Idempotent: a baseline whose PDF is ready is left alone; a failed or pending one is (re)rendered."""
    from ..models import RidPdf, RidVersion
    from ..rid.render import render_pdf

    with transaction.atomic():
        rid = RidVersion.objects.select_related("release").get(pk=rid_version_id)
        pdf, _ = RidPdf.objects.get_or_create(rid_version=rid)
        # Held while rendering, so a second task for the same baseline waits and then finds it ready.
        pdf = RidPdf.objects.select_for_update().get(pk=pdf.pk)
        if pdf.state == RidPdf.State.READY and pdf.file:
            return {"rid_version": rid_version_id, "rendered": False}
        if not rid.snapshot:
            pdf.state, pdf.error = RidPdf.State.FAILED, "This version was transcribed from a paper: it has no snapshot."
            pdf.save()
            return {"rid_version": rid_version_id, "rendered": False, "error": pdf.error}
        started = time.perf_counter()
        try:
            content = render_pdf(rid.snapshot)
        except Exception as exc:  # a broken render is recorded on the row for the page to show
            logger.exception("Rendering the PDF of %s failed", rid)
            pdf.state, pdf.error = RidPdf.State.FAILED, f"{type(exc).__name__}: {exc}"
            pdf.save()
            return {"rid_version": rid_version_id, "rendered": False, "error": pdf.error}
        seconds = time.perf_counter() - started
        name = f"{rid.release.slug}-rid-v{rid.version}.pdf"
        pdf.file.save(name, ContentFile(content), save=False)
        pdf.state, pdf.error = RidPdf.State.READY, ""
        pdf.size_bytes, pdf.render_seconds, pdf.rendered_at = len(content), round(seconds, 3), timezone.now()
        pdf.save()
    logger.info("Rendered %s: %d bytes in %.2f s", name, len(content), seconds)
    announce_rid_pdf_ready(rid_version_id)
    return {"rid_version": rid_version_id, "rendered": True, "bytes": len(content), "seconds": round(seconds, 3)}

"""Baselining a RID: freeze a complete snapshot under a version number, then render its PDF once."""

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.utils import timezone

from ..models import Release, RidPdf, RidVersion
from ..models.rid import BaselineImmutableError, check_version
from .assemble import assemble

# How long a client waits before asking again for a PDF being rendered.
RETRY_AFTER_SECONDS = 5
# A render asked for this long ago and still pending was lost (broker down, worker killed): ask again.
RENDER_REQUEST_STALE_AFTER = datetime.timedelta(minutes=5)
logger = logging.getLogger(__name__)


class VersionAlreadyBaselined(BaselineImmutableError):
    """A version number is baselined once; a new baseline takes a new number (the API answers 409)."""


@transaction.atomic
def baseline(
    release,
    *,
    version: str,
    changes: str,
    baselined_on: datetime.date,
    paper: str = "",
    dated: datetime.date | None = None,
    by=None,
) -> RidVersion:
    """Freeze the RID of `release` as it stands now as baseline `version`, and enqueue its PDF.

    A draft row of the same version (transcribed from a paper) becomes the baseline; a version
    already baselined (here, or by the Panel as a paper says) is refused, and so is a number below
    a baseline's. The snapshot's Appendix 1 includes this version's own row.
    """
    version = check_version(version)
    if not (changes or "").strip():
        raise ValidationError({"changes": "Say what changed in this version."})
    if baselined_on is None:
        raise ValidationError({"baselined_on": "Give the date the Panel baselined it."})
    # Two people baselining the same release at once: the second waits, then sees the first's row.
    release = Release.objects.select_for_update().get(pk=release.pk)
    row = RidVersion.objects.filter(release=release, version=version).first()
    if row is not None and row.is_baseline:
        raise VersionAlreadyBaselined(f"Version {version} of the {release.name} RID is already baselined.")
    row = row or RidVersion(release=release, version=version)
    row.changes = changes.strip()
    row.baselined = True
    row.baselined_on = baselined_on
    row.dated = dated or baselined_on
    row.paper = (paper or "").strip()
    row.created_by = by
    row.check_rules()
    row.snapshot = assemble(release, version=row)
    row.full_clean(exclude=["snapshot"])
    row._change_reason = f"Baselined version {version}"
    row.save()
    pdf, _ = RidPdf.objects.get_or_create(rid_version=row)
    transaction.on_commit(lambda: enqueue_render(row.pk))
    return row


def enqueue_render(rid_version_id: int) -> None:
    """Ask the worker for the PDF; a broker that is down must not undo or hide a baseline already saved."""
    from ..tasks.rid import render_rid_pdf

    try:
        render_rid_pdf.delay(rid_version_id)
    except Exception:  # the download asks again once the request is stale (see ensure_pdf)
        logger.exception("Could not enqueue the PDF of RID version %s", rid_version_id)


def ensure_pdf(rid_version: RidVersion) -> RidPdf:
    """The PDF row of a baseline, created and enqueued if it was never asked for, or asked again if lost."""
    pdf, created = RidPdf.objects.get_or_create(rid_version=rid_version)
    stale = pdf.state == RidPdf.State.PENDING and timezone.now() - pdf.updated_at > RENDER_REQUEST_STALE_AFTER
    if stale:
        pdf.save(update_fields=["updated_at"])
    if created or stale:
        transaction.on_commit(lambda: enqueue_render(rid_version.pk))
    return pdf


def pdf_response(rid_version: RidVersion, waiting: Callable[[RidPdf, int], HttpResponse]) -> HttpResponse:
    """The baseline's stored PDF; else what the door says (`waiting`) while it renders (202) or once it failed (503).

    The browser and the API share this: the stored file, the render asked for once, `Retry-After`.
    """
    pdf = ensure_pdf(rid_version)
    if pdf.state == RidPdf.State.READY and pdf.file:
        return FileResponse(pdf.file.open("rb"), content_type="application/pdf", filename=pdf.file.name.split("/")[-1])
    failed = pdf.state == RidPdf.State.FAILED
    response = waiting(pdf, 503 if failed else 202)
    if not failed:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

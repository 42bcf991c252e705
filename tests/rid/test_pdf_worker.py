"""The PDF, rendered by a real Celery worker on Redis with real WeasyPrint, read back with pypdf."""

import io
import time
from decimal import Decimal

import pytest
from pypdf import PdfReader

from releases.models import RidPdf
from releases.tasks import render_rid_pdf

BODY = {
    "version": "1.1",
    "changes": "Updated draft presented to Panel to be baselined.",
    "baselined_on": "2020-01-17",
    "dated": "2020-01-10",
    "paper": "SECP_76_1701_23",
}


def download_when_ready(client, url: str, timeout: float = 120) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(url)
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            return b"".join(response.streaming_content)
        assert response.status_code == 202, response.content
        assert int(response["Retry-After"]) > 0
        time.sleep(0.5)
    pytest.fail(f"The PDF at {url} was not rendered within {timeout} s")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.celery_worker
def test_the_worker_renders_the_baseline_pdf_once_and_later_edits_never_change_it(
    celery_worker, june_2020, secas_user, panel_user, api_as, client
):
    created = api_as(secas_user).post(f"/api/v1/releases/{june_2020.slug}/rids/", BODY, format="json")
    assert created.status_code == 201, created.content
    reader = api_as(panel_user)
    pdf_url = f"/api/v1/releases/{june_2020.slug}/rids/1.1/pdf/"

    first = download_when_ready(reader, pdf_url)
    text = text_of(first)

    for reference in ("SECMP0053", "SECMP0062", "MP079", "MP084", "MP088", "CR1088"):
        assert reference in text
    assert "21 February 2020" in text and "24 April 2020" in text  # cut-offs
    assert "£1,120,042" in text and "£1,180,042" in text and "£964,346" in text  # quoted, breakdown
    assert "Business Continuity and Disaster" in text  # an operational criterion
    assert "no Severity 1 or 2 defects" in text  # a testing criterion
    for row in ("09 May 19", "12 Sep 19", "04 Oct 19", "11 Oct 19", "10 Jan 20"):
        assert row in text  # Appendix 1: every version
    assert "Page 2 of" in text and "This document has a Classification of White" in text
    stored = RidPdf.objects.get(rid_version__release=june_2020, rid_version__version="1.1")
    assert stored.state == RidPdf.State.READY and stored.size_bytes == len(first) and stored.render_seconds > 0

    june_2020.dcc_quoted_total = Decimal("7777777")
    june_2020.name = "June 2020 SEC Release (renamed)"
    june_2020.save()
    june_2020.scope_items.get(modification__reference="MP079").approve(reason="Approved")
    june_2020.milestones.get(event="Release go-live").delete()

    second = download_when_ready(reader, pdf_url)

    assert second == first
    assert "£7,777,777" not in text_of(second)
    again = RidPdf.objects.get(pk=stored.pk)
    assert (again.rendered_at, again.file.name) == (stored.rendered_at, stored.file.name)
    client.force_login(panel_user)
    browser = client.get(f"/releases/{june_2020.slug}/rid/v1.1/pdf/")
    assert browser["Content-Type"] == "application/pdf"
    assert b"".join(browser.streaming_content) == first
    assert render_rid_pdf.apply(args=[stored.rid_version_id]).get() == {
        "rid_version": stored.rid_version_id,
        "rendered": False,
    }

"""Render a RID snapshot as HTML and as an A4 PDF (WeasyPrint), from the snapshot alone."""

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .schema import readable

STATIC_DIR = Path(settings.BASE_DIR) / "static"
RID_CSS = STATIC_DIR / "css" / "rid.css"
# WeasyPrint reports every layout step at INFO; the worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def document_context(snapshot: dict, *, assembled_at=None) -> dict:
    return {"rid": readable(snapshot), "assembled_at": assembled_at or timezone.now()}


def render_pdf(snapshot: dict, *, assembled_at=None) -> bytes:
    """The PDF of a snapshot; only local files are read (no network), fonts are the machine's DejaVu."""
    html = render_to_string("rid/pdf.html", document_context(snapshot, assembled_at=assembled_at))
    return html_to_pdf(html)


def html_to_pdf(html: str, *, extra_css: tuple[Path, ...] = ()) -> bytes:
    """An A4 PDF of a document page set with rid.css (the RID, and the papers that share its look)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["file", "data"])
    document = HTML(string=html, base_url=f"{STATIC_DIR}/", url_fetcher=fetcher)
    sheets = [CSS(filename=str(path), url_fetcher=fetcher) for path in (RID_CSS, *extra_css)]
    return document.write_pdf(stylesheets=sheets)

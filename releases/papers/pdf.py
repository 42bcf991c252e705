"""A paper as an A4 PDF: its own template, set with the RID's stylesheet and WeasyPrint setup (html_to_pdf)."""

from django.template.loader import render_to_string

from ..rid.render import STATIC_DIR, html_to_pdf

PAPERS_CSS = STATIC_DIR / "css" / "papers.css"


def render_pdf(paper: dict) -> bytes:
    return html_to_pdf(render_to_string("papers/pdf.html", {"paper": paper}), extra_css=(PAPERS_CSS,))

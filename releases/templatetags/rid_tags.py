"""Filters for the RID: snapshots hold ISO dates and money as strings; the document prints them as the papers do."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def as_date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def rid_short_date(value) -> str:
    """11 Oct 19, as the RID's timetable and version control write dates."""
    day = as_date(value)
    return day.strftime("%d %b %y") if day else ""


@register.filter
def rid_long_date(value) -> str:
    """25 June 2020, as the RID's prose writes dates."""
    day = as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


@register.filter
def rid_value(value) -> str:
    """A diff's value: an ISO date as the prose writes dates, anything else as it is."""
    day = as_date(value) if isinstance(value, str) and len(value) == 10 else None
    return rid_long_date(day) if day else ("" if value is None else str(value))


@register.filter
def pounds(value) -> str:
    """£1,120,042 (pence only where there are some); a negative amount as −£60,000."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}£{text}"


@register.filter
def absolute(value):
    try:
        return abs(Decimal(str(value)))
    except (InvalidOperation, TypeError):
        return value


def block_groups(blocks) -> list[dict]:
    """Flat blocks as the page nests them: runs of bullets or numbered items in one list, sub-bullets inside."""
    groups: list[dict] = []
    for row in blocks or []:
        style = row.get("style")
        if style in ("bullet", "numbered"):
            kind = "bullets" if style == "bullet" else "numbers"
            if not groups or groups[-1]["kind"] != kind:
                groups.append({"kind": kind, "items": []})
            groups[-1]["items"].append({"text": row["text"], "number": row.get("number"), "children": []})
        elif style == "sub_bullet" and groups and groups[-1]["kind"] in ("bullets", "numbers"):
            groups[-1]["items"][-1]["children"].append(row["text"])
        elif style == "sub_bullet":
            groups.append({"kind": "bullets", "items": [{"text": row["text"], "number": None, "children": []}]})
        else:
            groups.append({"kind": "heading" if style == "heading" else "paragraph", "text": row["text"]})
    return groups


@register.inclusion_tag("rid/_blocks.html")
def narrative(rid, section):
    """A section's own paragraphs from a snapshot (schema 2), as the paper sets them; nothing if it has none."""
    row = (rid.get("narrative") or {}).get(section) or {}
    return {"groups": block_groups(row.get("blocks")), "section": section}


@register.inclusion_tag("rid/_blocks.html")
def text_blocks(text):
    """A release's free text (test strategy, other code impacts...) set with the narrative's markup."""
    from ..models.narrative import parse_blocks

    return {"groups": block_groups(parse_blocks(text or ""))}


@register.filter
def with_cut_off(items):
    """The targeted items that have a decision cut-off: the cut-off table lists only those."""
    return [item for item in items or [] if item.get("cut_off_date")]


@register.filter
def description(text):
    """A summary as the papers write it after a title: the run-on text, then its sub-bullets."""
    from ..models.narrative import parse_blocks, run_on

    run_on_text, points = run_on(parse_blocks(text or ""))
    return {"text": run_on_text, "points": points}


# The paper's SEC document matrix has a column per modification; past this many it would run off an A4 page,
# so it is turned: a row per modification, a column per document.
MAX_MATRIX_COLUMNS = 8


@register.filter
def document_table(impacts) -> dict:
    columns = impacts.get("document_columns") or []
    rows = impacts.get("document_matrix") or []
    if len(columns) <= MAX_MATRIX_COLUMNS:
        return {
            "corner": "Document",
            "columns": columns,
            "rows": [{"label": row["document"], "marks": row["marks"]} for row in rows],
        }
    return {
        "corner": "Modification",
        "columns": [row["document"] for row in rows],
        "rows": [
            {"label": reference, "marks": [row["marks"][j] for row in rows]} for j, reference in enumerate(columns)
        ],
    }

"""Small drawing helpers for the release pages: Harvey balls in inline SVG, BRAG and RAG badges."""

import math

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

STATE_WORDS = {
    1: "Building in progress",
    2: "Built, testing not complete",
    3: "Built, tested, ready for deployment",
    4: "Built, tested, deployed and ready for live operation",
}


def quarter_path(state: int, r: float = 9, c: float = 10) -> str:
    """The filled sector of a Harvey ball: a quarter per state, clockwise from twelve o'clock."""
    angle = 2 * math.pi * state / 4
    x, y = c + r * math.sin(angle), c - r * math.cos(angle)
    large = 1 if state > 2 else 0
    return f"M{c},{c} L{c},{c - r} A{r},{r} 0 {large} 1 {x:.2f},{y:.2f} Z"


@register.simple_tag
def harvey_ball(state, label: str = ""):
    """State 1-4 as a quarter-filled circle; empty means the paper did not state it."""
    if state in (None, ""):
        return mark_safe('<span class="not-stated">not stated</span>')
    state = int(state)
    words = f"{label}: " if label else ""
    title = f"{words}state {state} of 4, {STATE_WORDS.get(state, '')}"
    fill = (
        '<circle cx="10" cy="10" r="9" class="fill"/>'
        if state >= 4
        else f'<path d="{quarter_path(state)}" class="fill"/>'
    )
    return format_html(
        '<svg class="harvey" role="img" viewBox="0 0 20 20" width="22" height="22" aria-label="{}">'
        '<title>{}</title><circle cx="10" cy="10" r="9" class="ring"/>{}</svg>'
        '<span class="harvey-n">{}/4</span>',
        title,
        title,
        mark_safe(fill),  # noqa: S308 -- built here from integers only
        state,
    )


@register.simple_tag
def badge(value, label=None):
    """A colour word as a badge with the word in it, so colour is never the only signal."""
    if not value:
        return mark_safe('<span class="not-stated">not stated</span>')
    return format_html('<span class="badge badge-{}">{}</span>', value, label or str(value).capitalize())


@register.filter
def signed_days(days):
    if days is None:
        return "—"
    if days == 0:
        return "on plan"
    return f"{days:+d} days"

"""The papers' page and PDF: narrative blocks set as the RID sets them, and the classification sentence."""

from django import template

from .rid_tags import block_groups

register = template.Library()

# The Panel Information Policy's words for a White paper, as the papers print them.
WHITE_SENTENCE = (
    "Information can be shared with the public, and any members may publish the information, subject to copyright."
)


@register.inclusion_tag("rid/_blocks.html")
def paper_blocks(blocks):
    return {"groups": block_groups(blocks)}


@register.simple_tag
def classification_sentence(classification: str) -> str:
    sentence = f"This document is classified as {classification} in accordance with the Panel Information Policy."
    return f"{sentence} {WHITE_SENTENCE}" if classification == "White" else sentence


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)


@register.filter
def at(values, index: int):
    """The column's heading for a cell, so a phone can label the cells of a stacked table."""
    try:
        return values[index]
    except (IndexError, TypeError):
        return ""

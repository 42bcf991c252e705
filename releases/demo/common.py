"""Small verbs the transcription modules share: find or record a modification, put it in a release."""

import datetime

from modifications.models import Modification
from releases.choices import Inclusion
from releases.models import Milestone, Narrative, Release, ScopeItem

from .clock import PaperSource

SEC_SITE = "https://smartenergycodecompany.co.uk/modifications/"


def release(slug: str) -> Release:
    return Release.objects.get(slug=slug)


def modification(reference: str) -> Modification:
    return Modification.objects.by_reference(reference)


def record_modification(
    source: PaperSource,
    reference: str,
    title: str,
    *,
    page: str = "",
    summary: str = "",
    impacts_dcc_systems: bool = False,
    aliases: tuple[str, ...] = (),
    **fields,
) -> Modification:
    """A modification as a paper first names it; `page` is the slug of the web page the paper prints."""
    mod = Modification(
        reference=reference,
        title=title,
        url=f"{SEC_SITE}{page}/" if page else "",
        summary=summary,
        impacts_dcc_systems=impacts_dcc_systems,
        **fields,
    )
    mod.full_clean()
    source.save(mod, "First named")
    for alias in aliases:
        mod.add_alias(alias)
    return mod


def target(
    source: PaperSource,
    slug: str,
    reference: str,
    *,
    part: str = "",
    inclusion: str = Inclusion.TARGETED,
    added_on: datetime.date | None = None,
    what: str = "Added to scope",
    **fields,
) -> ScopeItem:
    return ScopeItem.add(
        release=release(slug),
        modification=modification(reference),
        part=part,
        inclusion=inclusion,
        added_on=added_on or source.on,
        change_reason=source.reason(what),
        **fields,
    )


def item(slug: str, reference: str, part: str = "") -> ScopeItem:
    """The active item of a modification (part) in a release."""
    return ScopeItem.objects.active().get(release__slug=slug, modification=modification(reference), part=part)


def set_phase(source: PaperSource, reference: str, phase: str, what: str, **fields) -> Modification:
    mod = modification(reference)
    return source.amend(mod, what, phase=phase, **fields)


def record_milestones(source: PaperSource, release: Release, kind: str, rows, what: str) -> None:
    """Timetable or tracker rows (date, event, notes, owner), in the paper's order."""
    for position, (date, event, notes, owner) in enumerate(rows, start=1):
        milestone = Milestone(
            release=release, kind=kind, position=position, date=date, event=event, notes=notes, owner=owner
        )
        milestone.full_clean()
        source.save(milestone, what)


def record_narrative(source: PaperSource, release: Release, document: str, section: str, text: str, where: str):
    """A section's own paragraphs as the paper sets them; `where` names the paper's section they come from."""
    narrative = Narrative(
        release=release, document=document, section=section, text=text, source=f"{source.reference}, {where}"
    )
    narrative.full_clean()
    return source.save(narrative, f"Text of {where}")

from modifications.models import Modification
from releases.models import Release, ScopeItem


def release(slug: str) -> Release:
    return Release.objects.get(slug=slug)


def mod(reference: str) -> Modification:
    return Modification.objects.by_reference(reference)


def active_item(slug: str, reference: str, part: str = "") -> ScopeItem:
    return ScopeItem.objects.active().get(release__slug=slug, modification=mod(reference), part=part)


def scope(slug: str, *inclusions: str) -> set[str]:
    items = ScopeItem.objects.filter(release__slug=slug).select_related("modification")
    if inclusions:
        items = items.filter(inclusion__in=inclusions)
    return {item.label for item in items}

"""Which history records of the modifications app announce webhook events: a modification decided."""

from secreleases.webhooks.choices import EventKind
from secreleases.webhooks.events import envelope, register

from .choices import Phase
from .models import Modification

DECIDED = (Phase.APPROVED, Phase.REJECTED, Phase.SENT_BACK)


def classify_modification(record, previous):
    if record.phase in DECIDED and (previous is None or previous.phase != record.phase):
        return EventKind.MODIFICATION_DECIDED
    return None


def describe_modification(kind, record, previous):
    from .api.serializers import ModificationSerializer

    modification = Modification.objects.with_listing_data().filter(pk=record.id).first() or record.instance
    scope = modification.scope_items.filter(inclusion__in=("approved", "targeted")).select_related("release")
    releases = sorted({item.release.slug for item in scope})
    return {
        "release": releases[0] if len(releases) == 1 else "",
        "summary": f"{record.reference} {record.get_phase_display().lower()}",
        "data": envelope(
            record,
            previous,
            release=releases[0] if len(releases) == 1 else None,
            obj=ModificationSerializer(modification).data,
            in_scope_of=releases,
        ),
    }


def register_sources() -> None:
    register(Modification, classify=classify_modification, describe=describe_modification)

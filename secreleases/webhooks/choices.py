from django.db import models


class EventKind(models.TextChoices):
    """What an endpoint can subscribe to; each is announced from a history record (or the PDF render)."""

    SCOPE_ITEM_ADDED = "scope_item.added", "Scope item added"
    SCOPE_ITEM_CHANGED = "scope_item.changed", "Scope item changed"
    SCOPE_ITEM_MOVED = "scope_item.moved", "Scope item moved to another release"
    SCOPE_ITEM_LAPSED = "scope_item.lapsed", "Scope item lapsed"
    SCOPE_ITEM_REMOVED = "scope_item.removed", "Scope item removed"
    MODIFICATION_DECIDED = "modification.decided", "Modification decided (approved, rejected or sent back)"
    MILESTONE_CHANGED = "milestone.changed", "Milestone added or changed"
    RID_BASELINED = "rid.baselined", "RID baselined"
    RID_PDF_READY = "rid.pdf_ready", "RID PDF ready"
    DECISION_RECORDED = "decision.recorded", "Recommendation or decision recorded"
    RELEASE_RESCHEDULED = "release.rescheduled", "Release date revised"
    PING = "ping", "Test event (sent on request)"


SUBSCRIBABLE = [kind for kind in EventKind if kind != EventKind.PING]


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"

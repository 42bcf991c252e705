from django.db import models


class ReleaseStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    SCOPE_BASELINED = "scope_baselined", "Scope baselined"
    IN_TESTING = "in_testing", "In testing"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    APPROVED = "approved", "Approved for go-live"
    LIVE = "live", "Live"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"


# A release in one of these states no longer changes its scope by itself (no lapses).
CLOSED_RELEASE_STATUSES = (ReleaseStatus.LIVE, ReleaseStatus.DEFERRED, ReleaseStatus.CANCELLED)


class Inclusion(models.TextChoices):
    APPROVED = "approved", "Approved for inclusion"
    TARGETED = "targeted", "Targeted (decision pending)"
    LAPSED = "lapsed", "Lapsed"
    REMOVED = "removed", "Removed"
    DEFERRED = "deferred", "Deferred"


ACTIVE_INCLUSIONS = (Inclusion.APPROVED, Inclusion.TARGETED)


class DateKind(models.TextChoices):
    IMPLEMENTATION = "implementation", "Implementation (go-live) date"
    SYSTEM_SCOPE_LOCK = "system_scope_lock", "DCC-System scope lock"
    DOCUMENT_SCOPE_LOCK = "document_scope_lock", "SEC-document scope lock"


class Body(models.TextChoices):
    PANEL = "panel", "SEC Panel"
    OPSG = "opsg", "Operations Group"
    TAG = "tag", "Testing Advisory Group"
    SSC = "ssc", "Security Sub-Committee"
    TABASC = "tabasc", "TABASC"
    CHANGE_BOARD = "change_board", "Change Board"
    AUTHORITY = "authority", "The Authority (Ofgem)"
    DCC = "dcc", "DCC"
    SECAS = "secas", "SECAS"
    BEIS = "beis", "BEIS"


class DecisionBody(models.TextChoices):
    OPSG = "opsg", "Operations Group"
    TAG = "tag", "Testing Advisory Group"
    SSC = "ssc", "Security Sub-Committee"
    PANEL = "panel", "SEC Panel"


class Outcome(models.TextChoices):
    GO = "go", "Go"
    NO_GO = "no_go", "No-go"
    GO_WITH_CONDITIONS = "go_with_conditions", "Go with conditions"
    DEFER = "defer", "Defer"


# The Panel decides; the sub-committees recommend.
PANEL_OUTCOMES = (Outcome.GO, Outcome.NO_GO, Outcome.DEFER)
RECOMMENDATION_OUTCOMES = (Outcome.GO, Outcome.NO_GO, Outcome.GO_WITH_CONDITIONS)


class Brag(models.TextChoices):
    BLUE = "blue", "Blue (complete)"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class MilestoneKind(models.TextChoices):
    TIMETABLE = "timetable", "RID implementation timetable"
    TRACKER = "tracker", "DCC milestone tracker"


class PaperAction(models.TextChoices):
    FOR_DECISION = "for_decision", "For Decision"
    FOR_INFORMATION = "for_information", "For Information"


class Classification(models.TextChoices):
    WHITE = "white", "White"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"

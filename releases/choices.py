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


class DocumentKind(models.TextChoices):
    """The documents SECAS writes for a release; each has sections that carry the release's own paragraphs."""

    RID = "rid", "Release Implementation Document"
    RELEASES_UPDATE = "releases_update", "SEC Releases update"
    APPROVAL_TO_IMPLEMENT = "approval_to_implement", "Approval to implement"


class BlockStyle(models.TextChoices):
    """How a paragraph of narrative text is set, as the papers set them."""

    HEADING = "heading", "Sub-heading"
    PARAGRAPH = "paragraph", "Paragraph"
    BULLET = "bullet", "Bullet"
    SUB_BULLET = "sub_bullet", "Sub-bullet"
    NUMBERED = "numbered", "Numbered item"


# Where a document's own paragraphs go: (document, section key) -> where it prints.
NARRATIVE_SECTIONS = {
    DocumentKind.RID: {
        "about": "About this document, after the contents",
        "scope": "1. Scope, after the targeted modifications",
        "change_requests": "1. Scope, after the DCC Change Requests",
        "impacts": "2. Impacts, after the SEC document impacts",
        "timeline": "3. Implementation timeline, before the timetable",
        "test_strategy": "4. Test strategy, after the release's test strategy",
        "costs_dcc": "5. Costs, after the DCC costs",
        "costs_secas": "5. Costs, after the SECAS costs",
        "criteria": "6. Acceptance criteria, after the criteria",
    },
    DocumentKind.RELEASES_UPDATE: {
        "purpose": "1. Purpose",
        "scope": "Update on scope",
        "testing_approach": "Testing approach and timeline",
        "implementation_date": "Implementation date",
        "costs": "Release costs",
        "next_steps": "Next steps",
        "dcc_update": "The DCC's update",
        "service_impact": "The DCC's service impact summary",
    },
    DocumentKind.APPROVAL_TO_IMPLEMENT: {
        "purpose": "1. Purpose",
        "criteria": "2. Acceptance criteria",
        "opsg_views": "3. Views of the OPSG",
        "tag_views": "4. Views of the TAG",
        "residual_risks": "5. Residual risks",
        "approval": "6. Approval to proceed",
    },
}


class FollowNews(models.TextChoices):
    """What a release's follower may choose to hear about (ReleaseFollow's hears_* fields)."""

    CUT_OFF_REMINDERS = "cut_off_reminders", "Cut-off reminders"
    LAPSES = "lapses", "Lapses (an item leaves for its fall-back release)"
    BASELINES = "baselines", "RID baselines"
    DECISIONS = "decisions", "Recommendations and decisions"

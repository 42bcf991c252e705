from django.db import models


class Phase(models.TextChoices):
    DRAFT_PROPOSAL = "draft_proposal", "Draft Proposal"
    DEVELOPMENT = "development", "Development"
    REFINEMENT = "refinement", "Refinement"
    REPORT_PHASE = "report_phase", "Report Phase"
    CHANGE_BOARD = "change_board", "Change Board vote"
    WITH_AUTHORITY = "with_authority", "With the Authority"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SENT_BACK = "sent_back", "Sent back"
    WITHDRAWN = "withdrawn", "Withdrawn"
    IMPLEMENTED = "implemented", "Implemented"


# Phases in which a modification counts as approved for its cut-off (rule 2).
APPROVED_PHASES = (Phase.APPROVED, Phase.IMPLEMENTED)


class Route(models.TextChoices):
    SELF_GOVERNANCE = "self_governance", "Self-Governance"
    AUTHORITY_DETERMINATION = "authority_determination", "Authority Determination"
    FAST_TRACK = "fast_track", "Fast-Track"


class Impact(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    TBC = "tbc", "TBC"


class Participant(models.TextChoices):
    SUPPLIERS = "suppliers", "Suppliers"
    ELECTRICITY_NETWORKS = "electricity_networks", "Electricity Networks"
    GAS_NETWORKS = "gas_networks", "Gas Networks"
    OTHER_SEC_PARTIES = "other_sec_parties", "Other SEC Parties"
    DCC = "dcc", "DCC"


class Originator(models.TextChoices):
    SEC_MODIFICATION = "sec_modification", "SEC modification"
    BEIS = "beis", "BEIS"
    DCC = "dcc", "DCC"


class DecidingBody(models.TextChoices):
    """Who decides a modification (SEC Section D): the route says which."""

    CHANGE_BOARD = "change_board", "Change Board"
    AUTHORITY = "authority", "Authority"
    PANEL = "panel", "Panel"


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"
    SEND_BACK = "send_back", "Send back"


# The body whose decision settles a modification, by route; the Change Board also votes on an Authority
# Determination, as a recommendation that sends it to the Authority.
DECIDER_BY_ROUTE = {
    Route.SELF_GOVERNANCE: DecidingBody.CHANGE_BOARD,
    Route.AUTHORITY_DETERMINATION: DecidingBody.AUTHORITY,
    Route.FAST_TRACK: DecidingBody.PANEL,
}
# A decision is recorded once; these phases are past it.
DECIDED_PHASES = (Phase.APPROVED, Phase.REJECTED, Phase.WITHDRAWN, Phase.IMPLEMENTED)
# Phases only recording the decision sets (Modification.record_decision), since it also settles the scope items.
PHASES_SET_BY_A_DECISION = (Phase.APPROVED, Phase.REJECTED, Phase.SENT_BACK)

from django.db import models


class Category(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    TESTING = "testing", "Testing"
    SECURITY = "security", "Security"


class Reviewer(models.TextChoices):
    OPSG = "opsg", "Operations Group"
    TAG = "tag", "Testing Advisory Group"
    SSC = "ssc", "Security Sub-Committee"


# Who reviews each category in the standard set (January 2020, Annex 1).
REVIEWER_FOR_CATEGORY = {
    Category.OPERATIONAL: Reviewer.OPSG,
    Category.TESTING: Reviewer.TAG,
    Category.SECURITY: Reviewer.SSC,
}


class Assessment(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not assessed"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class RiskKind(models.TextChoices):
    RESIDUAL = "residual", "Residual risk"
    LOG = "log", "Risk/issue log"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    CLOSED = "closed", "Closed"


OPEN_RISK_STATUSES = (RiskStatus.OPEN,)


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ReadinessState(models.IntegerChoices):
    BUILDING = 1, "Building in progress"
    BUILT_TESTING = 2, "Built, testing not complete"
    # The slides' key words it so; DOMAIN.md had "ready for deployment" alone.
    READY_FOR_DEPLOYMENT = 3, "Built, tested, ready for deployment and live operation"
    READY_FOR_LIVE = 4, "Built, tested, deployed and ready for live operation"

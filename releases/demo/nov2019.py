"""SECP_74_1511_22 (8 November 2019): approval to implement the November 2019 SEC Release."""

from acceptance.choices import RiskKind
from acceptance.models import Criterion, Risk
from releases.choices import DateKind, DecisionBody, Outcome, ReleaseStatus
from releases.models import Decision, Release

from .clock import PaperSource
from .common import record_modification

# Section 2: the older set of 7, written without categories or reviewers.
CRITERIA_NOV_2019 = [
    "The DCC has developed the coding for each approved change and confirmed it will be able to deploy this to "
    "the live environment on the agreed implementation date.",
    "The DCC has completed and closed each Test Phase against the agreed exit criteria.",
    "The DCC has confirmed that there are no Severity 1 or 2 defects outstanding that would be deployed to the "
    "live environment.",
    "The DCC has produced a clear resolution plan for any outstanding Severity 3, 4 or 5 defects and that the "
    "number of outstanding Testing Issues is within the agreed threshold figures.",
    "The DCC has demonstrated that the System and User Integration Testing (SIT and UIT) test environments were "
    "aligned to the solution being deployed to production; if there were any differences, these were identified "
    "and the risks these posed demonstrably managed.",
    "The DCC has demonstrated that it is ready to operate the new or updated capabilities.",
    "SECAS will be ready to implement the approved changes to the SEC on the agreed implementation date.",
]

OPSG_VIEW = (
    "The OPSG considered the DCC's operational readiness on 8 November 2019 and agreed that the go-live criteria "
    "have been met and that the November 2019 SEC Release is ready to be set live."
)
TAG_VIEW = (
    "The TAG considered the results of the DCC's testing on 8 November 2019 and agreed that the go-live criteria "
    "have been met and that the November 2019 SEC Release is ready to be set live. Additional testing was agreed "
    "with the TAG to show that deactivating previously active code not part of the release (CR1066) has no "
    "detrimental impact; this delayed implementation until 29 November. The TAG expressed significant "
    "frustration at information provided too late to allow detailed scrutiny."
)

RESIDUAL_RISK = (
    "There is a risk that SECMP0062 will be deployed 'ON' in a future release without being approved by the SEC Panel"
)
MITIGATIONS = [
    "1. The DCC Transition Team will review release notes on all releases until SECMP0062 formally goes live, to "
    "ensure the feature switches are 'OFF' until necessary testing and SEC approvals have been concluded.",
    "2. The DCC SEC Release Team is tracking the delivery of SECMP0062 and will build the change into scope for a "
    "future SEC Release (likely to be in 2020), with approval of the Change Board and the SEC Panel.",
    "3. The DCC SEC Release Team has confirmed that the SECMP0062 feature switches can only be turned on as part "
    "of a build in a future release. There is no risk of the switches being turned on outside of a deployment of "
    "code (in a release).",
]
SUB_COMMITTEES_VIEWS = (
    "The OPSG questioned the DCC on how this would be enforced. The DCC responded that the check would be added "
    "to the Release Management checklist and Runbook and enforced by the DCC's Change Management Team. Further, "
    "an Alert is generated when one of the switches is changed. This is monitored by TOC. The OPSG accepted the "
    "DCC's planned mitigations subject to this clarification."
)


def load(source: PaperSource) -> None:
    nov_2019 = Release(
        slug="november-2019",
        name="November 2019 SEC Release",
        status=ReleaseStatus.AWAITING_DECISION,  # the paper asks the Panel to approve go-live
        source_note="SECP_74_1511_22 (Panel, 8 November 2019).",
    )
    nov_2019.full_clean()
    source.save(nov_2019, "Release recorded")
    # The paper gives only the new date; the earlier one is not stated.
    nov_2019.reschedule(
        DateKind.IMPLEMENTATION,
        source.on.replace(day=29),
        reason="Additional testing agreed with the TAG (deactivating CR1066 code) delayed implementation "
        "until 29 November 2019.",
        paper=source.reference,
    )

    for number, text in enumerate(CRITERIA_NOV_2019, start=1):
        criterion = Criterion(release=nov_2019, number=number, text=text)
        criterion.full_clean()
        source.save(criterion, "Acceptance criterion in the RID")

    for body, notes in ((DecisionBody.OPSG, OPSG_VIEW), (DecisionBody.TAG, TAG_VIEW)):
        decision = Decision(
            release=nov_2019, body=body, outcome=Outcome.GO, date=source.on, paper=source.reference, notes=notes
        )
        decision.full_clean()
        source.save(decision, "Recommendation recorded")

    record_modification(
        source,
        "SECMP0062",
        "Northbound Application Traffic Management – Alert Storm Protection",
        page="northbound-application-traffic-management-alert-storm-protection",
        impacts_dcc_systems=True,
    )
    risk = Risk(
        release=nov_2019,
        kind=RiskKind.RESIDUAL,
        description=RESIDUAL_RISK,
        mitigations="\n\n".join(MITIGATIONS),
        views=SUB_COMMITTEES_VIEWS,
        raised_by="DCC",
        source=source.reference,
    )
    risk.full_clean()
    source.save(risk, "Residual risk set out by the DCC")

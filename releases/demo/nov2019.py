"""SECP_74_1511_22 (8 November 2019): approval to implement the November 2019 SEC Release."""

from acceptance.choices import RiskKind, RiskStatus
from acceptance.models import Criterion, Risk
from releases.choices import DateKind, DecisionBody, DocumentKind, Outcome, ReleaseStatus
from releases.models import Decision, Release

from .clock import PaperSource
from .common import record_modification, record_narrative

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

# Sections 3 and 4 as the paper sets them: what each body noted, then what it agreed.
OPSG_VIEWS = """The OPSG considered the DCC’s operational readiness on 8 November 2019. It noted the following statements from the DCC:
- The DCC has ensured that Early Life Support Service and Business As Usual teams are in place, to enable the successful release into live and to support in the live environment. Having tested the impacted processes and having received written confirmation of operational readiness from the impacted Functions and Capabilities, the DCC is confident in supporting the November 2019 Release in the Live Environment from 29 November 2019.
- The DCC has established the Technical Operating Centre (TOC) to monitor the existing services and to ensure that there are no extant issues which might affect the DCC’s decision to go live with the November 2019 SEC Release. Currently, there are no issues in production which would prevent Go-Live, but the DCC will continue to monitor the service up until Go-Live with a final go/no-go decision being made prior to go-live.
- This SEC Release is also the first to include Modification Proposals impacting on DCC Systems, and therefore there are a limited number of previous lessons that relate to such a release. However, the DCC has applied the lessons learned from the SMETS1 release.
- The DCC has also undertaken thorough impact analysis on the components of the release. The overall impact is a positive one for Service Users with no impact on end consumers. Detailed benefits for each of the modifications have been listed in the respective documentation available on the SEC website.
- The DCC is satisfied that there is no impact on Business Continuity or Disaster Recovery. This has been confirmed by the Senior Business Resilience Manager following a review of the impact of the November 2019 SEC Release.
The OPSG agreed that the go-live criteria have been met and that the November 2019 SEC Release is ready to be set live."""  # noqa: E501
TAG_VIEWS = """The TAG considered the results of the DCC’s testing on 8 November 2019. It noted the following:
- The testing undertaken by the DCC and reviewed by the TAG satisfactorily demonstrates that the code required to deliver the changes to DCC Systems associated with the November 2019 SEC Release has been developed to an acceptable standard.
- Additional testing was agreed with the TAG to demonstrate that when previously active code which does not form part of the November 2019 SEC release (CR1066) is deactivated, this does not have any detrimental impacts to either the November 2019 SEC Release or existing live Services. This additional testing resulted in implementation being delayed until 29 November. The DCC has confirmed that it will be able to deploy the November 2019 SEC Release into the production environment on that date.
- The TAG has reviewed each of the DCC’s completion reports in relation to the relevant testing phases for the November 2019 SEC Release, and has confirmed that all of the entry and exit criteria have been met.
- The TAG monitored the Systems Integrating Testing (SIT) undertaken by the DCC and has scrutinised the results of that testing. Whilst several defects were identified during testing, no Severity 1 or 2 defects remain unresolved and resolution plans are in place for any outstanding Severity 3, 4 or 5 defects. The number of outstanding Testing Issues is comfortably within the agreed threshold.
- The DCC has satisfactorily demonstrated that appropriate testing was completed in the SIT A environment, which most closely aligned with the production environment. Whilst a significant amount of testing was undertaken in the SIT B environment, the final stages of SIT were completed in the SIT A environment, to ensure that any risks which could arise as a result of differences between the testing environments and the production environment are minimised. Use of the SIT A environment prior to deployment into production is standard practice, and the DCC has proven processes in place to manage deployment risk.
- A comprehensive performance test has been undertaken by the DCC to ensure that there will be no degradation of service performance resulting from the introduction of the November 2019 SEC Release.
- Significant frustration was expressed by the TAG regarding information being provided too late to allow detailed scrutiny. This problem was aggravated by the high volume of detailed documents that the TAG is required to review. Consequently, the TAG’s assessment was primarily based on information provided by DCC during the meeting held on 8 November, with the TAG unable to validate this using the supporting documentation. The DCC and SECAS will review how key governance steps should be managed during future SMETS1 migration activities.
The TAG agreed that the go-live criteria have been met and that the November 2019 SEC Release is ready to be set live."""  # noqa: E501
# Each body's recommendation is the sentence that closes its section.
OPSG_VIEW = OPSG_VIEWS.splitlines()[-1]
TAG_VIEW = TAG_VIEWS.splitlines()[-1]

RESIDUAL_RISK = (
    "There is a risk that SECMP0062 will be deployed ‘ON’ in a future release without being approved by the SEC Panel"
)
MITIGATIONS = [
    "1. The DCC Transition Team will review release notes on all releases until SECMP0062 formally goes live, to "
    "ensure the feature switches are ‘OFF’ until necessary testing and SEC approvals have been concluded.",
    "2. The DCC SEC Release Team is tracking the delivery of SECMP0062 and will build the change into scope for a "
    "future SEC Release (likely to be in 2020), with approval of the Change Board and the SEC Panel.",
    "3. The DCC SEC Release Team has confirmed that the SECMP0062 feature switches can only be turned on as part "
    "of a build in a future release. There is no risk of the switches being turned on outside of a deployment of "
    "code (in a release).",
]
SUB_COMMITTEES_VIEWS = (
    "The OPSG questioned the DCC on how this would be enforced. The DCC responded that the check would be added "
    "to the Release Management checklist and Runbook and enforced by the DCC’s Change Management Team. Further, "
    "an Alert is generated when one of the switches is changed. This is monitored by TOC. The OPSG accepted the "
    "DCC’s planned mitigations subject to this clarification."
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
        Decision.record(
            release=nov_2019,
            body=body,
            outcome=Outcome.GO,
            date=source.on,
            paper=source.reference,
            notes=notes,
            reason=source.reason("Recommendation recorded"),
        )
    record_narrative(source, nov_2019, DocumentKind.APPROVAL_TO_IMPLEMENT, "opsg_views", OPSG_VIEWS, "section 3")
    record_narrative(source, nov_2019, DocumentKind.APPROVAL_TO_IMPLEMENT, "tag_views", TAG_VIEWS, "section 4")

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
        # "The OPSG accepted the DCC's planned mitigations subject to this clarification."
        status=RiskStatus.ACCEPTED,
        source=f"{source.reference}, section 5",
    )
    risk.full_clean()
    source.save(risk, "Residual risk set out by the DCC; the OPSG accepted its mitigations")

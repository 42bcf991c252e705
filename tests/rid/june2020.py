# ruff: noqa: E501 -- transcribed text, one paper line per row
"""The June 2020 SEC Release as its RID v1.1 (10 January 2020) states it, for the RID tests.

Everything is transcribed from Appendix A of SECP_76_1701_23, except the targeted items' cut-off
dates, fall-backs and status lines, which v1.1 did not print: those are test values.
"""

import datetime
from decimal import Decimal

from acceptance.models import Criterion
from modifications.models import ChangeRequest, DocumentImpact, Modification, ParticipantImpact, SecDocument
from releases.models import CostBreakdownLine, Milestone, Release, RidVersion, ScopeItem, SecasCost
from secreleases.clock import as_of

D = datetime.date

MODIFICATIONS = [
    (
        "SECMP0053",
        "Amend Target Response Times for Service Requests Critical to Installation and Commissioning Processes",
        "will reduce the Target Response Times for time-critical Service Requests relating to the installation "
        "and commissioning process.",
        True,
    ),
    (
        "SECMP0062",
        "Northbound Application Traffic Management – Alert Storm Protection",
        "proposes to put in place a traffic management system for Alerts issued by Devices to protect the DCC "
        "System and Service Users against alert storms originating from a single Device. SECMP0062 is being "
        "implemented in two parts, with the first part of the solution, the mechanism for throttling Alerts, "
        "being implemented in this release.",
        True,
    ),
    (
        "MP079",
        "Provisions for withdrawing modifications",
        "proposes to grant the SEC Panel the power to withdraw Modification Proposals if feedback from the "
        "Change Sub-Committee (CSC) and the Working Group suggest this is the appropriate course of action.",
        False,
    ),
    (
        "MP084",
        "Other User Panel Seating Amendment",
        "proposes to create a seat on the SEC Panel to ensure representation from the Other Users sub-set of "
        "the Other SEC Parties category.",
        False,
    ),
    (
        "MP088",
        "Power to raise modifications",
        "proposes to expand the list of Parties that can raise Draft Proposals to include SECAS, the SEC Panel "
        "and Sub-Committees.",
        False,
    ),
]

SUPPLIERS, ELEC, GAS, OTHER, DCC = "suppliers", "electricity_networks", "gas_networks", "other_sec_parties", "dcc"
PARTICIPANT_IMPACTS = [
    (
        "SECMP0053",
        SUPPLIERS,
        "",
        "Suppliers will receive a response to Service Requests 6.14.1 ‘Update Device Configuration (Auxiliary "
        "Load Control Description)’, 6.14.2 ‘Update Device Configuration (Auxiliary Load Control Scheduler)’ and "
        "7.9 ‘Add Auxiliary Load to Boost Button’ within 30 seconds, rather than 24 hours.",
    ),
    (
        "SECMP0053",
        DCC,
        "Communications Service Providers",
        "The Communications Service Providers will need to ensure that a response to Service Requests 6.14.1, "
        "6.14.2 and 7.9 are received by the User within 30 seconds.",
    ),
    ("SECMP0062", SUPPLIERS, "", "Suppliers may be subject to the throttling of Alerts from Devices that exceed defined thresholds."),
    ("SECMP0062", ELEC, "", "Electricity Network Parties may be subject to the throttling of Alerts from Devices that exceed defined thresholds."),
    ("SECMP0062", GAS, "", "Gas Network Parties may be subject to the throttling of Alerts from Devices that exceed defined thresholds."),
    ("SECMP0062", OTHER, "", "Parties may be subject to the throttling of Alerts from Devices that exceed defined thresholds."),
    (
        "SECMP0062",
        DCC,
        "Data Service Provider",
        "The Data Service Provider will throttle Alerts issued by Devices when the number of a specific Alert "
        "exceeds the set thresholds.",
    ),
    ("MP079", SUPPLIERS, "", "Modification Proposals raised by Suppliers may be subject to withdrawal by the SEC Panel."),
    ("MP079", ELEC, "", "Modification Proposals raised by Electricity Network Parties may be subject to withdrawal by the SEC Panel."),
    ("MP079", GAS, "", "Modification Proposals raised by Gas Network Parties may be subject to withdrawal by the SEC Panel."),
    ("MP079", OTHER, "", "Modification Proposals raised by Other SEC Parties may be subject to withdrawal by the SEC Panel."),
    ("MP079", DCC, "Governance", "Modification Proposals raised by the DCC may be subject to withdrawal by the SEC Panel."),
    (
        "MP084",
        OTHER,
        "",
        "Other Users will have a seat on the Panel to be filled by a representative for this sub-group of Other "
        "SEC Parties.",
    ),
]  # fmt: skip

DOCUMENTS = [
    ("Section A", "Definitions and Interpretation", ["SECMP0062"]),
    ("Section C", "Governance", ["MP084"]),
    ("Section D", "Modification Process", ["MP079", "MP088"]),
    ("Section G", "Security", ["MP088"]),
    ("Section H", "DCC Services", ["SECMP0062"]),
    ("Section L", "Smart Metering Key Infrastructure and DCC Key Infrastructure", ["MP088"]),
    ("Appendix E", "DCC User Interface Services Schedule", ["SECMP0053"]),
    ("Appendix AB", "Service Request Processing Document", ["SECMP0062"]),
    ("Appendix AH", "Self Service Interface Access Control Specification", ["SECMP0062"]),
]

TIMETABLE = [
    (D(2019, 10, 11), "Panel baselines RID for system-impacting modifications", "The Panel will review the RID for DCC System-impacting modifications (including modifications targeted but not approved) and baseline the document."),
    (D(2020, 1, 17), "Panel baselines RID for non-system-impacting modifications", "The Panel will review the RID for non-DCC System-impacting modifications (including modifications targeted but not approved) and re-baseline the document to include these."),
    (None, "DCC submits draft SEC Release TAD", ""),
    (None, "TAG reviews draft SEC Release TAD", ""),
    (None, "DCC consults on draft SEC Release TAD", "The DCC will consult the industry on the draft TAD."),
    (None, "DCC submits updated SEC Release TAD", "The TAD will be updated to account for comments provided by the TAG and from the consultation."),
    (None, "TAG reviews updated SEC Release TAD", "The TAG will provide a view to the Panel on whether this document is suitable for use."),
    (None, "Panel reviews SEC Release TAD", "The Panel will review the TAD and incorporate it into the RID."),
    (None, "SIT commences", ""),
    (None, "DCC submits SIT Completion Report", ""),
    (None, "TAG reviews SIT Completion Report", "The TAG will provide a recommendation to the Panel on whether SIT has been completed successfully."),
    (None, "Panel approves SIT Completion Report", ""),
    (None, "Test Participants inform DCC of their regression testing plans", "By 10 Working Days before UIT begins"),
    (None, "UIT commences", ""),
    (None, "Test Participants provide regression testing results to DCC", "By five Working Days before UIT completion"),
    (None, "UIT window closes", ""),
    (D(2020, 5, 20), "DCC submits UIT Completion Report and evidence against the testing acceptance criteria", ""),
    (D(2020, 5, 26), "DCC submits evidence against the operational acceptance criteria", ""),
    (D(2020, 5, 27), "TAG reviews UIT Completion Report and status against the testing acceptance criteria", "The TAG will provide a recommendation to the Panel on whether UIT has been completed successfully and on whether the release should be implemented as planned."),
    (D(2020, 6, 2), "Operations Group reviews status against the operational acceptance criteria", "The Operations Group will provide a recommendation to the Panel on whether the release should be implemented as planned."),
    (D(2020, 6, 12), "Panel approves UIT Completion Report", ""),
    (D(2020, 6, 12), "Panel go/no-go decision", "The Panel will review the status of the release against the acceptance criteria and will determine if the release should be implemented as planned."),
    (D(2020, 6, 25), "Release go-live", "The changes are implemented."),
]  # fmt: skip

OPERATIONAL = [
    "The DCC has brought to readiness all the new and changed components needed to provide the new services. This will include completing the service design and proving the service operations capability.",
    "The DCC has demonstrated that all pre-existing services will be stable in the run-up to deployment of the release.",
    "The DCC has proven that the new services can be operated alongside, and integrated with, the existing services.",
    "The DCC has assessed the risk posed by existing problems and defects in the existing live service, and the implications these will have for the revised service.",
    "The DCC has demonstrated that lessons learnt from previous SEC Releases and other DCC changes have been taken on board.",
    "The DCC has demonstrated there will be no detrimental impact on consumers’ experience.",
    "The DCC has completed assurance of the Business Continuity and Disaster Recovery processes.",
    "SECAS will be ready to implement the approved changes to the SEC on the agreed implementation date.",
    "SECAS has brought to readiness all the new and changed components that it is responsible for that are needed to support the new services.",
]  # fmt: skip
TESTING = [
    "The DCC has developed the coding for each approved change and confirmed it will be able to deploy this to the production environment on the agreed implementation date.",
    "The DCC has completed and closed each test phase against the agreed exit criteria specified in the TAD.",
    "The DCC has successfully completed regression testing.",
    "The DCC has confirmed that there are no Severity 1 or 2 defects outstanding that would be deployed to the live environment.",
    "The DCC has produced a clear resolution plan for any outstanding Severity 3, 4 or 5 defects and that the number of remaining testing issues is within the agreed threshold figures specified in the TAD.",
    "The DCC has demonstrated that the SIT and UIT test environments were aligned to the solution being deployed to the production environment; if there were any differences, these were identified and the risks these posed demonstrably managed.",
]  # fmt: skip

VERSIONS = [
    ("0.1", D(2019, 5, 9), None, "First draft issued to the Technical Architecture and Business Architecture Sub-Committee (TABASC), the Operations Group and SEC Parties for comment."),
    ("0.2", D(2019, 9, 12), None, "Updated draft issued to the TABASC, the Operations Group and SEC Parties for comment."),
    ("0.3", D(2019, 10, 4), None, "Updated draft following comments from the TABASC and the Operations Group presented to Panel to be baselined."),
    ("1.0", D(2019, 10, 11), D(2019, 10, 11), "Version baselined by the Panel to cover the proposed scope of the release on the DCC Systems."),
]  # fmt: skip

TEST_STRATEGY = """DCC’s testing approach

The DCC’s SEC Release Testing Approach Document will be provided as Annex A to this document in due course. This will cover the DCC’s approach to SIT.

User testing approach

The DCC’s SEC Release Testing Approach Document will be provided as Annex A to this document in due course. This will cover the DCC’s approach to UIT."""  # noqa: E501

# Not printed in v1.1: test values for the targeted items' cut-offs, fall-backs and status lines.
TARGETED = {
    "SECMP0062": ("Part 1", D(2020, 2, 21), "The Change Board vote will be held on 26 February 2020 under Self-Governance."),
    "MP079": ("", D(2020, 3, 27), "The Modification Report will be presented to the Panel in March 2020."),
    "MP084": ("", D(2020, 4, 24), "The Change Board recommended MP084 be approved; the Authority will decide."),
    "MP088": ("", D(2020, 4, 24), "The Change Board recommended MP088 be approved; the Authority will decide."),
}  # fmt: skip


def build_june_2020(*, with_november: bool = True) -> Release:
    """As SECAS kept it on 17 January 2020 (the day the rules judge: the releases were still ahead)."""
    with as_of(D(2020, 1, 17)):
        return build(with_november=with_november)


def build(*, with_november: bool) -> Release:
    november = None
    if with_november:
        november = Release.objects.create(
            slug="november-2020", name="November 2020 SEC Release", implementation_date=D(2020, 11, 29)
        )
    release = Release.objects.create(
        slug="june-2020",
        name="June 2020 SEC Release",
        implementation_date=D(2020, 6, 25),
        system_scope_lock_date=D(2019, 10, 11),
        document_scope_lock_date=D(2020, 1, 17),
        web_page="https://smartenergycodecompany.co.uk/june-2020-sec-release/",
        test_strategy=TEST_STRATEGY,
        other_code_impacts="No other Codes are impacted as a result of this SEC Release.",
        dcc_quoted_total=Decimal("1120042"),
        operational_cost_impact="No impact on operational costs have been identified.",
    )
    modifications = {}
    for reference, title, summary, system in MODIFICATIONS:
        modifications[reference] = Modification.objects.create(
            reference=reference, title=title, summary=summary, impacts_dcc_systems=system, phase="report_phase"
        )
    with modifications["SECMP0053"].by_verb("phase"):  # the RID states the approval, not who gave it
        modifications["SECMP0053"].phase = "approved"
        modifications["SECMP0053"].save()
    ScopeItem.add(
        release=release, modification=modifications["SECMP0053"], inclusion="approved", added_on=D(2019, 5, 9)
    )
    for reference, (part, cut_off, note) in TARGETED.items():
        ScopeItem.add(
            release=release,
            modification=modifications[reference],
            part=part,
            inclusion="targeted",
            cut_off_date=cut_off,
            status_note=note,
            fall_back_release=november,
            added_on=D(2019, 10, 4) if modifications[reference].impacts_dcc_systems else D(2020, 1, 10),
        )
    for reference, participant, area, summary in PARTICIPANT_IMPACTS:
        ParticipantImpact.objects.create(
            modification=modifications[reference], participant=participant, area=area, summary=summary
        )
    for position, (code, title, references) in enumerate(DOCUMENTS):
        document, _ = SecDocument.objects.get_or_create(code=code, defaults={"title": title, "position": position})
        for reference in references:
            DocumentImpact.objects.create(modification=modifications[reference], document=document)
    ChangeRequest.objects.create(
        number="CR1088",
        title="DCC Production Proving",
        originator="dcc",
        release=release,
        description="proposes that the DCC should undertake production proving activities. This involves "
        "conducting tests using production meters and other Devices in the live production environment.",
    )
    for position, (date, event, notes) in enumerate(TIMETABLE):
        Milestone.objects.create(release=release, position=position, date=date, event=event, notes=notes)
    CostBreakdownLine.objects.create(
        release=release,
        modification=modifications["SECMP0053"],
        design_build_pit=Decimal("53572"),
        sit=Decimal("26639"),
        uit=Decimal("5929"),
        implement_to_live=Decimal("5510"),
    )
    CostBreakdownLine.objects.create(
        release=release,
        modification=modifications["SECMP0062"],
        design_build_pit=Decimal("964346"),
        sit=Decimal("96995"),
        uit=Decimal("9359"),
        implement_to_live=Decimal("17692"),
    )
    SecasCost.objects.create(
        release=release,
        activity="Update and implement the changes to the SEC",
        days=Decimal("2"),
        amount=Decimal("1200"),
        note="SECAS will incur two days effort, equating to around £1,200, to update and implement the changes.",
    )
    SecasCost.objects.create(
        release=release,
        activity="Project management of the release",
        days=Decimal("20"),
        amount=Decimal("12000"),
        note="A maximum of 20 days of effort; already accounted for in the SECAS budget.",
    )
    for number, text in enumerate(OPERATIONAL, start=1):
        Criterion.objects.create(release=release, category="operational", number=number, text=text, reviewer="opsg")
    for number, text in enumerate(TESTING, start=1):
        Criterion.objects.create(release=release, category="testing", number=number, text=text, reviewer="tag")
    for version, dated, baselined_on, changes in VERSIONS:
        RidVersion.objects.create(
            release=release, version=version, dated=dated, baselined_on=baselined_on, changes=changes
        )
    return release

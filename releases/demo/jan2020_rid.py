"""What the June 2020 RID v1.1 (Appendix A of SECP_76_1701_23) states, as data."""

import datetime

from releases.choices import Body

d = datetime.date

# "About this document" is the RID's own wording with the release's name and date, so it is generated from the
# data (the v1.1 snapshot says 25 June 2020, the date then); what follows the contents is the release's own.
TEST_STRATEGY = (
    "## DCC’s testing approach\n"
    "The DCC’s SEC Release Testing Approach Document will be provided as Annex A to this document in due course. "
    "This will cover the DCC’s approach to SIT.\n"
    "## User testing approach\n"
    "The DCC’s SEC Release Testing Approach Document will be provided as Annex A to this document in due course. "
    "This will cover the DCC’s approach to UIT."
)
OTHER_CODE_IMPACTS = "No other Codes are impacted as a result of this SEC Release."
OPERATIONAL_COSTS = "No impact on operational costs have been identified."
WEB_PAGE = "https://smartenergycodecompany.co.uk/june-2020-sec-release/"

# Section 1: each description as the RID writes it after the title ("... Processes’ will reduce ...").
SUMMARIES = {
    "SECMP0053": "will reduce the Target Response Times for time-critical Service Requests relating to the "
    "installation and commissioning process.",
    "SECMP0062": "proposes to put in place a traffic management system for Alerts issued by Devices to protect the "
    "DCC System and Service Users against alert storms originating from a single Device.",
    "MP079": "proposes to grant the SEC Panel the power to withdraw Modification Proposals if feedback from the "
    "Change Sub-Committee (CSC) and the Working Group suggest this is the appropriate course of action.",
    "MP084": "proposes to create a seat on the SEC Panel to ensure representation from the Other Users sub-set of "
    "the Other SEC Parties category.\n"
    "  - The Proposed Solution is to require one of the existing Other SEC Party seats to be filled by an Other User.\n"
    "  - The Alternative Solution is to create a new seat on the Panel specifically for Other Users.",
    "MP088": "proposes to expand the list of Parties that can raise Draft Proposals to include SECAS, the SEC Panel "
    "and Sub-Committees.",
}
# Written for Part 1 in this release, so it belongs to the June 2020 Part 1 item, not to the modification.
SECMP0062_PART_1 = (
    "SECMP0062 is being implemented in two parts, with the first part of the solution, the mechanism for throttling "
    "Alerts, being implemented in this release. The second stage of the solution will be implemented in a later "
    "release and will cover the changes to allow Users to be notified of throttled Alerts via the metadata in the "
    "Alerts that are allowed through."
)

# The RID's own paragraphs, section by section (RID = Appendix A of SECP_76_1701_23).
NARRATIVE = {
    "about": (
        "RID v1.1, About this document",
        "This document also has one annex:\n"
        "- Annex A will contain the Data Communication Company’s (DCC’s) SEC Release Testing Approach Document "
        "(TAD) for this release – this document will be produced by the DCC at a later date.",
    ),
    "scope": (
        "RID v1.1, section 1 (Targeted Modification Proposals)",
        "No further modifications that impact on DCC Systems are expected to be added. Further modifications that "
        "do not impact on DCC Systems may be added as exceptions to the scope of this release later, subject to "
        "Panel approval.",
    ),
    "timeline": (
        "RID v1.1, section 3",
        "This timeline includes the dates on which decisions on modifications are anticipated, dates for when the "
        "System Integration Testing (SIT) and User Integration Testing (UIT) test phases are planned to commence "
        "and complete, and key governance steps for the Panel and the Testing Advisory Group (TAG) to complete.\n"
        "Please note that the DCC is currently working with the TAG to determine the most effective testing "
        "approach for this SEC Release. Dates for the production of the TAD, testing windows and the submission "
        "and approval of the SIT and UIT Completion Reports will be provided following these discussions. Dates "
        "are based on scheduled meetings, but ad-hoc meetings may be required in order to sign these documents off.",
    ),
    "costs_dcc": (
        "RID v1.1, section 5 (DCC costs)",
        "The DCC has provided the standalone costs for SIT, UIT and Implement to Live for each modification as part "
        "of the DCC Impact Assessment. Now that the scope of the release is confirmed and the DCC Preliminary "
        "Assessments for all candidate modifications are complete, the DCC is completing a combined DCC "
        "Preliminary Assessment. This will provide a combined estimated cost for each of these stages when the "
        "modifications and the DCC Change Requests are delivered as a single package. The total costs for SIT, UIT "
        "and Implement to Live will also be shared between this SEC Release and the DCC Change Requests.",
    ),
    "costs_secas": (
        "RID v1.1, section 5 (SECAS costs)",
        "This cost has already been accounted for in the SECAS budget, and so Parties will not incur any additional "
        "costs.",
    ),
}

# Participant impact matrix: the ticks, column by column.
PARTICIPANT_MATRIX = {
    "SECMP0053": ("suppliers", "dcc"),
    "SECMP0062": ("suppliers", "electricity_networks", "gas_networks", "other_sec_parties", "dcc"),
    "MP079": ("suppliers", "electricity_networks", "gas_networks", "other_sec_parties", "dcc"),
    "MP084": ("other_sec_parties",),
    "MP088": (),
}

# The "SEC Party impacts" and "DCC impacts" tables, bullet by bullet. Each bullet describes exactly one
# modification's change, and every bullet falls on a tick of the matrix above.
THROTTLING = "{} may be subject to the throttling of Alerts from Devices that exceed defined thresholds."
WITHDRAWAL = "Modification Proposals raised by {} may be subject to withdrawal by the SEC Panel."
IMPACT_SUMMARIES = {
    ("SECMP0053", "suppliers", ""): "Suppliers will receive a response to Service Requests 6.14.1 ‘Update Device "
    "Configuration (Auxiliary Load Control Description)’, 6.14.2 ‘Update Device Configuration (Auxiliary Load Control "
    "Scheduler)’ and 7.9 ‘Add Auxiliary Load to Boost Button’ within 30 seconds, rather than 24 hours.",
    ("SECMP0053", "dcc", "Communications Service Providers"): "The Communications Service Providers will need to "
    "ensure that a response to Service Requests 6.14.1, 6.14.2 and 7.9 are received by the User within 30 seconds.",
    ("SECMP0062", "suppliers", ""): THROTTLING.format("Suppliers"),
    ("SECMP0062", "electricity_networks", ""): THROTTLING.format("Electricity Network Parties"),
    ("SECMP0062", "gas_networks", ""): THROTTLING.format("Gas Network Parties"),
    ("SECMP0062", "other_sec_parties", ""): THROTTLING.format("Parties"),
    ("SECMP0062", "dcc", "Data Service Provider"): "The Data Service Provider will throttle Alerts issued by Devices "
    "when the number of a specific Alert exceeds the set thresholds.",
    ("MP079", "suppliers", ""): WITHDRAWAL.format("Suppliers"),
    ("MP079", "electricity_networks", ""): WITHDRAWAL.format("Electricity Network Parties"),
    ("MP079", "gas_networks", ""): WITHDRAWAL.format("Gas Network Parties"),
    ("MP079", "other_sec_parties", ""): WITHDRAWAL.format("Other SEC Parties"),
    ("MP079", "dcc", "Governance"): WITHDRAWAL.format("the DCC"),
    ("MP084", "other_sec_parties", ""): "Other Users will have a seat on the Panel to be filled by a representative "
    "for this sub-group of Other SEC Parties.",
}

SEC_DOCUMENTS = [
    ("Section A", "Definitions and Interpretation"),
    ("Section C", "Governance"),
    ("Section D", "Modification Process"),
    ("Section G", "Security"),
    ("Section H", "DCC Services"),
    ("Section L", "Smart Metering Key Infrastructure and DCC Key Infrastructure"),
    ("Appendix E", "DCC User Interface Services Schedule"),
    ("Appendix AB", "Service Request Processing Document"),
    ("Appendix AH", "Self Service Interface Access Control Specification"),
]

# SEC document impact matrix, read column by column from the tick positions.
DOCUMENT_MATRIX = {
    "Section A": ("SECMP0062",),
    "Section C": ("MP084",),
    "Section D": ("MP079", "MP088"),
    "Section G": ("MP088",),
    "Section H": ("SECMP0062",),
    "Section L": ("MP088",),
    "Appendix E": ("SECMP0053",),
    "Appendix AB": ("SECMP0062",),
    "Appendix AH": ("SECMP0062",),
}

# Release implementation timetable: (date, event, notes, owner). The TAD and test rows have no date yet.
TIMETABLE = [
    (
        d(2019, 10, 11),
        "Panel baselines RID for system-impacting modifications",
        "The Panel will review the RID for DCC System-impacting modifications (including modifications targeted "
        "but not approved) and baseline the document.",
        Body.PANEL,
    ),
    (
        d(2020, 1, 17),
        "Panel baselines RID for non-system-impacting modifications",
        "The Panel will review the RID for non-DCC System-impacting modifications (including modifications "
        "targeted but not approved) and re-baseline the document to include these.",
        Body.PANEL,
    ),
    (None, "DCC submits draft SEC Release TAD", "", Body.DCC),
    (None, "TAG reviews draft SEC Release TAD", "", Body.TAG),
    (None, "DCC consults on draft SEC Release TAD", "The DCC will consult the industry on the draft TAD.", Body.DCC),
    (
        None,
        "DCC submits updated SEC Release TAD",
        "The TAD will be updated to account for comments provided by the TAG and from the consultation.",
        Body.DCC,
    ),
    (
        None,
        "TAG reviews updated SEC Release TAD",
        "The TAG will provide a view to the Panel on whether this document is suitable for use.",
        Body.TAG,
    ),
    (
        None,
        "Panel reviews SEC Release TAD",
        "The Panel will review the TAD and incorporate it into the RID.",
        Body.PANEL,
    ),
    (None, "SIT commences", "", None),
    (None, "DCC submits SIT Completion Report", "", Body.DCC),
    (
        None,
        "TAG reviews SIT Completion Report",
        "The TAG will provide a recommendation to the Panel on whether SIT has been completed successfully.",
        Body.TAG,
    ),
    (None, "Panel approves SIT Completion Report", "", Body.PANEL),
    (
        None,
        "Test Participants inform DCC of their regression testing plans",
        "By 10 Working Days before UIT begins",
        None,
    ),
    (None, "UIT commences", "", None),
    (
        None,
        "Test Participants provide regression testing results to DCC",
        "By five Working Days before UIT completion",
        None,
    ),
    (None, "UIT window closes", "", None),
    (
        d(2020, 5, 20),
        "DCC submits UIT Completion Report and evidence against the testing acceptance criteria",
        "",
        Body.DCC,
    ),
    (d(2020, 5, 26), "DCC submits evidence against the operational acceptance criteria", "", Body.DCC),
    (
        d(2020, 5, 27),
        "TAG reviews UIT Completion Report and status against the testing acceptance criteria",
        "The TAG will provide a recommendation to the Panel on whether UIT has been completed successfully and on "
        "whether the release should be implemented as planned.",
        Body.TAG,
    ),
    (
        d(2020, 6, 2),
        "Operations Group reviews status against the operational acceptance criteria",
        "The Operations Group will provide a recommendation to the Panel on whether the release should be "
        "implemented as planned.",
        Body.OPSG,
    ),
    (d(2020, 6, 12), "Panel approves UIT Completion Report", "", Body.PANEL),
    (
        d(2020, 6, 12),
        "Panel go/no-go decision",
        "The Panel will review the status of the release against the acceptance criteria and will determine if the "
        "release should be implemented as planned.",
        Body.PANEL,
    ),
    (d(2020, 6, 25), "Release go-live", "The changes are implemented.", None),
]

# The RID's own criteria: 9 operational and 6 testing, worded slightly differently from Annex 1.
OPERATIONAL_CRITERIA = [
    "The DCC has brought to readiness all the new and changed components needed to provide the new services. This "
    "will include completing the service design and proving the service operations capability.",
    "The DCC has demonstrated that all pre-existing services will be stable in the run-up to deployment of the "
    "release.",
    "The DCC has proven that the new services can be operated alongside, and integrated with, the existing services.",
    "The DCC has assessed the risk posed by existing problems and defects in the existing live service, and the "
    "implications these will have for the revised service.",
    "The DCC has demonstrated that lessons learnt from previous SEC Releases and other DCC changes have been taken "
    "on board.",
    "The DCC has demonstrated there will be no detrimental impact on consumers’ experience.",
    "The DCC has completed assurance of the Business Continuity and Disaster Recovery processes.",
    "SECAS will be ready to implement the approved changes to the SEC on the agreed implementation date.",
    "SECAS has brought to readiness all the new and changed components that it is responsible for that are needed "
    "to support the new services.",
]
RID_TESTING_CRITERIA = [
    "The DCC has developed the coding for each approved change and confirmed it will be able to deploy this to the "
    "production environment on the agreed implementation date.",
    "The DCC has completed and closed each test phase against the agreed exit criteria specified in the TAD.",
    "The DCC has successfully completed regression testing.",
    "The DCC has confirmed that there are no Severity 1 or 2 defects outstanding that would be deployed to the live "
    "environment.",
    "The DCC has produced a clear resolution plan for any outstanding Severity 3, 4 or 5 defects and that the "
    "number of remaining testing issues is within the agreed threshold figures specified in the TAD.",
    "The DCC has demonstrated that the SIT and UIT test environments were aligned to the solution being deployed to "
    "the production environment; if there were any differences, these were identified and the risks these posed "
    "demonstrably managed.",
]
# Annex 1 of the January paper: the standard set (its operational criteria read as the RID's).
STANDARD_TESTING_CRITERIA = [
    RID_TESTING_CRITERIA[0],
    "The DCC has completed and closed each test phase against the agreed exit criteria specified in the Testing "
    "Approach Document (TAD).",
    RID_TESTING_CRITERIA[2],
    "The DCC has confirmed that there are no Severity 1 or 2 defects outstanding that would be deployed to the "
    "production environment.",
    RID_TESTING_CRITERIA[4],
    "The DCC has demonstrated that the Systems and User Integration Testing (SIT and UIT) test environments were "
    "aligned to the solution being deployed to the production environment; if there were any differences, these "
    "were identified and the risks these posed demonstrably managed.",
]
STANDARD_SECURITY_CRITERIA = [
    "The DCC has completed relevant security testing and obtained approval of the security architecture.",
]

# Breakdown of DCC implementation costs: Design, Build & PIT; SIT; UIT; Implement to live.
DCC_QUOTED_TOTAL = 1_120_042
COST_BREAKDOWN = {
    "SECMP0053": (53_572, 26_639, 5_929, 5_510),
    "SECMP0062": (964_346, 96_995, 9_359, 17_692),
}
# SECAS costs: the RID's two sentences, one per activity; the sentence after them is its narrative.
SECAS_COSTS = [
    (
        "Update and implement the changes to the SEC",
        2,
        1_200,
        "SECAS will incur two days effort, equating to around £1,200, to update and implement the changes to the SEC.",
    ),
    (
        "Project management of the release",
        20,
        12_000,
        "SECAS estimates a maximum of 20 days of effort, equating to around £12,000, will be needed for project "
        "management of the release.",
    ),
]

# Appendix 1: version control. 1.1 is made by the baseline itself.
DRAFT_VERSIONS = [
    (
        "0.1",
        d(2019, 5, 9),
        "First draft issued to the Technical Architecture and Business Architecture Sub-Committee (TABASC), the "
        "Operations Group and SEC Parties for comment.",
        None,
    ),
    (
        "0.2",
        d(2019, 9, 12),
        "Updated draft issued to the TABASC, the Operations Group and SEC Parties for comment.",
        None,
    ),
    (
        "0.3",
        d(2019, 10, 4),
        "Updated draft following comments from the TABASC and the Operations Group presented to Panel to be baselined.",
        None,
    ),
    (
        "1.0",
        d(2019, 10, 11),
        "Version baselined by the Panel to cover the proposed scope of the release on the DCC Systems.",
        d(2019, 10, 11),
    ),
]
V1_1_CHANGES = "Updated draft presented to Panel to be baselined."

CR1088_DESCRIPTION = (
    "proposes that the DCC should undertake production proving activities. This involves conducting tests using "
    "production meters and other Devices in the live production environment. The key benefit of this activity is "
    "to provide additional assurance of the smart metering production network, systems and Devices."
)

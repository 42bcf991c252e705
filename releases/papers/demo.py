"""The demo's paper headers and section texts, transcribed from the papers in shared/seeds (nothing invented).

Each row cites its paper and section; each is written on its paper's day (the demo's clock), so the papers
generated as at those days read them, and the history shows the header moving from April's paper to May's.
"""

import datetime

from releases.choices import Body, Classification, DocumentKind, PaperAction
from releases.demo.clock import PaperSource, as_of
from releases.demo.common import record_narrative
from releases.demo.papers import APR_2020, JAN_2020, MAY_2020, NOV_2019
from releases.models import PaperHeader, Release

UPDATE, APPROVAL = DocumentKind.RELEASES_UPDATE, DocumentKind.APPROVAL_TO_IMPLEMENT

# SECP_74_1511_22: sections 1, 5 (the sentence before the table), 6 and 7.
NOV_2019_PURPOSE = """The November 2019 SEC Release is due to be implemented on 29 November 2019. Before the changes can go live, the Panel is required to review progress against the acceptance criteria in the Release Implementation Document (RID) and give final approval to proceed.
This paper summarises the views and recommendations of the Operations Group (OPSG) and the Testing Advisory Group (TAG), and requests that the Panel approves the SEC Release to go live."""  # noqa: E501
NOV_2019_RESIDUAL_RISKS = (
    "The Sub-Committees noted that the DCC has set out one remaining residual risk. The DCC has provided mitigations "
    "for the risks, as noted in the table below:"
)
NOV_2019_APPROVAL = (
    "Based on the views of the OPSG and the TAG, we believe that the November 2019 SEC Release is ready to be set "
    "live on 29 November 2019. We therefore recommend that the Panel approves the release to be implemented."
)
NOV_2019_RECOMMENDATIONS = (
    "NOTE the views and recommendations of the OPSG and the TAG; and\n"
    "AGREE that the November 2019 SEC Release can be set live on 29 November 2019."
)

# SECP_76_1701_23 (10 January 2020): section 1 and 6, the June 2020 SEC Release's update.
JAN_2020_PURPOSE = (
    "This paper provides an update on the scope of the SEC Releases in 2020 and 2021 and asks the Panel to "
    "re-baseline the Release Implementation Document (RID) for the June 2020 SEC Release. We have also reviewed the "
    "acceptance criteria to be used for SEC Releases and ask the Panel to agree an updated set for use going forward."
)
JAN_2020_RECOMMENDATIONS = (
    "AGREE the targeted scope for the June 2020 SEC Release on the SEC documentation;\n"
    "BASELINE the June 2020 SEC Release Implementation Document;\n"
    "AGREE the proposed scopes for subsequent SEC Releases on the DCC Systems; and\n"
    "AGREE the standard acceptance criteria to be used for SEC Releases."
)

# The April 2020 update: sections 1, 3.4 and 5 (no reference is printed on it).
APR_2020_PURPOSE = (
    "This paper provides an update on progress with upcoming SEC Releases. The Panel is invited to note the updates."
)
APR_2020_NEXT_STEPS = (
    "We will present the updated RID to the Panel next month, which will include the updated scope of the release, "
    "the full costs and the updated implementation timetable. The Panel will be asked to baseline this document."
)

# OPSG_33_0206_15: sections 1, 2.1 (after the change requests), 2.2, 2.3, 3.1 (after the table), 3.2 and 4.
MAY_2020_PURPOSE = (
    "This paper presents the full scope of the November 2020 SEC Release and an update on progress. It also provides "
    "an update on the provisional scope of the 2021 SEC System Releases on the DCC Systems. The Operations Group "
    "(OPSG) is invited to note this update and provide any views and comments for the Panel’s consideration."
)
MAY_2020_SCOPE = """The SEC Release Management Policy lays out that the scope of a SEC Release on the SEC documentation should be set six months before go-live. We would therefore not expect any further modifications to be added to the scope. However, the Panel can still choose to add further modifications to the scope of this SEC Release if it would be necessary or more efficient to do so, and these would be managed as exceptions under the project.
Please note that the modifications in scope when the RID is baselined don’t have to be approved at that point. However, clear cut-off dates will be provided in each Modification Report for each pending modification’s decision, based on the expected DCC and Party implementation lead times. If approval is not received by its cut-off date, a modification would lapse to a fall-back implementation date. We currently expect all Self-Governance modifications in scope to be determined by the end of July 2020."""  # noqa: E501
MAY_2020_IMPLEMENTATION_DATE = """The DCC has highlighted that, due to the complexity of the release, the implementation date for this release may need to be moved to the end of November, with Sunday 29 November 2020 the most likely date. This will also allow for all targeted modifications to be fully approved by the Change Board or the Authority, and to ensure a sufficient User testing window is provided.
The DCC has also highlighted that as a result of COVID-19 impacting its Service Providers, there is an additional risk that timelines could be delayed, leading to extended design, build and testing phases. Moving the release implementation date will also act as a mitigation against this risk. This risk will be monitored over the coming weeks.
The DCC is confirming the specific date it would seek to request, and this will be presented to the Panel on 19 June 2020. In the meantime, the timetable for this release in the RID has been based on an implementation date of 29 November 2020. We do not expect any ad-hoc meetings to be required under this timetable."""  # noqa: E501
MAY_2020_NEXT_STEPS = (
    "The OPSG is currently scheduled to provide its view on whether the operational acceptance criteria have been met "
    "at its meeting on 3 November 2020. We have scheduled the first preliminary progress review be carried out three "
    "months prior to this."
)
MAY_2020_2021_SCOPE = """The Panel and the Technical Architecture and Business Architecture Sub-Committee (TABASC) have both requested only a single GB Companion Specification (GBCS) uplift be made in 2021, unless there are material changes that would require a second uplift. The TABASC also believed the uplift to the GBCS and the DCC User Interface Specification (DUIS) should take place on the implementation date for SECMP0007.
The Authority’s decision to send back SECMP0067 means this can no longer be implemented in the November 2020 SEC Release, and so, if approved, will fall back into 2021. Prior to this send-back, we were recommending all the other identified modifications to be targeted for the November 2021 SEC Release, in line with the Panel’s and the TABASC’s comments.
SECMP0067 will require documentation changes to the DUIS but will not impact the schemas. However, this would still create a new version of the DUIS. The DCC is seeking Users’ views on targeting this modification for the June 2021 SEC Release, with all other modifications continuing to be targeted for the November 2021 SEC Release.
DCC Impact Assessments for most of these modifications are still outstanding, and the information received from these may further change the landscape, including which releases modifications should be targeted for. We will keep the industry informed of developments.
## Next steps
The Panel is expected to baseline the scope of a SEC Release on the DCC Systems 12 months prior to go-live, in line with the SEC Release Management Policy. This means the Panel would be expected to baseline the June 2021 SEC Release at its June 2020 meeting. Any comments provided by the OPSG can be taken into consideration by the Panel when setting the scope."""  # noqa: E501
MAY_2020_RECOMMENDATIONS = "PROVIDE any views and comments on the scopes of the SEC Releases in this paper."


def record_header(source: PaperSource, release: Release, kind: str, where: str, **fields) -> PaperHeader:
    """The release's header for this paper, created or (a later paper) rewritten, dated by the paper."""
    header = PaperHeader.objects.filter(release=release, kind=kind).first() or PaperHeader(release=release, kind=kind)
    for name, value in fields.items():
        setattr(header, name, value)
    header.source = f"{source.label}, {where}"
    header.full_clean()
    return source.save(header, "Paper header")


def rewrite_narrative(source: PaperSource, release, document, section, text, where):
    """A later paper's text for the same section replaces the earlier one's (history keeps both)."""
    from releases.models import Narrative

    row = Narrative.objects.filter(release=release, document=document, section=section).first()
    if row is None:
        return record_narrative(source, release, document, section, text, where)
    row.text, row.source = text, f"{source.reference}, {where}"
    row.full_clean()
    return source.save(row, f"Text of {where}")


def load() -> None:
    slugs = ["november-2019", "june-2020", "november-2020", "november-2021"]
    releases = {r.slug: r for r in Release.objects.filter(slug__in=slugs)}
    with as_of(NOV_2019) as source:
        november_2019 = releases["november-2019"]
        record_header(
            source, november_2019, APPROVAL, "the first page and the signature",
            reference="SECP_74_1511_22", body=Body.PANEL, action=PaperAction.FOR_DECISION,
            classification=Classification.WHITE, authors="David Kemp, Robin Healey and Tim Hall",
            date=datetime.date(2019, 11, 8), recommendations=NOV_2019_RECOMMENDATIONS,
        )  # fmt: skip
        record_narrative(source, november_2019, APPROVAL, "purpose", NOV_2019_PURPOSE, "section 1")
        record_narrative(source, november_2019, APPROVAL, "residual_risks", NOV_2019_RESIDUAL_RISKS, "section 5")
        record_narrative(source, november_2019, APPROVAL, "approval", NOV_2019_APPROVAL, "section 6")

    with as_of(JAN_2020) as source:
        june_2020 = releases["june-2020"]
        record_header(
            source, june_2020, UPDATE, "the first page and the signature",
            reference="SECP_76_1701_23", body=Body.PANEL, action=PaperAction.FOR_DECISION,
            classification=Classification.WHITE, authors="David Kemp", date=datetime.date(2020, 1, 10),
            recommendations=JAN_2020_RECOMMENDATIONS,
        )  # fmt: skip
        record_narrative(source, june_2020, UPDATE, "purpose", JAN_2020_PURPOSE, "section 1")

    november_2020 = releases["november-2020"]
    with as_of(APR_2020) as source:
        record_header(
            source, november_2020, UPDATE, "the first page and the signature (no reference printed)",
            reference="", body=Body.PANEL, action=PaperAction.FOR_INFORMATION, classification=Classification.WHITE,
            authors="David Kemp", date=datetime.date(2020, 4, 8), recommendations="NOTE the contents of this paper.",
        )  # fmt: skip
        record_narrative(source, november_2020, UPDATE, "purpose", APR_2020_PURPOSE, "section 1")
        record_narrative(source, november_2020, UPDATE, "next_steps", APR_2020_NEXT_STEPS, "section 3.4")

    with as_of(MAY_2020) as source:
        record_header(
            source, november_2020, UPDATE, "the page header, the signature and section 4",
            reference="OPSG_33_0206_15", body=Body.OPSG, action="", classification=Classification.WHITE,
            authors="David Kemp", date=datetime.date(2020, 5, 26), recommendations=MAY_2020_RECOMMENDATIONS,
        )  # fmt: skip
        rewrite_narrative(source, november_2020, UPDATE, "purpose", MAY_2020_PURPOSE, "section 1")
        record_narrative(source, november_2020, UPDATE, "scope", MAY_2020_SCOPE, "section 2.1")
        record_narrative(
            source, november_2020, UPDATE, "implementation_date", MAY_2020_IMPLEMENTATION_DATE, "section 2.2"
        )
        rewrite_narrative(source, november_2020, UPDATE, "next_steps", MAY_2020_NEXT_STEPS, "section 2.3")
        record_narrative(
            source, releases["november-2021"], UPDATE, "scope", MAY_2020_2021_SCOPE, "sections 3.1 and 3.2"
        )

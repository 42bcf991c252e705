"""The five papers in /work/shared/seeds, as Paper rows, and the sources the history rows cite."""

import datetime

from releases.choices import Body, Classification, PaperAction
from releases.models import Paper

from .clock import PaperSource

# Two papers print no reference; these names say so rather than invent one.
APRIL_2020_REFERENCE = "Panel SEC Releases update, 8 April 2020 (no ref. printed)"
SLIDES_REFERENCE = "DCC November '20 SEC Release slides (no ref. printed)"

NOV_2019 = PaperSource("SECP_74_1511_22", datetime.date(2019, 11, 8), "SECP_74_1511_22, Panel paper of 8 November 2019")
JAN_2020 = PaperSource("SECP_76_1701_23", datetime.date(2020, 1, 10), "SECP_76_1701_23, Panel paper of 10 January 2020")
# The Panel meeting the January paper went to: the June 2020 RID v1.1 was baselined there.
JAN_2020_PANEL = PaperSource("SECP_76_1701_23", datetime.date(2020, 1, 17), "SECP_76_1701_23, Panel of 17 January 2020")
APR_2020 = PaperSource(APRIL_2020_REFERENCE, datetime.date(2020, 4, 8), "Panel SEC Releases update of 8 April 2020")
MAY_2020 = PaperSource("OPSG_33_0206_15", datetime.date(2020, 5, 26), "OPSG_33_0206_15, OPSG paper of 26 May 2020")
JUNE_2020_SLIDES = PaperSource(
    SLIDES_REFERENCE, datetime.date(2020, 6, 2), "DCC November '20 slides, as at 2 June 2020"
)

PAPERS = [
    {
        "reference": "SECP_74_1511_22",
        "title": "Approval to implement the November 2019 SEC Release",
        "body": Body.PANEL,
        "action": PaperAction.FOR_DECISION,
        "classification": Classification.WHITE,
        "date": datetime.date(2019, 11, 8),
        "recommendations": (
            "NOTE the views and recommendations of the OPSG and the TAG; and\n"
            "AGREE that the November 2019 SEC Release can be set live on 29 November 2019."
        ),
    },
    {
        "reference": "SECP_76_1701_23",
        "title": "SEC Releases update (Appendix A: June 2020 SEC Release Implementation Document v1.1)",
        "body": Body.PANEL,
        "action": PaperAction.FOR_DECISION,
        "classification": Classification.WHITE,
        "date": datetime.date(2020, 1, 10),
        "recommendations": (
            "AGREE the targeted scope for the June 2020 SEC Release on the SEC documentation;\n"
            "BASELINE the June 2020 SEC Release Implementation Document;\n"
            "AGREE the proposed scopes for subsequent SEC Releases on the DCC Systems; and\n"
            "AGREE the standard acceptance criteria to be used for SEC Releases."
        ),
    },
    {
        "reference": APRIL_2020_REFERENCE,
        "title": "SEC Releases update (Appendix A: DCC update on the June 2020 SEC Release, 7 April 2020)",
        "body": Body.PANEL,
        "action": PaperAction.FOR_INFORMATION,
        "date": datetime.date(2020, 4, 8),
        "recommendations": "NOTE the contents of this paper.",
    },
    {
        "reference": "OPSG_33_0206_15",
        "title": "SEC Releases update (Appendix A: November 2020 SEC Release Implementation Document v4.0)",
        "body": Body.OPSG,
        "classification": Classification.WHITE,
        "date": datetime.date(2020, 5, 26),
        "recommendations": "PROVIDE any views and comments on the scopes of the SEC Releases in this paper.",
    },
    {
        "reference": SLIDES_REFERENCE,
        "title": "November '20 SEC Release: scope candidates, key dates, service impact, Harvey balls (as at 2 June)",
        "body": Body.OPSG,  # the deck briefs the SEC Ops Group on 2 June (its key dates slide)
        "date": datetime.date(2020, 6, 2),
    },
]


def record_paper(source: PaperSource) -> Paper:
    fields = next(p for p in PAPERS if p["reference"] == source.reference)
    paper = Paper(**fields)
    paper.full_clean()
    return source.save(paper, "Paper recorded")

"""The 2021 releases: SECP_76_1701_23 section 4, April 2020 section 4.1, OPSG_33_0206_15 section 3.1."""

from modifications.models import ChangeRequest, CrDependency, Modification
from releases.choices import Inclusion
from releases.models import ScopeItem

from .helpers import mod, scope


def test_november_2021_holds_every_2021_modification_but_secmp0067():
    """OPSG_33_0206_15 section 3.1: 'all other modifications continuing to be targeted for the November 2021'."""
    assert scope("november-2021", Inclusion.TARGETED) == {
        "SECMP0007", "SECMP0015", "SECMP0024", "SECMP0046", "SECMP0056", "MP078", "MP090", "MP099",
    }  # fmt: skip
    assert scope("june-2021", Inclusion.TARGETED) == {"SECMP0067"}


def test_mp078_was_taken_out_of_november_2020_then_june_2021_then_november_2021():
    """January: expected in 2021, not yet allocated; April: June 2021; May: November 2021."""
    items = ScopeItem.objects.filter(modification=mod("MP078")).order_by("pk")
    assert [(i.release.slug, i.inclusion) for i in items] == [
        ("november-2020", "removed"),
        ("june-2021", "deferred"),
        ("november-2021", "targeted"),
    ]


def test_mp090s_duis_impact_is_tbc_with_its_footnotes():
    """OPSG_33_0206_15 section 3.1 table and footnotes 1 and 2."""
    mp090 = mod("MP090")
    assert (mp090.impacts_duis, mp090.impacts_gbcs, mp090.impacts_ch_firmware) == ("tbc", "yes", "no")
    assert (
        "Several solution options" in mp090.impact_notes and "documentation changes to the GBCS" in mp090.impact_notes
    )


def test_the_2021_impact_table_is_transcribed():
    """OPSG_33_0206_15 section 3.1: SECMP0007 ✓✓✓, SECMP0024 DUIS only, SECMP0056 GBCS and CH firmware."""
    assert (mod("SECMP0007").impacts_duis, mod("SECMP0007").impacts_gbcs, mod("SECMP0007").impacts_ch_firmware) == (
        "yes",
        "yes",
        "yes",
    )
    assert mod("SECMP0024").impacts_duis == "yes" and mod("SECMP0024").impacts_gbcs == "no"
    assert (mod("SECMP0056").impacts_gbcs, mod("SECMP0056").impacts_ch_firmware) == ("yes", "yes")


def test_the_csp_firmware_dependencies_are_recorded():
    """SECP_76_1701_23 section 4: SECMP0007/0015/0024/0056 and MP078 wait for CR1057 and CR1047."""
    dependants = {
        cr: set(
            CrDependency.objects.filter(change_request__number=cr).values_list("modification__reference", flat=True)
        )
        for cr in ("CR1057", "CR1047")
    }
    expected = {"SECMP0007", "SECMP0015", "SECMP0024", "SECMP0056", "MP078"}
    assert dependants == {"CR1057": expected, "CR1047": expected}
    assert "Pre-Integration Testing" in CrDependency.objects.filter(change_request__number="CR1047").first().condition


def test_aliases_resolve_and_ocr_garbage_does_not():
    """April DCC update 'SEC Mod 62'/'SEC Mod 53'; slides 'SECMP0093'; OCR 'MPQ081' and 'SECMPO0067' are not aliases."""
    assert Modification.objects.by_reference("SEC Mod 62").reference == "SECMP0062"
    assert Modification.objects.by_reference("SEC Mod 53").reference == "SECMP0053"
    assert Modification.objects.by_reference("SECMP0093").reference == "MP093"
    for garbage in ("MPQ081", "SECMPO0067"):
        assert not Modification.objects.filter(aliases__alias=garbage).exists()


def test_modification_pages_are_those_the_papers_print():
    """URLs printed in the papers; MP090, printed nowhere, has none."""
    assert mod("MP103").url == "https://smartenergycodecompany.co.uk/modifications/dcc-soc2-assessments/"
    assert mod("SECMP0007").url.endswith("/firmware-updates-to-ihds-and-ppmids/")
    assert mod("MP090").url == ""


def test_phases_are_only_those_the_papers_state():
    """Phases stated: approved, with the Authority, sent back, draft proposal; the rest stay empty."""
    assert mod("DP124").phase == "draft_proposal"
    assert mod("MP080").phase is None and mod("SECMP0007").phase is None and mod("MP078").phase is None


def test_cr1057_and_cr1047_have_no_title_or_originator_the_paper_does_not_state():
    """SECP_76_1701_23 section 4 names CR1057 and CR1047 only as 'two key CSP firmware changes'."""
    for number in ("CR1057", "CR1047"):
        cr = ChangeRequest.objects.get(number=number)
        assert (cr.title, cr.originator) == ("", None), number
        assert "Communication Service Provider (CSP) firmware changes" in cr.description
    assert ChangeRequest.objects.get(number="CR1057").notes.startswith("CR1057 is at an advanced stage.")


def test_november_2021_was_the_fall_back_of_the_june_2021_items():
    """April 2020 section 4.2: pending items 'would then lapse to the next viable release (here, the November 2021)'."""
    for reference in ("MP078", "MP090", "MP099"):
        june = ScopeItem.objects.get(release__slug="june-2021", modification=mod(reference))
        assert june.inclusion == Inclusion.DEFERRED
        assert june.fall_back_release.slug == "november-2021", reference
        assert "4.2" in june.history.filter(fall_back_release__isnull=False).last().history_change_reason

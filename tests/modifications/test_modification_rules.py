import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from modifications.models import ChangeRequest, Modification
from tests.factories import ChangeRequestFactory, ModificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reference", ["SECMP0062", "MP084", "MP102A", "DP124"])
def test_it_accepts_the_references_the_sec_register_writes(reference):
    Modification(reference=reference, title="A modification").full_clean()


@pytest.mark.parametrize("reference", ["SECMP62", "MP84", "mp084", "SEC Mod 62", "CR1145", "MPQ081", "DP12345"])
def test_it_refuses_other_spellings_as_the_canonical_reference(reference):
    with pytest.raises(ValidationError) as error:
        Modification(reference=reference, title="A modification").full_clean()
    assert "SECMP0062, MP084, MP102A or DP124" in str(error.value)


def test_the_database_refuses_a_malformed_reference_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Modification.objects.create(reference="SEC Mod 62", title="Bypassing the model")


def test_an_alias_finds_the_canonical_record():
    mp093 = ModificationFactory(reference="MP093")
    mp093.add_alias("SECMP0093")
    assert Modification.objects.by_reference("SECMP0093") == mp093
    assert Modification.objects.by_reference(" secmp0093 ") == mp093


def test_the_dccs_sec_mod_spelling_finds_the_older_proposals():
    secmp0062 = ModificationFactory(reference="SECMP0062")
    assert Modification.objects.by_reference("SEC Mod 62") == secmp0062


def test_an_unknown_reference_is_not_found():
    with pytest.raises(Modification.DoesNotExist):
        Modification.objects.by_reference("MP999")


def test_an_alias_cannot_be_another_modifications_reference():
    ModificationFactory(reference="MP084")
    other = ModificationFactory(reference="MP088")
    with pytest.raises(ValidationError, match="reference of another modification"):
        other.add_alias("MP084")


def test_one_spelling_finds_one_modification_only():
    ModificationFactory(reference="MP084").add_alias("Mod 84")
    with pytest.raises(ValidationError, match="already finds MP084"):
        ModificationFactory(reference="MP088").add_alias("MOD 84")


def test_a_draft_proposal_keeps_its_record_when_it_becomes_a_proposal():
    dp124 = ModificationFactory(reference="DP124")
    dp124.promote_to_proposal()
    dp124.refresh_from_db()
    assert dp124.reference == "MP124"
    assert Modification.objects.by_reference("DP124") == dp124
    assert dp124.history.first().history_change_reason == "Draft Proposal became a Modification Proposal"


def test_only_a_draft_proposal_can_be_promoted():
    with pytest.raises(ValidationError):
        ModificationFactory(reference="MP084").promote_to_proposal()


@pytest.mark.parametrize("number", ["CR1145", "CR1088", None])
def test_a_change_request_number_is_like_cr1145_or_unknown(number):
    ChangeRequest(number=number, title="A CR", originator="beis").full_clean()


@pytest.mark.parametrize("number", ["1145", "CR 1145", "CRTBC", "cr1145x"])
def test_a_change_request_number_in_another_form_is_refused(number):
    with pytest.raises(ValidationError) as error:
        ChangeRequest(number=number, title="A CR", originator="beis").full_clean()
    assert "CR1145" in str(error.value)


def test_several_change_requests_can_wait_for_their_numbers():
    ChangeRequestFactory(number=None)
    ChangeRequestFactory(number=None)
    assert ChangeRequest.objects.filter(number__isnull=True).count() == 2


def test_a_change_request_number_is_unique():
    ChangeRequestFactory(number="CR1145")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequestFactory(number="CR1145")


def test_a_change_request_that_delivers_a_modification_is_originated_by_it():
    secmp0062 = ModificationFactory(reference="SECMP0062")
    with pytest.raises(ValidationError, match="originator"):
        ChangeRequest(
            number="CR1137", title="Alert storm part 2", originator="beis", modification=secmp0062
        ).full_clean()
    ChangeRequest(
        number="CR1137", title="Alert storm part 2", originator="sec_modification", modification=secmp0062
    ).full_clean()


def test_a_crtbc_keeps_its_record_when_it_gets_its_number():
    cr = ChangeRequestFactory(number=None, title="Organisation Certificates – XML signing")
    cr.number = "CR1355"
    cr.save()
    assert [h.number for h in cr.history.all()] == ["CR1355", None]
    assert cr.display_number == "CR1355"

"""The standard acceptance criteria of Annex 1 (SECP_76_1701_23), as the demo transcribes them, for tests
of a new release (the demo loads them; a test database starts without)."""

from acceptance.choices import Category, Reviewer
from acceptance.models import StandardCriterion
from releases.demo import jan2020_rid as rid


def load_standard_criteria() -> int:
    sets = (
        (Category.OPERATIONAL, Reviewer.OPSG, rid.OPERATIONAL_CRITERIA),
        (Category.TESTING, Reviewer.TAG, rid.STANDARD_TESTING_CRITERIA),
        (Category.SECURITY, Reviewer.SSC, rid.STANDARD_SECURITY_CRITERIA),
    )
    for category, reviewer, texts in sets:
        for number, text in enumerate(texts, start=1):
            StandardCriterion.objects.get_or_create(
                category=category, number=number, defaults={"text": text, "reviewer": reviewer}
            )
    return StandardCriterion.objects.count()

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from acceptance.models import Criterion, ReadinessComponent, StandardCriterion
from tests.factories import CriterionFactory, ReadinessComponentFactory, ReleaseFactory

pytestmark = pytest.mark.django_db


def test_a_new_release_copies_the_standard_set_and_may_amend_its_copy():
    StandardCriterion.objects.create(category="operational", number=1, text="Ready to operate.", reviewer="opsg")
    StandardCriterion.objects.create(category="security", number=1, text="Security tested.", reviewer="ssc")
    release = ReleaseFactory()
    Criterion.adopt_standard_set(release)
    criterion = release.criteria.get(category="operational", number=1)
    criterion.text = "Ready to operate, as amended by the Panel."
    criterion.save()
    assert StandardCriterion.objects.get(category="operational", number=1).text == "Ready to operate."
    assert sorted(release.criteria.values_list("reviewer", flat=True)) == ["opsg", "ssc"]


def test_copying_the_standard_set_twice_adds_nothing():
    StandardCriterion.objects.create(category="testing", number=1, text="Coding done.", reviewer="tag")
    release = ReleaseFactory()
    Criterion.adopt_standard_set(release)
    assert Criterion.adopt_standard_set(release) == []
    assert release.criteria.count() == 1


def test_a_release_has_one_criterion_per_category_and_number():
    criterion = CriterionFactory(category="testing", number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionFactory(release=criterion.release, category="testing", number=3)


def test_criteria_without_a_stated_category_are_still_unique_by_number():
    criterion = CriterionFactory(category=None, reviewer=None, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionFactory(release=criterion.release, category=None, reviewer=None, number=1)


def test_a_criterion_takes_the_reviewer_of_its_category():
    criterion = Criterion(release=ReleaseFactory(), category="testing", number=1, text="Regression tested.")
    criterion.full_clean()
    assert criterion.reviewer == "tag"


def test_assessing_a_criterion_records_who_and_when(secas_user):
    criterion = CriterionFactory()
    criterion.assess(status="met", evidence="UIT completion report", by=secas_user, on=datetime.date(2030, 5, 27))
    latest = criterion.history.first()
    assert (latest.status, latest.evidence, latest.assessed_by_id) == ("met", "UIT completion report", secas_user.pk)


@pytest.mark.parametrize("state", [0, 5])
def test_a_readiness_state_is_on_the_four_step_scale(state):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadinessComponentFactory(state=state)


def test_a_readiness_state_may_be_not_stated():
    component = ReadinessComponentFactory(state=None, target_state=None, rag=None)
    assert component.meets_target is None


def test_a_component_meets_its_target_at_or_above_it():
    assert ReadinessComponentFactory(state=3, target_state=3).meets_target is True
    assert ReadinessComponentFactory(state=2, target_state=4).meets_target is False


def test_a_readiness_component_appears_once_per_report():
    component = ReadinessComponentFactory(name="DSP System")
    with pytest.raises(ValidationError):
        ReadinessComponent(report=component.report, name="DSP System").full_clean()

"""A read-only token of a SECAS user reads everything its user may, and writes nothing, through any endpoint."""

import pytest

from releases.models import RidVersion, ScopeItem
from tests.conftest import api_client_for

from .test_roles import READS, WRITES, url_in

pytestmark = pytest.mark.django_db
REFUSAL = {"detail": "This token is read-only: it cannot write, whatever its user's role."}


@pytest.fixture
def read_only(secas_user):
    return api_client_for(secas_user, read_only=True)


@pytest.mark.parametrize(("method", "template", "body"), [write[:3] for write in WRITES])
def test_a_read_only_token_of_a_secas_user_is_refused_every_write(world, read_only, method, template, body):
    response = getattr(read_only, method)(url_in(world, template), body, format="json")

    assert response.status_code == 403
    assert response.json() == REFUSAL


def test_nor_does_it_move_scope_or_baseline_a_rid(world, read_only):
    item = world["item"]
    move = read_only.post(f"/api/v1/releases/june-2030/scope/{item.pk}/move/", {"to": "july-2031"}, format="json")
    baseline = {"version": "1.0", "changes": "Baselined", "baselined_on": "2030-01-17"}
    rid = read_only.post("/api/v1/releases/june-2030/rids/", baseline, format="json")

    assert (move.status_code, rid.status_code) == (403, 403)
    assert not ScopeItem.objects.filter(release__slug="july-2031").exists()
    assert not RidVersion.objects.exists()


@pytest.mark.parametrize("template", READS)
def test_it_reads_everything_its_user_may(world, read_only, template):
    assert read_only.get(url_in(world, template)).status_code == 200


def test_the_same_user_writes_with_a_read_and_write_token(world, secas_user):
    response = api_client_for(secas_user).patch("/api/v1/releases/june-2030/", {"summary": "x"}, format="json")
    assert response.status_code == 200

import pytest
from django.test import Client

from tests.conftest import make_user

WRONG = "not-the-password"
RIGHT = "correct-horse-battery"


@pytest.fixture
def secas_admin(db):
    """A SECAS administrator: in the secas group, with staff status (the admin)."""
    return make_user("sam-secas-admin", "secas", is_staff=True)


@pytest.fixture
def panel_staff(db):
    """Staff status but the panel role: may enter the admin, not read the audit log or lift lock-outs."""
    return make_user("pia-panel-staff", "panel", is_staff=True)


def sign_in(client: Client, username: str, password: str, *, path="/accounts/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, **extra):
    return [sign_in(client, username, WRONG, **extra) for _ in range(times)]

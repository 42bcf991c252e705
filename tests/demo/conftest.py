"""Load the demo once per test module, inside a transaction rolled back when the module ends."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def demo_db(demo, db):
    """Each test runs in a savepoint on top of the loaded demo."""

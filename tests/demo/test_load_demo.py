"""manage.py load_demo: loads once, a second run changes nothing, the demo logins exist."""

import io

from django.apps import apps
from django.core.management import call_command

from releases.models import Paper, Release, User


def counts() -> dict[str, int]:
    """Every model's row count, historical models included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_a_second_run_changes_nothing_history_included():
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "already loaded" in out.getvalue()
    assert before["releases.HistoricalScopeItem"] > 0


def test_it_loads_the_five_releases_and_five_papers():
    assert set(Release.objects.values_list("slug", flat=True)) == {
        "november-2019",
        "june-2020",
        "november-2020",
        "june-2021",
        "november-2021",
    }
    assert Paper.objects.count() == 5
    assert all(release.source_note for release in Release.objects.all())


def test_it_creates_the_demo_users_in_their_groups_with_emails():
    for name in ("secas", "dcc", "panel"):
        user = User.objects.get(username=name)
        assert user.role_names == [name] and user.email
        assert user.check_password(f"{name}-demo")
    assert User.objects.get(username="admin").is_superuser


def test_it_prints_the_logins_on_every_run():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "secas / secas-demo" in out.getvalue()

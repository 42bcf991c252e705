"""API tokens: kept only as digests, named, optionally expiring, with their last use written once a minute at most;
refused from the request after their revocation; created, used and revoked in the audit log; made by commands."""

import datetime
import hashlib
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from releases.models import User
from secreleases.choices import AuditKind
from secreleases.clock import UK
from secreleases.models import KEY_PREFIX_LENGTH, ApiToken, AuditEvent
from tests.conftest import token_for
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/releases/"


def client_with(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


def everything_in_the_database() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT t::text FROM "{table}" t')
            rows += [row[0] for row in cursor.fetchall()]
    return "\n".join(rows)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what a request leaves for after its commit (the test's own transaction never commits)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


# -- stored as digests ---------------------------------------------------------------------------------


def test_no_plain_key_is_anywhere_in_the_database(secas_user, on_commit):
    keys = [token_for(secas_user, name=f"Integration {n}") for n in range(3)]
    on_commit(lambda: client_with(keys[0]).get(URL))  # used: its last use and an audit event are written too

    dump = everything_in_the_database()
    for key in keys:
        assert key not in dump
        assert key[KEY_PREFIX_LENGTH:] not in dump
    assert hashlib.sha256(keys[0].encode()).hexdigest() in dump  # what is kept instead, with the prefix
    assert AuditEvent.objects.filter(kind=AuditKind.TOKEN_USED).exists()


def test_a_key_with_the_right_prefix_and_a_wrong_rest_is_refused(secas_user):
    key = token_for(secas_user)
    forged = key[:KEY_PREFIX_LENGTH] + "A" * (len(key) - KEY_PREFIX_LENGTH)

    assert client_with(forged).get(URL).status_code == 401
    assert client_with(key).get(URL).status_code == 200


def test_a_key_with_a_null_character_is_refused_not_an_error(secas_user):
    token_for(secas_user)
    assert client_with("abc\x00def").get(URL).status_code == 401


def test_a_token_its_user_and_roles_are_read_in_one_query(panel_user):
    ReleaseFactory(slug="june-2030")
    client = client_with(token_for(panel_user))

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/releases/june-2030/").status_code == 200
    about_the_token = [q["sql"] for q in queries if "apitoken" in q["sql"] or "auth_group" in q["sql"]]
    assert len(about_the_token) == 1
    assert User._meta.db_table in about_the_token[0]


# -- expiry, last use ----------------------------------------------------------------------------------


def test_an_expired_token_is_refused_and_says_so(panel_user):
    soon = token_for(panel_user, name="soon", expires_at=timezone.now() + datetime.timedelta(minutes=5))
    gone = token_for(panel_user, name="gone", expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client_with(soon).get(URL).status_code == 200
    response = client_with(gone).get(URL)
    assert response.status_code == 401
    assert response.json() == {"detail": "Token expired."}


def test_last_use_is_written_at_most_once_a_minute(panel_user, on_commit):
    client = client_with(token_for(panel_user))
    token = ApiToken.objects.get()
    assert token.last_used_at is None

    on_commit(lambda: client.get(URL))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        on_commit(lambda: client.get(URL))
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    on_commit(lambda: client.get(URL))
    token.refresh_from_db()
    assert token.last_used_at > first


# -- the audit log -------------------------------------------------------------------------------------


def test_creation_is_recorded_with_name_prefix_and_scope_never_the_key(secas_user):
    key = token_for(secas_user, name="DCC release tooling", read_only=True)

    event = AuditEvent.objects.get()
    assert (event.kind, event.user, event.actor) == (AuditKind.TOKEN_CREATED, secas_user, None)
    assert event.detail == f"“DCC release tooling” ({key[:KEY_PREFIX_LENGTH]}…), read-only, never expires"
    assert key not in str(AuditEvent.objects.values().get())


def test_use_is_recorded_at_most_once_an_hour(panel_user, on_commit):
    client = client_with(token_for(panel_user))
    token = ApiToken.objects.get()
    used = lambda: list(AuditEvent.objects.filter(kind=AuditKind.TOKEN_USED))  # noqa: E731

    on_commit(lambda: client.get(URL, REMOTE_ADDR="198.51.100.8"))
    [event] = used()
    assert (event.user, event.ip_address) == (panel_user, "198.51.100.8")
    assert event.detail == f"{token} GET {URL}"

    # A minute later "last used" moves again, but the audit log waits for the hour.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - datetime.timedelta(minutes=2))
    on_commit(lambda: client.get(URL))
    assert len(used()) == 1
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(minutes=2),
        use_audited_at=timezone.now() - datetime.timedelta(hours=2),
    )
    on_commit(lambda: client.get(URL))
    assert len(used()) == 2


def test_revocation_is_recorded_once(secas_user):
    token_for(secas_user)
    token = ApiToken.objects.get()

    assert token.revoke() is True
    assert token.revoke() is False
    assert AuditEvent.objects.filter(kind=AuditKind.TOKEN_REVOKED).count() == 1


def test_a_name_is_used_once_among_a_users_unrevoked_tokens(secas_user, panel_user):
    from django.core.exceptions import ValidationError

    token_for(secas_user, name="Reporting")
    with pytest.raises(ValidationError, match="already have a token of this name"):
        ApiToken.objects.issue(secas_user, name="Reporting")
    token_for(panel_user, name="Reporting")  # another user's is another name
    ApiToken.objects.get(user=secas_user).revoke()
    token_for(secas_user, name="Reporting")  # a revoked token's name is free again


# -- commands ------------------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_api_token_prints_the_key_once_with_its_name_scope_and_expiry(secas_user):
    out, err = run("create_api_token", secas_user.username, "--name", "DCC tooling", "--read-only", "--expires", "30")

    key = out.split()[2]
    assert out == f"Generated token {key} for user {secas_user.username}\n"
    token = ApiToken.objects.get()
    assert (token.name, token.read_only, token.prefix) == ("DCC tooling", True, key[:KEY_PREFIX_LENGTH])
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    assert "read-only" in err and "shown only this once" in err
    assert client_with(key).get(URL).status_code == 200
    assert client_with(key).post(URL, {"slug": "x", "name": "X"}, format="json").status_code == 403


def test_create_api_token_takes_the_last_day_a_token_works(secas_user):
    run("create_api_token", secas_user.username, "--expires", "2099-12-31")

    token = ApiToken.objects.get()
    assert token.expires_at == datetime.datetime(2100, 1, 1, tzinfo=UK)
    assert token.name == "Command line"
    with pytest.raises(CommandError, match="a number of days, a date"):
        run("create_api_token", secas_user.username, "--expires", "soon")
    with pytest.raises(CommandError, match="No user named"):
        run("create_api_token", "nobody")


def test_drf_create_token_still_prints_a_working_key_as_its_third_word(secas_user):
    first = run("drf_create_token", secas_user.username)[0].split()[2]
    second = run("drf_create_token", secas_user.username)[0].split()[2]

    assert client_with(first).get(URL).status_code == 200
    assert client_with(second).get(URL).status_code == 200
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["drf_create_token", "drf_create_token (2)"]

    third = run("drf_create_token", "-r", secas_user.username)[0].split()[2]  # -r: the earlier runs' are revoked
    assert client_with(first).get(URL).status_code == 401
    assert client_with(second).get(URL).status_code == 401
    assert client_with(third).get(URL).status_code == 200


# -- DRF's plain tokens, hashed by a migration ---------------------------------------------------------


def test_the_migration_hashes_drf_tokens_keeps_them_working_and_drops_the_plain_keys(secas_user):
    migration = importlib.import_module("secreleases.migrations.0004_hash_the_drf_tokens")
    plain = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz, user_id bigint)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [plain, secas_user.pk])
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('authtoken', '0001_initial', now())")
    apps.get_model("contenttypes", "ContentType").objects.create(app_label="authtoken", model="token")

    with connection.schema_editor() as editor:
        migration.hash_the_drf_tokens(apps, editor)

    token = ApiToken.objects.get()
    assert (token.user, token.prefix, token.read_only, token.expires_at) == (secas_user, plain[:8], False, None)
    assert client_with(plain).get(URL).status_code == 200
    assert "authtoken_token" not in connection.introspection.table_names()
    assert plain not in everything_in_the_database()
    assert "authtoken" not in everything_in_the_database()

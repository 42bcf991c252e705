"""Five failed sign-ins for one username from one address lock that pair out; an administrator lifts it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from secreleases.choices import AuditKind
from secreleases.models import AuditEvent

from .conftest import RIGHT, fail, sign_in

pytestmark = pytest.mark.django_db


def test_four_failures_are_answered_with_the_form_and_the_fifth_locks_the_account_out(client, secas_user):
    responses = fail(client, secas_user.username, 5)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "Please enter a correct username and password" in responses[0].content.decode()
    locked = responses[-1].content.decode()
    assert "Sign-in locked" in locked
    assert "after 5 in a row, signing in from here is locked for 60 minutes" in locked
    assert responses[-1]["Retry-After"] == "3600"


def test_the_right_password_does_not_sign_in_a_locked_out_account(client, secas_user):
    fail(client, secas_user.username, 5)

    response = sign_in(client, secas_user.username, RIGHT)

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert client.get("/").status_code == 302  # still signed out: the list sends them to sign in


def test_fifty_wrong_passwords_never_reach_the_password_check_after_the_fifth(client, secas_user):
    responses = fail(client, secas_user.username, 50)

    assert {r.status_code for r in responses[4:]} == {429}
    assert AccessAttempt.objects.get(username=secas_user.username).failures_since_start == 5


def test_the_same_account_from_another_address_is_not_locked_out(client, secas_user):
    fail(client, secas_user.username, 5)

    response = sign_in(Client(REMOTE_ADDR="192.0.2.44"), secas_user.username, RIGHT)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_authenticate_without_a_request_is_not_a_sign_in_and_not_counted(client, secas_user):
    from django.contrib.auth import authenticate

    assert [authenticate(username=secas_user.username, password="wrong") for _ in range(6)] == [None] * 6
    assert authenticate(username=secas_user.username, password=RIGHT) == secas_user
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, secas_user.username, RIGHT).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client, superuser):
    responses = fail(client, "root", 5, path="/admin/login/")

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    response = sign_in(client, "root", RIGHT, path="/admin/login/")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_lock_out_lapses_after_its_hour(client, secas_user):
    fail(client, secas_user.username, 5)
    # An hour and a minute ago (AccessAttempt is axes' model, without history).
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=61))

    assert sign_in(client, secas_user.username, RIGHT).status_code == 302


def test_a_secas_administrator_lifts_the_lock_out_in_the_admin(client, secas_user, secas_admin):
    fail(client, secas_user.username, 5)
    admin = Client()
    admin.force_login(secas_admin)

    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "Locked out" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username=secas_user.username)
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "lift_lockouts", "_selected_action": [attempt.pk]},
        follow=True,
    )

    assert "Lifted 1 lock-out(s)" in response.content.decode()
    assert sign_in(client, secas_user.username, RIGHT).status_code == 302
    lifted = AuditEvent.objects.get(kind=AuditKind.LOCKOUT_LIFTED)
    assert (lifted.username, lifted.actor) == (secas_user.username, secas_admin)
    assert lifted.detail == f"lifted by {secas_admin.username} for 127.0.0.1"


def test_only_secas_administrators_and_superusers_see_or_lift_lock_outs(client, secas_user, panel_staff, superuser):
    fail(client, secas_user.username, 5)
    attempt = AccessAttempt.objects.get()
    panel = Client()
    panel.force_login(panel_staff)

    assert panel.get("/admin/axes/accessattempt/").status_code == 403
    lift = {"action": "lift_lockouts", "_selected_action": [attempt.pk]}
    assert panel.post("/admin/axes/accessattempt/", lift).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    reader = Client()
    reader.force_login(secas_user)  # secas, but no staff status: no admin at all
    assert reader.get("/admin/axes/accessattempt/").status_code == 302
    root = Client()
    root.force_login(superuser)
    assert root.get("/admin/axes/accessattempt/").status_code == 200


def test_behind_the_proxy_the_address_is_the_one_it_forwards_and_a_client_cannot_choose_it(settings, secas_user):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}  # Caddy's address: the same for every client
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    fail(attacker, secas_user.username, 5)

    colleague = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert sign_in(colleague, secas_user.username, RIGHT).status_code == 302
    # A client's own X-Forwarded-For comes first; the proxy appends the address it saw.
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.6, 203.0.113.5")
    assert sign_in(spoofing, secas_user.username, RIGHT).status_code == 429

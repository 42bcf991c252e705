"""Sign-ins, failures, lock-outs and sign-outs are written to the audit log, which SECAS administrators read."""

import pytest
from django.test import Client

from secreleases.choices import AuditKind
from secreleases.models import AuditEvent

from .conftest import RIGHT, fail, sign_in

pytestmark = pytest.mark.django_db


def kinds():
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_a_sign_in_is_recorded_with_the_address_browser_and_request_id(secas_user):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Firefox/140")

    response = sign_in(client, secas_user.username, RIGHT)

    event = AuditEvent.objects.get()
    assert event.kind == AuditKind.SIGNED_IN
    assert (event.user, event.username, event.ip_address) == (secas_user, secas_user.username, "198.51.100.7")
    assert event.user_agent == "Firefox/140"
    assert event.request_id == response["X-Request-ID"]


def test_a_failure_is_recorded_with_the_username_as_typed_and_never_the_password(client):
    sign_in(client, "nobody-by-this-name", "hunter2")

    event = AuditEvent.objects.get()
    assert (event.kind, event.username, event.user) == (AuditKind.SIGN_IN_FAILED, "nobody-by-this-name", None)
    assert event.detail == "wrong username or password"
    assert "hunter2" not in str(AuditEvent.objects.values().get())


def test_a_lock_out_is_recorded_once_and_each_refused_attempt_after_it(client, secas_user):
    fail(client, secas_user.username, 5)
    sign_in(client, secas_user.username, RIGHT)
    sign_in(client, secas_user.username, RIGHT)

    assert kinds() == [AuditKind.SIGN_IN_FAILED] * 5 + [AuditKind.LOCKED_OUT] + [AuditKind.SIGN_IN_FAILED] * 2
    locked = AuditEvent.objects.get(kind=AuditKind.LOCKED_OUT)
    assert locked.detail == "after 5 failed sign-ins; for 60 minutes unless lifted"
    refused = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).first()  # the newest
    assert refused.detail == "refused: locked out"


def test_a_sign_out_is_recorded(client, secas_user):
    client.force_login(secas_user)
    client.post("/accounts/logout/")

    assert kinds() == [AuditKind.SIGNED_IN, AuditKind.SIGNED_OUT]


def test_a_secas_administrator_reads_the_log_in_the_admin(client, secas_admin, secas_user):
    fail(Client(), secas_user.username, 2)
    client.force_login(secas_admin)

    listing = client.get("/admin/secreleases/auditevent/")
    assert listing.status_code == 200
    assert listing.content.decode().count("Sign-in failed") >= 2
    event = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).first()
    assert client.get(f"/admin/secreleases/auditevent/{event.pk}/change/").status_code == 200


def test_nobody_adds_edits_or_deletes_an_event_not_even_a_superuser(client, superuser, secas_user):
    fail(Client(), secas_user.username, 1)
    event = AuditEvent.objects.get()
    client.force_login(superuser)

    assert client.get("/admin/secreleases/auditevent/add/").status_code == 403
    client.post(f"/admin/secreleases/auditevent/{event.pk}/change/", {"username": "someone-else"})
    assert client.post(f"/admin/secreleases/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.username == secas_user.username
    assert AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).count() == 1


def test_other_staff_and_people_without_staff_status_cannot_read_it(client, panel_staff, secas_user):
    client.force_login(panel_staff)
    assert client.get("/admin/secreleases/auditevent/").status_code == 403
    client.force_login(secas_user)
    assert client.get("/admin/secreleases/auditevent/").status_code == 302  # to the admin's sign-in

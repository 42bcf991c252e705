"""Each user manages their own API tokens at /account/tokens/ (the key shown once; revoking refuses the next
request); SECAS administrators see and revoke anyone's in the admin."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from secreleases.choices import AuditKind
from secreleases.models import ApiToken, AuditEvent
from tests.conftest import token_for

from .test_content_security_policy import assert_strict_policy, inline_code

pytestmark = pytest.mark.django_db
PAGE = "/account/tokens/"
API = "/api/v1/releases/"


def api_status(key: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}").get(API).status_code


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_your_own_tokens_and_nobody_elses(panel_user, secas_user):
    token_for(panel_user, name="Panel reporting", read_only=True)
    token_for(secas_user, name="SECAS website sync")
    token_for(panel_user, name="Old script")
    ApiToken.objects.get(name="Old script").revoke()

    page = signed_in(panel_user).get(PAGE)

    assert page.status_code == 200
    assert [token.name for token in page.context["tokens"]] == ["Panel reporting"]
    html = page.content.decode()
    assert "Panel reporting" in html and "Read only" in html
    assert "SECAS website sync" not in html and "Old script" not in html


def test_creating_a_token_shows_its_key_once_and_keeps_only_its_digest(panel_user):
    client = signed_in(panel_user)

    response = client.post(PAGE, {"name": "My script", "expires": "30", "read_only": "on"})

    assert response.status_code == 200
    key = response.context["key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.read_only, token.prefix) == (panel_user, "My script", True, key[:8])
    assert abs(token.expires_at - timezone.now() - datetime.timedelta(days=30)) < datetime.timedelta(minutes=1)
    assert api_status(key) == 200
    again = client.get(PAGE).content.decode()
    assert key not in again and "My script" in again
    assert AuditEvent.objects.get(kind=AuditKind.TOKEN_CREATED).user == panel_user


def test_a_name_you_already_use_is_refused_beside_the_form(panel_user):
    token_for(panel_user, name="My script")

    response = signed_in(panel_user).post(PAGE, {"name": "My script", "expires": "never"})

    assert response.status_code == 400
    assert response.context["key"] is None
    assert "already have a token of this name" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_revoking_your_token_refuses_its_very_next_request(panel_user):
    key = token_for(panel_user, name="My script")
    token = ApiToken.objects.get()
    client = signed_in(panel_user)
    assert api_status(key) == 200

    confirm = client.get(f"{PAGE}{token.pk}/revoke/")
    assert confirm.status_code == 200 and "My script" in confirm.content.decode()
    assert api_status(key) == 200  # asking is not revoking
    response = client.post(f"{PAGE}{token.pk}/revoke/")

    assert (response.status_code, response["Location"]) == (303, PAGE)
    assert api_status(key) == 401
    after = client.get(PAGE)
    assert list(after.context["tokens"]) == []
    assert "Revoked My script" in after.content.decode()  # the message saying so
    event = AuditEvent.objects.get(kind=AuditKind.TOKEN_REVOKED)
    assert (event.user, event.actor) == (panel_user, None)


def test_nobody_revokes_someone_elses_token_on_this_page(panel_user, secas_user):
    key = token_for(secas_user)
    token = ApiToken.objects.get()

    client = signed_in(panel_user)
    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert api_status(key) == 200


def test_a_secas_administrator_sees_and_revokes_anyones_token_in_the_admin(secas_admin, panel_user):
    key = token_for(panel_user, name="Panel reporting")
    token = ApiToken.objects.get()
    admin = signed_in(secas_admin)

    assert 'href="/admin/secreleases/apitoken/"' in admin.get(PAGE).content.decode()
    listing = admin.get("/admin/secreleases/apitoken/")
    assert listing.status_code == 200 and "Panel reporting" in listing.content.decode()
    assert admin.get(f"/admin/secreleases/apitoken/{token.pk}/change/").status_code == 200
    assert admin.get("/admin/secreleases/apitoken/add/").status_code == 403
    response = admin.post("/admin/secreleases/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})

    assert response.status_code == 302
    assert api_status(key) == 401
    token.refresh_from_db()
    assert token.revoked_by == secas_admin
    event = AuditEvent.objects.get(kind=AuditKind.TOKEN_REVOKED)
    assert (event.user, event.actor) == (panel_user, secas_admin)


def test_other_staff_and_secas_members_without_staff_status_cannot_see_them(panel_staff, secas_user):
    token_for(secas_user)
    assert signed_in(panel_staff).get("/admin/secreleases/apitoken/").status_code == 403
    assert signed_in(secas_user).get("/admin/secreleases/apitoken/").status_code == 302  # the admin's sign-in
    assert "/admin/secreleases/apitoken/" not in signed_in(panel_staff).get(PAGE).content.decode()


def test_signing_in_is_needed_and_forms_need_their_csrf_token(panel_user):
    assert Client().get(PAGE)["Location"].startswith("/accounts/login/")
    token_for(panel_user)
    token = ApiToken.objects.get()

    client = Client(enforce_csrf_checks=True)
    client.force_login(panel_user)
    assert client.post(PAGE, {"name": "Forged", "expires": "never"}).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.get().revoked_at is None
    assert ApiToken.objects.count() == 1


def test_the_header_links_to_the_page_and_its_pages_need_no_inline_code(panel_user):
    client = signed_in(panel_user)
    assert f'href="{PAGE}"' in client.get("/").content.decode()

    created = client.post(PAGE, {"name": "My script", "expires": "90"})
    token = ApiToken.objects.get()
    for response in (client.get(PAGE), created, client.get(f"{PAGE}{token.pk}/revoke/")):
        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == []

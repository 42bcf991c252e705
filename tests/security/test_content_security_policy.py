"""Every page carries a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval', and no page needs one:
no inline script, <style>, style attribute or event handler attribute. The CSRF cookie is HttpOnly."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.conftest import make_user
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    "/",
    "/planning/",
    "/modifications/",
    "/modifications/{reference}/",
    "/releases/november-2020/",
    "/releases/november-2020/dashboard/",
    "/releases/november-2020/rid/",
    "/releases/november-2020/rid/preview/",
    "/releases/november-2020/scope/{item_pk}/",
    "/api/docs/",
    "/admin/",
    "/admin/releases/release/",
    "/admin/releases/release/{release_pk}/change/",
    "/admin/secreleases/auditevent/",
    "/admin/axes/accessattempt/",
    "/admin/secreleases/apitoken/",
    "/account/tokens/",
    "/no-such-page/",
]


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would refuse."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} on <{tag}>" for name in names if name.startswith("on")]
        self.found += [f"javascript: URL on <{tag}>" for _, value in attrs if (value or "").startswith("javascript:")]


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_strict_policy(response):
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.fixture
def pages(db):
    release = build_release()
    item = release.scope_items.select_related("modification").first()
    values = {"reference": item.modification.reference, "release_pk": release.pk, "item_pk": item.pk}
    return [page.format(**values) for page in SIGNED_IN_PAGES]


def test_every_page_a_secas_administrator_sees_has_the_policy_and_no_inline_code(pages, superuser):
    secas = make_user("sid-secas", "secas", is_staff=True)
    client = Client()
    client.force_login(secas)
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 404), page
        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == [], page


def test_the_sign_in_and_lock_out_pages_have_the_policy_and_no_inline_code(client, secas_user):
    for response in [client.get("/accounts/login/"), client.get("/admin/login/")]:
        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == []
    for _ in range(5):
        locked = client.post("/accounts/login/", {"username": secas_user.username, "password": "wrong"})
    assert locked.status_code == 429
    assert_strict_policy(locked)
    assert inline_code(locked.content.decode()) == []


def test_the_api_answers_with_the_policy_too(api_as, panel_user):
    assert_strict_policy(api_as(panel_user).get("/api/v1/releases/"))


def test_htmx_is_told_to_inject_no_style_and_use_no_eval(client, secas_user):
    client.force_login(secas_user)
    html = client.get("/").content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in html


def test_the_csrf_cookie_is_http_only_and_the_session_cookie_too(client, secas_user):
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    assert response.cookies["csrftoken"]["samesite"] == "Lax"

    token = response.cookies["csrftoken"].value
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.cookies["csrftoken"] = token
    page = signed_in.get("/accounts/login/")
    form_token = page.context["csrf_token"]
    response = signed_in.post(
        "/accounts/login/",
        {"username": secas_user.username, "password": "correct-horse-battery", "csrfmiddlewaretoken": form_token},
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True

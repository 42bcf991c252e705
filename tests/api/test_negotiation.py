"""The remembered negotiation chooses exactly what DRF's would, the first time and every time after."""

import pytest
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from releases.api.negotiation import RememberedNegotiation

ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "text/html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/*;q=0.5, text/html",
]


def choice(negotiation, accept, query=""):
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    request = Request(APIRequestFactory().get(f"/api/v1/releases/{query}", **headers))
    renderers = [JSONRenderer(), BrowsableAPIRenderer()]
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers)
    except NotAcceptable:
        return "406"
    return renderers.index(renderer), media_type


@pytest.mark.parametrize("query", ["", "?format=json", "?format=api"])
@pytest.mark.parametrize("accept", ACCEPTS)
def test_the_same_renderer_and_media_type_as_drf_chooses(accept, query):
    RememberedNegotiation._choices.clear()
    expected = choice(DefaultContentNegotiation(), accept, query)
    assert choice(RememberedNegotiation(), accept, query) == expected
    assert choice(RememberedNegotiation(), accept, query) == expected  # now remembered


def test_an_unacceptable_accept_header_is_refused_every_time():
    assert [choice(RememberedNegotiation(), "image/png") for _ in range(2)] == ["406", "406"]


def test_the_api_answers_406_to_an_unacceptable_accept_header(world, secas):
    for _ in range(2):
        assert secas.get("/api/v1/releases/", HTTP_ACCEPT="image/png").status_code == 406

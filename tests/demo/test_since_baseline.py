"""The June 2020 RID page compares v1.1's snapshot with the release as the later papers left it."""

import re

from django.urls import reverse


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_june_2020_rid_page_shows_the_go_live_move_and_the_deferred_items_since_v1_1(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="panel"))
    html = client.get(reverse("releases:rid", kwargs={"slug": "june-2020"})).content.decode()
    since = text_of(html.split('id="since"')[1])
    assert "No changes" not in since and "Nothing in the scope" not in since
    assert "Implementation date: 25 June 2020 → 6 May 2020" in since
    for reference in ("MP084", "MP088"):
        assert re.search(
            rf"Removed: {reference} ‘[^’]+’ \(was Targeted \(decision pending\)\) — Deferred: Moved from June 2020 SEC "
            "Release to November 2020 SEC Release",
            since,
        ), since

"""The demo as the Panel reads it: the June 2020 RID since v1.1, and 2021 on the planning page."""

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


def test_planning_places_the_2021_releases_by_their_names_and_warns_of_two_duis_uplifts(client, django_user_model):
    """OPSG_33_0206_15: SECMP0067 (DUIS) in June 2021 and SECMP0007, 0024, 0046 (DUIS) in November 2021."""
    client.force_login(django_user_model.objects.get(username="panel"))
    html = text_of(client.get(reverse("releases:planning")).content.decode())
    assert "2021 has 2 DUIS uplifts: June 2021 SEC Release and November 2021 SEC Release." in html
    assert "2021 June 2021 SEC Release (go-live not set) ; November 2021 SEC Release (go-live not set)" in html

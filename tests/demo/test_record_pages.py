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


def test_the_papers_baselines_are_baselines_never_overwritten_and_the_next_number_goes_up():
    import datetime

    import pytest

    from releases.models import Release, RidVersion
    from releases.models.rid import BaselineImmutableError
    from releases.rid import baseline
    from releases.rid.views import next_version
    from secreleases.rules import RuleError

    v4 = RidVersion.objects.get(release__slug="november-2020", version="4.0")
    assert v4.is_baseline and v4.baselined_on is None and v4.snapshot is None
    november = Release.objects.get(slug="november-2020")
    with pytest.raises(BaselineImmutableError, match="already baselined"):
        baseline(november, version="4.0", changes="Again", baselined_on=datetime.date(2020, 6, 2))
    with pytest.raises(RuleError, match="numbered above it, not 3.9"):
        baseline(november, version="3.9", changes="Lower", baselined_on=datetime.date(2020, 6, 2))
    assert RidVersion.objects.get(pk=v4.pk).changes.startswith("Baselined by the Panel")
    assert next_version(november) == "4.1"
    june_1_0 = RidVersion.objects.get(release__slug="june-2020", version="1.0")
    assert june_1_0.is_baseline and june_1_0.baselined_on == datetime.date(2019, 10, 11)


def test_the_dashboard_links_only_the_pdfs_that_exist(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="panel"))
    html = client.get(reverse("releases:dashboard", kwargs={"slug": "june-2020"})).content.decode()
    assert "PDF of RID v1.1" in html
    assert "PDF of RID v1.0" not in html and "RID version 1.0" in html
    nov = client.get(reverse("releases:dashboard", kwargs={"slug": "november-2020"})).content.decode()
    assert "RID version 4.0, baselined (date not stated)" in nov and "PDF of RID v4.0" not in nov

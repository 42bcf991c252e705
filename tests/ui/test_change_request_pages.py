"""DCC Change Requests in the browser: the list (sortable, paged), one CR with the modifications that depend
on it, recording and editing them (the DCC and SECAS), and dependencies (SECAS) from both sides."""

import pytest
from django.urls import reverse

from modifications.models import ChangeRequest, CrDependency
from tests.factories import ChangeRequestFactory, ModificationFactory

pytestmark = pytest.mark.django_db


def cr_data(**fields) -> dict:
    data = {
        "number": "CR1145",
        "title": "Auxiliary Proportional Load Control",
        "originator": "beis",
        "modification": "",
        "duis_schema_change": "true",
        "duis_document_change": "unknown",
        "smets_version": "v4.3 & V5.0",
        "gbcs_version": "v4.0",
        "proposed_duis_version": "4.0",
        "reason": "From the DCC's scope-candidates table",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("role", ["secas_user", "dcc_user"])
def test_secas_and_the_dcc_record_a_change_request(client_as, request, role):
    response = client_as(request.getfixturevalue(role)).post(reverse("change_requests:new"), cr_data())
    assert response.status_code == 303
    cr = ChangeRequest.objects.get(number="CR1145")
    assert response["Location"] == reverse("change_requests:detail", kwargs={"pk": cr.pk})
    assert cr.duis_schema_change is True and cr.duis_document_change is None
    assert cr.smets_version == "v4.3 & V5.0"
    assert cr.history.first().history_change_reason == "From the DCC's scope-candidates table"


def test_a_bad_number_is_shown_beside_the_field_and_the_rest_is_kept(client_as, dcc_user):
    response = client_as(dcc_user).post(reverse("change_requests:new"), cr_data(number="1145"))
    assert response.status_code == 200
    assert "Write a DCC Change Request number like CR1145" in str(response.context["form"].errors["number"])
    assert "Auxiliary Proportional Load Control" in response.content.decode()


def test_a_cr_delivering_a_modification_must_have_it_as_originator(client_as, secas_user):
    ModificationFactory(reference="MP093").add_alias("SECMP0093")
    response = client_as(secas_user).post(
        reverse("change_requests:new"), cr_data(modification="SECMP0093", originator="dcc")
    )
    assert response.status_code == 200
    assert "has that modification as originator" in response.content.decode()
    ok = client_as(secas_user).post(
        reverse("change_requests:new"), cr_data(modification="MP093", originator="sec_modification")
    )
    assert ok.status_code == 303
    assert ChangeRequest.objects.get(number="CR1145").modification.reference == "MP093"


def test_the_dcc_edits_a_change_request_with_a_version_check(client_as, dcc_user):
    cr = ChangeRequestFactory(number=None, title="Organisation Certificates – XML signing")
    client = client_as(dcc_user)
    url = reverse("change_requests:edit", kwargs={"pk": cr.pk})
    seen = client.get(url).context["form"].initial["last_seen"]
    data = cr_data(number="CR1355", title=cr.title, originator="dcc", last_seen=seen, reason="Numbered")
    assert client.post(url, data).status_code == 303
    cr.refresh_from_db()
    assert cr.number == "CR1355"
    stale = client.post(url, {**data, "title": "Changed", "last_seen": seen})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()


def test_the_list_sorts_by_a_column_both_ways(client_as, panel_user):
    ChangeRequestFactory(number="CR1088", title="DCC Production Proving")
    ChangeRequestFactory(number="CR1145", title="Auxiliary Proportional Load Control")
    ChangeRequestFactory(number=None, title="Organisation Certificates – XML signing")
    client = client_as(panel_user)
    by_number = [cr.display_number for cr in client.get(reverse("change_requests:list")).context["page"]]
    assert by_number == ["CR1088", "CR1145", "CRTBC"]
    by_title = [cr.title for cr in client.get(reverse("change_requests:list"), {"sort": "-title"}).context["page"]]
    assert by_title == [
        "Organisation Certificates – XML signing",
        "DCC Production Proving",
        "Auxiliary Proportional Load Control",
    ]
    assert client.get(reverse("change_requests:list"), {"sort": "nonsense"}).status_code == 200


def test_the_list_is_paged(client_as, panel_user):
    for i in range(51):
        ChangeRequestFactory(number=f"CR{3000 + i}")
    page = client_as(panel_user).get(reverse("change_requests:list"), {"page": 2})
    assert [cr.number for cr in page.context["page"]] == ["CR3050"]


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_and_a_cr_page_run_a_fixed_number_of_queries(client_as, panel_user, django_assert_num_queries, size):
    for _i in range(size):
        modification = ModificationFactory()
        cr = ChangeRequestFactory(modification=modification, originator="sec_modification")
        modification.depend_on(cr, condition="delivered")
        ModificationFactory().depend_on(cr)
    client = client_as(panel_user)
    client.get(reverse("change_requests:list"))
    with django_assert_num_queries(7):
        assert client.get(reverse("change_requests:list")).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("change_requests:detail", kwargs={"pk": cr.pk})).status_code == 200


def test_secas_adds_a_dependency_from_the_modification_page_and_removes_it_from_the_crs(client_as, secas_user):
    modification = ModificationFactory(reference="MP078")
    cr = ChangeRequestFactory(number="CR1057")
    client = client_as(secas_user)
    response = client.post(
        reverse("modifications:dependency-add", kwargs={"reference": "MP078"}),
        {"change_request": cr.pk, "condition": "delivered", "reason": "Panel paper"},
    )
    assert response.status_code == 303
    cr_page = client.get(reverse("change_requests:detail", kwargs={"pk": cr.pk})).content.decode()
    assert "MP078" in cr_page and "until it is delivered" in cr_page
    dependency = CrDependency.objects.get(modification=modification, change_request=cr)
    cr_url = reverse("change_requests:detail", kwargs={"pk": cr.pk})
    remove = reverse("modifications:dependency-remove", kwargs={"pk": dependency.pk})
    assert remove in cr_page
    done = client.post(f"{remove}?next={cr_url}", {"reason": "Delivered"})
    assert done.status_code == 303 and done["Location"] == cr_url
    assert not CrDependency.objects.exists()
    assert CrDependency.history.filter(id=dependency.pk).first().history_change_reason == "Delivered"


def test_secas_adds_a_dependant_from_the_cr_page_and_a_second_is_refused(client_as, secas_user):
    ModificationFactory(reference="SECMP0007")
    cr = ChangeRequestFactory(number="CR1047")
    client = client_as(secas_user)
    url = reverse("change_requests:dependant-add", kwargs={"pk": cr.pk})
    assert client.post(url, {"modification": "SECMP0007", "condition": "exited PIT"}).status_code == 303
    again = client.post(url, {"modification": "SECMP0007"})
    assert again.status_code == 200
    assert "This dependency is already recorded." in again.content.decode()
    unknown = client.post(url, {"modification": "MP999"})
    assert "No modification is known as “MP999”." in unknown.context["form"].errors["modification"]


def test_the_header_links_to_change_requests(client_as, panel_user):
    page = client_as(panel_user).get(reverse("modifications:list")).content.decode()
    assert f'href="{reverse("change_requests:list")}"' in page


@pytest.mark.parametrize(
    ("role", "may"),
    [("secas_user", {"new", "edit", "dependant"}), ("dcc_user", {"new", "edit"}), ("panel_user", set())],
)
def test_each_role_gets_the_links_and_pages_it_may_use_and_403_for_the_rest(client_as, request, role, may):
    cr = ChangeRequestFactory(number="CR1118")
    modification = ModificationFactory(reference="MP093")
    dependency = modification.depend_on(cr)
    urls = {
        "new": reverse("change_requests:new"),
        "edit": reverse("change_requests:edit", kwargs={"pk": cr.pk}),
        "dependant": reverse("change_requests:dependant-add", kwargs={"pk": cr.pk}),
        "remove": reverse("modifications:dependency-remove", kwargs={"pk": dependency.pk}),
    }
    if "dependant" in may:
        may = may | {"remove"}
    client = client_as(request.getfixturevalue(role))
    pages = client.get(reverse("change_requests:list")).content.decode()
    pages += client.get(reverse("change_requests:detail", kwargs={"pk": cr.pk})).content.decode()
    for name, url in urls.items():
        if name in may:
            assert url in pages, name
            assert client.get(url).status_code == 200, name
        else:
            assert url not in pages, name
            assert client.get(url).status_code == 403, name
            assert client.post(url, {"reason": "x"}).status_code == 403, name


def test_an_outsider_gets_403_everywhere(client_as, outsider):
    cr = ChangeRequestFactory()
    client = client_as(outsider)
    for url in [reverse("change_requests:list"), reverse("change_requests:detail", kwargs={"pk": cr.pk})]:
        assert client.get(url).status_code == 403


def test_a_change_requests_history_says_who_changed_it_and_why(client_as, secas_user, panel_user):
    client = client_as(secas_user)
    client.post(reverse("change_requests:new"), cr_data())
    cr = ChangeRequest.objects.get(number="CR1145")
    ModificationFactory(reference="MP078").depend_on(cr, reason="SECP_76_1701_23 section 4")
    page = client_as(panel_user).get(reverse("change_requests:history", kwargs={"pk": cr.pk})).content.decode()
    assert "From the DCC&#x27;s scope-candidates table" in page or "From the DCC's scope-candidates table" in page
    assert "SECP_76_1701_23 section 4" in page and "sally-secas" in page

import json

from modifications.models import ParticipantImpact
from releases.rid.assemble import assemble
from tests.factories import ModificationFactory, ScopeItemFactory


def test_it_lists_approved_and_targeted_items_with_cut_offs_and_change_requests_alongside(june_2020):
    rid = assemble(june_2020)

    assert [row["key"] for row in rid["scope"]["approved"]] == ["SECMP0053"]
    targeted = {row["key"]: row for row in rid["scope"]["targeted"]}
    assert list(targeted) == ["SECMP0062 Part 1", "MP079", "MP084", "MP088"]
    assert targeted["SECMP0062 Part 1"]["cut_off_date"] == "2020-02-21"
    assert targeted["MP079"]["fall_back_release"] == "November 2020 SEC Release"
    assert rid["scope"]["change_requests"][0]["number"] == "CR1088"
    assert "impacts" not in rid["scope"]["change_requests"][0]
    json.dumps(rid)  # plain JSON, ready to freeze


def test_it_ticks_the_participant_and_document_matrices_as_the_june_2020_rid_does(june_2020):
    impacts = assemble(june_2020)["impacts"]

    matrix = {row["modification"]: row["marks"] for row in impacts["participant_matrix"]}
    assert impacts["participant_columns"] == [
        "Suppliers",
        "Electricity Networks",
        "Gas Networks",
        "Other SEC Parties",
        "DCC",
    ]
    assert matrix == {
        "SECMP0053": [True, False, False, False, True],
        "SECMP0062": [True, True, True, True, True],
        "MP079": [True, True, True, True, True],
        "MP084": [False, False, False, True, False],
        "MP088": [False, False, False, False, False],
    }
    documents = {row["document"]: row["marks"] for row in impacts["document_matrix"]}
    assert impacts["document_columns"] == ["SECMP0053", "SECMP0062", "MP079", "MP084", "MP088"]
    assert documents["Section D"] == [False, False, True, False, True]
    assert documents["Appendix E"] == [True, False, False, False, False]
    assert [row["area"] for row in impacts["dcc_impacts"]] == [
        "Communications Service Providers",
        "Data Service Provider",
        "Governance",
    ]
    assert [row["participant"] for row in impacts["sec_party_impacts"]][0] == "Supplier Parties"


def test_it_shows_the_quoted_total_beside_the_breakdown_and_their_difference(june_2020):
    costs = assemble(june_2020)["costs"]

    assert costs["dcc_quoted_total"] == "1120042.00"
    assert costs["breakdown_total"] == "1180042.00"
    assert costs["difference"] == "-60000.00"
    assert [line["modification"] for line in costs["breakdown"]] == ["SECMP0053", "SECMP0062"]
    assert costs["breakdown"][1]["phases"] == ["964346.00", "96995.00", "9359.00", "17692.00"]
    assert [c["amount"] for c in costs["secas"]] == ["1200.00", "12000.00"]


def test_it_keeps_timetable_rows_that_have_no_date_yet(june_2020):
    timetable = assemble(june_2020)["timetable"]

    assert timetable[0] == {
        "date": "2019-10-11",
        "event": "Panel baselines RID for system-impacting modifications",
        "notes": timetable[0]["notes"],
        "owner": None,
    }
    assert {"date": None, "event": "SIT commences", "notes": "", "owner": None} in timetable
    assert timetable[-1]["event"] == "Release go-live"


def test_it_groups_criteria_by_category_and_lists_every_version(june_2020):
    rid = assemble(june_2020)

    assert [(g["heading"], len(g["criteria"])) for g in rid["criteria"]] == [
        ("Operational acceptance criteria", 9),
        ("Testing acceptance criteria", 6),
    ]
    assert [v["version"] for v in rid["versions"]] == ["0.1", "0.2", "0.3", "1.0"]


def test_its_glossary_lists_the_acronyms_the_document_uses(june_2020):
    glossary = [row["acronym"] for row in assemble(june_2020)["glossary"]]

    assert glossary == ["CSC", "DCC", "PIT", "RID", "SEC", "SECAS", "SIT", "TABASC", "TAD", "TAG", "UIT"]


def test_it_assembles_in_the_same_few_queries_however_large_the_release(june_2020, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assemble(june_2020)
    for _ in range(15):
        item = ScopeItemFactory(release=june_2020, modification=ModificationFactory(impacts_dcc_systems=False))
        ParticipantImpact.objects.create(modification=item.modification, participant="suppliers", summary="More.")
    with django_assert_max_num_queries(12):
        rid = assemble(june_2020)
    assert len(rid["impacts"]["participant_matrix"]) == 20

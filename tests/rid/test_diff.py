import datetime
from decimal import Decimal

from acceptance.models import Criterion
from releases.models import ScopeItem
from releases.rid import baseline
from releases.rid.diff import compare
from tests.factories import ModificationFactory


def test_the_diff_of_two_baselines_lists_exactly_what_changed(june_2020, baseline_1_1):
    items = {item.label: item for item in june_2020.scope_items.select_related("modification")}
    items["MP079"].approve(reason="Approved by the Change Board")
    items["MP084"].update(cut_off_date=datetime.date(2020, 5, 29), status_note="The Authority will decide in May.")
    items["MP088"].remove(reason="Withdrawn by the Proposer")
    ScopeItem.add(
        release=june_2020,
        modification=ModificationFactory(reference="MP093", title="Implementing IRP511"),
        inclusion="targeted",
        added_on=datetime.date(2020, 1, 10),
        on=datetime.date(2020, 1, 10),
    )
    june_2020.reschedule("implementation", datetime.date(2020, 5, 6), reason="Moved at the Authority's request")
    milestone = june_2020.milestones.get(event="Panel go/no-go decision")
    milestone.date = datetime.date(2020, 5, 5)
    milestone.save()
    june_2020.refresh_from_db()
    june_2020.dcc_quoted_total = Decimal("1180042")
    june_2020.save()
    criterion = Criterion.objects.get(release=june_2020, category="testing", number=3)
    criterion.text = "The DCC has successfully completed regression testing with Test Participants."
    criterion.save()
    later = baseline(june_2020, version="1.2", changes="Re-baselined", baselined_on=datetime.date(2020, 4, 17))

    diff = compare(baseline_1_1.snapshot, later.snapshot)

    assert (diff["from"], diff["to"]) == ("1.1", "1.2")
    assert [row["item"] for row in diff["scope"]["added"]] == ["MP093"]
    assert [row["item"] for row in diff["scope"]["removed"]] == ["MP088"]
    assert diff["scope"]["changed"] == [
        {
            "item": "MP079",
            "title": "Provisions for withdrawing modifications",
            "changes": [
                {"field": "Inclusion", "from": "Targeted (decision pending)", "to": "Approved for inclusion"},
            ],
        },
        {
            "item": "MP084",
            "title": "Other User Panel Seating Amendment",
            "changes": [
                {"field": "Cut-off date", "from": "2020-04-24", "to": "2020-05-29"},
                {
                    "field": "Current status",
                    "from": "The Change Board recommended MP084 be approved; the Authority will decide.",
                    "to": "The Authority will decide in May.",
                },
            ],
        },
    ]
    assert diff["dates"] == {
        "implementation_date": {"from": "2020-06-25", "to": "2020-05-06"},
        "timetable": [
            {"event": "Panel go/no-go decision", "change": "moved", "from": "2020-06-12", "to": "2020-05-05"}
        ],
    }
    assert diff["costs"] == [{"what": "DCC quoted total", "from": "1120042.00", "to": "1180042.00"}]
    assert diff["criteria"] == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "criterion": "Testing 3",
                "from": "The DCC has successfully completed regression testing.",
                "to": "The DCC has successfully completed regression testing with Test Participants.",
            }
        ],
    }
    assert diff["change_requests"] == {"added": [], "removed": []}
    assert diff["has_changes"]


def test_two_baselines_of_the_same_content_show_no_change(june_2020, baseline_1_1):
    later = baseline(june_2020, version="1.2", changes="Same again", baselined_on=datetime.date(2020, 2, 1))

    diff = compare(baseline_1_1.snapshot, later.snapshot)

    assert not diff["has_changes"]
    assert diff["scope"] == {"added": [], "removed": [], "changed": []}

"""Every rule of issue #12 at every door that can reach it: the model's verb, the admin, the browser form, the API.

Each row names a rule, its refusal in words, and what each door does with the same attempt. A door either
refuses with exactly that message (and changes nothing), or does not offer the input at all (a read-only
field in the admin, a field the browser form does not have): then posting it changes nothing. The API
answers 409 for a rule, 400 for input a verb needs (a reason) or a field rule, 403 for a role's limit.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from acceptance.models import EVIDENCE_NEEDED, Criterion, ReadinessReport
from modifications.models import DECISION_BY_RECORDING_IT, REFERENCE_BY_RENAMING, Modification
from releases.models import Decision, Milestone, Release, RidVersion, ScopeItem
from releases.models.decisions import CORRECTION_NEEDS_REASON, RECORDED_TWICE
from releases.models.release import DATES_BY_RESCHEDULING, RESCHEDULE_NEEDS_REASON
from releases.models.scope import INCLUSION_BY_VERBS, NEW_ITEM_IS_ACTIVE
from releases.rid import baseline
from tests.conftest import api_client_for
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PAST = (
    "The November 2019 SEC Release went live on 29 November 2019: items go only into a release still ahead of its "
    "go-live."
)
CANCELLED = "The Cancelled 2032 SEC Release is cancelled: items go only into a release still ahead of its go-live."
BLUE = "A milestone is Blue (complete) only with the date it was completed."
FUTURE_ACTUAL = "An actual date is when it happened, so not after today: use the forecast."
DCC_PLAN = "The DCC reports a milestone's forecast date, actual date and BRAG; its event, planned date, owner, order"
DCC_COMPLETES = "is the SEC Panel's milestone: only SECAS records it complete."
LOWER_VERSION = "Version 4.0 of this RID is baselined: a new version is numbered above it, not 3.9."
PAPER_BASELINE = "Version 4.0 of the June 2031 SEC Release RID is already baselined."
FUTURE_BASELINE = "The Panel cannot have baselined it after today: give the date it did."
AFTER_GO_LIVE = "A go/no-go is dated on or before the release's go-live (25 June 2031)."
READINESS_AFTER = "A readiness report is as at a day on or before go-live (25 June 2031)."
RENAME_NEEDS_REASON = "Say why the reference changes (kept in the history)."
TOMORROW = datetime.date.today() + datetime.timedelta(days=2)


# -- the world: a release ahead of go-live, one past it, one cancelled, and one of everything ---------------


@pytest.fixture
def w(secas_user, dcc_user, superuser):
    past = ReleaseFactory(slug="november-2019", name="November 2019 SEC Release", implementation_date=D(2019, 11, 29))
    june = ReleaseFactory(slug="june-2031", name="June 2031 SEC Release", implementation_date=D(2031, 6, 25))
    later = ReleaseFactory(slug="november-2031", name="November 2031 SEC Release", implementation_date=D(2031, 11, 27))
    cancelled = ReleaseFactory(
        slug="cancelled-2032", name="Cancelled 2032 SEC Release", implementation_date=D(2032, 6, 1), status="cancelled"
    )
    item = ScopeItem.add(release=june, modification=ModificationFactory(), cut_off_date=D(2031, 3, 1))
    tracker = Milestone.objects.create(release=june, kind="tracker", event="SIT complete", date=D(2031, 3, 1))
    panel_milestone = Milestone.objects.create(
        release=june, kind="tracker", event="SEC Panel Approval for Go-Live", date=D(2031, 6, 20), owner="panel"
    )
    criterion = Criterion.objects.create(release=june, category="operational", number=1, text="Ready.", reviewer="opsg")
    decision = Decision.record(release=june, body="opsg", outcome="go", date=D(2031, 6, 1))
    report = ReadinessReport.record(release=june, as_at=D(2031, 5, 1), components=[{"name": "DSP"}], reason="DCC")
    RidVersion.objects.create(release=june, version="4.0", changes="Baselined by the Panel", baselined=True)
    return {
        "past": past,
        "june": june,
        "later": later,
        "cancelled": cancelled,
        "item": item,
        "tracker": tracker,
        "panel_milestone": panel_milestone,
        "criterion": criterion,
        "decision": decision,
        "report": report,
        "modification": item.modification,
        "secas": secas_user,
        "dcc": dcc_user,
        "superuser": superuser,
    }


# -- what each door answers ----------------------------------------------------------------------------------


@dataclass
class Refusal:
    text: str
    code: int | None = None


def by_verb(call) -> Refusal:
    with pytest.raises((ValidationError, PermissionDenied)) as refused:
        call()
    error = refused.value
    return Refusal(" ".join(error.messages) if isinstance(error, ValidationError) else str(error))


def by_api(response) -> Refusal:
    body = response.json()
    texts = []
    for value in body.values():
        texts.extend(value if isinstance(value, list) else [str(value)])
    return Refusal(" ".join(texts), response.status_code)


def by_page(response) -> Refusal:
    assert response.status_code == 200, response.status_code  # the form again, with the refusal on it
    return Refusal(response.content.decode(), 200)


def admin_form(model, obj, user, changes: dict, *, add: bool = False):
    """The admin's own form for the object, posted with its current values and `changes`."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/admin/")
    request.user = user
    form_class = model_admin.get_form(request, None if add else obj, change=not add)
    data = {} if add else model_to_dict(obj, fields=list(form_class.base_fields))
    data = {name: value for name, value in data.items() if value is not None}
    data.update(changes)
    return form_class(data, instance=None if add else obj)


def by_admin(model, obj, user, changes, **kwargs) -> Refusal:
    form = admin_form(model, obj, user, changes, **kwargs)
    assert not form.is_valid()
    return Refusal(" ".join(str(e) for errors in form.errors.values() for e in errors))


def not_in_admin(model, obj, user, field) -> None:
    """The admin does not take this input: the field is read-only there (the verb is offered instead)."""
    form_class = admin.site._registry[model].get_form(request_as(user), obj, change=True)
    assert field not in form_class.base_fields
    assert field in admin.site._registry[model].get_readonly_fields(request_as(user), obj)


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@dataclass
class Door:
    name: str
    attempt: Callable  # (world, browser client, api client) -> Refusal, or None where the door does not offer it
    status: int | None = None  # what the API answers


@dataclass
class Rule:
    name: str
    message: str
    doors: list
    unchanged: Callable  # (world) -> bool: nothing was written


def browser(w, client, user="secas"):
    client.force_login(w[user])
    return client


def api(w, user="secas"):
    return api_client_for(w[user])


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def version_of(obj):
    return obj.updated_at.isoformat()


def item_unchanged(w):
    item = ScopeItem.objects.get(pk=w["item"].pk)
    return item.inclusion == "targeted" and item.fall_back_release_id is None and item.release_id == w["june"].pk


RULES = [
    Rule(
        "inclusion changes only by approve, move, lapse, remove",
        INCLUSION_BY_VERBS,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["item"].update(inclusion="removed"))),
            Door("admin", lambda w, c: not_in_admin(ScopeItem, w["item"], w["superuser"], "inclusion")),
            Door(
                "browser",
                lambda w, c: (
                    browser(w, c).post(
                        url("releases:scope-change", slug="june-2031", pk=w["item"].pk),
                        {"inclusion": "removed", "cut_off_date": "2031-03-01", "last_seen": version_of(w["item"])},
                    )
                    and None
                ),  # the form has no inclusion field: it saves the rest and leaves the inclusion alone
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(f"/api/v1/releases/june-2031/scope/{w['item'].pk}/", {"inclusion": "removed"})
                ),
                409,
            ),
        ],
        item_unchanged,
    ),
    Rule(
        "a new item is approved or targeted",
        NEW_ITEM_IS_ACTIVE,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: ScopeItem.add(release=w["june"], modification=ModificationFactory(), inclusion="lapsed")
                ),
            ),
            Door(
                "admin",
                lambda w, c: by_admin(
                    ScopeItem,
                    None,
                    w["superuser"],
                    {
                        "release": w["june"].pk,
                        "modification": ModificationFactory().pk,
                        "inclusion": "lapsed",
                        "added_on": "2026-01-01",
                    },
                    add=True,
                ),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:scope-add", slug="june-2031"),
                        {"modification": ModificationFactory().reference, "inclusion": "lapsed"},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/scope/",
                        {"modification": ModificationFactory().reference, "inclusion": "lapsed"},
                    )
                ),
                409,
            ),
        ],
        lambda w: not ScopeItem.objects.exclude(pk=w["item"].pk).exists(),
    ),
    Rule(
        "an item moves only into a release still ahead of go-live",
        PAST,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["item"].move_to(w["past"], reason="x"))),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:scope-move", slug="june-2031", pk=w["item"].pk),
                        {"to": w["past"].pk, "reason": "x", "last_seen": version_of(w["item"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        f"/api/v1/releases/june-2031/scope/{w['item'].pk}/move/", {"to": "november-2019", "reason": "x"}
                    )
                ),
                409,
            ),
        ],
        item_unchanged,
    ),
    Rule(
        "an item is added only to a release still ahead of go-live",
        PAST,
        [
            Door(
                "verb",
                lambda w, c: by_verb(lambda: ScopeItem.add(release=w["past"], modification=ModificationFactory())),
            ),
            Door(
                "admin",
                lambda w, c: by_admin(
                    ScopeItem,
                    None,
                    w["superuser"],
                    {
                        "release": w["past"].pk,
                        "modification": ModificationFactory().pk,
                        "inclusion": "targeted",
                        "added_on": "2026-01-01",
                    },
                    add=True,
                ),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:scope-add", slug="november-2019"),
                        {"modification": ModificationFactory().reference, "inclusion": "targeted"},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/november-2019/scope/", {"modification": ModificationFactory().reference}
                    )
                ),
                409,
            ),
        ],
        lambda w: not ScopeItem.objects.filter(release=w["past"]).exists(),
    ),
    Rule(
        "a fall-back is a release still ahead of go-live",
        CANCELLED,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["item"].update(fall_back_release=w["cancelled"]))),
            Door(
                "admin",
                lambda w, c: by_admin(ScopeItem, w["item"], w["superuser"], {"fall_back_release": w["cancelled"].pk}),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:scope-change", slug="june-2031", pk=w["item"].pk),
                        {"fall_back_release": w["cancelled"].pk, "last_seen": version_of(w["item"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(
                        f"/api/v1/releases/june-2031/scope/{w['item'].pk}/", {"fall_back_release": "cancelled-2032"}
                    )
                ),
                409,
            ),
        ],
        item_unchanged,
    ),
    Rule(
        "a baseline the Panel made (as a paper says) is never overwritten",
        PAPER_BASELINE,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: baseline(w["june"], version="4.0", changes="x", baselined_on=D(2026, 1, 5))
                ),
            ),
            Door(
                "browser",
                lambda w, c: Refusal(
                    browser(w, c)
                    .post(
                        url("releases:rid-baseline", slug="june-2031"),
                        {"version": "4.0", "changes": "x", "baselined_on": "2026-01-05"},
                    )
                    .content.decode()
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/rids/",
                        {"version": "4.0", "changes": "x", "baselined_on": "2026-01-05"},
                    )
                ),
                409,
            ),
        ],
        lambda w: RidVersion.objects.get(release=w["june"], version="4.0").changes == "Baselined by the Panel",
    ),
    Rule(
        "versions go up past every baseline",
        LOWER_VERSION,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: baseline(w["june"], version="3.9", changes="x", baselined_on=D(2026, 1, 5))
                ),
            ),
            Door(
                "admin",
                lambda w, c: by_admin(
                    RidVersion,
                    None,
                    w["superuser"],
                    {"release": w["june"].pk, "version": "3.9", "changes": "x"},
                    add=True,
                ),
            ),
            Door(
                "browser",
                lambda w, c: Refusal(
                    browser(w, c)
                    .post(
                        url("releases:rid-baseline", slug="june-2031"),
                        {"version": "3.9", "changes": "x", "baselined_on": "2026-01-05"},
                    )
                    .content.decode()
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/rids/",
                        {"version": "3.9", "changes": "x", "baselined_on": "2026-01-05"},
                    )
                ),
                409,
            ),
        ],
        lambda w: not RidVersion.objects.filter(version="3.9").exists(),
    ),
    Rule(
        "a baseline date is not after today",
        FUTURE_BASELINE,
        [
            Door(
                "verb",
                lambda w, c: by_verb(lambda: baseline(w["june"], version="5.0", changes="x", baselined_on=TOMORROW)),
            ),
            Door(
                "browser",
                lambda w, c: Refusal(
                    browser(w, c)
                    .post(
                        url("releases:rid-baseline", slug="june-2031"),
                        {"version": "5.0", "changes": "x", "baselined_on": TOMORROW.isoformat()},
                    )
                    .content.decode()
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/rids/",
                        {"version": "5.0", "changes": "x", "baselined_on": TOMORROW.isoformat()},
                    )
                ),
                409,
            ),
        ],
        lambda w: not RidVersion.objects.filter(version="5.0").exists(),
    ),
    Rule(
        "Blue (complete) needs an actual date",
        BLUE,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["tracker"].revise(by=w["secas"], brag="blue"))),
            Door("admin", lambda w, c: by_admin(Milestone, w["tracker"], w["superuser"], {"brag": "blue"})),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c, "dcc").post(
                        url("releases:milestone-change", slug="june-2031", pk=w["tracker"].pk),
                        {"brag": "blue", "last_seen": version_of(w["tracker"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w, "dcc").patch(f"/api/v1/releases/june-2031/milestones/{w['tracker'].pk}/", {"brag": "blue"})
                ),
                400,
            ),
        ],
        lambda w: Milestone.objects.get(pk=w["tracker"].pk).brag is None,
    ),
    Rule(
        "an actual date is not in the future",
        FUTURE_ACTUAL,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["tracker"].revise(by=w["dcc"], actual_date=TOMORROW))),
            Door("admin", lambda w, c: by_admin(Milestone, w["tracker"], w["superuser"], {"actual_date": TOMORROW})),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c, "dcc").post(
                        url("releases:milestone-change", slug="june-2031", pk=w["tracker"].pk),
                        {"actual_date": TOMORROW.isoformat(), "last_seen": version_of(w["tracker"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w, "dcc").patch(
                        f"/api/v1/releases/june-2031/milestones/{w['tracker'].pk}/",
                        {"actual_date": TOMORROW.isoformat()},
                    )
                ),
                400,
            ),
        ],
        lambda w: Milestone.objects.get(pk=w["tracker"].pk).actual_date is None,
    ),
    Rule(
        "the DCC changes a milestone's forecast, actual date and BRAG, not its plan",
        DCC_PLAN,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["tracker"].revise(by=w["dcc"], date=D(2031, 4, 1)))),
            Door("browser", lambda w, c: None),  # the DCC's form has only forecast, actual date and BRAG
            Door(
                "api",
                lambda w, c: by_api(
                    api(w, "dcc").patch(
                        f"/api/v1/releases/june-2031/milestones/{w['tracker'].pk}/", {"date": "2031-04-01"}
                    )
                ),
                403,
            ),
        ],
        lambda w: Milestone.objects.get(pk=w["tracker"].pk).date == D(2031, 3, 1),
    ),
    Rule(
        "the DCC does not mark the Panel's milestone complete",
        DCC_COMPLETES,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: w["panel_milestone"].revise(by=w["dcc"], brag="blue", actual_date=D(2026, 1, 5))
                ),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c, "dcc").post(
                        url("releases:milestone-change", slug="june-2031", pk=w["panel_milestone"].pk),
                        {"brag": "blue", "actual_date": "2026-01-05", "last_seen": version_of(w["panel_milestone"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w, "dcc").patch(
                        f"/api/v1/releases/june-2031/milestones/{w['panel_milestone'].pk}/",
                        {"brag": "blue", "actual_date": "2026-01-05"},
                    )
                ),
                403,
            ),
        ],
        lambda w: Milestone.objects.get(pk=w["panel_milestone"].pk).brag is None,
    ),
    Rule(
        "a criterion is met or not met only with evidence",
        EVIDENCE_NEEDED,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["criterion"].assess(status="met", by=w["secas"]))),
            Door("admin", lambda w, c: by_admin(Criterion, w["criterion"], w["superuser"], {"status": "not_met"})),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("acceptance:criterion-assess", slug="june-2031", pk=w["criterion"].pk),
                        {"status": "met", "evidence": " ", "last_seen": version_of(w["criterion"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(f"/api/v1/releases/june-2031/criteria/{w['criterion'].pk}/", {"status": "met"})
                ),
                400,
            ),
        ],
        lambda w: Criterion.objects.get(pk=w["criterion"].pk).status == "not_assessed",
    ),
    Rule(
        "one decision per body per date",
        RECORDED_TWICE,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: Decision.record(release=w["june"], body="opsg", outcome="no_go", date=D(2031, 6, 1))
                ),
            ),
            Door("admin", lambda w, c: None),  # decisions are recorded on the release page (the admin reads them)
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:decision-add", slug="june-2031"),
                        {"body": "opsg", "outcome": "no_go", "date": "2031-06-01"},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/decisions/",
                        {"body": "opsg", "outcome": "no_go", "date": "2031-06-01"},
                    )
                ),
                409,
            ),
        ],
        lambda w: Decision.objects.filter(release=w["june"]).count() == 1,
    ),
    Rule(
        "a decision is dated within the release's life",
        AFTER_GO_LIVE,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: Decision.record(release=w["june"], body="panel", outcome="go", date=D(2031, 7, 1))
                ),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:decision-add", slug="june-2031"),
                        {"body": "panel", "outcome": "go", "date": "2031-07-01"},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).post(
                        "/api/v1/releases/june-2031/decisions/",
                        {"body": "panel", "outcome": "go", "date": "2031-07-01"},
                    )
                ),
                409,
            ),
        ],
        lambda w: (
            Decision.objects.filter(release=w["june"]).count() == 1
            and Release.objects.get(pk=w["june"].pk).status == "planning"
        ),
    ),
    Rule(
        "a readiness report is dated on or before go-live",
        READINESS_AFTER,
        [
            Door(
                "verb",
                lambda w, c: by_verb(
                    lambda: ReadinessReport.record(release=w["june"], as_at=D(2031, 7, 1), components=[], reason="x")
                ),
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c, "dcc").post(
                        url("acceptance:readiness-add", slug="june-2031"),
                        {"as_at": "2031-07-01", "components-TOTAL_FORMS": "0", "components-INITIAL_FORMS": "0"},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w, "dcc").post(
                        "/api/v1/releases/june-2031/readiness/", {"as_at": "2031-07-01", "components": []}
                    )
                ),
                409,
            ),
        ],
        lambda w: ReadinessReport.objects.filter(release=w["june"]).count() == 1,
    ),
    Rule(
        "decisions are corrected only with a reason",
        CORRECTION_NEEDS_REASON,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["decision"].correct(reason="", outcome="no_go"))),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:decision-correct", slug="june-2031", pk=w["decision"].pk),
                        {
                            "body": "opsg",
                            "outcome": "no_go",
                            "date": "2031-06-01",
                            "last_seen": version_of(w["decision"]),
                        },
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(f"/api/v1/releases/june-2031/decisions/{w['decision'].pk}/", {"outcome": "no_go"})
                ),
                400,
            ),
        ],
        lambda w: Decision.objects.get(pk=w["decision"].pk).outcome == "go",
    ),
    Rule(
        "readiness reports are withdrawn only with a reason",
        CORRECTION_NEEDS_REASON,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["report"].withdraw(reason=" "))),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("acceptance:readiness-withdraw", slug="june-2031", pk=w["report"].pk),
                        {"reason": "", "last_seen": version_of(w["report"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(api(w).delete(f"/api/v1/releases/june-2031/readiness/{w['report'].pk}/")),
                400,
            ),
        ],
        lambda w: ReadinessReport.objects.get(pk=w["report"].pk).withdrawn_on is None,
    ),
    Rule(
        "a reference changes only by renaming, which keeps the old one",
        REFERENCE_BY_RENAMING,
        [
            Door("verb", lambda w, c: by_verb(lambda: save_with(w["modification"], reference="MP999"))),
            Door("admin", lambda w, c: not_in_admin(Modification, w["modification"], w["superuser"], "reference")),
        ],
        lambda w: not Modification.objects.filter(reference="MP999").exists(),
    ),
    Rule(
        "a modification is approved, rejected or sent back only by recording the decision",
        DECISION_BY_RECORDING_IT,
        [
            Door("verb", lambda w, c: by_verb(lambda: save_with(w["modification"], phase="approved"))),
            Door(
                "admin",
                lambda w, c: by_admin(Modification, w["modification"], w["superuser"], {"phase": "rejected"}),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(f"/api/v1/modifications/{w['modification'].reference}/", {"phase": "sent_back"})
                ),
                400,  # a field only a verb sets, as the reference: a field error naming the verb
            ),
        ],
        lambda w: Modification.objects.get(pk=w["modification"].pk).phase not in ("approved", "rejected", "sent_back"),
    ),
    Rule(
        "a rename needs its reason",
        RENAME_NEEDS_REASON,
        [
            Door("verb", lambda w, c: by_verb(lambda: w["modification"].rename("MP999", reason=""))),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("modifications:rename", reference=w["modification"].reference),
                        {"new_reference": "MP999", "last_seen": version_of(w["modification"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(
                    api(w).patch(f"/api/v1/modifications/{w['modification'].reference}/", {"reference": "MP999"})
                ),
                400,
            ),
        ],
        lambda w: not Modification.objects.filter(reference="MP999").exists(),
    ),
    Rule(
        "go-live and scope-lock dates change only by rescheduling",
        DATES_BY_RESCHEDULING,
        [
            Door("verb", lambda w, c: by_verb(lambda: save_with(w["june"], implementation_date=D(2031, 7, 2)))),
            Door("admin", lambda w, c: not_in_admin(Release, w["june"], w["superuser"], "implementation_date")),
        ],
        lambda w: Release.objects.get(pk=w["june"].pk).implementation_date == D(2031, 6, 25),
    ),
    Rule(
        "a reschedule needs its reason",
        RESCHEDULE_NEEDS_REASON,
        [
            Door(
                "verb", lambda w, c: by_verb(lambda: w["june"].reschedule("implementation", D(2031, 7, 2), reason=""))
            ),
            Door(
                "browser",
                lambda w, c: by_page(
                    browser(w, c).post(
                        url("releases:reschedule", slug="june-2031"),
                        {"kind": "implementation", "new_date": "2031-07-02", "last_seen": version_of(w["june"])},
                    )
                ),
            ),
            Door(
                "api",
                lambda w, c: by_api(api(w).patch("/api/v1/releases/june-2031/", {"implementation_date": "2031-07-02"})),
                400,
            ),
        ],
        lambda w: (
            Release.objects.get(pk=w["june"].pk).implementation_date == D(2031, 6, 25)
            and not w["june"].date_changes.exists()
        ),
    ),
]


def save_with(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


CASES = [(rule, door) for rule in RULES for door in rule.doors]


@pytest.mark.parametrize(("rule", "door"), CASES, ids=[f"{rule.name} | {door.name}" for rule, door in CASES])
def test_each_door_refuses_the_rule_in_the_same_words(w, client, rule, door):
    refusal = door.attempt(w, client)
    if refusal is not None:
        if door.status is not None:
            assert refusal.code == door.status, refusal.text
        assert rule.message in refusal.text or escape(rule.message) in refusal.text, refusal.text[:2000]
    assert rule.unchanged(w), "the refused attempt changed something"


def test_every_rule_is_tried_at_the_model_and_the_api_or_the_admin():
    for rule in RULES:
        names = {door.name for door in rule.doors}
        assert "verb" in names and names & {"api", "admin"}, rule.name

"""Release pages for everyone with a role, and SECAS/DCC edits through the models' verbs."""

from collections import defaultdict

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from acceptance.choices import Assessment
from acceptance.models import Criterion, ReadinessReport
from modifications.models import ChangeRequest
from secreleases.pages import add_rule_error, form_page, release_page, render_history, saved, write_under_lock

from . import editing, forms
from .choices import ACTIVE_INCLUSIONS, Brag, Inclusion
from .history import release_history
from .models import Decision, Milestone, Release, ScopeItem
from .services import dependency_warnings, planning_window, release_dashboard, uplifts_by_year

VIEW = "releases.view_release"
# Ten years of releases is twenty: a page shows those in flight and the latest ones before them.
RELEASES_PER_PAGE = 10


def may(perm: str):
    """Only a role with this permission reaches the view; anyone else gets 403, never a form."""
    return permission_required(perm, raise_exception=True)


def rid_url(release) -> str | None:
    try:
        return reverse("releases:rid", kwargs={"slug": release.slug})
    except NoReverseMatch:
        return None


def rid_pdf_url(rid_version) -> str | None:
    try:
        return reverse("releases:rid-pdf", kwargs={"slug": rid_version.release.slug, "version": rid_version.version})
    except NoReverseMatch:
        return None


# -- pages -----------------------------------------------------------------------------------------


@may(VIEW)
def release_list(request):
    page = Paginator(Release.objects.in_list_order(), RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    on_page = [release.pk for release in page]
    scope = defaultdict(dict)
    for row in ScopeItem.objects.filter(release__in=on_page).values("release_id", "inclusion").annotate(n=Count("pk")):
        scope[row["release_id"]][row["inclusion"]] = row["n"]
    criteria = defaultdict(dict)
    for row in Criterion.objects.filter(release__in=on_page).values("release_id", "status").annotate(n=Count("pk")):
        criteria[row["release_id"]][row["status"]] = row["n"]
    red = Milestone.objects.filter(release__in=on_page, brag=Brag.RED).values_list("release_id").annotate(n=Count("pk"))
    red_milestones = dict(red.order_by())
    for release in page:
        release.approved_count = scope[release.pk].get(Inclusion.APPROVED, 0)
        release.targeted_count = scope[release.pk].get(Inclusion.TARGETED, 0)
        release.rag = rag_summary(criteria[release.pk], red_milestones.get(release.pk, 0))
    return render(request, "releases/release_list.html", {"releases": page, "page": page})


def rag_summary(criteria_counts: dict, red_milestones: int) -> dict:
    """Red: a criterion not met or a red milestone; amber: a criterion at risk; else green if assessed."""
    not_met = criteria_counts.get(Assessment.NOT_MET, 0)
    at_risk = criteria_counts.get(Assessment.AT_RISK, 0)
    met = criteria_counts.get(Assessment.MET, 0)
    total = sum(criteria_counts.values())
    if not_met or red_milestones:
        colour = "red"
    elif at_risk:
        colour = "amber"
    elif total and total == met:
        colour = "green"
    else:
        colour = None
    return {
        "colour": colour,
        "met": met,
        "at_risk": at_risk,
        "not_met": not_met,
        "total": total,
        "red_milestones": red_milestones,
    }


def get_release(slug):
    return get_object_or_404(Release, slug=slug)


@may(VIEW)
def release_detail(request, slug):
    release = get_release(slug)
    items = list(release.scope_items.select_related("modification", "fall_back_release", "replaces__release"))
    milestones = list(release.milestones.all())
    may_follow = request.user.has_perm("releases.add_releasefollow")
    context = {
        "release": release,
        "active_items": [i for i in items if i.inclusion in ACTIVE_INCLUSIONS],
        "closed_items": [i for i in items if i.inclusion not in ACTIVE_INCLUSIONS],
        "change_requests": list(ChangeRequest.objects.filter(release=release).select_related("modification")),
        "timetable": [m for m in milestones if m.kind == "timetable"],
        "tracker": [m for m in milestones if m.kind == "tracker"],
        "cost_lines": list(release.cost_lines.select_related("modification")),
        "secas_costs": list(release.secas_costs.all()),
        "criteria": list(release.criteria.select_related("assessed_by")),
        "risks": list(release.risks.all()),
        "readiness": ReadinessReport.objects.latest_for(release),
        "decisions": list(release.decisions.all()),
        "date_changes": list(release.date_changes.select_related("recorded_by")),
        "rid_versions": list(release.rid_versions.all()),
        "rid_url": rid_url(release),
        "following": release.is_followed_by(request.user) if may_follow else None,
    }
    context["breakdown_total"] = release.breakdown_total(context["cost_lines"])
    context["cost_difference"] = release.cost_difference(context["cost_lines"])
    context.update(editing.page_context(request, release, context["cost_lines"]))
    if request.user.has_perm("releases.add_scopeitem"):
        context["add_form"] = forms.ScopeItemAddForm(release=release)
        context["add_action"] = reverse("releases:scope-add", kwargs={"slug": release.slug})
    return render(request, "releases/release_detail.html", context)


@may(VIEW)
def history(request, slug):
    release = get_release(slug)
    title = f"{release.name}: history"
    return render_history(
        request, release_history(release), title=title, back_url=release_page(release), back_label=release.name
    )


@may(VIEW)
def release_dashboard_page(request, slug):
    release = get_release(slug)
    dashboard = release_dashboard(release)
    baselines = [v for v in release.rid_versions.all() if v.is_baseline]
    for version in baselines:
        version.release = release
        # Only a baseline made here has a snapshot to print; one transcribed from a paper has no PDF.
        version.pdf_url = rid_pdf_url(version) if version.has_pdf else None
    tracker = [m for m in dashboard["milestones"] if m.kind == "tracker"] or dashboard["milestones"]
    context = {**dashboard, "milestones": tracker, "baselines": baselines, "rid_url": rid_url(release)}
    return render(request, "releases/release_dashboard.html", context)


@may(VIEW)
def planning(request):
    try:
        first_year = int(request.GET["from"]) if request.GET.get("from") else None
    except ValueError:
        first_year = None
    if first_year is not None and not 2000 <= first_year <= 2099:
        first_year = None
    window = planning_window(first_year)
    shown = [release.pk for release in window.releases]
    releases = list(
        Release.objects.filter(pk__in=shown).prefetch_related(
            Prefetch(
                "scope_items",
                queryset=ScopeItem.objects.active().select_related("modification"),
                to_attr="active_items",
            ),
            Prefetch("change_requests", to_attr="crs"),
        )
    )
    context = {
        "window": window,
        "releases": releases,
        "uplift_years": uplifts_by_year(releases),
        "dependency_warnings": dependency_warnings(releases),
    }
    return render(request, "releases/planning.html", context)


# -- SECAS edits: scope ----------------------------------------------------------------------------


@require_POST
@may("releases.add_scopeitem")
def scope_add(request, slug):
    release = get_release(slug)
    form = forms.ScopeItemAddForm(request.POST, release=release)
    if form.is_valid():
        try:
            item = ScopeItem.add(release=release, modification=form.cleaned_data["modification"], **form.verb_fields())
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return saved(request, release, f"item-{item.pk}", f"{item.label} added to the scope.", section="scope")
    context = {
        "release": release,
        "form": form,
        "title": f"Add a modification to {release.name}",
        "action": request.path,
        "submit": "Add to scope",
        "anchor": "scope",
    }
    return form_page(request, context)


def get_item(slug, pk):
    return get_object_or_404(ScopeItem.objects.select_related("release", "modification"), pk=pk, release__slug=slug)


def item_edit_view(form_class, title: str, submit: str, act, *, danger: bool = False):
    """GET shows the form (its own page without JS); POST calls the verb on the row, locked and version-checked."""

    @may("releases.change_scopeitem")
    def view(request, slug, pk):
        item = get_item(slug, pk)
        form = form_class(request.POST or None, instance=item)
        if request.method == "POST" and form.is_valid():
            done = write_under_lock(form, ScopeItem.objects.filter(pk=item.pk), lambda row: act(row, form))
            if done is not None:
                message, anchor = done
                return saved(request, item.release, anchor, message, section="scope")
        context = {
            "release": item.release,
            "item": item,
            "form": form,
            "title": f"{title} {item.label}",
            "action": request.path,
            "submit": submit,
            "anchor": f"item-{item.pk}",
            "danger": danger,
        }
        return form_page(request, context)

    return view


def change_item(item, form):
    item.update(reason=form.cleaned_data.get("reason") or "Changed in the browser", **form.changes())
    return f"{item.label} saved.", f"item-{item.pk}"


def approve_item(item, form):
    item.approve(reason=form.cleaned_data.get("reason", ""))
    return f"{item.label} approved for inclusion.", f"item-{item.pk}"


def move_item(item, form):
    new_item = item.move_to(form.cleaned_data["to"], reason=form.cleaned_data["reason"])
    return f"{item.label} moved to {new_item.release}.", "scope"


def remove_item(item, form):
    item.remove(reason=form.cleaned_data["reason"])
    return f"{item.label} removed from the scope.", "closed-scope"


scope_change = item_edit_view(forms.ScopeItemChangeForm, "Change", "Save", change_item)
scope_approve = item_edit_view(forms.ScopeItemApproveForm, "Approve", "Approve for inclusion", approve_item)
scope_move = item_edit_view(forms.ScopeItemMoveForm, "Move", "Move", move_item)
scope_remove = item_edit_view(forms.ScopeItemRemoveForm, "Remove", "Remove from scope", remove_item, danger=True)


# -- SECAS edits: dates ----------------------------------------------------------------------------


@may("releases.change_release")
def reschedule(request, slug):
    """A new go-live or scope-lock date, with its reason kept as the date's revision (the only way to change one)."""
    release = get_release(slug)
    form = forms.RescheduleForm(request.POST or None, instance=release)
    if request.method == "POST" and form.is_valid():
        arguments = form.verb_arguments()
        kind = arguments.pop("kind")

        def act(row):
            row.reschedule(kind, form.cleaned_data["new_date"], by=request.user, **arguments)
            return True

        if write_under_lock(form, Release.objects.filter(pk=release.pk), act):
            return saved(request, release, "dates", "The date is changed; its revision keeps the old one and why.")
    context = {
        "release": release,
        "form": form,
        "title": f"Reschedule {release.name}: go-live or a scope lock",
        "intro": "The go-live and scope-lock dates change only here (or by the API), each with its reason.",
        "action": request.path,
        "submit": "Change the date",
        "anchor": "dates",
    }
    return form_page(request, context)


# -- SECAS and DCC edits: timetable, decisions, following -------------------------------------------


@may("releases.add_decision")
def decision_add(request, slug):
    release = get_release(slug)
    form = forms.DecisionForm(request.POST or None, release=release)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in forms.DecisionForm.Meta.fields}
        try:
            decision = Decision.record(release=release, reason="Recorded in the browser", **fields)
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return saved(request, release, "decisions", f"{decision} recorded.", section="decisions")
    context = {
        "release": release,
        "form": form,
        "title": "Record a recommendation or the Panel’s decision",
        "action": request.path,
        "submit": "Record",
        "anchor": "decisions",
    }
    return form_page(request, context)


def get_decision(slug, pk):
    return get_object_or_404(Decision.objects.select_related("release"), pk=pk, release__slug=slug)


@may("releases.change_decision")
def decision_correct(request, slug, pk):
    decision = get_decision(slug, pk)
    form = forms.DecisionCorrectForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():

        def act(row):
            return row.correct(reason=form.cleaned_data["reason"], **form.changes())

        if write_under_lock(form, Decision.objects.filter(pk=decision.pk), act):
            return saved(
                request,
                decision.release,
                "decisions",
                f"{decision.get_body_display()}: corrected.",
                section="decisions",
            )
    context = {
        "release": decision.release,
        "form": form,
        "title": f"Correct {decision}",
        "action": request.path,
        "submit": "Save the correction",
        "anchor": "decisions",
    }
    return form_page(request, context)


@may("releases.delete_decision")
def decision_withdraw(request, slug, pk):
    decision = get_decision(slug, pk)
    form = forms.WithdrawForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        act = lambda row: row.withdraw(reason=form.cleaned_data["reason"])  # noqa: E731
        if write_under_lock(form, Decision.objects.filter(pk=decision.pk), act):
            return saved(request, decision.release, "decisions", f"{decision} withdrawn.", section="decisions")
    context = {
        "release": decision.release,
        "form": form,
        "title": f"Withdraw {decision}",
        "intro": "A withdrawn recommendation or decision no longer counts, and stays in the history with the reason.",
        "action": request.path,
        "submit": "Withdraw",
        "anchor": "decisions",
        "danger": True,
    }
    return form_page(request, context)


@require_POST
@may("releases.add_releasefollow")
def follow(request, slug):
    release = get_release(slug)
    following = request.POST.get("following") == "yes"
    release.set_following(request.user, following)
    verb = "now follow" if following else "no longer follow"
    return saved(request, release, "follow", f"You {verb} {release.name}: cut-off reminders by email.")

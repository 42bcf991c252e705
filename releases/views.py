"""Release pages for everyone with a role, and SECAS/DCC edits through the models' verbs."""

from collections import defaultdict

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Prefetch, Q, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from acceptance.choices import Assessment
from acceptance.models import Criterion
from modifications.models import ChangeRequest, Modification
from modifications.references import squash
from secreleases.clock import today
from secreleases.pages import add_rule_error, form_page, release_page, render_history, saved, write_under_lock

from . import editing, forms
from .asat_pages import as_at_context, as_at_status, record_asked, release_as_at_or_404
from .choices import ACTIVE_INCLUSIONS, Brag, FollowNews, Inclusion, ReleaseStatus
from .gonogo import go_no_go_pack
from .history import release_history
from .models import Decision, Milestone, Release, ReleaseFollow, RidVersion, ScopeItem
from .services import dependency_warnings, planning_window, uplifts_by_year

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


# The release list's ?sort= keys (a leading "-" reverses); the default is in_list_order.
RELEASE_SORTS = ("name", "status", "go-live", "approved", "targeted")
STATUS_ORDER = Case(*(When(status=value, then=Value(n)) for n, value in enumerate(ReleaseStatus.values)))


def sorted_releases(sort: str):
    """Releases in the order a column header asks for; ties, and anything unknown, in list order."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    releases = Release.objects.in_list_order()
    if key not in RELEASE_SORTS or (key == "go-live" and not descending):
        return releases
    if key in ("approved", "targeted"):
        inclusion = Inclusion.APPROVED if key == "approved" else Inclusion.TARGETED
        releases = releases.annotate(sort_count=Count("scope_items", filter=Q(scope_items__inclusion=inclusion)))
    column = {
        "name": F("name"),
        "status": STATUS_ORDER,
        "go-live": Coalesce("implementation_date", "go_live_half_year"),
        "approved": F("sort_count"),
        "targeted": F("sort_count"),
    }[key]
    first = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return releases.order_by(first, *releases.query.order_by)


def sort_headers(request, keys, current: str) -> dict:
    """Each sortable column's link (ascending first, then reversed) and its aria-sort."""
    headers = {}
    for key in keys:
        aria = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        target = f"-{key}" if current == key else key
        headers[key.replace("-", "_")] = {"url": f"?sort={target}", "aria": aria}
    return headers


@may(VIEW)
def release_list(request):
    sort = request.GET.get("sort", "")
    sort = sort if sort.removeprefix("-") in RELEASE_SORTS else ""
    page = Paginator(sorted_releases(sort), RELEASES_PER_PAGE).get_page(request.GET.get("page"))
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
    context = {
        "releases": page,
        "page": page,
        "sort": sort,
        "headers": sort_headers(request, RELEASE_SORTS, sort or "go-live"),
        "may_start": request.user.has_perm("releases.add_release"),
    }
    return render(request, "releases/release_list.html", context)


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
    """The release page; `?as_at=YYYY-MM-DD` shows it as the record stood at the end of that day, read-only."""
    record, as_at_form = record_asked(request)
    release = release_as_at_or_404(record, slug)
    items = list(record.scope_items(release))
    milestones = list(record.milestones(release))
    context = {
        "release": release,
        "active_items": [i for i in items if i.inclusion in ACTIVE_INCLUSIONS],
        "closed_items": [i for i in items if i.inclusion not in ACTIVE_INCLUSIONS],
        "change_requests": list(record.change_requests(release)),
        "timetable": [m for m in milestones if m.kind == "timetable"],
        "tracker": [m for m in milestones if m.kind == "tracker"],
        "cost_lines": list(record.cost_lines(release)),
        "secas_costs": list(record.secas_costs(release)),
        "criteria": list(record.criteria(release)),
        "risks": list(record.risks(release)),
        "readiness": record.latest_readiness(release),
        "decisions": list(record.decisions(release)),
        "date_changes": list(record.date_changes(release)),
        "rid_versions": list(record.rid_versions(release)),
        "narratives": list(record.narratives(release)),
        "rid_url": rid_url(release),
        **as_at_context(request, record, as_at_form),
    }
    context["breakdown_total"] = release.breakdown_total(context["cost_lines"])
    context["cost_difference"] = release.cost_difference(context["cost_lines"])
    if record.is_live:
        context.update(editing.page_context(request, release))
        context["following"] = release.is_followed_by(request.user)  # everyone who may see a release may follow it
        if request.user.has_perm("releases.add_scopeitem"):
            context["add_form"] = forms.ScopeItemAddForm(release=release)
            context["add_action"] = reverse("releases:scope-add", kwargs={"slug": release.slug})
    else:
        context["criterion_changes"] = list(record.criterion_changes(release))
    return render(request, "releases/release_detail.html", context, status=as_at_status(as_at_form))


@may(VIEW)
def history(request, slug):
    release = get_release(slug)
    title = f"{release.name}: history"
    return render_history(
        request, release_history(release), title=title, back_url=release_page(release), back_label=release.name
    )


@may(VIEW)
def release_dashboard_page(request, slug):
    """The go/no-go pack (releases.gonogo), printable as the Panel takes it in; `?as_at=` as it stood that day."""
    record, as_at_form = record_asked(request)
    release = release_as_at_or_404(record, slug)
    pack = go_no_go_pack(release, record, on=record.day or today())
    baselines = [v for v in record.rid_versions(release) if v.is_baseline]
    for version in baselines:
        version.release = release
        # Only a baseline made here has a snapshot to print; one transcribed from a paper has no PDF.
        version.pdf_url = rid_pdf_url(version) if version.has_pdf else None
    tracker = [m for m in pack["milestones"] if m.kind == "tracker"] or pack["milestones"]
    context = {
        **pack,
        "milestones": tracker,
        "slipped_milestones": [m for m in tracker if (m.slippage_days or 0) > 0],
        "baselines": baselines,
        "rid_url": rid_url(release),
        **as_at_context(request, record, as_at_form),
    }
    return render(request, "releases/release_dashboard.html", context, status=as_at_status(as_at_form))


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


@may(VIEW)
def follow(request, slug):
    """Follow a release and choose what you hear about; anyone who may read a release may follow it.

    The release page's one-button form posts only `following`; the full form posts the preferences too.
    """
    release = get_release(slug)
    follow = release.follow_of(request.user)
    if request.method == "POST" and "preferences" not in request.POST:
        following = request.POST.get("following") == "yes"
        release.set_following(request.user, following)
        verb = "now follow" if following else "no longer follow"
        return saved(request, release, "follow", f"You {verb} {release.name}.")
    form = forms.FollowForm(request.POST or None, instance=follow)
    if request.method == "POST" and form.is_valid():
        news = {kind: form.cleaned_data[ReleaseFollow.field_for(kind)] for kind in FollowNews.values}
        release.set_following(request.user, form.cleaned_data["following"], news)
        return saved(request, release, "follow", f"Your choices for {release.name} are saved.")
    context = {
        "release": release,
        "form": form,
        "title": f"Follow {release.name}",
        "intro": "Choose what you hear about by email. SECAS follow every release unless they say otherwise.",
        "action": request.path,
        "submit": "Save my choices",
        "anchor": "follow",
    }
    return form_page(request, context)


# -- SECAS: starting and editing a release ------------------------------------------------------------


@may("releases.add_release")
def release_start(request):
    """A new release, by the one verb every door calls (Release.start): criteria, timetable, scope locks."""
    form = forms.ReleaseStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = form.instance.start(by=request.user)
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            message = (
                f"{release.name} started with {release.criteria.count()} standard acceptance criteria and the "
                f"standard timetable ({release.milestones.count()} events)."
            )
            return saved(request, release, "", message)
    context = {
        "form": form,
        "title": "Start a new release",
        "intro": "It starts with a copy of the standard acceptance criteria, the standard implementation timetable "
        "of the June 2020 RID (dated from go-live and the scope locks where the RID's pattern allows) and "
        "the scope locks' policy defaults: 12 and 6 months before go-live.",
        "action": request.path,
        "submit": "Start the release",
        "back_url": reverse("releases:list"),
        "back_label": "SEC Releases",
    }
    if request.htmx:
        # htmx swaps just the form, with its errors, in place (the page's heading stays above it).
        return render(request, "_form.html", {**context, "title": "", "cancel_url": context["back_url"]})
    return render(request, "releases/release_form.html", context)


# The edit page holds two forms: the lock form's fields are prefixed, so no two fields share an id.
LOCK_PREFIX = "lock"


def edit_page(request, release, *, edit_form=None, lock_form=None, status=200):
    if request.htmx and (edit_form or lock_form):
        # htmx swaps just the form that was sent, with its errors, in place.
        form = edit_form or lock_form
        action = reverse("releases:edit" if edit_form else "releases:scope-lock-record", kwargs={"slug": release.slug})
        submit = "Save" if edit_form else "Record the baseline"
        context = {"form": form, "action": action, "submit": submit, "cancel_url": release_page(release)}
        return render(request, "_form.html", context)
    context = {
        "release": release,
        "title": f"Edit {release.name}",
        "edit_form": edit_form or forms.ReleaseEditForm(instance=release),
        "lock_form": lock_form or forms.ScopeLockRecordForm(instance=release, prefix=LOCK_PREFIX),
        "back_url": release_page(release),
        "back_label": release.name,
        "date_changes": list(release.date_changes.select_related("recorded_by")),
    }
    return render(request, "releases/release_form_edit.html", context, status=status)


@may("releases.change_release")
def release_edit(request, slug):
    """Name and half-year; a new go-live date reschedules, with its reason (Release.reschedule)."""
    release = get_release(slug)
    if request.method != "POST":
        return edit_page(request, release)
    form = forms.ReleaseEditForm(request.POST, instance=release)
    if form.is_valid():
        done = write_under_lock(
            form, Release.objects.filter(pk=release.pk), lambda row: form.apply(row, by=request.user)
        )
        if done is not None:
            release.refresh_from_db()
            message = "Nothing changed." if not done else f"{release.name}: {' and '.join(done)}."
            return saved(request, release, "dates", message)
    return edit_page(request, release, edit_form=form)


@require_POST
@may("releases.change_release")
def scope_lock_record(request, slug):
    """The date the Panel baselined a scope and its paper: the recorded lock, its old date kept."""
    release = get_release(slug)
    form = forms.ScopeLockRecordForm(request.POST, instance=release, prefix=LOCK_PREFIX)
    if form.is_valid():
        act = lambda row: form.record(row, by=request.user)  # noqa: E731
        change = write_under_lock(form, Release.objects.filter(pk=release.pk), act)
        if change is not None:
            message = f"{change.get_kind_display()} recorded: {change.new_date:%-d %B %Y}."
            return saved(request, release, "dates", message)
    return edit_page(request, release, lock_form=form)


# -- finding things --------------------------------------------------------------------------------

SEARCH_LIMIT = 20


@may(VIEW)
def search(request):
    """Releases, modifications (by any alias), change requests and RID versions matching `q`, grouped."""
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = search_groups(query) if query else []
    context = {"form": form, "query": query, "groups": groups, "found": sum(g["count"] for g in groups)}
    return render(request, "search.html", context)


def search_groups(query: str) -> list[dict]:
    """One query for each group's rows (a slice of SEARCH_LIMIT + 1 tells whether there are more)."""
    words = Q(name__icontains=query) | Q(slug__icontains=query)
    releases = Release.objects.filter(words).in_list_order()
    squashed = squash(query)
    modifications = (
        Modification.objects.filter(
            Q(reference__icontains=squashed) | Q(title__icontains=query) | Q(aliases__normalised__icontains=squashed)
        )
        .distinct()
        .order_by("reference")
        .prefetch_related("aliases")
    )
    change_requests = (
        ChangeRequest.objects.filter(Q(number__icontains=squashed) | Q(title__icontains=query))
        .select_related("release", "modification")
        .order_by(F("number").asc(nulls_last=True), "title")
    )
    rid_versions = (
        RidVersion.objects.filter(
            Q(version__icontains=query) | Q(release__name__icontains=query) | Q(paper__icontains=query)
        )
        .select_related("release")
        .order_by("release__name", "version")
    )
    groups = [
        ("releases", "Releases", releases),
        ("modifications", "Modifications", modifications),
        ("change-requests", "DCC Change Requests", change_requests),
        ("rid-versions", "RID versions", rid_versions),
    ]
    found = []
    for key, title, queryset in groups:
        rows = list(queryset[: SEARCH_LIMIT + 1])
        found.append({"key": key, "title": title, "rows": rows[:SEARCH_LIMIT], "more": len(rows) > SEARCH_LIMIT})
        found[-1]["count"] = len(found[-1]["rows"])
    return found

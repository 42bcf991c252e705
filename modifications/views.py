"""Modification pages: the searchable register, and one modification's path through the releases."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from secreleases.asat import as_at_context, as_at_status, record_asked
from secreleases.models import related_model
from secreleases.pages import add_rule_error, form_page, render_history, write_under_lock

from .forms import (
    DecisionForm,
    DependencyForm,
    DropDependencyForm,
    KeyDateFormSet,
    ModificationForm,
    ModificationSearch,
    ParticipantImpactFormSet,
    PromoteForm,
    RenameForm,
    TargetForm,
    save_rows,
)
from .history import modification_history
from .models import PROMOTED, CrDependency, Modification

PAGE_SIZE = 50
may_view = permission_required("modifications.view_modification", raise_exception=True)


@may_view
def modification_list(request):
    scope_items = related_model(Modification, "scope_items").objects
    modifications = Modification.objects.with_listing_data().prefetch_related(
        Prefetch("scope_items", queryset=scope_items.active().select_related("release"), to_attr="active_items")
    )
    filters = request.GET.copy()
    sort = filters.pop("sort", [""])[-1]
    sort = sort if sort.removeprefix("-") in MODIFICATION_SORTS else ""
    filterset = ModificationSearch(filters or None, queryset=modifications)
    ordered = filterset.qs.order_by(*modification_ordering(sort)) if sort else filterset.qs
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    filters.pop("page", None)
    query = filters.copy()
    if sort:
        query["sort"] = sort
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "columns": sort_columns(filters.urlencode(), sort or "reference"),
    }
    return render(request, "modifications/modification_list.html", context)


# ?sort= names a column (a leading "-" reverses it); the register's own order is by reference.
MODIFICATION_SORTS = {
    "reference": ("Reference", ["reference"]),
    "title": ("Title", ["title", "reference"]),
    "phase": ("Phase", ["phase", "reference"]),
    "route": ("Route", ["route", "reference"]),
    "dcc": ("DCC Systems", ["impacts_dcc_systems", "reference"]),
}


def modification_ordering(sort: str) -> list[str]:
    first, *ties = MODIFICATION_SORTS[sort.removeprefix("-")][1]
    return [f"-{first}" if sort.startswith("-") else first, *ties]  # ties stay in reference order


def sort_columns(filters: str, sort: str) -> list[dict]:
    """Each sortable header: its link (keeping the filters; ascending first, then reversed) and aria-sort."""
    keep = f"{filters}&" if filters else ""
    columns = []
    for key, (label, _) in MODIFICATION_SORTS.items():
        aria = "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
        target = f"-{key}" if sort == key else key
        columns.append({"label": label, "url": f"?{keep}sort={target}", "aria": aria})
    return columns


@may_view
def modification_detail(request, reference):
    """The canonical reference shows the page; any other spelling redirects to it. `?as_at=` as it stood then."""
    try:
        modification = Modification.objects.by_reference(reference)
    except Modification.DoesNotExist:
        return render(request, "modifications/not_found.html", {"reference": reference}, status=404)
    if reference != modification.reference:
        canonical = reverse("modifications:detail", kwargs={"reference": modification.reference})
        query = f"?{request.GET.urlencode()}" if request.GET else ""  # an ?as_at= stays with the page
        return redirect(f"{canonical}{query}", permanent=False)
    record, as_at_form = record_asked(request)
    if record.is_live:
        prefetch_related_objects(
            [modification],
            "aliases",
            "key_dates",
            "change_requests__release",
            "participant_impacts",
            "document_impacts__document",
            "cr_dependencies__change_request__release",
        )
    else:
        try:
            modification = record.with_modification_details(record.modification(modification.reference))
        except Modification.DoesNotExist:
            raise Http404(f"{reference} was not in the record yet at {record.label}.") from None
    context = {
        "modification": modification,
        "items": list(record.modification_scope_items(modification)),
        "may_target": record.is_live and request.user.has_perm("releases.add_scopeitem"),
        **as_at_context(request, record, as_at_form),
    }
    if record.is_live and request.user.has_perm("modifications.add_crdependency"):
        context["dependency_form"] = DependencyForm()
    return render(request, "modifications/modification_detail.html", context, status=as_at_status(as_at_form))


@may_view
def history(request, reference):
    try:
        modification = Modification.objects.by_reference(reference)
    except Modification.DoesNotExist:
        return render(request, "modifications/not_found.html", {"reference": reference}, status=404)
    return render_history(
        request,
        modification_history(modification),
        title=f"{modification.reference}: history",
        back_url=reverse("modifications:detail", kwargs={"reference": modification.reference}),
        back_label=modification.reference,
    )


@permission_required("modifications.change_modification", raise_exception=True)
def rename(request, reference):
    """The only way a reference changes (rename, or promote DP124 to MP124): the old one stays as an alias."""
    try:
        modification = Modification.objects.by_reference(reference)
    except Modification.DoesNotExist:
        return render(request, "modifications/not_found.html", {"reference": reference}, status=404)
    form = RenameForm(request.POST or None, instance=modification)
    if request.method == "POST" and form.is_valid():

        def act(row):
            row.rename(form.cleaned_data["new_reference"], reason=form.cleaned_data["reason"])
            return row

        renamed = write_under_lock(form, Modification.objects.filter(pk=modification.pk), act)
        if renamed is not None:
            messages.success(request, f"{reference} is now {renamed.reference}; {reference} still finds it.")
            return redirect("modifications:detail", reference=renamed.reference)
    context = {
        "form": form,
        "title": f"Rename {modification.reference}",
        "intro": f"{modification.title}. The old reference stays as an alias that finds the record.",
        "action": request.path,
        "submit": "Rename",
        "back_url": reverse("modifications:detail", kwargs={"reference": modification.reference}),
        "back_label": modification.reference,
    }
    return form_page(request, context)


# -- SECAS edits: the register ----------------------------------------------------------------------


def get_modification(reference) -> Modification:
    try:
        return Modification.objects.by_reference(reference)
    except Modification.DoesNotExist as missing:
        raise Http404(str(missing)) from None


def detail_url(modification, anchor: str = "") -> str:
    url = reverse("modifications:detail", kwargs={"reference": modification.reference})
    return f"{url}#{anchor}" if anchor else url


def page_form(request, context: dict):
    """A form on a page of its own, posted plainly (no in-place swap): its answer is a redirect."""
    return render(request, "modifications/plain_form.html", context)


def done(request, modification, message: str, anchor: str = ""):
    return go_to(request, detail_url(modification, anchor), message)


def go_to(request, url: str, message: str):
    """After a save: plain POST redirects (303); a form posted in place by htmx makes the browser go there."""
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


def register_page(request, form, impacts, dates, *, title: str, submit: str, back_url: str, back_label: str):
    context = {
        "form": form,
        "impacts": impacts,
        "dates": dates,
        "title": title,
        "submit": submit,
        "action": request.path,
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "modifications/modification_form.html", context)


@permission_required("modifications.add_modification", raise_exception=True)
def modification_new(request):
    """A new modification in the register, with its impacts and key dates."""
    data = request.POST if request.method == "POST" else None
    form = ModificationForm(data)
    impacts = ParticipantImpactFormSet(data, instance=form.instance, prefix="impacts")
    dates = KeyDateFormSet(data, instance=form.instance, prefix="dates")
    if data is not None and all([form.is_valid(), impacts.is_valid(), dates.is_valid()]):
        try:
            with transaction.atomic():
                modification = form.apply_to(form.instance)
                reason = form.cleaned_data["reason"] or "Registered"
                save_rows(impacts, modification, reason)
                save_rows(dates, modification, reason)
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return done(request, modification, f"{modification.reference} is in the register.")
    back = reverse("modifications:list")
    return register_page(
        request,
        form,
        impacts,
        dates,
        title="Add a modification to the register",
        submit="Add to the register",
        back_url=back,
        back_label="Modifications",
    )


@permission_required("modifications.change_modification", raise_exception=True)
def modification_edit(request, reference):
    modification = get_modification(reference)
    data = request.POST if request.method == "POST" else None
    form = ModificationForm(data, instance=modification)
    impacts = ParticipantImpactFormSet(data, instance=modification, prefix="impacts")
    dates = KeyDateFormSet(data, instance=modification, prefix="dates")
    if data is not None and all([form.is_valid(), impacts.is_valid(), dates.is_valid()]):

        def act(row):
            form.apply_to(row)
            reason = form.cleaned_data["reason"] or "Edited in the browser"
            save_rows(impacts, row, reason)
            save_rows(dates, row, reason)
            return row

        # The row lock's transaction (secreleases.concurrency.locked) holds the impacts and dates too: a refusal
        # rolls all of them back.
        saved_row = write_under_lock(form, Modification.objects.filter(pk=modification.pk), act)
        if saved_row is not None:
            return done(request, saved_row, f"{saved_row.reference} saved.")
    return register_page(
        request,
        form,
        impacts,
        dates,
        title=f"Edit {modification.reference}",
        submit="Save",
        back_url=detail_url(modification),
        back_label=modification.reference,
    )


# -- SECAS edits: decisions and scope -----------------------------------------------------------------


@permission_required("modifications.change_modification", raise_exception=True)
def decide(request, reference):
    """Record a decision; a rejection or send-back shows what happens to the scope items and asks first."""
    modification = get_modification(reference)
    form = DecisionForm(request.POST or None, instance=modification)
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = modification.plan_decision(**form.verb_arguments())
        except ValidationError as error:
            add_rule_error(form, error)
        if plan is not None and plan.changes_scope and not form.cleaned_data["confirmed"]:
            context = {"form": form, "plan": plan, "modification": modification, "action": request.path}
            return render(request, "modifications/decision_confirm.html", context)
        if plan is not None:

            def act(row):
                return row.record_decision(
                    **form.verb_arguments(), reason=form.cleaned_data["reason"], paper=form.cleaned_data["paper"]
                )

            recorded = write_under_lock(form, Modification.objects.filter(pk=modification.pk), act)
            if recorded is not None:
                return done(request, modification, decision_message(recorded), "releases")
    context = {
        "form": form,
        "title": f"Record a decision on {modification.reference}",
        "intro": decision_intro(modification),
        "action": request.path,
        "submit": "Record the decision",
        "back_url": detail_url(modification),
        "back_label": modification.reference,
    }
    return render(request, "modifications/decision_form.html", context)


def decision_intro(modification) -> str:
    route = modification.get_route_display() or "no governance route yet"
    phase = modification.get_phase_display() or "not stated"
    return f"{modification.title}. Route: {route}; phase: {phase}."


def decision_message(plan) -> str:
    counts = {}
    for fate in plan.fates:
        counts[fate.fate] = counts.get(fate.fate, 0) + 1
    items = "; ".join(f"{n} scope item{'s' * (n != 1)} {fate}" for fate, n in counts.items())
    return f"{plan.event}: now {plan.modification.get_phase_display().lower()}." + (f" {items}." if items else "")


@permission_required("releases.add_scopeitem", raise_exception=True)
def target(request, reference):
    """Put the modification (or a part) into a release's scope: the same verb as the release page's add form."""
    modification = get_modification(reference)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope_item = related_model(Modification, "scope_items")
        fields = {name: form.cleaned_data[name] for name in ("part", "cut_off_date", "fall_back_release")}
        try:
            item = scope_item.add(
                modification=modification,
                release=form.cleaned_data["release"],
                status_note=form.cleaned_data["status_note"],
                **fields,
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return done(request, modification, f"{item.label} targeted for {item.release}.", "releases")
    context = {
        "form": form,
        "title": f"Target {modification.reference} for a release",
        "intro": f"{modification.title}. It stays targeted until it is approved, or lapses after its cut-off.",
        "action": request.path,
        "submit": "Target for this release",
        "submit_id": "target-for-release",
        "back_url": detail_url(modification),
        "back_label": modification.reference,
    }
    return page_form(request, context)


@permission_required("modifications.add_crdependency", raise_exception=True)
def dependency_add(request, reference):
    """This modification cannot progress until a Change Request reaches a point (rule 5)."""
    modification = get_modification(reference)
    form = DependencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dependency = modification.depend_on(
                data["change_request"], condition=data["condition"], reason=data["reason"]
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return done(request, modification, f"{dependency} recorded.", "dependencies")
    context = {
        "form": form,
        "title": f"{modification.reference} depends on a Change Request",
        "action": request.path,
        "submit": "Add the dependency",
        "back_url": detail_url(modification, "dependencies"),
        "back_label": modification.reference,
    }
    return page_form(request, context)


@permission_required("modifications.delete_crdependency", raise_exception=True)
def dependency_remove(request, pk):
    """Asks first; the next page is where the removal started (the modification's or the Change Request's)."""
    dependency = get_object_or_404(CrDependency.objects.select_related("modification", "change_request"), pk=pk)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = detail_url(dependency.modification, "dependencies")
    form = DropDependencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dependency.drop(reason=form.cleaned_data["reason"])
        return go_to(request, back, f"{dependency} removed.")
    context = {
        "form": form,
        "title": f"Remove: {dependency}",
        "intro": "The dependency stays in the history with the reason.",
        "action": f"{request.path}?next={back}",
        "submit": "Remove the dependency",
        "danger": True,
        "back_url": back,
        "back_label": "Back",
    }
    return page_form(request, context)


@permission_required("modifications.change_modification", raise_exception=True)
def promote(request, reference):
    """A Draft Proposal becomes a Modification Proposal: DP124 is MP124, and DP124 still finds it."""
    modification = get_modification(reference)
    form = PromoteForm(request.POST or None, instance=modification)
    if request.method == "POST" and form.is_valid():

        def act(row):
            row.promote_to_proposal(reason=form.cleaned_data["reason"] or PROMOTED)
            return row

        promoted = write_under_lock(form, Modification.objects.filter(pk=modification.pk), act)
        if promoted is not None:
            message = f"{modification.reference} is now {promoted.reference}; {modification.reference} still finds it."
            return done(request, promoted, message)
    proposal = "MP" + modification.reference[2:] if modification.is_draft_proposal else ""
    context = {
        "form": form,
        "title": f"Promote {modification.reference} to {proposal}" if proposal else f"Promote {modification.reference}",
        "intro": f"{modification.title}. It keeps its record; the old reference stays as an alias that finds it.",
        "action": request.path,
        "submit": f"Promote to {proposal}" if proposal else "Promote",
        "submit_id": "promote-modification",
        "back_url": detail_url(modification),
        "back_label": modification.reference,
    }
    return page_form(request, context)

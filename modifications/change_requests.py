"""DCC Change Request pages: the list, one CR with the modifications that depend on it, and their edits.

The DCC raises and keeps its Change Requests (secreleases.roles.DCC_WRITES); SECAS records which
modifications depend on them; the Panel reads.
"""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from secreleases.pages import add_rule_error, render_history, write_under_lock

from .forms import ChangeRequestForm, DependantForm
from .history import change_request_history
from .models import ChangeRequest
from .views import go_to, page_form

PAGE_SIZE = 50
# ?sort= names a column; a leading "-" reverses it. A CR still TBC sorts after the numbered ones.
SORTS = {
    "number": [F("number").asc(nulls_last=True), "title"],
    "title": ["title", "pk"],
    "originator": ["originator", F("number").asc(nulls_last=True)],
    "modification": [F("modification__reference").asc(nulls_last=True), "pk"],
    "release": [F("release__implementation_date").asc(nulls_last=True), F("number").asc(nulls_last=True)],
}
may_view = permission_required("modifications.view_changerequest", raise_exception=True)


def ordering(sort: str) -> list:
    descending = sort.startswith("-")
    columns = SORTS.get(sort.lstrip("-"), SORTS["number"])
    if not descending:
        return columns
    return [c.desc(nulls_last=True) if isinstance(c, F) else f"-{c}" for c in columns]


def cr_url(change_request) -> str:
    return reverse("change_requests:detail", kwargs={"pk": change_request.pk})


@may_view
def change_request_list(request):
    sort = request.GET.get("sort", "number")
    if sort.lstrip("-") not in SORTS:
        sort = "number"
    change_requests = ChangeRequest.objects.for_listing().prefetch_related("dependants__modification")
    page = Paginator(change_requests.order_by(*ordering(sort)), PAGE_SIZE).get_page(request.GET.get("page"))
    columns = [
        (key, label, sort == key, sort == f"-{key}")
        for key, label in [
            ("number", "Number"),
            ("title", "Title"),
            ("originator", "Originator"),
            ("modification", "Delivers"),
            ("release", "Alongside"),
        ]
    ]
    context = {"page": page, "sort": sort, "columns": columns}
    return render(request, "change_requests/change_request_list.html", context)


@may_view
def change_request_detail(request, pk):
    change_request = get_object_or_404(ChangeRequest.objects.for_listing(), pk=pk)
    dependants = list(change_request.dependants.select_related("modification"))
    context = {"cr": change_request, "dependants": dependants}
    if request.user.has_perm("modifications.add_crdependency"):
        context["dependant_form"] = DependantForm()
    return render(request, "change_requests/change_request_detail.html", context)


def cr_form_page(request, form, *, title: str, submit: str, back_url: str, back_label: str):
    context = {
        "form": form,
        "title": title,
        "intro": "Leave what no paper states empty: the pages say “not stated”.",
        "action": request.path,
        "submit": submit,
        "back_url": back_url,
        "back_label": back_label,
        "form_id": "change-request-form",
        "submit_id": "save-change-request",
    }
    return page_form(request, context)


@permission_required("modifications.add_changerequest", raise_exception=True)
def change_request_new(request):
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                change_request = form.apply_to(form.instance)
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return go_to(request, cr_url(change_request), f"{change_request} recorded.")
    back = reverse("change_requests:list")
    return cr_form_page(
        request, form, title="Record a DCC Change Request", submit="Record", back_url=back, back_label="Change requests"
    )


@permission_required("modifications.change_changerequest", raise_exception=True)
def change_request_edit(request, pk):
    change_request = get_object_or_404(ChangeRequest.objects.for_listing(), pk=pk)
    form = ChangeRequestForm(request.POST or None, instance=change_request)
    if request.method == "POST" and form.is_valid():
        saved = write_under_lock(form, ChangeRequest.objects.filter(pk=change_request.pk), form.apply_to)
        if saved is not None:
            return go_to(request, cr_url(saved), f"{saved} saved.")
    return cr_form_page(
        request,
        form,
        title=f"Edit {change_request.display_number}",
        submit="Save",
        back_url=cr_url(change_request),
        back_label=change_request.display_number,
    )


@permission_required("modifications.add_crdependency", raise_exception=True)
def dependant_add(request, pk):
    """From the Change Request's page: a modification that cannot progress until it reaches a point."""
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    form = DependantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dependency = data["modification"].depend_on(
                change_request, condition=data["condition"], reason=data["reason"]
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return go_to(request, f"{cr_url(change_request)}#dependants", f"{dependency} recorded.")
    return page_form(
        request,
        {
            "form": form,
            "title": f"A modification depends on {change_request.display_number}",
            "action": request.path,
            "submit": "Add the dependency",
            "back_url": cr_url(change_request),
            "back_label": change_request.display_number,
        },
    )


@may_view
def change_request_history_page(request, pk):
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    return render_history(
        request,
        change_request_history(change_request),
        title=f"{change_request.display_number}: history",
        back_url=cr_url(change_request),
        back_label=change_request.display_number,
    )

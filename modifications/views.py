"""Modification pages: the searchable register, and one modification's path through the releases."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from releases.asat_pages import as_at_context, as_at_status, record_asked
from secreleases.models import related_model
from secreleases.pages import form_page, render_history, write_under_lock

from .forms import ModificationSearch, RenameForm
from .history import modification_history
from .models import Modification

PAGE_SIZE = 50
may_view = permission_required("modifications.view_modification", raise_exception=True)


@may_view
def modification_list(request):
    scope_items = related_model(Modification, "scope_items").objects
    modifications = Modification.objects.with_listing_data().prefetch_related(
        Prefetch("scope_items", queryset=scope_items.active().select_related("release"), to_attr="active_items")
    )
    filterset = ModificationSearch(request.GET or None, queryset=modifications)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "modifications/modification_list.html", context)


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
        prefetch_related_objects([modification], "aliases", "key_dates", "change_requests__release")
    else:
        try:
            modification = record.with_modification_details(record.modification(modification.reference))
        except Modification.DoesNotExist:
            raise Http404(f"{reference} was not in the record yet at {record.label}.") from None
    context = {
        "modification": modification,
        "items": list(record.modification_scope_items(modification)),
        **as_at_context(request, record, as_at_form),
    }
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

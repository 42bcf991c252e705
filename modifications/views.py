"""Modification pages: the searchable register, and one modification's path through the releases."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from releases.history import modification_scope_history
from releases.models import ScopeItem

from .forms import ModificationSearch
from .models import Modification

PAGE_SIZE = 50


def require_view(user):
    if not user.has_perm("modifications.view_modification"):
        raise PermissionDenied


def modification_list(request):
    require_view(request.user)
    modifications = Modification.objects.with_listing_data().prefetch_related(
        Prefetch(
            "scope_items",
            queryset=ScopeItem.objects.active().select_related("release"),
            to_attr="active_items",
        )
    )
    filterset = ModificationSearch(request.GET or None, queryset=modifications)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "modifications/modification_list.html", context)


def modification_detail(request, reference):
    """The canonical reference shows the page; any other spelling redirects to it."""
    require_view(request.user)
    try:
        modification = Modification.objects.prefetch_related(
            "aliases", "key_dates", "change_requests__release"
        ).by_reference(reference)
    except Modification.DoesNotExist:
        return render(request, "modifications/not_found.html", {"reference": reference}, status=404)
    if reference != modification.reference:
        return redirect("modifications:detail", reference=modification.reference, permanent=False)
    items = list(
        modification.scope_items.select_related("release", "fall_back_release", "replaces__release").order_by(
            "added_on", "pk"
        )
    )
    context = {
        "modification": modification,
        "items": items,
        "history": modification_scope_history(modification),
    }
    return render(request, "modifications/modification_detail.html", context)

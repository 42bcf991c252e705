"""The release page's in-place forms: an add form and a form on one row of the release, each saving through a
callable that calls one model verb, with htmx (the form swapped in place) or without JavaScript (its own page).

After a save the message is tagged with the section of the release page it belongs to (`saved_in`), so the
page shows it beside what was saved as well as at the top.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from .models import related_model
from .pages import add_rule_error, form_page, saved, write_under_lock

SECTION_TAG = "in-"


def may(perm: str):
    return permission_required(perm, raise_exception=True)


# -- what every in-place edit shares ------------------------------------------------------------------------


def saved_in(request, release, section: str, anchor: str, message: str):
    """The answer after a save; the message is tagged with its section, to be shown beside it too."""
    return saved(request, release, anchor, message, section=section)


def messages_by_section(request) -> dict[str, list[str]]:
    """The messages of the saves just made, by the section of the release page they belong beside."""
    found: dict[str, list[str]] = {}
    for message in messages.get_messages(request):
        for tag in (message.extra_tags or "").split():
            if tag.startswith(SECTION_TAG):
                found.setdefault(tag.removeprefix(SECTION_TAG), []).append(str(message))
    return found


def refused(form, error) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    else:
        add_rule_error(form, error)


def add_view(perm: str, form_class, act, *, title: str, submit: str, section: str, label: str = ""):
    """POST adds through `act(request, release, form) -> (anchor, message)`; GET shows the form on its own."""

    @may(perm)
    def view(request, slug):
        release = get_object_or_404(related_model(form_class._meta.model, "release"), slug=slug)
        form = form_class(request.POST or None, release=release)
        if request.method == "POST" and form.is_valid():
            try:
                anchor, message = act(request, release, form)
            except (ValidationError, PermissionDenied) as error:
                refused(form, error)
            else:
                return saved_in(request, release, section, anchor, message)
        context = {
            "release": release,
            "form": form,
            "title": f"{title}: {release.name}",
            "action": request.path,
            "submit": submit,
            "anchor": section,
            "form_label": label or title,
        }
        return form_page(request, context)

    return view


def row_view(perm: str, model, form_class, act, *, title, submit: str, section: str, danger: bool = False):
    """GET shows the form for one row of the release; POST calls `act(request, row, form) -> (anchor, message)`
    on the row, locked and checked against the version the form was read at."""

    @may(perm)
    def view(request, slug, pk):
        row = get_object_or_404(model.objects.select_related("release"), pk=pk, release__slug=slug)
        form = form_class(request.POST or None, instance=row)
        if request.method == "POST" and form.is_valid():
            try:
                done = write_under_lock(
                    form, model.objects.filter(pk=row.pk), lambda locked: act(request, locked, form)
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                done = None
            if done is not None:
                anchor, message = done
                return saved_in(request, row.release, section, anchor, message)
        context = {
            "release": row.release,
            "form": form,
            "title": title(row),
            "action": request.path,
            "submit": submit,
            "anchor": f"{section}",
            "danger": danger,
            "form_label": title(row),
        }
        return form_page(request, context)

    return view

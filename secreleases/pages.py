"""What the browser pages share: the form on its own page or in place (htmx), and the answer after a save."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from . import concurrency


def release_page(release, anchor: str = "") -> str:
    url = reverse("releases:detail", kwargs={"slug": release.slug})
    return f"{url}#{anchor}" if anchor else url


def saved(request, release, anchor: str, message: str, *, section: str = ""):
    """Plain POST: redirect (303) back to the release page; htmx: reload the page the edit was made on.

    A `section` of the release page tags the message, so the page shows it beside what was saved too.
    """
    messages.success(request, message, extra_tags=f"in-{section}" if section else "")
    url = release_page(release, anchor)
    if request.htmx:
        # A redirect to the same page with only a new #fragment would not reload it.
        current = (request.htmx.current_url_abs_path or "").split("#")[0].split("?")[0]
        if current == release_page(release):
            return HttpResponseClientRefresh()
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


def form_page(request, context: dict, status: int = 200):
    """The form on its own page (works without JS); htmx gets just the form to swap in place."""
    release = context.get("release")
    if release is not None:
        context.setdefault("cancel_url", release_page(release, context.pop("anchor", "")))
        context.setdefault("back_url", release_page(release))
        context.setdefault("back_label", release.name)
    else:
        context.setdefault("cancel_url", context["back_url"])
    template = "_form.html" if request.htmx else "form_page.html"
    return render(request, template, context, status=status)


def add_rule_error(form, error: ValidationError) -> None:
    """A rule's refusal beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def write_under_lock(form, queryset, act):
    """Run `act(row)` on the form's row, locked and checked against the version the form was read at.

    The browser's side of secreleases.concurrency: returns what `act` returns, or None with the
    refusal on the form (a newer edit by someone else, or a rule of the verb `act` calls).
    """
    try:
        with concurrency.locked(queryset, seen=form.seen_version) as row:
            return act(row)
    except concurrency.StaleVersion as stale:
        form.add_error(None, stale.message)
    except ValidationError as error:
        add_rule_error(form, error)
    return None


HISTORY_PAGE_SIZE = 25


def history_page(request, history):
    """One page of a merged history (secreleases.history), `?history_page=` chooses which."""
    page = Paginator(history.timeline(), HISTORY_PAGE_SIZE).get_page(request.GET.get("history_page"))
    page.entries = history.entries(page.object_list)
    return page


def render_history(request, history, *, title: str, back_url: str, back_label: str):
    """A history on its own page; htmx asks for just the list, to show it in place on the subject's page."""
    context = {
        "history": history_page(request, history),
        "history_url": request.path,
        "title": title,
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "_history.html" if request.htmx else "history_page.html", context)

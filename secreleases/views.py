"""Each user's API tokens: the list, a new token (its key shown once), and revoking one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from .forms import ApiTokenForm
from .models import ApiToken
from .pages import add_rule_error


@require_http_methods(["GET", "POST"])
def tokens(request):
    """GET: your tokens and the form; POST: a new token, whose key only this answer shows."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created = key = None
    if form.is_bound and form.is_valid():
        try:
            created, key = ApiToken.objects.issue(
                request.user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
                expires_at=form.expires_at(),
                request=request,
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "created": created,
        "key": key,
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        "sees_everyones": request.user.is_staff and request.user.has_perm("secreleases.view_apitoken"),
    }
    response = render(request, "account/tokens.html", context, status=400 if form.errors else 200)
    add_never_cache_headers(response)  # the key must not be kept by a cache or the browser's history
    return response


@require_http_methods(["GET", "POST"])
def revoke_token(request, pk: int):
    """GET: are you sure? POST: revoked; its next request is refused. Only your own (administrators: the admin)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    if request.method == "POST":
        token.revoke(request=request)
        messages.success(request, f"Revoked {token}: its next request will be refused.")
        return HttpResponseRedirect(reverse("account-tokens"), status=303)
    return render(request, "account/revoke_token.html", {"token": token})

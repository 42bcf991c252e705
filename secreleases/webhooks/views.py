"""SECAS's webhook pages: the endpoints, one endpoint with its deliveries and attempts, and "send again"."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import delivery, events
from .choices import DeliveryState
from .forms import WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint

DELIVERIES_SHOWN = 50
SECRET_SESSION_KEY = "webhook_secret_once"
may_view = permission_required("secreleases.view_webhookendpoint", raise_exception=True)
may_change = permission_required("secreleases.change_webhookendpoint", raise_exception=True)


def detail_url(endpoint) -> str:
    return reverse("webhooks:detail", kwargs={"pk": endpoint.pk})


def back_to(endpoint, anchor: str = ""):
    return HttpResponseRedirect(detail_url(endpoint) + (f"#{anchor}" if anchor else ""), status=303)


@may_view
def endpoint_list(request):
    form = WebhookEndpointForm(request.POST or None, initial={"active": True})
    if request.method == "POST":
        if not request.user.has_perm("secreleases.add_webhookendpoint"):
            raise PermissionDenied
        if form.is_valid():
            endpoint = form.save(commit=False)
            endpoint.created_by = request.user
            secret = endpoint.replace_secret()
            endpoint._change_reason = "Registered in the browser"
            endpoint.save()
            # Shown once, on the next page, then forgotten.
            request.session[SECRET_SESSION_KEY] = {"endpoint": endpoint.pk, "secret": secret}
            messages.success(request, f"Endpoint {endpoint.url} registered.")
            return HttpResponseRedirect(detail_url(endpoint), status=303)
    counts = {
        "delivered": Count("deliveries", filter=Q(deliveries__state=DeliveryState.DELIVERED)),
        "pending": Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING)),
        "failed": Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
    }
    endpoints = WebhookEndpoint.objects.annotate(**counts).order_by("pk")
    status = 400 if form.errors else 200
    return render(request, "integrations/webhooks.html", {"endpoints": endpoints, "form": form}, status=status)


@may_view
def endpoint_detail(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint.objects.select_related("created_by"), pk=pk)
    form = WebhookEndpointForm(request.POST or None, instance=endpoint)
    if request.method == "POST":
        if not request.user.has_perm("secreleases.change_webhookendpoint"):
            raise PermissionDenied
        if form.is_valid():
            endpoint = form.save(commit=False)
            endpoint._change_reason = "Changed in the browser"
            endpoint.save()
            messages.success(request, "Endpoint saved.")
            return back_to(endpoint)
    secret = None
    shown_once = request.session.get(SECRET_SESSION_KEY)
    if shown_once and shown_once.get("endpoint") == endpoint.pk:
        secret = shown_once["secret"]
        del request.session[SECRET_SESSION_KEY]
    deliveries = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(Prefetch("attempts"))
        .order_by("-created_at", "-pk")[:DELIVERIES_SHOWN]
    )
    context = {"endpoint": endpoint, "form": form, "secret": secret, "deliveries": deliveries}
    return render(request, "integrations/webhook_detail.html", context, status=400 if form.errors else 200)


@require_POST
@may_change
def send_again(request, pk, delivery_id):
    queued = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=delivery_id, endpoint_id=pk)
    delivery.send_again(queued)
    messages.success(request, f"Delivery {queued.pk} queued again.")
    return back_to(queued.endpoint, f"delivery-{queued.pk}")


@require_POST
@may_change
def ping(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if events.ping(endpoint, by=request.user.username) is None:
        messages.error(request, "This endpoint is inactive: activate it first.")
    else:
        messages.success(request, "A test event is on its way.")
    return back_to(endpoint, "deliveries")


@require_POST
@may_change
def rotate_secret(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    secret = endpoint.replace_secret()
    endpoint._change_reason = "Secret replaced in the browser"
    endpoint.save()
    request.session[SECRET_SESSION_KEY] = {"endpoint": endpoint.pk, "secret": secret}
    messages.success(request, "A new secret signs every delivery from now on.")
    return back_to(endpoint)


@require_POST
@permission_required("secreleases.delete_webhookendpoint", raise_exception=True)
def delete(request, pk):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    endpoint.delete()
    messages.success(request, f"Endpoint {endpoint.url} deleted with its deliveries.")
    return HttpResponseRedirect(reverse("webhooks:list"), status=303)

"""The app's URLs plus two yardsticks, served by the same gunicorn through the same middleware:

- /bench/bare/: a bare Django view that returns the scope list's bytes, read from a file once;
- /bench/textbook/: a textbook DRF ListAPIView (ModelSerializer, token authentication, pagination)
  over the same queryset as the scope list. Its tokens are the app's (hashed, found by prefix):
  DRF's own token table is gone, and a token check costs both lists the same.
"""

import os
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from rest_framework import generics, pagination, permissions, serializers

from releases.models import ScopeItem
from secreleases.api.auth import TokenAuthentication
from secreleases.urls import urlpatterns as app_urlpatterns

BODY = Path(os.environ.get("BENCH_BODY_FILE", "/dev/null")).read_bytes()
RELEASE = os.environ.get("BENCH_RELEASE", "november-2020")


@login_not_required
def bare(request):
    return HttpResponse(BODY, content_type="application/json")


class TextbookScopeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScopeItem
        fields = "__all__"


class TextbookPagination(pagination.PageNumberPagination):
    page_size = 50


class TextbookScopeList(generics.ListAPIView):
    serializer_class = TextbookScopeItemSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = TextbookPagination

    def get_queryset(self):
        return (
            ScopeItem.objects.filter(release__slug=RELEASE)
            .select_related("release", "modification", "fall_back_release")
            .order_by("modification__reference", "part", "pk")
        )


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/textbook/", TextbookScopeList.as_view()),
    *app_urlpatterns,
]

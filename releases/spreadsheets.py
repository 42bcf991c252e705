"""A release's import page: the DCC's tracker or change-request list, previewed before anything changes."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404

from secreleases.imports.views import upload_page
from secreleases.pages import release_page

from .models import Release


@permission_required("releases.view_release", raise_exception=True)
def import_spreadsheet(request, slug):
    release = get_object_or_404(Release, slug=slug)
    return upload_page(request, release=release, back_url=release_page(release, "timetable"))

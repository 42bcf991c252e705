from django.shortcuts import render

from .models import Release


def release_list(request):
    releases = Release.objects.all()
    return render(request, "releases/release_list.html", {"releases": releases})

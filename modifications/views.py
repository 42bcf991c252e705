from django.shortcuts import render

from .models import Modification


def modification_list(request):
    modifications = Modification.objects.with_listing_data()
    return render(request, "modifications/modification_list.html", {"modifications": modifications})

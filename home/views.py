"""Views of the site shell that are not Wagtail pages."""
from django.shortcuts import render

from home.search import search as run_search


def search(request):
    context = run_search(request.GET, request.GET.get("page"))
    return render(request, "home/search.html", context)

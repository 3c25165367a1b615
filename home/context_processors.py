"""The main navigation, found by page type so editors can rename and move the pages."""
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.page_cache import generation_cached


def site_navigation(request):
    """Start, Netzwerk, Workshops & Ideenwerkstätten, Konzepte, Ergebnisse, Suche — resolved lazily, once per request."""

    def build():
        from django.urls import reverse

        from ideas.models import ConceptPaperIndexPage, NeedsMapPage
        from network.models import NetworkPage
        from workshops.models import WorkshopIndexPage

        site = Site.find_for_request(request)
        if site is None:
            return []
        root = site.root_page
        items = [{"label": _("Start"), "url": root.get_url(request), "page_id": root.pk}]
        for model, label in (
            (NetworkPage, _("Network")),
            (WorkshopIndexPage, _("Workshops & idea labs")),
            (ConceptPaperIndexPage, _("Concepts")),
            (NeedsMapPage, _("Results")),
        ):
            page = model.objects.live().public().descendant_of(root).only("id", "url_path", "path").first()
            if page is not None:
                items.append({"label": label, "url": page.get_url(request), "page_id": page.pk})
        items.append({"label": _("Search"), "url": reverse("search"), "page_id": None})
        return items

    cache = {}

    def main_navigation():
        if "items" not in cache:
            # The same for every visitor of a host in a language: kept until pages change (home/page_cache.py).
            parts = [request.get_host(), translation.get_language() or ""]
            cache["items"] = generation_cached("main-navigation", parts, build)
        return cache["items"]

    return {"main_navigation": main_navigation}

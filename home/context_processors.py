"""The site's frame on every page: the main navigation (found by page type, so editors can rename and move the
pages) and the footer (the site settings), both kept in the cache until pages or settings change."""
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from base.generation_cache import generation_cached


def site_navigation(request):
    """Start, Netzwerk, Workshops & Ideenwerkstätten, Konzepte, Ergebnisse, the other sections shown in menus, Suche
    — resolved lazily, once per request."""

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
        # Any other section below the start page marked "show in menus" (e.g. the calls index of calls/,
        # an app above which home does not import), under its own title.
        listed = [item["page_id"] for item in items]
        for page in (
            root.get_children().live().public().in_menu().exclude(pk__in=listed)
            .only("id", "title", "url_path", "path")
        ):
            items.append({"label": page.title, "url": page.get_url(request), "page_id": page.pk})
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


def site_footer(request):
    """The footer's contact details and links from the site settings, resolved lazily, once per request."""

    def build():
        from home.models import SiteSettings

        site_settings = SiteSettings.for_request(request)
        links = []
        for link in site_settings.footer_links:
            if link.value["page"]:
                links.append({"label": link.value["label"], "url": link.value["page"].get_url(request)})
            elif link.value["url"]:
                links.append({"label": link.value["label"], "url": link.value["url"]})
        return {
            "organisation_name": site_settings.organisation_name,
            "address": site_settings.address,
            "contact_email": site_settings.contact_email,
            "contact_phone": site_settings.contact_phone,
            "links": links,
        }

    cache = {}

    def footer():
        if "footer" not in cache:
            # Two queries (the settings, the linked pages) on every page before; saving the settings or a page
            # starts a new generation (home/page_cache.py).
            cache["footer"] = generation_cached("site-footer", [request.get_host()], build)
        return cache["footer"]

    return {"site_footer": footer}

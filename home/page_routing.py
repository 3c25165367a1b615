"""Kept routes: which page a path of the page tree is, found once and kept in the cache until pages change.

Wagtail finds the page of a path on every request by walking the tree from the site's
root: the site (1 query), then for each level the child with the slug and its specific
page (2 queries each), e.g. 5 queries for /workshops/auftaktworkshop/. KeptRoutesMiddleware
keeps the outcome — the site and the page's type and id — under the page cache's generation
(home/page_cache.py, so a page published, unpublished, moved or saved, or a site changed, sets
a new one), and on the next request reads only the page itself (1 query) and hands it to
Wagtail's serve view as the route it found (`request._wagtail_route_for_request`, Wagtail's own
per-request attribute; likewise the site as `request._wagtail_site`).

The page read is checked against the path (its url_path) and must be live, so even an entry
outdated in some way no signal reports serves no other page than Wagtail would; otherwise the
tree is walked as usual. Wagtail's serve view still checks the page's view restrictions and
runs its hooks. Only used while no page type routes on its own (no `route` override, e.g. no
RoutablePageMixin) and without Wagtail's localisation (the route would depend on the language).
"""
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site, get_page_models
from wagtail.url_routing import RouteResult

from base.generation_cache import generation_cached_entry, keep


@cache
def routes_can_be_kept():
    return not getattr(settings, "WAGTAIL_I18N_ENABLED", False) and all(
        model.route is Page.route for model in get_page_models()
    )


def _key_parts(request, path):
    return [split_domain_port(request._get_raw_host())[0], str(request.get_port()), path]


def _page_of(site, kept, path):
    model = ContentType.objects.get_for_id(kept["content_type_id"]).model_class()
    if model is None:
        return None
    page = model._default_manager.filter(pk=kept["page_id"]).first()
    components = [component for component in path.split("/") if component]
    expected_url_path = site.root_page.url_path + "".join(f"{component}/" for component in components)
    if page is None or not page.live or page.url_path != expected_url_path:
        return None
    return page


def route_from_kept_routes(request, path):
    """Sets Wagtail's route (and site) for this request from the kept route; finds and keeps it when there is none."""
    parts = _key_parts(request, path)
    kept, generation = generation_cached_entry("page-route", parts)
    if kept is not None:
        page = _page_of(kept["site"], kept, path)
        if page is not None:
            request._wagtail_site = kept["site"]
            request._wagtail_route_for_request = RouteResult(page)
            return
    route = Page.route_for_request(request, path)  # Wagtail's walk; it keeps the result on the request
    if route is None or route.args or route.kwargs:
        return
    page = route.page
    keep("page-route", parts, generation, {
        "site": Site.find_for_request(request), "content_type_id": page.content_type_id, "page_id": page.pk,
    })


class KeptRoutesMiddleware:
    """For requests Wagtail's serve view answers: the page from the kept routes (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve and routes_can_be_kept():
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            route_from_kept_routes(request, path)
        return None

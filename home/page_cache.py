"""The public page cache: anonymous visitors get the pages from Django's cache (Redis in production).

What is served from the cache (PublicPageCacheMiddleware):

* GET and HEAD requests without any cookie but the CSRF and the language cookie
  (no session, no messages cookie: no one signed in, nothing personal) and without an
  Authorization header, outside PUBLIC_PAGE_CACHE_EXCLUDED_PATHS (admin, log-in and
  members' pages, the language switch, documents, the search, which counts every query);
* what such a request got: status 200, HTML or SVG, no cookie set by the view, the session
  untouched, no message waiting, the visitor not signed in on the way, and no `private` or
  `no-store` in its Cache-Control — except on a board's pages (/boards/<id>/...), kept
  under the board's version, so their never_cache (for browsers) does not matter here.

The key: the language the page is in (cookie or Accept-Language, as LocaleMiddleware
chose it), scheme, host, path and query string. A page of /boards/<id>/... is kept under the
board's own version besides (base/generation_cache.version_of): every event of the board
renews it once committed (ideas/board/events.emit), and saving the board row sets a new
generation, as for any watched model; so a hit needs no query.

A visitor's CSRF token is never shared: a stored page keeps a placeholder instead of each
`{% csrf_token %}` field, and every answer from the cache gets the visitor's own token
there (and CsrfViewMiddleware sets the visitor's cookie as it would). A page that used a
token otherwise (no such field found) is not stored.

Computed data (base/generation_cache.py: the main navigation and the footer, the kept routes of
home/page_routing.py, a board as the public reads it) lives in the same cache
under the same generation, so it is recomputed after exactly the changes that clear the pages;
it is used whether PUBLIC_PAGE_CACHE is on or off (it is data, not a page, and nothing personal).

Invalidation: every entry carries the cache's generation; page_published, page_unpublished,
post_page_move, and saving or deleting a page or the site's other content (network, site
settings, workshops and registrations, boards, images, documents, tags) set a new one, now
and again after the transaction commits, so no stale entry is served afterwards (the
old entries expire). PUBLIC_PAGE_CACHE_SECONDS bounds what no signal reports, e.g. the
"next sessions" of the home page moving on with the clock.
"""
import hashlib
import re

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

# The generation and the data kept under it live in base/ (the apps below use them too); re-exported here.
from base.generation_cache import (  # noqa: F401
    GENERATION_KEY, cache, clear, generation_cached, generation_cached_entry, keep, version_key, version_of,
)
from ideas.board.page_versions import board_version_part

KEY_PREFIX = "public-page-cache:page:"
CSRF_FIELD = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(">)')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
BOARD_PATH = re.compile(r"^/boards/(\d+)/")
CACHED_TYPES = ("text/html", "image/svg+xml")
# Response attributes other middleware read on the way out (django-csp's decorators, X-Frame-Options).
KEPT_ATTRIBUTES = re.compile(r"^(_csp_\w+|xframe_options_exempt)$")
# Models whose saving changes what anonymous visitors see; the board's cards, votes, comments and
# events are left out: they change the board's last_seq, which is in its pages' keys.
WATCHED_APPS = {"home", "network", "workshops", "calls", "taggit"}
WATCHED_MODELS = {
    ("ideas", "board"), ("ideas", "paperorigin"), ("wagtailcore", "site"), ("wagtailcore", "locale"),
    ("wagtailcore", "pageviewrestriction"),  # a page made private must leave the pages and the navigation
    ("wagtailimages", "image"), ("wagtaildocs", "document"),
}


def cacheable_request(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False
    return not request.path_info.startswith(tuple(settings.PUBLIC_PAGE_CACHE_EXCLUDED_PATHS))


def board_part(path):
    """For /boards/<id>/...: the part of the site whose version the page is kept under ("board:<id>"), else None."""
    match = BOARD_PATH.match(path)
    return None if match is None else board_version_part(int(match[1]))


def page_key(request):
    parts = [translation.get_language() or "", request.scheme, request.get_host(), request.get_full_path()]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def storable(request, response, csrf_used, versioned):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    cache_control = response.get("Cache-Control", "")
    if not versioned and ("private" in cache_control or "no-store" in cache_control):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not csrf_used or CSRF_FIELD.search(response.content) is not None


def entry_of(response, generation, version):
    content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", "set-cookie")]
    attributes = {k: v for k, v in vars(response).items() if KEPT_ATTRIBUTES.match(k)}
    return {"generation": generation, "version": version, "content": content, "headers": headers,
            "attributes": attributes}


def response_of(request, entry):
    content = entry["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"]:
        response[name] = value
    for name, value in entry["attributes"].items():
        setattr(response, name, value)
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Serves anonymous visitors' pages from the cache (see the module's docstring); off unless PUBLIC_PAGE_CACHE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PUBLIC_PAGE_CACHE or not cacheable_request(request):
            return self.get_response(request)
        part = board_part(request.path_info)
        key = page_key(request)
        # One round trip: the generation, the page and (for a board's page) the board's version.
        found = cache().get_many([GENERATION_KEY, key, *([version_key(part)] if part else [])])
        generation = found.get(GENERATION_KEY)
        version = version_of(part, found) if part else None
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation and entry.get("version") == version:
            return response_of(request, entry)
        csrf_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        response = self.get_response(request)
        csrf_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False) and not csrf_before
        if (request.method == "GET" and (part is None or version is not None)
                and storable(request, response, csrf_used, versioned=part is not None)):
            cache().set(key, entry_of(response, generation, version), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def clear_now_and_after_commit():
    # Now: what is rendered from here on is stored under the new generation. After the commit
    # again: a page rendered meanwhile from the data before the change was stored under that
    # same generation, and must not outlive the change.
    clear()
    transaction.on_commit(clear)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    clear_now_and_after_commit()


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, **kwargs):
    meta = sender._meta
    if (meta.app_label in WATCHED_APPS or (meta.app_label, meta.model_name) in WATCHED_MODELS
            or isinstance(instance, Page)):
        clear_now_and_after_commit()

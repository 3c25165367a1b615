"""{% breadcrumb_trail page as trail %}: the page's ancestors below the root as (depth, title, url), kept in the cache.

Reading the ancestors and their addresses cost every page below the start page a query and a few
milliseconds of ORM work; they change only with what sets a new page cache generation (publishing,
moving or renaming a page), so they are kept under it (base/generation_cache.py) per page, host
and language.
"""
from django import template
from django.utils import translation

from base.generation_cache import generation_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    request = context.get("request")

    def build():
        return [(ancestor.depth, ancestor.title, ancestor.get_url(request))
                for ancestor in page.get_ancestors().filter(depth__gt=1)]

    if request is None:
        return build()
    parts = [str(page.pk), page.path, request.get_host(), translation.get_language() or ""]
    return generation_cached("breadcrumbs", parts, build)

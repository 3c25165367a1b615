"""{% keep_fragment version %}…{% endkeep_fragment %}: a part of a page rendered once for every reader, kept in the cache.

`version` is the whole key of what the part shows (e.g. the page generation, a board's version,
the language, the filters: base/generation_cache.py); a reader for whom the part is not the same
as for everyone else gets None there, and the part is rendered for them alone. Unlike Django's
{% cache %}, nothing is stored or read for such a reader.
"""
import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches

register = template.Library()

KEY_PREFIX = "kept-fragment:"


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, version):
        self.nodelist = nodelist
        self.version = version

    def render(self, context):
        version = self.version.resolve(context)
        if not version:
            return self.nodelist.render(context)
        cache = caches[settings.PUBLIC_PAGE_CACHE_ALIAS]
        key = KEY_PREFIX + hashlib.sha256(str(version).encode()).hexdigest()
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return html


@register.tag
def keep_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's version (its whole key)")
    nodelist = parser.parse(("endkeep_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(nodelist, parser.compile_filter(bits[1]))

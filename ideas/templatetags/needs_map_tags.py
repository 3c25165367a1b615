"""The map of needs on its page: {% needs_map as map %} in ideas/needs_map_page.html (built by ideas/outcomes/needs_map.py)."""
from django import template

from ideas.outcomes.needs_map import needs_map_context

register = template.Library()


@register.simple_tag(takes_context=True)
def needs_map(context):
    request = context["request"]
    # The title and the content both ask; the map is built once per request.
    if not hasattr(request, "needs_map"):
        request.needs_map = needs_map_context(request)
    return request.needs_map

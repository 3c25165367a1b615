"""What a concept paper's page shows of where it came from (its origin on a board)."""
from django import template

from ideas.outcomes.papers import origin_for_readers

register = template.Library()


@register.inclusion_tag("ideas/includes/paper_origin.html", takes_context=True)
def paper_origin(context, paper):
    return {"origin": origin_for_readers(paper, context.get("request"))}

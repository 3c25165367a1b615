"""What the ideas app adds to a workshop page's outcome section: the concept papers from it and its PDF."""
from types import SimpleNamespace

from django import template

from ideas.session_documentation import documentation_url, session_papers

register = template.Library()


@register.simple_tag
def session_documentation(workshop):
    """{% session_documentation page as documentation %}: .papers (live, public concept papers naming the
    session, with their building blocks) and .pdf_url (the documentation PDF, "" while it may not be had)."""
    return SimpleNamespace(
        papers=list(session_papers(workshop).prefetch_related("building_blocks")),
        pdf_url=documentation_url(workshop),
    )

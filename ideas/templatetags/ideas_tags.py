"""What the ideas app adds to a workshop's page (its boards, the concept papers that came out of it) and to a board's."""
from django import template

from ideas.board.rules import viewer_for
from ideas.models import ConceptPaperPage
from ideas.outcomes.papers import papers_from

register = template.Library()


@register.inclusion_tag("ideas/includes/board_list.html", takes_context=True)
def board_list(context, workshop):
    """The workshop's boards this reader may open, each with whether its results come first (the public reads
    a published board's results, its cards one click away); a visitor learns that signing in shows the others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    boards, others = [], 0
    if workshop.pk and user is not None:
        for board in workshop.boards.all():
            viewer = viewer_for(user, board)
            if viewer is not None:
                boards.append((board, viewer.public))
            else:
                others += 1
    return {"boards": boards, "others": others, "user": user, "request": request}


@register.inclusion_tag("ideas/includes/session_papers.html")
def session_papers(workshop):
    """The published concept papers that name this workshop, in a fixed number of queries."""
    papers = []
    if workshop.pk:
        papers = (
            ConceptPaperPage.objects.live().public().filter(related_workshops=workshop)
            .prefetch_related("building_blocks").order_by("-first_published_at")
        )
    return {"papers": papers}


@register.simple_tag(takes_context=True)
def board_papers(context, board):
    """The concept papers made from this board, as the page's reader may see them (the board page's results)."""
    request = context["request"]
    return papers_from(board, request.user, context["viewer"], request)

"""Template tags of the boards: the list of a workshop's boards on its page."""
from django import template

from ideas import board_operations as ops

register = template.Library()


@register.inclusion_tag("ideas/includes/board_list.html", takes_context=True)
def board_list(context, workshop):
    """The workshop's boards this reader may open; a visitor learns that signing in shows the others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    boards, others = [], 0
    if workshop.pk and user is not None:
        for board in workshop.boards.all():
            if ops.viewer_for(user, board) is not None:
                boards.append(board)
            else:
                others += 1
    return {"boards": boards, "others": others, "user": user, "request": request}

"""HTTP access to boards: the board's state as JSON, with the same rules and shape as the live snapshot."""
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideas import board_operations as ops
from ideas.models import Board


@never_cache
@require_GET
def board_state(request, board_id):
    """GET /boards/<id>/state.json. A board the reader may not see does not exist for them (404)."""
    board = get_object_or_404(Board, pk=board_id)
    viewer = ops.viewer_for(request.user, board)
    if viewer is None:
        raise Http404
    return JsonResponse(ops.snapshot(board, request.user, viewer=viewer), json_dumps_params={"ensure_ascii": False})

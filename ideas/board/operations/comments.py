"""Operations on comments: anyone taking part may comment on a card they see."""
from django.db import transaction

from ideas.board.events import emit_for_card
from ideas.board.operations.common import Change, begin, member_organisation, visible_card
from ideas.board.payloads import comment_data
from ideas.board.rules import check, why_not_take_part
from ideas.board.validation import clean_text
from ideas.models import Comment


@transaction.atomic
def add_comment(user, board_id, card_id, *, text):
    board, viewer = begin(user, board_id)
    check(why_not_take_part(viewer, board))
    card = visible_card(board, viewer, card_id)
    comment = Comment.objects.create(
        card=card, author=user, author_organisation=member_organisation(user), text=clean_text(text)
    )
    return Change(emit_for_card(board, "comment.created", card, {"comment": comment_data(comment)}), comment.pk)

"""Operations that arrange cards: clusters (create, rename, delete, put a card in one) and links between cards."""
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from ideas.board.errors import BoardError
from ideas.board.events import emit, emit_for_card
from ideas.board.operations.common import Change, begin, visible_card
from ideas.board.payloads import cluster_data, link_data
from ideas.board.rules import (
    check, why_not_arrange, why_not_manage_clusters, why_not_see_card, why_not_take_part, why_not_unlink,
)
from ideas.board.validation import TITLE_MAX_LENGTH, clean_choice, clean_text
from ideas.models import CardLink, Cluster


def _cluster(board, cluster_id):
    cluster = Cluster.objects.filter(board=board, pk=cluster_id).first()
    if cluster is None:
        raise BoardError("not_found", _("This cluster does not exist."))
    return cluster


@transaction.atomic
def create_cluster(user, board_id, *, title):
    board, viewer = begin(user, board_id)
    check(why_not_manage_clusters(viewer, board))
    title = clean_text(title, max_length=TITLE_MAX_LENGTH, field="title")
    position = (board.clusters.aggregate(m=Max("position"))["m"] or 0) + 1
    cluster = Cluster.objects.create(board=board, title=title, position=position)
    return Change(emit(board, "cluster.created", {"cluster": cluster_data(cluster)}), cluster.pk)


@transaction.atomic
def rename_cluster(user, board_id, cluster_id, *, title):
    board, viewer = begin(user, board_id)
    check(why_not_manage_clusters(viewer, board))
    cluster = _cluster(board, cluster_id)
    cluster.title = clean_text(title, max_length=TITLE_MAX_LENGTH, field="title")
    cluster.save(update_fields=["title"])
    return Change(emit(board, "cluster.renamed", {"cluster": cluster_data(cluster)}), cluster.pk)


@transaction.atomic
def move_cluster(user, board_id, cluster_id, *, before=None):
    """Put a cluster before another one (before None: last); the board's clusters are numbered 1, 2, … again."""
    board, viewer = begin(user, board_id)
    check(why_not_manage_clusters(viewer, board))
    cluster = _cluster(board, cluster_id)
    if before is not None:
        _cluster(board, before)
    order = [pk for pk in board.clusters.order_by("position", "pk").values_list("pk", flat=True) if pk != cluster.pk]
    order.insert(order.index(before) if before is not None and before != cluster.pk else len(order), cluster.pk)
    for position, pk in enumerate(order, start=1):
        Cluster.objects.filter(pk=pk).exclude(position=position).update(position=position)
    return Change(emit(board, "cluster.moved", {"order": order}), cluster.pk)


@transaction.atomic
def delete_cluster(user, board_id, cluster_id):
    """Delete a cluster; its cards stay on the board, outside any cluster."""
    board, viewer = begin(user, board_id)
    check(why_not_manage_clusters(viewer, board))
    cluster = _cluster(board, cluster_id)
    cards = list(cluster.cards.values_list("pk", flat=True))
    cluster.delete()
    return Change(emit(board, "cluster.deleted", {"id": cluster_id, "cards": cards}), cluster_id)


@transaction.atomic
def assign_cluster(user, board_id, card_id, *, cluster=None):
    """Put a card in a cluster, or take it out (cluster None)."""
    board, viewer = begin(user, board_id)
    card = visible_card(board, viewer, card_id)
    check(why_not_arrange(viewer, board, card))
    if cluster is not None and not Cluster.objects.filter(board=board, pk=cluster).exists():
        raise BoardError("not_found", _("This cluster does not exist."))
    card.cluster_id = cluster
    card.version += 1
    card.save(update_fields=["cluster", "version", "updated_at"])
    data = {"id": card.pk, "cluster_id": cluster, "version": card.version}
    return Change(emit_for_card(board, "card.clustered", card, data), card.pk)


@transaction.atomic
def link_cards(user, board_id, from_card, *, to_card, relation):
    """Link two cards: a gap answers a need, a concept draft addresses a gap or a need."""
    board, viewer = begin(user, board_id)
    check(why_not_take_part(viewer, board))
    source, target = visible_card(board, viewer, from_card), visible_card(board, viewer, to_card)
    relation = clean_choice(relation, CardLink.Relation, _("relation"))
    if CardLink.relation_for(source.kind, target.kind) != relation:
        raise BoardError(
            "invalid_link", _("A service gap answers a need; a concept draft addresses a gap or a need.")
        )
    if CardLink.objects.filter(Q(from_card=source, to_card=target) | Q(from_card=target, to_card=source)).exists():
        raise BoardError("already_linked", _("These cards are already linked."))
    link = CardLink.objects.create(from_card=source, to_card=target, relation=relation, created_by=user)
    return Change(emit_for_card(board, "link.created", source, {"link": link_data(link)}), link.pk)


@transaction.atomic
def unlink_cards(user, board_id, link_id):
    """Remove a link: whoever made it, the author of its first card, or a facilitator."""
    board, viewer = begin(user, board_id)
    check(why_not_take_part(viewer, board))
    link = CardLink.objects.filter(pk=link_id, from_card__board=board).select_related("from_card").first()
    if link is None:
        raise BoardError("not_found", _("This link does not exist."))
    check(why_not_see_card(viewer, board, link.from_card))
    check(why_not_unlink(viewer, board, link.created_by_id, link.from_card.author_id))
    source = link.from_card
    link.delete()
    return Change(emit_for_card(board, "link.deleted", source, {"id": link_id}), link_id)

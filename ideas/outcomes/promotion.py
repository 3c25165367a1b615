"""A concept paper draft made from a board: from a cluster, or from a concept draft with what it links to.

The draft is prefilled once, from the board as it stands: title, summary, a body with the
needs (with their dots), the service gaps and the concept drafts, the organisations
involved; building blocks, target groups and tags from the cards; the workshop. Its origin
is kept as data (PaperOrigin). Later edits of the cards do not change the paper: the editor
works it out in Wagtail and submits it to the core group's review (ideas/review.py).

Authors are named as they chose on the board: the cards are read as a member who wrote
none of them reads them, so no name of someone who chose "organisation only" is written
into the paper, which will be a public page.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from wagtail.coreutils import find_available_slug
from wagtail.rich_text import RichText

from ideas.board.errors import BoardError
from ideas.board.reading import snapshot
from ideas.board.rules import Viewer, viewer_for
from ideas.models import Board, Card, ConceptPaperIndexPage, ConceptPaperPage, PaperOrigin
from network.models import BuildingBlock, TargetGroup

# Sees every card, and each author as they chose to be shown to other members (user_id None: the author of none).
AS_MEMBERS_READ_IT = Viewer(user_id=None, participant=True, facilitator=True)

TITLE_MAX_LENGTH = 120


@dataclass(frozen=True)
class Promotion:
    paper: ConceptPaperPage
    created: bool  # False: the cluster or draft had been promoted before, this is that paper


def may_promote(viewer):
    """Facilitators and editors (the board's facilitators, rules.FACILITATOR_ROLES) turn results into papers."""
    return viewer is not None and viewer.facilitator


def promote_cluster(user, board_id, cluster_id):
    """The concept paper draft of this cluster: made now, or the one made from it before."""
    return _promote(user, board_id, cluster_id=cluster_id)


def promote_draft(user, board_id, card_id):
    """The concept paper draft of this concept draft and the cards it links to: made now, or made before."""
    return _promote(user, board_id, card_id=card_id)


def _promote(user, board_id, *, cluster_id=None, card_id=None):
    board = Board.objects.select_related("workshop").filter(pk=board_id).first()
    viewer = viewer_for(user, board) if board else None
    if not may_promote(viewer):
        raise BoardError("facilitator_only", _("Only a facilitator or an editor can make a concept paper from a board."))
    index = ConceptPaperIndexPage.objects.first()
    if index is None:
        raise BoardError("no_paper_section", _("There is no concept paper section on the site yet."))
    try:
        with transaction.atomic():
            # The board row is the lock: two clicks on "promote" make one paper.
            board = Board.objects.select_for_update().select_related("workshop").get(pk=board.pk)
            existing = _existing(board, cluster_id, card_id)
            if existing is not None:
                return Promotion(existing, created=False)
            # The paper is written in the site's language, whichever language the facilitator reads.
            with override(settings.LANGUAGE_CODE):
                return Promotion(_create(user, board, index, cluster_id, card_id), created=True)
    except IntegrityError:
        # Another worker promoted the same cluster or draft a moment before (the unique constraints).
        return Promotion(_existing(board, cluster_id, card_id), created=False)


def _existing(board, cluster_id, card_id):
    origins = PaperOrigin.objects.filter(board=board).select_related("paper")
    origin = origins.filter(cluster_id=cluster_id).first() if cluster_id else origins.filter(source_card_id=card_id).first()
    return origin.paper if origin else None


def _create(user, board, index, cluster_id, card_id):
    state = snapshot(board, user, viewer=AS_MEMBERS_READ_IT)
    if cluster_id:
        cluster = next((c for c in state["clusters"] if c["id"] == cluster_id), None)
        if cluster is None:
            raise BoardError("not_found", _("This cluster is not on the board."))
        cards = [card for card in state["cards"] if card["cluster_id"] == cluster_id]
        if not cards:
            raise BoardError("empty_cluster", _("This cluster has no cards yet."))
        title = cluster["title"]
    else:
        draft = next((c for c in state["cards"] if c["id"] == card_id and c["kind"] == Card.Kind.DRAFT), None)
        if draft is None:
            raise BoardError("not_found", _("This concept draft is not on the board."))
        cards = _draft_with_what_it_links_to(draft, state)
        title = Truncator(draft["text"]).chars(TITLE_MAX_LENGTH)

    organisations = _organisations(cards)
    paper = ConceptPaperPage(
        title=title,
        slug=find_available_slug(index, _slug_for(title)),
        summary=_summary(board, title, cards, organisations),
        body=_body(cards, organisations),
        live=False,
        owner=user,
        status=ConceptPaperPage.Status.DRAFT,
    )
    # Objects, not ids: the paper's relations are held in memory (modelcluster) until it is saved.
    paper.building_blocks.set(BuildingBlock.objects.filter(pk__in={c["building_block"]["id"] for c in cards if c["building_block"]}))
    paper.target_groups.set(TargetGroup.objects.filter(pk__in={c["target_group"]["id"] for c in cards if c["target_group"]}))
    paper.related_workshops.set([board.workshop])
    paper.tags.add(*sorted({tag for card in cards for tag in card["tags"]}))
    index.add_child(instance=paper)
    paper.save_revision(user=user, log_action=True)

    origin = PaperOrigin.objects.create(
        paper=paper, board=board, cluster_id=cluster_id, source_card_id=card_id,
        board_seq=state["seq"], board_title=board.title, workshop_title=board.workshop.title,
        source_title=title, card_count=len(cards), organisation_count=len(organisations), created_by=user,
    )
    origin.cards.set([card["id"] for card in cards])
    return paper


def _slug_for(title):
    return slugify(title)[:80].strip("-") or "konzeptpapier"


def _draft_with_what_it_links_to(draft, state):
    """The draft, the gaps and needs it addresses, and the needs those gaps answer."""
    by_id = {card["id"]: card for card in state["cards"]}
    picked = {draft["id"]: draft}
    addressed = [link["to_card_id"] for link in state["links"] if link["from_card_id"] == draft["id"]]
    for card_id in addressed:
        picked[card_id] = by_id[card_id]
    gaps = {card_id for card_id in addressed if by_id[card_id]["kind"] == Card.Kind.GAP}
    for link in state["links"]:
        if link["from_card_id"] in gaps and link["relation"] == "answers":
            picked[link["to_card_id"]] = by_id[link["to_card_id"]]
    return list(picked.values())


def _organisations(cards):
    """The organisations of the cards and of the texts merged into them, by name."""
    names = set()
    for card in cards:
        for item in (card, *card["merged_from"]):
            if item["organisation"]:
                names.add(item["organisation"]["name"])
    return sorted(names)


def _person(card):
    """The person as they chose to be shown (None for "organisation only"): for a card entered on their behalf, them."""
    if card["author"] is None:
        return None
    return card["on_behalf_name"] if card["entered_on_behalf"] else card["author"]["name"]


def _byline(card):
    return " · ".join(part for part in ((card["organisation"] or {}).get("name"), _person(card)) if part)


def _ranked(cards, kind):
    return sorted((c for c in cards if c["kind"] == kind), key=lambda card: (-card["votes"], card["position"]))


def _card_list(cards):
    items = []
    for card in cards:
        dots = ngettext("%(count)s dot", "%(count)s dots", card["votes"]) % {"count": card["votes"]}
        byline = _byline(card)
        items.append(format_html("{} ({}){}", card["text"], dots, format_html(" – {}", byline) if byline else ""))
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((item,) for item in items)))


def _body(cards, organisations):
    sections = [
        (_("Needs"), _ranked(cards, Card.Kind.NEED)),
        (_("Service gaps"), _ranked(cards, Card.Kind.GAP)),
        (_("Concept drafts"), _ranked(cards, Card.Kind.DRAFT)),
    ]
    body = []
    for heading, kind_cards in sections:
        if kind_cards:
            body.append(("heading", {"text": heading, "level": "h2"}))
            body.append(("paragraph", RichText(_card_list(kind_cards))))
    if organisations:
        body.append(("heading", {"text": _("Organisations involved"), "level": "h2"}))
        names = format_html_join("", "<li>{}</li>", ((name,) for name in organisations))
        body.append(("paragraph", RichText(format_html("<ul>{}</ul>", names))))
    return body


def _summary(board, title, cards, organisations):
    dots = sum(card["votes"] for card in cards)
    return _(
        "Drawn from “%(title)s” on the board “%(board)s” (%(workshop)s): %(cards)s from %(organisations)s, "
        "%(dots)s. The editors work this summary out."
    ) % {
        "title": title,
        "board": board.title,
        "workshop": board.workshop.title,
        "cards": ngettext("%(count)s card", "%(count)s cards", len(cards)) % {"count": len(cards)},
        "organisations": ngettext(
            "%(count)s organisation", "%(count)s organisations", len(organisations)
        ) % {"count": len(organisations)},
        "dots": ngettext("%(count)s dot", "%(count)s dots", dots) % {"count": dots},
    }

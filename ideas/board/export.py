"""A board's cards as CSV (opens in German Excel) and as Markdown, as the reader may see them.

Both read through reading.snapshot, so hidden cards and anonymous
authors stay hidden in exports too. Times are the city's (TIME_ZONE).
"""
import csv
import io
import re
from collections import defaultdict
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.board.reading import snapshot
from ideas.models import Card

# Cells Excel would take for a formula are prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _author(card):
    return card["author"]["name"] if card["author"] else ""


def _byline(item):
    """Organisation and author of a card, merged card or comment, as far as the reader may see them."""
    return "; ".join(d for d in (item["organisation"]["name"] if item["organisation"] else "", _author(item)) if d)


def _local_time(iso_time):
    """A stored time as the city reads it, to the minute."""
    return timezone.localtime(datetime.fromisoformat(iso_time)).strftime("%Y-%m-%d %H:%M")


def _links_by_card(state):
    """Each card's links as lines: what it answers or addresses, and what answers or addresses it."""
    texts = {card["id"]: card["text"] for card in state["cards"]}
    outgoing = {"answers": _("answers"), "addresses": _("addresses")}
    incoming = {"answers": _("answered by"), "addresses": _("addressed by")}
    lines = defaultdict(list)
    for link in state["links"]:
        lines[link["from_card_id"]].append(f"{outgoing[link['relation']]}: {texts[link['to_card_id']]}")
        lines[link["to_card_id"]].append(f"{incoming[link['relation']]}: {texts[link['from_card_id']]}")
    return lines


def _comments_by_card(state):
    lines = defaultdict(list)
    for comment in state["comments"]:
        byline = _byline(comment)
        lines[comment["card_id"]].append(
            f"{_local_time(comment['created_at'])} " + (f"{byline}: " if byline else "") + comment["text"]
        )
    return lines


def _clusters(state):
    return {cluster["id"]: cluster["title"] for cluster in state["clusters"]}


def export_csv(board, user):
    """UTF-8 with BOM, semicolon-separated, one row per visible card; merged texts, comments and links
    one per line in their cells."""
    state = snapshot(board, user)
    clusters = _clusters(state)
    links, comments = _links_by_card(state), _comments_by_card(state)
    kinds = dict(Card.Kind.choices)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([
        _("Kind"), _("Text"), _("Tags"), _("Building block"), _("Target group"), _("Organisation"),
        _("Author"), _("Dots"), _("Cluster"), _("Entered on behalf"), _("Created"),
        _("Merged texts"), _("Comments"), _("Links"),
    ])
    for card in state["cards"]:
        writer.writerow([_cell(value) for value in (
            kinds[card["kind"]], card["text"], ", ".join(card["tags"]),
            card["building_block"]["code"] if card["building_block"] else "",
            card["target_group"]["name"] if card["target_group"] else "",
            card["organisation"]["name"] if card["organisation"] else "",
            _author(card), "" if card["votes"] is None else card["votes"], clusters.get(card["cluster_id"], ""),
            _("yes") if card["entered_on_behalf"] else "", _local_time(card["created_at"]),
            "\n".join(merged["text"] + (f" ({_byline(merged)})" if _byline(merged) else "") for merged in card["merged_from"]),
            "\n".join(comments[card["id"]]), "\n".join(links[card["id"]]),
        )])
    return out.getvalue()


def _md(text):
    """User text as literal Markdown: special characters escaped, lines joined."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def export_markdown(board, user):
    """A readable record of the board: one section per kind, cards by dots, with links and clusters."""
    state = snapshot(board, user)
    clusters = _clusters(state)
    lines = [f"# {_md(state['board']['title'])}", ""]
    if state["board"]["prompt"]:
        lines += [_md(state["board"]["prompt"]), ""]
    for kind, label in Card.Kind.choices:
        cards = sorted((c for c in state["cards"] if c["kind"] == kind), key=lambda c: (-(c["votes"] or 0), c["position"]))
        if not cards:
            continue
        lines += [f"## {label}", ""]
        for card in cards:
            dots = ngettext("%(count)s dot", "%(count)s dots", card["votes"] or 0) % {"count": card["votes"]}
            details = [d for d in (
                card["organisation"]["name"] if card["organisation"] else "",
                _author(card),
                dots if card["votes"] else "",
                clusters.get(card["cluster_id"], ""),
                ", ".join(card["tags"]),
            ) if d]
            lines.append(f"- {_md(card['text'])}" + (f" ({_md('; '.join(details))})" if details else ""))
            merged_label = _("Merged")  # outside the f-string: makemessages does not look into f-strings
            for merged in card["merged_from"]:  # each with its author, as they chose to be shown
                who = _byline(merged)
                lines.append(f"  - {merged_label}: {_md(merged['text'])}" + (f" ({_md(who)})" if who else ""))
        lines.append("")
    texts = {card["id"]: card["text"] for card in state["cards"]}
    if state["links"]:
        lines += ["## " + _("Links"), ""]
        relations = {"answers": _("answers"), "addresses": _("addresses")}
        for link in state["links"]:
            lines.append(
                f"- {_md(texts[link['from_card_id']])} → {relations[link['relation']]} → {_md(texts[link['to_card_id']])}"
            )
        lines.append("")
    return "\n".join(lines)

"""A board's cards as CSV (opens in German Excel) and as Markdown, as the reader may see them.

Both read through reading.snapshot, so hidden cards and anonymous
authors stay hidden in exports too.
"""
import csv
import io
import re

from django.utils.translation import gettext as _

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


def _clusters(state):
    return {cluster["id"]: cluster["title"] for cluster in state["clusters"]}


def export_csv(board, user):
    """UTF-8 with BOM, semicolon-separated, one row per visible card."""
    state = snapshot(board, user)
    clusters = _clusters(state)
    kinds = dict(Card.Kind.choices)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([
        _("Kind"), _("Text"), _("Tags"), _("Building block"), _("Target group"), _("Organisation"),
        _("Author"), _("Dots"), _("Cluster"), _("Entered on behalf"), _("Created"),
    ])
    for card in state["cards"]:
        writer.writerow([_cell(value) for value in (
            kinds[card["kind"]], card["text"], ", ".join(card["tags"]),
            card["building_block"]["code"] if card["building_block"] else "",
            card["target_group"]["name"] if card["target_group"] else "",
            card["organisation"]["name"] if card["organisation"] else "",
            _author(card), card["votes"], clusters.get(card["cluster_id"], ""),
            _("yes") if card["entered_on_behalf"] else "", card["created_at"][:16].replace("T", " "),
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
        cards = sorted((c for c in state["cards"] if c["kind"] == kind), key=lambda c: (-c["votes"], c["position"]))
        if not cards:
            continue
        lines += [f"## {label}", ""]
        for card in cards:
            details = [d for d in (
                card["organisation"]["name"] if card["organisation"] else "",
                _author(card),
                _("%(count)d dots") % {"count": card["votes"]} if card["votes"] else "",
                clusters.get(card["cluster_id"], ""),
                ", ".join(card["tags"]),
            ) if d]
            lines.append(f"- {_md(card['text'])}" + (f" ({_md('; '.join(details))})" if details else ""))
            for merged in card["merged_from"]:  # each with its author, as they chose to be shown
                who = [d for d in (merged["organisation"]["name"] if merged["organisation"] else "", _author(merged)) if d]
                lines.append(f"  - {_('merged')}: {_md(merged['text'])}" + (f" ({_md('; '.join(who))})" if who else ""))
        lines.append("")
    texts = {card["id"]: card["text"] for card in state["cards"]}
    if state["links"]:
        lines += [f"## {_('Links')}", ""]
        relations = {"answers": _("answers"), "addresses": _("addresses")}
        for link in state["links"]:
            lines.append(
                f"- {_md(texts[link['from_card_id']])} → {relations[link['relation']]} → {_md(texts[link['to_card_id']])}"
            )
        lines.append("")
    return "\n".join(lines)

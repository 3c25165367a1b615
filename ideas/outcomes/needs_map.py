"""What is still open: the needs and service gaps of every published board, and what answers them.

Read for the public, so only published boards (ideas.board.rules.is_published) of live, public
workshops count, and no author is named at all. A need linked to the same topic on another board
(SameTopicLink) is one topic here, with every board it came up on. A topic is

    open       nothing answers it yet: no service gap, no concept draft, no concept paper
    gap        a service gap on a board answers it (the gap is named, no draft yet)
    drafted    a concept draft addresses it, or addresses one of its gaps
    paper      a live concept paper was made from one of its cards

and the open ones come first. A service gap is open, drafted or paper the same way. The filters
(building block, target group, workshop, tag) keep the topics with at least one card that matches,
shown whole. The queries are the same number whatever the content.
"""
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from base.generation_cache import current_generation, generation_cached
from ideas.board.charts import bar_chart
from ideas.models import Board, Card, CardLink, ConceptPaperPage, PaperOrigin, SameTopicLink
from network.models import BuildingBlock, TargetGroup
from search.filters import TopicFilterSet
from workshops.models import WorkshopPage


class Status:
    OPEN = "open"
    GAP = "gap"
    DRAFTED = "drafted"
    PAPER = "paper"

    ORDER = (OPEN, GAP, DRAFTED, PAPER)
    LABELS = {
        OPEN: _("Open"),
        GAP: _("Service gap named"),
        DRAFTED: _("Concept draft"),
        PAPER: _("Concept paper"),
    }


@dataclass
class Occurrence:
    """Where a topic came up: one card on one board."""

    card_id: int
    text: str
    board: Board
    workshop: WorkshopPage

    @property
    def url(self):
        return reverse("board_page", args=[self.board.pk]) + f"#card-{self.card_id}"


@dataclass
class Answer:
    """What answers a topic: a service gap or concept draft on a board, or a concept paper."""

    label: str
    text: str
    url: str


@dataclass
class Topic:
    kind: str
    occurrences: list  # [Occurrence], earliest session first
    status: str = Status.OPEN
    answers: list = field(default_factory=list)  # [Answer]
    dots: int = 0
    building_block: BuildingBlock = None
    target_groups: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @property
    def text(self):
        return self.occurrences[0].text

    @property
    def card_ids(self):
        return {occurrence.card_id for occurrence in self.occurrences}

    @property
    def recurring(self):
        return len(self.occurrences) > 1

    @property
    def status_label(self):
        return Status.LABELS[self.status]


@dataclass
class BlockSection:
    """One building block (or none) with its needs and service gaps, open ones first."""

    code: str  # "F2", or "" for cards without a building block
    title: str
    needs: list
    gaps: list

    @property
    def slug(self):
        """The section's name in its chart's address and its anchor."""
        return self.code.lower() or "ohne-baustein"

    def counts(self):
        """(status label, needs with that status), for the chart and its table."""
        return [(str(Status.LABELS[status]), sum(1 for t in self.needs if t.status == status)) for status in Status.ORDER]

    @property
    def open_needs(self):
        return [t for t in self.needs if t.status == Status.OPEN]

    @property
    def answered_needs(self):
        return [t for t in self.needs if t.status != Status.OPEN]


def published_cards():
    """The live needs and service gaps the public may read on a board."""
    workshops = WorkshopPage.objects.live().public().values("pk")
    return Card.objects.live().filter(
        kind__in=(Card.Kind.NEED, Card.Kind.GAP),
        board__visibility=Board.Visibility.PUBLIC, board__phase=Board.Phase.CLOSED,
        board__workshop__in=workshops,
    )


class NeedsFilterSet(TopicFilterSet):
    """Building block (by code), target group, workshop and tag (the last two as the published cards offer them)."""

    target_group = django_filters.ModelChoiceFilter(
        queryset=TargetGroup.objects.all(), label=_("Target group"), empty_label=_("All target groups"),
    )
    workshop = django_filters.ModelChoiceFilter(
        # A callable: read when the form is made, so only sessions with published cards are offered.
        queryset=lambda request: WorkshopPage.objects.filter(
            pk__in=published_cards().values("board__workshop")
        ).order_by("start"),
        field_name="board__workshop", label=_("Workshop or idea lab"), empty_label=_("All sessions"),
    )
    id_prefix = "needs"

    class Meta:
        model = Card
        fields = ["block", "target_group", "workshop", "tag"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The form in the order of Meta.fields (declared filters of the base class would come first).
        self.form.order_fields(self._meta.fields)

    def tags_offered(self):
        return Tag.objects.filter(
            pk__in=Card.tags.through.objects.filter(object_id__in=published_cards().values("pk")).values("tag_id")
        ).order_by("name")

    def filter_block(self, queryset, name, block):
        # A card has one building block (the pages' filter reads a list of them).
        return queryset.filter(building_block=block) if block else queryset


def _topics(cards):
    """Cards grouped into topics: cards linked as the same topic (also through others) are one."""
    parent = {card.pk: card.pk for card in cards}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    by_id = {card.pk: card for card in cards}
    links = SameTopicLink.objects.filter(card__in=by_id, earlier_card__in=by_id).values_list("card_id", "earlier_card_id")
    for later, earlier in links:
        if by_id[later].kind == by_id[earlier].kind:
            parent[root(later)] = root(earlier)
    groups = defaultdict(list)
    for card in cards:
        groups[root(card.pk)].append(card)
    return list(groups.values())


def _answers_by_card(card_ids, request):
    """{card id: (status, [Answer])} from the links on the boards and the live papers made from the cards."""
    found = defaultdict(lambda: [Status.OPEN, []])

    def note(card_id, status, answer):
        entry = found[card_id]
        if Status.ORDER.index(status) > Status.ORDER.index(entry[0]):
            entry[0] = status
        entry[1].append(answer)

    links = (
        CardLink.objects.filter(to_card__in=card_ids, from_card__deleted_at__isnull=True, from_card__merged_into__isnull=True)
        .values_list("to_card_id", "from_card_id", "from_card__kind", "from_card__text", "from_card__board_id")
        .order_by("from_card_id")
    )
    gaps_of = defaultdict(list)
    labels = dict(Card.Kind.choices)
    for to_id, from_id, kind, text, board_id in links:
        status = Status.GAP if kind == Card.Kind.GAP else Status.DRAFTED
        url = reverse("board_page", args=[board_id]) + f"#card-{from_id}"
        note(to_id, status, Answer(labels[kind], text, url))
        if kind == Card.Kind.GAP:
            gaps_of[from_id].append(to_id)
    # A concept draft addressing a gap addresses the needs that gap answers.
    drafts = CardLink.objects.filter(
        to_card__in=gaps_of, from_card__kind=Card.Kind.DRAFT,
        from_card__deleted_at__isnull=True, from_card__merged_into__isnull=True,
    ).values_list("to_card_id", "from_card_id", "from_card__text", "from_card__board_id").order_by("from_card_id")
    for gap_id, draft_id, text, board_id in drafts:
        url = reverse("board_page", args=[board_id]) + f"#card-{draft_id}"
        for need_id in gaps_of[gap_id]:
            note(need_id, Status.DRAFTED, Answer(labels[Card.Kind.DRAFT], text, url))

    papers = ConceptPaperPage.objects.live().public().filter(origin__cards__in=card_ids).distinct()
    paper_cards = PaperCards(papers, card_ids)
    for paper in papers:
        for card_id in paper_cards.of(paper):
            note(card_id, Status.PAPER, Answer(_("Concept paper"), paper.title, paper.get_url(request)))
    return found


class PaperCards:
    """Which of the cards each paper was made from (one query for all papers)."""

    def __init__(self, papers, card_ids):
        rows = PaperOrigin.cards.through.objects.filter(paperorigin__paper__in=papers, card_id__in=card_ids).values_list(
            "paperorigin__paper_id", "card_id"
        )
        self._cards = defaultdict(set)
        for paper_id, card_id in rows:
            self._cards[paper_id].add(card_id)

    def of(self, paper):
        return self._cards[paper.pk]


def _unique(items):
    return list(dict.fromkeys(item for item in items if item is not None))


def _answers_once(answers):
    """Each answer once (a draft reached through two gaps is one), papers first."""
    seen = {(a.url, a.text): a for a in answers}
    return sorted(seen.values(), key=lambda a: a.label != _("Concept paper"))


def needs_map(request, data=None, filters=None):
    """(sections, filters): the map's building-block sections as the filters (a NeedsFilterSet of `data`,
    or `filters` made of it already) leave them."""
    cards = list(
        published_cards()
        .select_related("board__workshop", "building_block", "target_group")
        .prefetch_related("tags")
        .annotate(dots=Count("votes"))
    )
    if filters is None:
        filters = NeedsFilterSet(data, queryset=published_cards())
    matching = set(filters.qs.values_list("pk", flat=True)) if filters.active and filters.is_valid() else None
    answers = _answers_by_card([card.pk for card in cards], request)

    topics = []
    for group in _topics(cards):
        if matching is not None and not matching.intersection(card.pk for card in group):
            continue
        group.sort(key=lambda card: (card.board.workshop.start, card.board.pk, card.pk))
        topic = Topic(
            kind=group[0].kind,
            occurrences=[Occurrence(card.pk, card.text, card.board, card.board.workshop) for card in group],
            dots=sum(card.dots for card in group),
            building_block=next((card.building_block for card in group if card.building_block), None),
            target_groups=_unique(card.target_group for card in group),
            tags=_unique(tag for card in group for tag in card.tags.all()),
        )
        for card in group:
            status, found = answers.get(card.pk, (Status.OPEN, []))
            if Status.ORDER.index(status) > Status.ORDER.index(topic.status):
                topic.status = status
            topic.answers.extend(found)
        topic.answers = _answers_once(topic.answers)
        topics.append(topic)

    def order(topic):
        return (Status.ORDER.index(topic.status), -len(topic.occurrences), -topic.dots, topic.text.lower())

    sections = []
    blocks = list(BuildingBlock.objects.all()) + [None]
    for block in blocks:
        mine = sorted((t for t in topics if t.building_block == block), key=order)
        if not mine:
            continue
        sections.append(BlockSection(
            code=block.code if block else "",
            title=block.title if block else str(_("Without a building block")),
            needs=[t for t in mine if t.kind == Card.Kind.NEED],
            gaps=[t for t in mine if t.kind == Card.Kind.GAP],
        ))
    return sections, filters


def published_boards_state():
    """The published boards and their seqs: any change of their cards, links or dots moves one of them."""
    return list(Board.objects.filter(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
                .order_by("pk").values_list("pk", "last_seq"))


def map_version(request):
    """What the map shown to `request` depends on, as a key part of what is kept of it: the published boards'
    seqs, the language, the host (the papers' links) and the filters (the query string). Everything else
    the map reads (pages, papers and their origins, workshops, building blocks, target groups, tags)
    sets a new page cache generation when it changes, which generation_cached adds."""
    parts = [repr(published_boards_state()), translation.get_language() or "", request.get_host(), request.GET.urlencode()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class NeedsMap:
    """What the map page (ideas.models.NeedsMapPage) shows, as its filters in the request leave it.

    The filters and the map are built only when read, so that a page whose filter form and map are
    kept in the cache ({% keep_fragment %} under `version` in ideas/needs_map_page.html) builds neither.
    """

    def __init__(self, request):
        self.request = request
        self.query_string = request.GET.urlencode()

    @cached_property
    def filters(self):
        return NeedsFilterSet(self.request.GET, queryset=published_cards())

    @property
    def filtered(self):
        """True when the reader chose any filter (as NeedsFilterSet.active, without making the filters)."""
        return any(self.request.GET.get(name) for name in NeedsFilterSet.base_filters)

    @cached_property
    def version(self):
        """The key of the kept map part: map_version and the page cache's generation."""
        return f"needs-map:{current_generation()}:{map_version(self.request)}"

    @cached_property
    def sections(self):
        return needs_map(self.request, self.request.GET, self.filters)[0]

    @cached_property
    def needs(self):
        return [topic for section in self.sections for topic in section.needs]

    @property
    def need_count(self):
        return len(self.needs)

    @property
    def open_count(self):
        return sum(1 for t in self.needs if t.status == Status.OPEN)

    @property
    def recurring_count(self):
        return sum(1 for t in self.needs if t.recurring)

    @property
    def by_target_group(self):
        by_group = defaultdict(lambda: [0, 0])
        for topic in self.needs:
            for group in topic.target_groups or [None]:
                by_group[group][0] += 1
                by_group[group][1] += topic.status == Status.OPEN
        return sorted(
            ((group.name if group else str(_("No target group")), total, open_) for group, (total, open_) in by_group.items()),
            key=lambda row: (-row[2], -row[1], row[0]),
        )


def needs_map_context(request):
    return NeedsMap(request)


def block_chart_svg(request, slug):
    """The bar chart of one building block's needs by status (as the filters in the request leave them), or None.

    Kept in the cache like the map's part of its page (NeedsMap.version): building the map and the chart
    is most of its time, and the same for every reader."""
    def build():
        sections, _filters = needs_map(request, request.GET)
        section = next((s for s in sections if s.slug == slug), None)
        if section is None:
            return ""
        title = str(_("Needs by how far they are answered"))
        return bar_chart(f"{section.code}: {title}" if section.code else title, section.counts())

    svg = generation_cached("needs-map-chart", [map_version(request), slug], build)
    return svg or None

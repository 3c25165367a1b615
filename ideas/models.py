"""What was said: concept papers, and the live boards whose cards lead to them."""
import django_filters
from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BaseStreamBlock
from ideas import review
from network.models import BuildingBlock
from search.filters import TopicFilterSet, tags_in_use
from search.indexing import TopicSearchMixin, topic_search_fields


class ConceptPaperPageTag(TaggedItemBase):
    content_object = ParentalKey("ideas.ConceptPaperPage", related_name="tagged_items", on_delete=models.CASCADE)


class ConceptPaperIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["ideas.ConceptPaperPage"]
    max_count = 1

    class Meta:
        verbose_name = _("concept paper index page")

    def save(self, *args, **kwargs):
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            # However the section comes about (admin, load_demo), its papers go to the core group.
            review.set_up_review(django_apps, self)

    def permissions_for_user(self, user):
        return review.ReviewedSectionPermissionTester(user, self, section_depth=self.depth)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        papers = (
            ConceptPaperPage.objects.child_of(self).live().public()
            .prefetch_related("building_blocks", "tags")
            .order_by("-first_published_at")
        )
        filters = PaperFilterSet(request.GET, queryset=papers)
        context["papers"] = filters.qs
        context["filters"] = filters
        return context


class ConceptPaperPage(TopicSearchMixin, Page):
    """A concept paper: the worked-out result of idea labs, reviewed by the core group."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        ADOPTED = "adopted", _("Adopted")

    summary = models.TextField(_("summary"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    building_blocks = ParentalManyToManyField(
        BuildingBlock, blank=True, verbose_name=_("building blocks"), related_name="concept_papers"
    )
    target_groups = ParentalManyToManyField(
        "network.TargetGroup", blank=True, verbose_name=_("target groups"), related_name="concept_papers"
    )
    tags = ClusterTaggableManager(through=ConceptPaperPageTag, blank=True, verbose_name=_("topics"))
    related_workshops = ParentalManyToManyField(
        "workshops.WorkshopPage", blank=True, verbose_name=_("related workshops and idea labs"),
        related_name="concept_papers",
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("PDF version"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("building_blocks"), FieldPanel("target_groups"), FieldPanel("related_workshops")],
            heading=_("Topics and origin"),
        ),
        FieldPanel("pdf"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("status"),
        *topic_search_fields(),
    ]
    parent_page_types = ["ideas.ConceptPaperIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("concept paper")
        verbose_name_plural = _("concept papers")

    def origin_on_board(self):
        """The PaperOrigin of a paper promoted from a board, or None."""
        try:
            return self.origin
        except PaperOrigin.DoesNotExist:
            return None

    def permissions_for_user(self, user):
        # The section starts at the index page, the paper's parent (an unsaved paper has no depth yet).
        section_depth = self.depth - 1 if self.depth else None
        return review.ReviewedSectionPermissionTester(user, self, section_depth=section_depth)


class PaperOrigin(models.Model):
    """Where a concept paper came from: a cluster, or a concept draft with what it links to, on one board.

    Kept as data when the paper is promoted (ideas/papers/promotion.py), as the board stood then: its seq, the
    cards, and their counts. The titles are kept too, so the origin still reads right if the board goes.
    Promoting the same cluster or draft again opens this paper instead of making another.
    """

    paper = models.OneToOneField(ConceptPaperPage, on_delete=models.CASCADE, related_name="origin")
    board = models.ForeignKey("ideas.Board", null=True, on_delete=models.SET_NULL, related_name="paper_origins")
    cluster = models.ForeignKey("ideas.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_card = models.ForeignKey(
        "ideas.Card", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The concept draft the paper was promoted from (None for a cluster).",
    )
    cards = models.ManyToManyField("ideas.Card", related_name="paper_origins")
    board_seq = models.PositiveBigIntegerField(help_text="The board's last_seq when the paper was promoted.")
    board_title = models.CharField(max_length=200)
    workshop_title = models.CharField(max_length=255)
    source_title = models.CharField(max_length=255, help_text="The cluster's title or the draft's text, as promoted.")
    card_count = models.PositiveIntegerField()
    organisation_count = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "cluster"], condition=models.Q(cluster__isnull=False), name="one_paper_per_cluster"
            ),
            models.UniqueConstraint(
                fields=["board", "source_card"], condition=models.Q(source_card__isnull=False),
                name="one_paper_per_concept_draft",
            ),
        ]
        verbose_name = _("origin on a board")
        verbose_name_plural = _("origins on boards")


class NeedsMapPage(Page):
    """What is still open: the needs and service gaps of every published board, and what answers them.

    In the main navigation as "Ergebnisse". The page holds its introduction; the map itself is built by
    ideas/outcomes/needs_map.py, read by its template through {% needs_map %} (ideas/templatetags/needs_map_tags.py).
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("map of needs")


# The index page's filters (topic tag and building block from search/filters.py, plus its own field).
class PaperFilterSet(TopicFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ConceptPaperPage.Status.choices, label=_("Status"), empty_label=_("All statuses"),
    )
    id_prefix = "papers"
    keep_form = True

    class Meta:
        model = ConceptPaperPage
        fields = ["status", "tag", "block"]

    def tags_offered(self):
        return tags_in_use(ConceptPaperPageTag)


# --- Live boards -------------------------------------------------------------
# Every change to these models goes through a board operation (ideas/board/operations/), which
# also appends the BoardEvent that announces it (see docs/board-protocol.md). So what a board's
# record names (people who took part, their organisations, building blocks, target groups) is
# PROTECTed: deleting it would change open boards with no event (ideas/board/records.py).


class Board(models.Model):
    """A live board of a workshop or idea lab: one question, the cards the room posts on it."""

    class Phase(models.TextChoices):
        COLLECT = "collect", _("Collect")
        REVEAL = "reveal", _("Reveal")
        CLUSTER = "cluster", _("Cluster")
        VOTE = "vote", _("Vote")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members of the network")
        PARTICIPANTS = "participants", _("Invited participants of this session")
        PUBLIC = "public", _("Members; published read-only for the public once closed")

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name=_("workshop or idea lab"),
        on_delete=models.CASCADE, related_name="boards",
    )
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("question"), blank=True, help_text=_("The question the room answers on this board."))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.COLLECT)
    silent_collect = models.BooleanField(
        _("silent collect"), default=False,
        help_text=_("While collecting, each member sees only their own cards until the facilitator reveals them."),
    )
    vote_budget = models.PositiveSmallIntegerField(_("dots per member"), default=5)
    secret_vote = models.BooleanField(
        _("secret vote (verdeckt abstimmen)"), default=False,
        help_text=_("During the vote phase each member sees only their own dots; everyone sees all dots once the vote is over."),
    )
    visibility = models.CharField(_("who may take part"), max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS)
    locked = models.BooleanField(_("locked"), default=False)
    timer_ends_at = models.DateTimeField(_("timer ends at"), null=True, blank=True)
    # Set while guests may join by code (ideas/board/operations/guests.py); cleared when access ends or the board closes.
    guest_code = models.CharField(_("guest code"), max_length=12, unique=True, null=True, blank=True, editable=False)
    last_seq = models.PositiveBigIntegerField(_("last event number"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self):
        return self.title

    @property
    def votes_hidden(self):
        """True while members see only their own dots (secret vote); facilitators see all."""
        return self.phase == self.Phase.VOTE and self.secret_vote

    @property
    def cards_hidden(self):
        """True while each member sees only their own cards (silent collect)."""
        return self.phase == self.Phase.COLLECT and self.silent_collect


class Cluster(models.Model):
    """A titled group of cards on one board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.title


class ProxyPerson(models.Model):
    """Someone in the room without a device, whom a facilitator enters cards and dots for on one board.

    Created the first time a facilitator types the name; picked from the board's list after that.
    Their dots count against their own budget (the board's vote_budget), not the facilitator's.
    """

    NAME_MAX_LENGTH = 120

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="proxy_people")
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # PROTECT like every organisation a board names (ideas/board/records.py).
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "board", name="one_proxy_person_name_per_board"),
        ]
        verbose_name = _("person without a device")
        verbose_name_plural = _("people without a device")

    def __str__(self):
        return self.name


class CardQuerySet(models.QuerySet):
    def live(self):
        """Cards on the board: neither deleted nor merged into another card."""
        return self.filter(deleted_at__isnull=True, merged_into__isnull=True)

    def deleted(self):
        """Cards someone deleted (they can be restored); merged cards are not among them."""
        return self.filter(deleted_at__isnull=False, merged_into__isnull=True)


class Card(models.Model):
    """One need, service gap or concept draft posted on a board."""

    TEXT_MAX_LENGTH = 1000

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        GAP = "gap", _("Service gap")
        DRAFT = "draft", _("Concept draft")

    class Display(models.TextChoices):
        NAME = "name", _("My name and organisation")
        ORGANISATION_ONLY = "organisation_only", _("My organisation only")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    client_id = models.UUIDField(_("client id"), help_text=_("Chosen by the client; makes retries safe."))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    tags = TaggableManager(blank=True, verbose_name=_("tags"))
    building_block = models.ForeignKey(
        BuildingBlock, verbose_name=_("building block"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cards",
    )
    target_group = models.ForeignKey(
        "network.TargetGroup", verbose_name=_("target group"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cards",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="board_cards"
    )
    author_organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="board_cards",
    )
    display = models.CharField(_("shown as"), max_length=20, choices=Display.choices, default=Display.NAME)
    entered_on_behalf = models.BooleanField(_("entered by the facilitator on someone's behalf"), default=False)
    on_behalf_name = models.CharField(_("on behalf of"), max_length=ProxyPerson.NAME_MAX_LENGTH, blank=True)
    on_behalf_of = models.ForeignKey(
        ProxyPerson, verbose_name=_("entered for"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cards",
    )
    position = models.PositiveIntegerField(_("position in its column"), default=0)
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards")
    version = models.PositiveIntegerField(default=1)
    created_seq = models.PositiveBigIntegerField(editable=False, help_text="The seq of the card.created event.")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_cards")
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["board", "client_id"], name="card_client_id_unique_per_board")]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self):
        return self.text[:60]


class CardHistory(models.Model):
    """Earlier texts of a card: edits, and the texts of cards merged into it."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Edited")
        MERGED = "merged", _("Merged")

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=8, choices=Action.choices)
    text = models.TextField()
    source_card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # For a merge: what moved, so that a facilitator can undo it (operations.cards.unmerge_card).
    undo = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("card history entry")
        verbose_name_plural = _("card history")


class CardLink(models.Model):
    """A gap answers a need; a concept draft addresses a gap or a need."""

    class Relation(models.TextChoices):
        ANSWERS = "answers", _("answers")
        ADDRESSES = "addresses", _("addresses")

    # (relation, kind of from_card) -> kinds to_card may have
    ALLOWED = {
        (Relation.ANSWERS, Card.Kind.GAP): {Card.Kind.NEED},
        (Relation.ADDRESSES, Card.Kind.DRAFT): {Card.Kind.GAP, Card.Kind.NEED},
    }

    from_card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="links_from")
    to_card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="links_to")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["from_card", "to_card"], name="one_link_per_card_pair")]
        verbose_name = _("card link")
        verbose_name_plural = _("card links")

    @classmethod
    def relation_for(cls, from_kind, to_kind):
        """The relation a link from a card of from_kind to one of to_kind has, or None if none is allowed."""
        for (relation, kind), targets in cls.ALLOWED.items():
            if kind == from_kind and to_kind in targets:
                return relation
        return None


class SameTopicLink(models.Model):
    """A card names a topic that already came up on an earlier board: continuity across sessions.

    Set from the later card's board (an operation and its event, like every board change); the
    needs map (ideas/outcomes/needs_map.py) counts a need linked so once, with where and when it came up.
    """

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="same_topic_links")
    earlier_card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="later_same_topic_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["card", "earlier_card"], name="one_same_topic_link_per_pair")]
        verbose_name = _("same topic as an earlier card")
        verbose_name_plural = _("same topics as earlier cards")


class Comment(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_comments")
    author_organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=Card.TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")


class Vote(models.Model):
    """One dot on a card. A member may put several dots on one card, up to the board's budget.

    Dots a facilitator enters for someone without a device belong to that person
    (`proxy_person`) and count against their budget, not the facilitator's.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_votes")
    entered_on_behalf = models.BooleanField(default=False)
    proxy_person = models.ForeignKey(ProxyPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["board", "user"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entered_on_behalf=False, proxy_person__isnull=True)
                | models.Q(entered_on_behalf=True, proxy_person__isnull=False),
                name="on_behalf_votes_belong_to_a_proxy_person",
            ),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")


class BoardEvent(models.Model):
    """The board's change log: one row per stored change, numbered without gaps per board.

    `data` is the full, unfiltered payload (ideas/board/payloads.py); ideas.board.reading.event_for() shapes
    it for each recipient.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    name = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "seq"]
        constraints = [models.UniqueConstraint(fields=["board", "seq"], name="one_event_per_board_seq")]
        verbose_name = _("board event")
        verbose_name_plural = _("board events")


class BoardParticipant(models.Model):
    """What a member has told the board about themselves: "done writing"."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_writing = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "user"], name="one_participant_row_per_board_user")]


class BoardGuest(models.Model):
    """Someone without an account who joined one board by its guest code: a participant of that board only.

    The guest signs in as a user of their own (no password, no roles); their name is the user's
    first name, their organisation the user's MemberProfile. Removed guests cannot sign in again;
    `delete_old_guests` deletes the records some time after the board closed (their cards stay).
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="guests")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_guest")
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("guest of a board")
        verbose_name_plural = _("guests of boards")


class BoardConnection(models.Model):
    """One open WebSocket of a signed-in user, shared by all ASGI workers through the database.

    Used for presence and the connections-per-user limit; rows whose last_seen
    is older than BOARD_PRESENCE_STALE_SECONDS (a worker died) are ignored and purged.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="connections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["board", "last_seen"])]

"""Workshops and idea labs: when and where, who facilitates, what came out, who registered."""
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base.blocks import AgendaStreamBlock
from network.models import BuildingBlock, Organisation
from workshops.attendance import DocumentationPrefillForm
from search.filters import TopicFilterSet, tags_in_use
from search.indexing import TopicSearchMixin, topic_search_fields


class WorkshopPageTag(TaggedItemBase):
    content_object = ParentalKey("workshops.WorkshopPage", related_name="tagged_items", on_delete=models.CASCADE)


class WorkshopIndexPage(Page):
    """Lists upcoming and past sessions, filterable by kind, tag and building block."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["workshops.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("workshop index page")

    def session_filters(self, params):
        """The index's filters (SessionFilterSet below) over its live, public sessions."""
        sessions = (
            WorkshopPage.objects.child_of(self).live().public()
            .prefetch_related("building_blocks", "tags")
        )
        return SessionFilterSet(params, queryset=sessions)

    def sessions(self, **params):
        """The live, public sessions matching kind=, tag= (slug) and block= (code), as the index filters them."""
        return self.session_filters(params).qs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.session_filters(request.GET)
        now = timezone.now()
        context["upcoming"] = filters.qs.filter(end__gte=now).order_by("start")
        context["past"] = filters.qs.filter(end__lt=now).order_by("-start")
        context["filters"] = filters
        return context


class WorkshopPage(TopicSearchMixin, Page):
    """One session: a kick-off workshop, an idea lab or another meeting of the network."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Kick-off workshop")
        IDEA_LAB = "idea_lab", _("Idea lab")
        OTHER = "other", _("Other session")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.IDEA_LAB)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists."))
    agenda = StreamField(AgendaStreamBlock(), verbose_name=_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    tags = ClusterTaggableManager(through=WorkshopPageTag, blank=True, verbose_name=_("topics"))
    building_blocks = ParentalManyToManyField(
        BuildingBlock, blank=True, verbose_name=_("building blocks"), related_name="workshops"
    )
    target_groups = ParentalManyToManyField(
        "network.TargetGroup", blank=True, verbose_name=_("target groups"), related_name="workshops"
    )
    # The session's documentation, written after it by the facilitator or an editor (the "Outcome" panel).
    participant_count = models.PositiveIntegerField(
        _("number of attendees"), null=True, blank=True, help_text=_("Filled in after the session.")
    )
    attending_organisations = ParentalManyToManyField(
        "network.Organisation", blank=True, verbose_name=_("attending organisations"),
        related_name="attended_sessions",
        help_text=_(
            "Filled in after the session. While the list is empty, a past session's editor comes with the "
            "organisations of the confirmed registrations and of the session's boards preselected."
        ),
    )
    # The minutes: this field held the session's documentation from the start, so it stays (and stays searchable).
    outcome = RichTextField(
        _("minutes"), blank=True, help_text=_("What the session discussed and agreed, written after it.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("start"), FieldPanel("end"), FieldPanel("place")],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("agenda"),
        InlinePanel("facilitators", label=_("Facilitators")),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("building_blocks"), FieldPanel("target_groups")],
            heading=_("Topics"),
        ),
        MultiFieldPanel([FieldPanel("registration_open"), FieldPanel("capacity")], heading=_("Registration")),
        MultiFieldPanel(
            [
                FieldPanel("outcome"), FieldPanel("participant_count"),
                FieldPanel("attending_organisations", widget=forms.CheckboxSelectMultiple),
                InlinePanel("outcome_documents", label=_("Documents")),
            ],
            heading=_("Outcome"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("place"),
        index.SearchField("outcome"),
        index.SearchField("agenda"),
        index.FilterField("kind"),
        index.FilterField("start"),
        *topic_search_fields(),
    ]
    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types = []
    base_form_class = DocumentationPrefillForm

    class Meta:
        verbose_name = _("workshop or idea lab")
        verbose_name_plural = _("workshops and idea labs")

    @property
    def is_past(self):
        return self.end is not None and self.end < timezone.now()

    def attending_organisations_by_kind(self):
        """[(kind label, [organisations by name])] in the order of Organisation.Kind, the kinds that attended."""
        organisations = sorted(self.attending_organisations.all(), key=lambda o: o.name.casefold())
        return [
            (label, members) for value, label in Organisation.Kind.choices
            if (members := [o for o in organisations if o.kind == value])
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["registration"] = self.registration_state(request.user)
        return context

    def registration_state(self, user):
        """What the page shows this visitor about registering (changes go through registrations.py)."""
        if self.pk is None:  # a preview of a session not saved yet
            return RegistrationState(can_register=False, capacity=self.capacity)
        confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        state = RegistrationState(
            can_register=self.registration_open and not self.is_past,
            confirmed=confirmed,
            capacity=self.capacity,
        )
        if user.is_authenticated:
            own = self.registrations.filter(user=user).values_list("status", flat=True).first()
            state.status = own or ""
        return state


@dataclass
class RegistrationState:
    """What the session page shows about registration for this visitor."""

    can_register: bool
    status: str = ""  # "", confirmed or waiting
    confirmed: int = 0
    capacity: int | None = None

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)


# The index page's filters (topic tag and building block from search/filters.py, plus its own field).
class SessionFilterSet(TopicFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=WorkshopPage.Kind.choices, label=_("Kind"), empty_label=_("All kinds"),
    )
    id_prefix = "sessions"
    keep_form = True

    class Meta:
        model = WorkshopPage
        fields = ["kind", "tag", "block"]

    def tags_offered(self):
        return tags_in_use(WorkshopPageTag)


class WorkshopFacilitator(Orderable):
    page = ParentalKey(WorkshopPage, related_name="facilitators", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("organisation")]


class WorkshopDocument(Orderable):
    page = ParentalKey(WorkshopPage, related_name="outcome_documents", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class Registration(models.Model):
    """A member's place at a session, confirmed or on the waiting list (see registrations.py)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")

    workshop = models.ForeignKey(WorkshopPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_registrations")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="one_registration_per_member")]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return f"{self.user} → {self.workshop} ({self.status})"

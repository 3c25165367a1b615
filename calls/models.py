"""The call for expressions of interest (Interessenbekundungsverfahren): its index, the call page, its criteria.

A call's state: announced → open → closed follow from the clock (opening time and deadline, server
time, to the second); in evaluation → decided → results published are set by the office only
(calls/states.py), each change logged in CallStateChange.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from calls.criteria import NON_FIELD_ERRORS, SCALE_MAX_LIMIT, criteria_errors
from calls.forms import CallPageForm
from calls.page_cache import keep_out_of_cache_near
from calls.roles import is_office
from network.models import BuildingBlock

class CallState(models.TextChoices):
    """In their order: a call only ever moves forward."""

    ANNOUNCED = "announced", _("Announced")
    OPEN = "open", _("Open for submissions")
    CLOSED = "closed", pgettext_lazy("state of a call", "Closed")
    IN_EVALUATION = "in_evaluation", _("In evaluation")
    DECIDED = "decided", _("Decided")
    RESULTS_PUBLISHED = "results_published", _("Results published")


STATE_ORDER = list(CallState)
# The states the office sets; the first three follow from the clock.
OFFICE_STATES = [CallState.IN_EVALUATION, CallState.DECIDED, CallState.RESULTS_PUBLISHED]
# The office's one step from each state (calls/states.py makes it).
NEXT_OFFICE_STATE = {
    CallState.CLOSED: CallState.IN_EVALUATION,
    CallState.IN_EVALUATION: CallState.DECIDED,
    CallState.DECIDED: CallState.RESULTS_PUBLISHED,
}


class CallIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["calls.CallPage"]
    max_count = 1
    # The main navigation lists the root's children shown in menus that it does not list by type.
    show_in_menus_default = True

    class Meta:
        verbose_name = _("call index page")

    def calls(self, now=None):
        """The live calls, open ones first, then announced, then the rest; nearest deadline first within each."""
        now = now or timezone.now()
        calls = list(CallPage.objects.child_of(self).live().public().order_by("deadline"))
        first = {CallState.OPEN: 0, CallState.ANNOUNCED: 1}
        return sorted(calls, key=lambda call: first.get(call.state(now), 2))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calls"] = self.calls()
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return keep_out_of_cache_near([moment for call in self.calls() for moment in call.clock_moments()], response)


class CallPage(Page):
    """One call: what it funds, until when, and how submissions will be scored."""

    base_form_class = CallPageForm

    intro = models.TextField(_("summary"), help_text=_("One or two sentences for the list of calls."))
    text = RichTextField(_("text of the call"))
    concept_papers = ParentalManyToManyField(
        "ideas.ConceptPaperPage", blank=True, verbose_name=_("concept papers implemented"), related_name="calls"
    )
    building_blocks = ParentalManyToManyField(
        BuildingBlock, blank=True, verbose_name=_("building blocks"), related_name="calls"
    )
    budget = models.DecimalField(
        _("budget (euros)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    eligibility = RichTextField(_("eligibility"), blank=True)
    opens_at = models.DateTimeField(
        _("opening time"), help_text=_("Submissions are accepted from this moment (time in Europe/Berlin).")
    )
    deadline = models.DateTimeField(
        _("deadline"),
        help_text=_("The last moment a submission is accepted, to the second (time in Europe/Berlin)."),
    )
    office_state = models.CharField(
        _("state set by the office"), max_length=24, blank=True,
        choices=[(state.value, state.label) for state in OFFICE_STATES],
        help_text=_("Empty while the call follows the clock (announced, open, closed)."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]), FieldPanel("budget")],
            heading=_("Time frame and budget"),
        ),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [FieldPanel("concept_papers"), FieldPanel("building_blocks")], heading=_("What the call implements")
        ),
        InlinePanel("criteria", heading=_("Criteria"), label=_("criterion"), min_num=1),
        InlinePanel("documents", heading=_("Documents"), label=_("document")),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"), FieldPanel("contact_organisation"),
                FieldPanel("contact_email"), FieldPanel("contact_phone"),
            ],
            heading=_("Contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("text"), index.SearchField("eligibility"),
    ]
    parent_page_types = ["calls.CallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call for expressions of interest")
        verbose_name_plural = _("calls for expressions of interest")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must be after the opening time.")
        # The admin's form checks the criteria as they are being entered (calls/forms.py); these are the saved ones.
        if not getattr(self, "criteria_checked_by_form", False):
            criteria = [(criterion.name, criterion.weight, criterion.scale_max) for criterion in self.criteria.all()]
            if problems := criteria_errors(criteria):
                errors[NON_FIELD_ERRORS] = problems
        if errors:
            raise ValidationError(errors)

    # --- the state ---------------------------------------------------------------------------------

    def is_open(self, now=None):
        """Open from the opening time up to and including the deadline's second; a second later it is closed."""
        now = now or timezone.now()
        return self.opens_at <= now <= self.deadline and not self.office_state

    def state(self, now=None):
        if self.office_state:
            return CallState(self.office_state)
        now = now or timezone.now()
        if now < self.opens_at:
            return CallState.ANNOUNCED
        if now <= self.deadline:
            return CallState.OPEN
        return CallState.CLOSED

    def next_office_state(self, now=None):
        """The state the office may move the call to now, or None (announced, open, results published)."""
        return NEXT_OFFICE_STATE.get(self.state(now))

    def steps(self, now=None):
        """The states in order, each marked done, current or to come, for the stepper on the page."""
        current = STATE_ORDER.index(self.state(now))
        return [
            {"state": state, "label": state.label, "done": number < current, "current": number == current}
            for number, state in enumerate(STATE_ORDER)
        ]

    def clock_moments(self):
        """When the state changes by itself (the page cache keeps no page across these)."""
        return [] if self.office_state else [self.opens_at, self.deadline]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["state"] = self.state(now)
        context["steps"] = self.steps(now)
        context["criteria"] = list(self.criteria.all())
        context["documents"] = list(self.documents.select_related("document"))
        context["papers"] = [paper for paper in self.concept_papers.live().public()]
        context["blocks"] = list(self.building_blocks.all())
        if is_office(request.user):
            context["next_office_state"] = self.next_office_state(now)
        return context

    def with_content_json(self, content):
        """A revision published later does not set the state back: the office's state is the live page's."""
        page = super().with_content_json(content)
        page.office_state = self.office_state
        return page

    def serve(self, request, *args, **kwargs):
        return keep_out_of_cache_near(self.clock_moments(), super().serve(request, *args, **kwargs))


class CallCriterion(Orderable):
    page = ParentalKey(CallPage, related_name="criteria", on_delete=models.CASCADE)
    name = models.CharField(_("criterion"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight (percent)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("scale maximum"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(SCALE_MAX_LIMIT)],
        help_text=_("Evaluators score from 0 to this number."),
    )
    guide = models.TextField(_("guide for evaluators"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight"), FieldPanel("scale_max")]),
        FieldPanel("guide"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return f"{self.name} ({self.weight} %)"


class CallDocument(Orderable):
    page = ParentalKey(CallPage, related_name="documents", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class CallStateChange(models.Model):
    """The office moved a call on: who, when, from which state to which."""

    call = models.ForeignKey(CallPage, on_delete=models.CASCADE, related_name="state_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=24, choices=CallState.choices)
    to_state = models.CharField(_("to"), max_length=24, choices=CallState.choices)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("state change of a call")

    def __str__(self):
        return f"{self.call_id}: {self.from_state} → {self.to_state}"

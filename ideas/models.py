"""Concept papers: what editors make of the boards' results (the boards come with the live layer)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from network.models import BuildingBlock


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

    def papers(self, status="", tag="", block=""):
        pages = (
            ConceptPaperPage.objects.child_of(self).live().public()
            .prefetch_related("building_blocks", "tags")
            .order_by("-first_published_at")
        )
        if status:
            pages = pages.filter(status=status)
        if tag:
            pages = pages.filter(tags__slug=tag)
        if block:
            pages = pages.filter(building_blocks__code=block)
        return pages.distinct()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = request.GET.get("status", "")
        filters = {
            "status": status if status in ConceptPaperPage.Status.values else "",
            "tag": request.GET.get("tag", "")[:100],
            "block": request.GET.get("block", "")[:4],
        }
        context["papers"] = self.papers(**filters)
        context["filters"] = filters
        context["statuses"] = ConceptPaperPage.Status.choices
        context["building_blocks"] = BuildingBlock.objects.all()
        context["tags"] = ConceptPaperPageTag.tags_for(ConceptPaperPage).order_by("name")
        return context


class ConceptPaperPage(Page):
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
    ]
    parent_page_types = ["ideas.ConceptPaperIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("concept paper")
        verbose_name_plural = _("concept papers")

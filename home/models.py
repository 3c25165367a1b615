"""The site shell: home page, plain content pages and site-wide settings."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BaseStreamBlock
from network.models import BuildingBlock


class HomePage(Page):
    """The initiative at a glance: building blocks, next sessions, latest concept papers."""

    intro = models.TextField(_("lead text"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def upcoming_sessions(self, limit=4):
        from workshops.models import WorkshopPage

        return (
            WorkshopPage.objects.live().public().filter(end__gte=timezone.now())
            .order_by("start").prefetch_related("building_blocks")[:limit]
        )

    def latest_concept_papers(self, limit=3):
        from ideas.models import ConceptPaperPage

        return (
            ConceptPaperPage.objects.live().public().order_by("-first_published_at")
            .prefetch_related("building_blocks")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["building_blocks"] = BuildingBlock.objects.all()
        context["upcoming_sessions"] = self.upcoming_sessions()
        context["latest_concept_papers"] = self.latest_concept_papers()
        return context


class ContentPage(Page):
    """A text page: Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache and the like."""

    intro = models.TextField(_("lead text"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or external address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Contact details and footer links, editable per site in the admin."""

    organisation_name = models.CharField(
        _("office name"), max_length=200, blank=True,
        help_text=_("The office that runs the network, shown in the footer."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    footer_links = StreamField([("link", FooterLinkBlock())], verbose_name=_("footer links"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

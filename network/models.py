"""Who is in the network: organisations, their people, building blocks and target groups."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class BuildingBlock(models.Model):
    """One of the six building blocks (Förderbausteine F1–F6) of the state programme."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("e.g. F1"))
    title = models.CharField(_("title"), max_length=120)
    short_description = models.TextField(_("short description"), blank=True)

    panels = [FieldPanel("code"), FieldPanel("title"), FieldPanel("short_description")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")

    def __str__(self):
        return f"{self.code} {self.title}"


class TargetGroup(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    """A member organisation of the network (also a provider, Träger, when it runs measures)."""

    class Kind(models.TextChoices):
        KI = "ki", _("Municipal integration centre")
        JOB_CENTRE = "job_centre", _("Job centre")
        EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
        CHAMBER = "chamber", _("Chamber")
        VOCATIONAL_COLLEGE = "vocational_college", _("Vocational college")
        SCHOOL = "school", _("School")
        PROVIDER = "provider", _("Provider")
        YOUTH_MIGRATION_SERVICE = "youth_migration_service", _("Youth migration service")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
        NGO = "ngo", _("NGO")
        IMMIGRATION_OFFICE = "immigration_office", _("Immigration office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    building_blocks = models.ManyToManyField(
        BuildingBlock, verbose_name=_("building blocks"), blank=True, related_name="organisations"
    )
    listed = models.BooleanField(
        _("listed in the network"), default=True, db_default=True,  # also for rows older code inserts
        help_text=_("Shown on the network page and offered in forms. Organisations typed by guests on a board are not, until an editor lists them."),
    )
    in_core_group = models.BooleanField(
        _("represented in the core group"), default=False,
        help_text=_("The organisation sends a member to the core group (Bündniskerngruppe)."),
    )

    panels = [
        FieldPanel("name"), FieldPanel("kind"), FieldPanel("description"), FieldPanel("website"),
        FieldPanel("logo"), FieldPanel("building_blocks"), FieldPanel("in_core_group"), FieldPanel("listed"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind"), index.FilterField("listed")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class ContactPerson(models.Model):
    """A named contact the public may reach (the network office, the core group's speakers)."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contact_persons",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name


class MemberProfile(models.Model):
    """Links a user account to the one organisation the person works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class NetworkPage(Page):
    """Presents the network: organisations by kind, the core group and contact persons."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count = 1
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("network page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisations = list(Organisation.objects.filter(listed=True).prefetch_related("building_blocks"))
        groups = []
        for value, label in Organisation.Kind.choices:
            members = [o for o in organisations if o.kind == value]
            if members:
                groups.append({"kind": value, "label": label, "organisations": members})
        context["organisation_groups"] = groups
        context["core_group"] = [o for o in organisations if o.in_core_group]
        context["contact_persons"] = ContactPerson.objects.select_related("organisation")
        context["building_blocks"] = BuildingBlock.objects.all()
        return context

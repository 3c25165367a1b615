"""`manage.py load_demo`: builds the Netzwerkstatt demo site from home/demo_content.py.

It replaces Wagtail's welcome page with the home page (root of the default
site), and adds the six building blocks, target groups, organisations and
contact persons, the network page, the kick-off workshop and the idea labs
(two of them upcoming, open for registration), concept papers under a review
workflow for the core group, the legal pages and the site settings. Only when
settings.DEBUG is True does it add demo users in every role (password
demo1234) and, written by them, two boards (ideas/demo_boards.py): the
kick-off workshop's finished, published board and an idea lab's board that is
still collecting; it ends by printing the logins.

Running it again changes nothing: every object is looked up by its natural
key (a page's slug under its parent, a building block's code, an
organisation's name, a username, ...) and created only when missing. What
already exists is left exactly as it is — no new revisions, and an editor's
changes survive. The whole run is one transaction.
"""
import logging
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from home import demo_content as content
from home.models import ContentPage, HomePage, SiteSettings
from ideas import review
from ideas.demo_boards import load_demo_boards
from ideas.models import ConceptPaperIndexPage, ConceptPaperPage
from network.models import BuildingBlock, ContactPerson, MemberProfile, NetworkPage, Organisation, TargetGroup
from workshops.models import WorkshopFacilitator, WorkshopIndexPage, WorkshopPage


class Tally:
    """What a run created and what it found already there, for the summary at the end."""

    def __init__(self):
        self.created = Counter()
        self.existing = Counter()
        self.labels = []

    def note(self, label, created):
        if label not in self.labels:
            self.labels.append(label)
        (self.created if created else self.existing)[label] += 1

    def lines(self):
        return [
            f"  {label}: {self.created[label]} created, {self.existing[label]} already there"
            for label in self.labels
        ]


# --- pages ------------------------------------------------------------------------------------------


def find_child(parent, model, slug):
    """The page of this type with this slug under parent; for one-per-site types, wherever it is."""
    page = parent.get_children().filter(slug=slug).first()
    if page is None and model.max_count == 1:
        page = model.objects.first()
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, model):
        raise CommandError(
            f"The page {page.url_path} is a {type(page).__name__}, not a {model.__name__}. "
            "Rename or move it, then run load_demo again."
        )
    return page


def add_and_publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_page(tally, label, parent, model, slug, build):
    """The existing page, or a new one made by build() and published under parent."""
    page = find_child(parent, model, slug)
    tally.note(label, page is None)
    return page or add_and_publish(parent, build())


def local_datetime(text):
    return timezone.make_aware(datetime.fromisoformat(text))


def upcoming_datetime(days_from_now, clock):
    day = timezone.localdate() + timedelta(days=days_from_now)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(clock)))


# --- home page and site ---------------------------------------------------------------------------


def ensure_home_page(tally):
    """The home page; on first creation it takes over the default site from Wagtail's welcome page."""
    home = HomePage.objects.first()
    tally.note("home page", home is None)
    if home is not None:
        return home
    root = Page.get_first_root_node()
    welcome = wagtail_welcome_page(root)
    home = add_and_publish(root, HomePage(**content.HOME_PAGE))
    point_default_site_at(home)
    if welcome is not None and not Site.objects.filter(root_page=welcome).exists():
        welcome.delete()
    return home


def wagtail_welcome_page(root):
    """The plain page Wagtail's migrations create as a placeholder, if it is still untouched."""
    welcome = root.get_children().filter(slug="home", depth=2).first()
    if welcome is None or welcome.specific_class is not Page or welcome.get_children_count():
        return None
    return welcome


def point_default_site_at(home):
    site = default_site(home)
    if site.root_page_id != home.pk or not site.is_default_site:
        site.root_page = home
        site.is_default_site = True
        site.save()


def default_site(home):
    """The default site (hostname localhost, port 80 unless someone changed it), created if missing."""
    site = Site.objects.filter(is_default_site=True).first()
    site = site or Site.objects.filter(hostname="localhost", port=80).first()
    return site or Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


# --- the network ----------------------------------------------------------------------------------


def ensure_building_blocks(tally):
    blocks = {}
    for data in content.BUILDING_BLOCKS:
        blocks[data["code"]], created = BuildingBlock.objects.get_or_create(code=data["code"], defaults=data)
        tally.note("building blocks", created)
    return blocks


def ensure_target_groups(tally):
    groups = {}
    for data in content.TARGET_GROUPS:
        groups[data["name"]], created = TargetGroup.objects.get_or_create(name=data["name"], defaults=data)
        tally.note("target groups", created)
    return groups


def ensure_organisations(tally, blocks):
    organisations = {}
    for data in content.ORGANISATIONS:
        fields = {key: value for key, value in data.items() if key != "building_blocks"}
        organisation, created = Organisation.objects.get_or_create(name=data["name"], defaults=fields)
        if created:
            organisation.building_blocks.set([blocks[code] for code in data["building_blocks"]])
        organisations[data["name"]] = organisation
        tally.note("organisations", created)
    return organisations


def ensure_contact_persons(tally, organisations):
    for data in content.CONTACT_PERSONS:
        fields = {**data, "organisation": organisations[data["organisation"]]}
        _person, created = ContactPerson.objects.get_or_create(
            name=fields["name"], organisation=fields["organisation"], defaults=fields
        )
        tally.note("contact persons", created)


def ensure_network_page(tally, home):
    data = content.NETWORK_PAGE
    return ensure_page(tally, "network page", home, NetworkPage, data["slug"], lambda: NetworkPage(**data))


# --- workshops and idea labs ------------------------------------------------------------------------


def ensure_workshops(tally, home, blocks, groups, organisations):
    data = content.WORKSHOP_INDEX_PAGE
    index = ensure_page(
        tally, "workshop index page", home, WorkshopIndexPage, data["slug"], lambda: WorkshopIndexPage(**data)
    )
    workshops = {}
    for data in content.WORKSHOPS:
        label = "kick-off workshops" if data["kind"] == WorkshopPage.Kind.WORKSHOP else "idea labs"
        workshops[data["slug"]] = ensure_page(
            tally, label, index, WorkshopPage, data["slug"],
            lambda data=data: build_workshop(data, blocks, groups, organisations),
        )
    return workshops


def build_workshop(data, blocks, groups, organisations):
    """An unsaved workshop page with its tags, building blocks, target groups and facilitators."""
    start, end = session_times(data)
    page = WorkshopPage(
        title=data["title"], slug=data["slug"], kind=data["kind"], start=start, end=end,
        place=data["place"], summary=data["summary"], agenda=data["agenda"],
        capacity=data["capacity"], registration_open=data["registration_open"],
        participant_count=data["participant_count"], outcome=data["outcome"],
    )
    page.tags.add(*data["tags"])
    page.building_blocks.set([blocks[code] for code in data["building_blocks"]])
    page.target_groups.set([groups[name] for name in data["target_groups"]])
    page.facilitators = [
        WorkshopFacilitator(name=person["name"], organisation=organisations.get(person["organisation"]))
        for person in data["facilitators"]
    ]
    return page


def session_times(data):
    """Past sessions have fixed dates; upcoming ones are placed relative to the day of the first run."""
    if "days_from_now" in data:
        return (
            upcoming_datetime(data["days_from_now"], data["from"]),
            upcoming_datetime(data["days_from_now"], data["until"]),
        )
    return local_datetime(data["start"]), local_datetime(data["end"])


def load_board_demo(tally, workshops, warn):
    """The kick-off workshop's finished board and a live idea-lab board (data and loader: ideas/demo_boards.py).

    Their cards, links, comments and dots are written by the demo users, so this runs
    only when they exist; every change goes through ideas/board_operations.py.
    """
    for reason in load_demo_boards(tally, workshops):
        warn(reason)


# --- concept papers and their review ----------------------------------------------------------------


def ensure_concept_papers(tally, home, blocks, groups, workshops):
    data = content.CONCEPT_INDEX_PAGE
    index = ensure_page(
        tally, "concept paper index page", home, ConceptPaperIndexPage, data["slug"],
        lambda: ConceptPaperIndexPage(**data),
    )
    for data in content.CONCEPT_PAPERS:
        ensure_page(
            tally, "concept papers", index, ConceptPaperPage, data["slug"],
            lambda data=data: build_concept_paper(data, blocks, groups, workshops),
        )
    return index


def build_concept_paper(data, blocks, groups, workshops):
    page = ConceptPaperPage(
        title=data["title"], slug=data["slug"], summary=data["summary"], body=data["body"],
        status=data["status"], first_published_at=local_datetime(data["published"]),
    )
    page.tags.add(*data["tags"])
    page.building_blocks.set([blocks[code] for code in data["building_blocks"]])
    page.target_groups.set([groups[name] for name in data["target_groups"]])
    page.related_workshops.set([workshops[slug] for slug in data["related_workshops"] if slug in workshops])
    return page


def ensure_review_workflow(tally, concept_index):
    """Concept papers go to the core group for approval before they are published (ideas/review.py).

    The migrations and the index page set this up already; this only repairs what is missing.
    """
    workflow = concept_index.get_workflow()
    tally.note("review workflow", workflow is None)
    review.set_up_review(django_apps, concept_index)


# --- legal pages and site settings ------------------------------------------------------------------


def ensure_content_pages(tally, home):
    return {
        data["slug"]: ensure_page(
            tally, "content pages", home, ContentPage, data["slug"], lambda data=data: ContentPage(**data)
        )
        for data in content.CONTENT_PAGES
    }


def ensure_site_settings(tally, site, content_pages):
    """Contact details and footer links, filled in unless someone has filled them in already."""
    site_settings, _created = SiteSettings.objects.get_or_create(site=site)
    fill = not has_content(site_settings)
    tally.note("site settings", fill)
    if not fill:
        return
    for field, value in content.SITE_SETTINGS.items():
        setattr(site_settings, field, value)
    site_settings.footer_links = [
        ("link", {"label": label, "page": content_pages[slug], "url": ""})
        for label, slug in content.FOOTER_LINKS
    ]
    site_settings.save()


def has_content(site_settings):
    fields = [getattr(site_settings, field) for field in content.SITE_SETTINGS]
    return any(fields) or len(site_settings.footer_links) > 0


# --- demo users ----------------------------------------------------------------------------------


def ensure_demo_users(tally, organisations):
    User = get_user_model()
    for data in content.DEMO_USERS:
        if User.objects.filter(username=data["username"]).exists():
            tally.note("demo users", False)
            continue
        create_demo_user(User, data, organisations[data["organisation"]])
        tally.note("demo users", True)


def create_demo_user(User, data, organisation):
    superuser = data.get("superuser", False)
    user = User.objects.create_user(
        username=data["username"], password=content.DEMO_PASSWORD,
        email=f"{data['username']}@example.org",
        first_name=data["first_name"], last_name=data["last_name"],
        is_staff=superuser, is_superuser=superuser,
    )
    user.groups.set(Group.objects.filter(name__in=data["groups"]))
    MemberProfile.objects.create(user=user, organisation=organisation)
    return user


def login_table():
    rows = [("username", "role", "password", "organisation")]
    rows += [
        (data["username"], data["role"], content.DEMO_PASSWORD, data["organisation"])
        for data in content.DEMO_USERS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
        if number == 0:
            lines.append("  " + "  ".join("-" * width for width in widths) + "  " + "-" * len(row[3]))
    return lines


@contextmanager
def quiet_logs(names=("django_tasks", "wagtail")):
    """Hide the per-page INFO lines (search index and reference index tasks, page created/published)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


class BroadcastFailures(logging.Filter):
    """Counts failed board broadcasts instead of logging a traceback for each.

    The demo boards are new, so nobody is connected to them yet; when the channel
    layer (Redis) is unreachable, every one of their events fails to broadcast after
    commit. board_operations.broadcast already catches that; one summary line is enough.
    """

    logger = logging.getLogger("ideas.board_operations")

    def __init__(self):
        super().__init__()
        self.count = 0
        self.first_error = None

    def filter(self, record):
        if record.levelno < logging.ERROR:
            return True
        self.count += 1
        if self.first_error is None and record.exc_info:
            self.first_error = record.exc_info[1]
        return False

    def __enter__(self):
        self.logger.addFilter(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeFilter(self)


class Command(BaseCommand):
    help = (
        "Load the Netzwerkstatt demo content (fictional city Talstadt). Safe to run again: "
        "existing content is left as it is. Demo users only when DEBUG is on."
    )

    def handle(self, *args, **options):
        tally = Tally()
        with quiet_logs(), BroadcastFailures() as failures, transaction.atomic():
            self.load(tally)
        self.stdout.write("Demo content for Netzwerkstatt:")
        for line in tally.lines():
            self.stdout.write(line)
        if failures.count:
            self.stderr.write(
                f"{failures.count} board events could not be broadcast ({failures.first_error!r}); "
                "they are stored, and live boards will read them when they connect."
            )
        self.report_logins()

    def load(self, tally):
        home = ensure_home_page(tally)
        site = default_site(home)
        blocks = ensure_building_blocks(tally)
        groups = ensure_target_groups(tally)
        organisations = ensure_organisations(tally, blocks)
        ensure_contact_persons(tally, organisations)
        ensure_network_page(tally, home)
        workshops = ensure_workshops(tally, home, blocks, groups, organisations)
        concept_index = ensure_concept_papers(tally, home, blocks, groups, workshops)
        ensure_review_workflow(tally, concept_index)
        content_pages = ensure_content_pages(tally, home)
        ensure_site_settings(tally, site, content_pages)
        if settings.DEBUG:
            ensure_demo_users(tally, organisations)
            load_board_demo(tally, workshops, self.stderr.write)

    def report_logins(self):
        if not settings.DEBUG:
            self.stdout.write(
                "Demo users skipped: they are only created in development (DEBUG = True)."
            )
            self.stdout.write("Demo boards skipped as well: their cards are written by the demo users.")
            self.stdout.write(f"Site: {content.SITE_URL}   Admin: {content.ADMIN_URL}")
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (development only):"))
        for line in login_table():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"  Site:  {content.SITE_URL}")
        self.stdout.write(f"  Admin: {content.ADMIN_URL}")

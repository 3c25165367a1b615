"""Fixtures shared by the whole suite: a small but complete site tree and users in each role."""
import os
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from home.models import ContentPage, HomePage
from ideas.models import ConceptPaperIndexPage, ConceptPaperPage
from network import roles
from network.models import BuildingBlock, MemberProfile, NetworkPage, Organisation
from workshops.models import WorkshopIndexPage, WorkshopPage


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_workshop(index, title, *, days_from_now, kind=WorkshopPage.Kind.IDEA_LAB, capacity=None, tags=(), blocks=()):
    start = timezone.now() + timedelta(days=days_from_now)
    page = WorkshopPage(
        title=title, kind=kind, start=start, end=start + timedelta(hours=3),
        place="Rathaus Talstadt (fiktiv)", summary=f"Worum es bei {title} geht.", capacity=capacity,
    )
    page.tags.add(*tags)
    page.building_blocks.set(blocks)
    return publish(index, page)


def make_paper(index, title, *, status=ConceptPaperPage.Status.DRAFT, tags=(), blocks=()):
    page = ConceptPaperPage(title=title, summary=f"Zusammenfassung: {title}", status=status)
    page.tags.add(*tags)
    page.building_blocks.set(blocks)
    return publish(index, page)


@pytest.fixture
def building_blocks(db):
    return {
        code: BuildingBlock.objects.create(code=code, title=title)
        for code, title in [
            ("F1", "Individuelles Coaching"),
            ("F2", "Qualifizierung und Sprachförderung"),
            ("F3", "Schulabschlüsse nachholen"),
            ("F4", "Niedrigschwellige Kurse"),
            ("F5", "Innovationsfonds"),
            ("F6", "Teilhabemanagement"),
        ]
    }


@pytest.fixture
def site_tree(db, building_blocks):
    """Home page as site root with one page of every type below it."""
    # Transactional tests (browser, WebSocket) empty the database, root page included.
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Netzwerkstatt", slug="start", intro="Gemeinsam in Ausbildung und Arbeit.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    network = publish(home, NetworkPage(title="Netzwerk", slug="netzwerk"))
    workshops = publish(home, WorkshopIndexPage(title="Workshops & Ideenwerkstätten", slug="workshops"))
    papers = publish(home, ConceptPaperIndexPage(title="Konzepte", slug="konzepte"))
    imprint = publish(home, ContentPage(title="Impressum", slug="impressum", intro="Angaben gemäß § 5 DDG."))
    language_lab = make_workshop(
        workshops, "Ideenwerkstatt Sprachförderung", days_from_now=14, capacity=2,
        tags=["Sprache"], blocks=[building_blocks["F2"]],
    )
    kickoff = make_workshop(
        workshops, "Auftaktworkshop", days_from_now=-400, kind=WorkshopPage.Kind.WORKSHOP,
        tags=["Ausbildung"], blocks=[building_blocks["F1"], building_blocks["F6"]],
    )
    paper = make_paper(
        papers, "Sprachförderung begleitend zur Ausbildung", status=ConceptPaperPage.Status.ADOPTED,
        tags=["Sprache"], blocks=[building_blocks["F2"]],
    )
    return {
        "home": home, "network": network, "workshops": workshops, "papers": papers, "imprint": imprint,
        "language_lab": language_lab, "kickoff": kickoff, "paper": paper,
    }


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Bildungswerk Talblick (fiktiv)", kind=Organisation.Kind.PROVIDER)


@pytest.fixture
def make_user(db, organisation):
    """make_user("name", roles.EDITOR, ...) creates an active user with those roles and an organisation."""

    def make(username, *role_names, organisation=organisation):
        user = User.objects.create_user(username, password="demo1234", email=f"{username}@example.org")
        for name in role_names:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        MemberProfile.objects.create(user=user, organisation=organisation)
        return user

    return make


@pytest.fixture
def member(make_user):
    return make_user("mitglied", roles.MEMBER)


@pytest.fixture
def editor(make_user):
    return make_user("redakteurin", roles.EDITOR, roles.MEMBER)


@pytest.fixture
def roles_with_permissions(site_tree):
    """The roles' permissions as the migrations grant them, for transactional (browser) tests.

    Those empty the database after each test, data migrations' rows included, and
    serialized_rollback cannot bring them back while Playwright's event loop gives the
    test its own database connection. So they are granted again, by the migration's code.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    import_module("home.migrations.0002_roles").grant_permissions_to_roles(django_apps)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (browser downloads do not work here).

    Module-scoped: Playwright's sync API runs an event loop in the test thread
    while it is open, which async tests of other modules must not find there.
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; Django's ORM
    # calls of the test itself are still synchronous, so they are safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]

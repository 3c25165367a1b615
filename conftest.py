"""Fixtures shared by the whole suite: a small but complete site tree and users in each role."""
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from home.models import ContentPage, HomePage
from ideas.models import ConceptPaperIndexPage, ConceptPaperPage, NeedsMapPage
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


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache: every test starts with none used up."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def connection_left_usable():
    """A test that leaves this thread's database connection in manual transaction mode fails,
    and the connection is closed, so the tests after it start with a usable one.

    (A commit that fails half-way, e.g. on a locked database, can leave it so; every later
    test would then fail in its setup and hide which test it was.)
    """
    yield
    from django.db import connection

    if connection.connection is None or connection.in_atomic_block or connection.autocommit:
        return
    connection.close()
    pytest.fail("The test left the database connection in manual transaction mode; it was closed.")


BUILDING_BLOCKS = [
    ("F1", "Individuelles Coaching"),
    ("F2", "Qualifizierung und Sprachförderung"),
    ("F3", "Schulabschlüsse nachholen"),
    ("F4", "Niedrigschwellige Kurse"),
    ("F5", "Innovationsfonds"),
    ("F6", "Teilhabemanagement"),
]


def make_building_blocks():
    return {code: BuildingBlock.objects.create(code=code, title=title) for code, title in BUILDING_BLOCKS}


def make_site_tree(building_blocks):
    """Home page as site root with one page of every type below it; other pages below the root stay."""
    # Transactional tests (browser, WebSocket) empty the database, root page included.
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    # Only Wagtail's own welcome page (a plain Page) makes way; a workshop another fixture put there stays.
    Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
    root.refresh_from_db()
    home = HomePage(title="Netzwerkstatt", slug="start", intro="Gemeinsam in Ausbildung und Arbeit.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    network = publish(home, NetworkPage(title="Netzwerk", slug="netzwerk"))
    workshops = publish(home, WorkshopIndexPage(title="Workshops & Ideenwerkstätten", slug="workshops"))
    papers = publish(home, ConceptPaperIndexPage(title="Konzepte", slug="konzepte"))
    needs_map = publish(home, NeedsMapPage(title="Ergebnisse", slug="ergebnisse"))
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
        "home": home, "network": network, "workshops": workshops, "papers": papers, "needs_map": needs_map, "imprint": imprint,
        "language_lab": language_lab, "kickoff": kickoff, "paper": paper,
    }


@pytest.fixture
def building_blocks(db):
    return make_building_blocks()


@pytest.fixture
def site_tree(db, building_blocks):
    """A small complete site (see make_site_tree), built for this test."""
    return make_site_tree(building_blocks)


@pytest.fixture(scope="module")
def site_tree_once(django_db_setup, django_db_blocker):
    """The site tree built once for a whole module, inside a transaction rolled back after the module.

    Building it costs about a second; a module whose tests run in a transaction each
    (not transaction=True) can share one: see `shared_site_tree`.
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            blocks = make_building_blocks()
            yield {"tree": make_site_tree(blocks), "building_blocks": blocks}
        finally:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def shared_site_tree(site_tree_once, db):
    """site_tree_once's pages, loaded afresh for this test: what one test changes, the next never sees.

    A module opts in by overriding its site_tree:
        @pytest.fixture
        def site_tree(shared_site_tree):
            return shared_site_tree
    """
    return {name: type(page).objects.get(pk=page.pk) for name, page in site_tree_once["tree"].items()}


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

# Every page a browser test opens reports Content-Security-Policy violations to the console
# (Chromium logs some itself; the event catches all), where WatchedBrowser collects them.
CSP_VIOLATION_PREFIX = "CSP violation:"
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`%s ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` in ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
""" % CSP_VIOLATION_PREFIX


class WatchedBrowser:
    """A Playwright Browser whose contexts record CSP violations in `csp_violations`."""

    def __init__(self, browser):
        self._browser = browser
        self.csp_violations = []

    def new_context(self, **options):
        return self._watch(self._browser.new_context(**options))

    def new_page(self, **options):
        page = self._browser.new_page(**options)  # still blank: the script applies from its first navigation
        self._watch(page.context)
        return page

    def _watch(self, context):
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._record)
        return context

    def _record(self, message):
        if message.text.startswith(CSP_VIOLATION_PREFIX) or "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def __getattr__(self, name):
        return getattr(self._browser, name)


def _keep_playwrights_loop_out_of_the_test_thread():
    """Between its calls, Playwright's sync API leaves its event loop marked running in the test thread.

    Django then refuses the test's own (synchronous) ORM calls as if they came from async
    code. Instead of DJANGO_ALLOW_ASYNC_UNSAFE, which would switch that check off for the
    whole process (the app's async code in the live server's thread included), the loop is
    marked running only while a call of the test thread waits for it. Callbacks that run
    inside the loop (other greenlets) are left as they are.
    """
    import asyncio

    import greenlet
    from playwright._impl import _sync_base

    original = _sync_base.wait_for_future
    if getattr(original, "scoped_to_calls", False):
        return

    def wait_for_future(loop, dispatcher_fiber, future):
        in_test_code = greenlet.getcurrent().parent is None
        if in_test_code:
            asyncio._set_running_loop(loop)  # the dispatcher resumes inside the loop
        try:
            return original(loop, dispatcher_fiber, future)
        finally:
            if in_test_code:
                asyncio._set_running_loop(None)

    wait_for_future.scoped_to_calls = True
    _sync_base.wait_for_future = wait_for_future


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (browser downloads do not work here).

    Module-scoped: Playwright's sync API runs an event loop in the test thread
    while it is open, which async tests of other modules must not find there.
    Yields a WatchedBrowser: a test that causes a CSP violation fails (see below).
    """
    import asyncio

    from playwright.sync_api import sync_playwright

    _keep_playwrights_loop_out_of_the_test_thread()
    manager = sync_playwright()
    playwright = manager.__enter__()
    asyncio._set_running_loop(None)
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield WatchedBrowser(browser)
        browser.close()
    finally:
        asyncio._set_running_loop(manager._loop)  # the dispatcher finishes inside the loop
        manager.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def fail_on_csp_violations(request):
    """A browser test fails when any page it opened violated the Content-Security-Policy."""
    if "chromium" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("chromium")
    browser.csp_violations.clear()
    yield
    violations, browser.csp_violations[:] = list(browser.csp_violations), []
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)

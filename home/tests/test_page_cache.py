"""The public page cache: anonymous visitors get stored pages, everyone else fresh ones, and nothing personal is shared."""
import re
import uuid

import pytest
from django.test import Client

from ideas.board import operations as ops
from ideas.models import Board
from ideas.tests.conftest import make_board_world

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture
def site_tree(site_tree):
    """The site tree with its site settings saved: the first page rendered would create them (and clear the cache)."""
    save_site_settings()
    return site_tree


def save_site_settings():
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))


def cache_state(response):
    return response.get("X-Page-Cache")


def test_an_anonymous_visitor_gets_the_stored_page_without_a_query(client, site_tree, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200 and cache_state(first) == "miss"
    visitor = Client()  # another visitor, first visit
    with django_assert_num_queries(0):
        again = visitor.get("/")
    assert again.status_code == 200 and cache_state(again) == "hit"
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    assert "Netzwerkstatt" in again.content.decode()
    # The site's headers are there as on any page.
    assert "Content-Security-Policy" in again.headers and again["Content-Type"].startswith("text/html")


def test_a_signed_in_visitor_never_gets_the_anonymous_page(client, site_tree, member):
    assert cache_state(client.get("/")) == "miss"
    signed_in = Client()
    signed_in.force_login(member)
    for _ in range(2):
        response = signed_in.get("/")
        assert cache_state(response) is None
        assert "Abmelden" in response.content.decode()  # "Log out": their own login state
        assert "Anmelden" not in response.content.decode()
    # And the anonymous page stays anonymous after the signed-in visits.
    response = Client().get("/")
    assert cache_state(response) == "hit" and "Anmelden" in response.content.decode()
    assert "Abmelden" not in response.content.decode()


def test_publishing_a_page_changes_what_anonymous_visitors_get_at_once(client, site_tree):
    imprint = site_tree["imprint"]
    assert "Impressum" in client.get(imprint.url).content.decode()
    assert cache_state(client.get(imprint.url)) == "hit"
    imprint.title = "Impressum und Kontakt"
    imprint.save_revision().publish()
    response = Client().get(imprint.url)
    assert cache_state(response) == "miss" and "Impressum und Kontakt" in response.content.decode()


def test_unpublishing_a_page_takes_it_from_anonymous_visitors_at_once(client, site_tree):
    paper = site_tree["paper"]
    paper.save_revision().publish()
    client.get(paper.url)
    assert cache_state(client.get(paper.url)) == "hit"
    paper.unpublish()
    assert Client().get(paper.url).status_code == 404


def test_a_change_of_the_site_settings_reaches_every_page(client, site_tree):
    from home.models import SiteSettings
    from wagtail.models import Site

    client.get("/")
    assert cache_state(client.get("/")) == "hit"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Netzwerkbüro am Markt (fiktiv)"
    site_settings.save()
    assert "Netzwerkbüro am Markt (fiktiv)" in Client().get("/").content.decode()


def test_language_variants_do_not_mix(site_tree):
    german = Client().get("/", HTTP_ACCEPT_LANGUAGE="de")
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert cache_state(german) == cache_state(english) == "miss"
    assert 'lang="de"' in german.content.decode() and "Anmelden" in german.content.decode()
    assert 'lang="en"' in english.content.decode() and "Log in" in english.content.decode()
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "en"
    again = by_cookie.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert cache_state(again) == "hit" and 'lang="en"' in again.content.decode()
    assert 'lang="de"' in Client().get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_the_language_switch_works_on_a_stored_page_with_each_visitors_own_token(site_tree):
    Client().get("/")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [first.get("/"), second.get("/")]
    assert [cache_state(p) for p in pages] == ["hit", "hit"]
    tokens = [TOKEN.search(p.content.decode())[1] for p in pages]
    assert tokens[0] != tokens[1]
    assert all("csrftoken" in p.cookies for p in pages)  # each visitor gets the cookie their token belongs to
    # Another visitor's token is refused, the visitor's own accepted.
    refused = first.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1] + "x"})
    assert refused.status_code == 403
    switched = first.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"
    assert 'lang="en"' in first.get("/").content.decode()


def test_the_login_page_is_never_stored_and_its_form_works(site_tree, member):
    visitor = Client(enforce_csrf_checks=True)
    for _ in range(2):
        page = visitor.get("/accounts/login/")
        assert page.status_code == 200 and cache_state(page) is None
    token = TOKEN.findall(page.content.decode())[-1]  # the login form's (the first is the language switch's)
    response = visitor.post("/accounts/login/", {"username": "mitglied", "password": "demo1234",
                                                 "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    home = visitor.get("/")
    assert cache_state(home) is None and "Abmelden" in home.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(site_tree):
    Client().get("/")
    visitor = Client()
    visitor.cookies["messages"] = "something"
    assert cache_state(visitor.get("/")) is None


def test_the_search_is_not_stored(site_tree):
    Client().get("/suche/?q=Sprache")
    assert cache_state(Client().get("/suche/?q=Sprache")) is None


def post(user, board, kind, text):
    return ops.create_card(user, board.pk, client_id=uuid.uuid4(), kind=kind, text=text).id


@pytest.fixture
def closed_board(db):
    world = make_board_world(visibility=Board.Visibility.PUBLIC)
    world.card = post(world.users.alice, world.board, "need", "Sprachkurse am Abend")
    cluster = ops.create_cluster(world.users.facilitator, world.board.pk, title="Sprache")
    ops.assign_cluster(world.users.facilitator, world.board.pk, world.card, cluster=cluster.id)
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.VOTE)
    ops.cast_vote(world.users.bob, world.board.pk, world.card)
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.CLOSED)
    save_site_settings()
    return world


def dots(response):
    return re.search(r"<dt>Dots</dt><dd>(\d+)</dd>", response.content.decode())[1]


def test_a_board_change_reaches_its_stored_pages(closed_board, django_assert_num_queries):
    board = closed_board.board
    url = f"/boards/{board.pk}/results/"
    assert dots(Client().get(url, HTTP_ACCEPT_LANGUAGE="en")) == "1"
    with django_assert_num_queries(0):  # the board's version is in the cache with the page
        again = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert cache_state(again) == "hit" and dots(again) == "1"
    assert cache_state(Client().get(f"/boards/{board.pk}/")) == "miss"
    assert cache_state(Client().get(f"/boards/{board.pk}/")) == "hit"
    # The facilitator reopens the vote, one more dot, closed again: the same phase, a new state.
    mona, alice = closed_board.users.facilitator, closed_board.users.alice
    ops.set_phase(mona, board.pk, phase=Board.Phase.VOTE)
    ops.cast_vote(alice, board.pk, closed_board.card)
    ops.set_phase(mona, board.pk, phase=Board.Phase.CLOSED)
    fresh = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert cache_state(fresh) == "miss" and dots(fresh) == "2"


def test_a_board_change_without_an_event_still_reaches_its_pages(closed_board):
    """A board edited in the admin (saved, no event): its stored pages are outdated too."""
    url = f"/boards/{closed_board.board.pk}/results/"
    Client().get(url)
    assert cache_state(Client().get(url)) == "hit"
    board = Board.objects.get(pk=closed_board.board.pk)
    board.visibility = Board.Visibility.MEMBERS
    board.save()
    assert Client().get(url).status_code in (302, 404)


def test_the_results_chart_keeps_its_own_content_security_policy(closed_board):
    url = f"/boards/{closed_board.board.pk}/results/clusters.svg"
    first = Client().get(url)
    assert first.status_code == 200 and first["Content-Type"].startswith("image/svg+xml")
    again = Client().get(url)
    assert cache_state(again) == "hit" and again.content == first.content
    # pygal's <style> stays allowed for the chart, as the view's csp_update says.
    assert "'unsafe-inline'" in again["Content-Security-Policy"]
    page = Client().get(f"/boards/{closed_board.board.pk}/results/")
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]


def test_members_of_the_board_get_their_own_board_page(closed_board):
    url = f"/boards/{closed_board.board.pk}/"
    Client().get(url)
    member = Client()
    member.force_login(closed_board.users.alice)
    response = member.get(url)
    assert cache_state(response) is None and "Abmelden" in response.content.decode()


def test_the_cache_is_off_unless_switched_on(settings, site_tree):
    settings.PUBLIC_PAGE_CACHE = False
    Client().get("/")
    assert cache_state(Client().get("/")) is None

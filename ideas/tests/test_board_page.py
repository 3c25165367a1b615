"""The board page without JavaScript: reading, the plain post form, exports, and the boards on the workshop page."""
import json
import re
import uuid

import pytest

from ideas.board import operations as ops
from ideas.models import Board, Card
from ideas.tests.conftest import make_board_world


@pytest.fixture
def world(db):
    world = make_board_world()
    ops.create_card(world.users.alice, world.board.pk, client_id=uuid.uuid4(), kind="need", text="<script>alert(1)</script> Kita")
    ops.create_card(world.users.bob, world.board.pk, client_id=uuid.uuid4(), kind="gap", text="Keine Abendkurse",
                    display="organisation_only")
    return world


def page_url(board):
    return f"/boards/{board.pk}/"


def form_data(**fields):
    return {"client_id": str(uuid.uuid4()), "kind": "need", "text": "Fahrtkosten zur Berufsschule", "display": "name", **fields}


def test_a_member_reads_the_board_in_three_columns_with_user_text_escaped(client, world):
    client.force_login(world.users.alice)
    response = client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    assert [h.strip() for h in re.findall(r'<h2 id="column-\w+"[^>]*>([^<]+)<', html)] == [
        "Bedarfe", "Angebotslücken", "Konzeptentwürfe"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Kita" in html
    assert "<script>alert(1)" not in html  # not in the page, nor in the embedded JSON for the live client
    # The anonymous card shows the organisation only, to others as to the page's HTML.
    assert "Jugendmigrationsdienst Brückenhaus (fiktiv)" in html and "Bob" not in html
    assert 'name="text"' in html and 'method="post"' in html
    boot = json.loads(re.search(r'<script id="board-boot" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert boot["state"]["seq"] == 2 and boot["socket_path"] == f"/ws/boards/{world.board.pk}/"


def test_posting_through_the_plain_form_creates_one_card_even_when_sent_twice(client, world):
    client.force_login(world.users.alice)
    data = form_data(kind="gap", tags="Mobilität, Ticket")
    first = client.post(page_url(world.board), data)
    card = Card.objects.get(text="Fahrtkosten zur Berufsschule")
    assert first.status_code == 302 and first["Location"] == f"{page_url(world.board)}#card-{card.pk}"
    assert (card.kind, card.author, sorted(t.name for t in card.tags.all())) == ("gap", world.users.alice, ["Mobilität", "Ticket"])
    again = client.post(page_url(world.board), data)  # a double click, or the browser resending
    assert again.status_code == 302 and Card.objects.filter(text="Fahrtkosten zur Berufsschule").count() == 1
    followed = client.get(first["Location"], HTTP_ACCEPT_LANGUAGE="de")
    assert "Ihre Karte ist gepostet." in followed.content.decode()


@pytest.mark.parametrize("change, message", [
    ({"text": "   "}, "Ihre Karte: Dieses Feld muss ausgefüllt werden."),
    ({"text": "x" * 1001}, "höchstens 1000 Zeichen"),
    ({"kind": "wish"}, "keine gültige Auswahl"),
])
def test_a_bad_post_is_refused_with_a_clear_message_and_changes_nothing(client, world, change, message):
    client.force_login(world.users.alice)
    seq = Board.objects.get(pk=world.board.pk).last_seq
    response = client.post(page_url(world.board), form_data(**change), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400 and message in response.content.decode()
    assert Board.objects.get(pk=world.board.pk).last_seq == seq and Card.objects.count() == 2


def test_posting_outside_the_collect_phase_is_refused_by_the_boards_rules(client, world):
    Board.objects.filter(pk=world.board.pk).update(phase=Board.Phase.VOTE)
    client.force_login(world.users.alice)
    response = client.post(page_url(world.board), form_data(), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "Karten können nur während der Sammelphase" in response.content.decode()
    assert Card.objects.count() == 2


def test_posting_very_fast_through_the_plain_form_is_paused_with_a_clear_message(client, world, settings):
    settings.BOARD_HTTP_POST_RATE = "3/m"
    client.force_login(world.users.alice)
    for number in range(3):
        assert client.post(page_url(world.board), form_data(text=f"Karte {number}")).status_code == 302
    refused = client.post(page_url(world.board), form_data(text="Eine Karte zu viel"), HTTP_ACCEPT_LANGUAGE="de")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Sie haben in kurzer Zeit sehr viele Karten gepostet" in html
    assert "Eine Karte zu viel" in html  # kept in the form, to post again later
    assert not Card.objects.filter(text="Eine Karte zu viel").exists()
    # The limit is per person: someone else at the same board posts as usual.
    client.force_login(world.users.bob)
    assert client.post(page_url(world.board), form_data(text="Bobs Karte")).status_code == 302


def test_a_facilitator_enters_a_card_for_someone_without_a_device(client, world):
    client.force_login(world.users.facilitator)
    talblick = world.organisations[0]
    client.post(page_url(world.board), form_data(on_behalf="on", on_behalf_name="Herr K.", organisation=talblick.pk))
    card = Card.objects.get(text="Fahrtkosten zur Berufsschule")
    assert (card.entered_on_behalf, card.on_behalf_name, card.author_organisation) == (True, "Herr K.", talblick)


def test_members_do_not_get_the_facilitators_on_behalf_fields(client, world):
    client.force_login(world.users.alice)
    client.post(page_url(world.board), form_data(on_behalf="on", on_behalf_name="Herr K."))
    assert Card.objects.get(text="Fahrtkosten zur Berufsschule").entered_on_behalf is False


def test_who_may_not_read_the_board_is_sent_to_log_in_or_refused(client, world):
    response = client.get(page_url(world.board))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    client.force_login(world.users.outsider)
    assert client.get(page_url(world.board)).status_code == 403
    assert client.post(page_url(world.board), form_data()).status_code == 403
    assert Card.objects.count() == 2
    assert client.get("/boards/999999/").status_code == 404


def test_the_public_reads_a_published_board_without_names_and_without_a_form(client, world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    response = client.get(page_url(world.board))
    html = response.content.decode()
    assert response.status_code == 200 and "Keine Abendkurse" in html
    assert "Alice" not in html and "Bildungswerk Talblick (fiktiv)" in html
    assert 'name="text"' not in html
    assert client.post(page_url(world.board), form_data()).status_code == 403


def test_exports_download_what_the_reader_may_see(client, world):
    client.force_login(world.users.alice)
    csv_response = client.get(f"/boards/{world.board.pk}/export.csv")
    assert csv_response.status_code == 200 and csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"].startswith('attachment; filename="was-brauchen-junge-gefluchtete.csv"')
    assert csv_response.content.startswith("\ufeff".encode()) and b"Keine Abendkurse" in csv_response.content
    markdown = client.get(f"/boards/{world.board.pk}/export.md")
    assert markdown.status_code == 200 and "Keine Abendkurse" in markdown.content.decode()
    client.force_login(world.users.outsider)
    assert client.get(f"/boards/{world.board.pk}/export.csv").status_code == 404


def test_the_workshop_page_lists_the_boards_its_reader_may_open(client, world, site_tree):
    kickoff = site_tree["kickoff"]
    results = Board.objects.create(
        workshop=kickoff, title="Ergebnisse des Auftakts", visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED,
    )
    running = Board.objects.create(workshop=kickoff, title="Nachtrag: offene Fragen")
    visitor = client.get(kickoff.url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'href="/boards/{results.pk}/"' in visitor and f'href="/boards/{running.pk}/"' not in visitor
    # The public reads a published board's results first; its cards are one click away.
    assert f'<a href="/boards/{results.pk}/results/">Ergebnisse: Ergebnisse des Auftakts</a>' in visitor
    assert "und ein weiteres Board sehen" in visitor  # signing in shows the other one
    client.force_login(world.users.alice)
    member = client.get(kickoff.url).content.decode()
    assert f'href="/boards/{results.pk}/"' in member and f'href="/boards/{running.pk}/"' in member
    assert f'href="/boards/{results.pk}/results/"' not in member  # a participant goes to the board, which links them


def test_the_board_page_alone_loads_the_boards_stylesheet_and_its_client(client, world):
    client.force_login(world.users.alice)
    board_html = client.get(page_url(world.board)).content.decode()
    workshop_html = client.get(world.workshop.url).content.decode()
    for html in (board_html, workshop_html):
        assert all(f"/static/css/{layer}.css" in html for layer in ("base", "layout", "components"))
    assert "/static/css/board.css" in board_html and 'src="/static/js/board/main.js"' in board_html
    assert "/static/css/board.css" not in workshop_html and "js/board/" not in workshop_html


def test_without_javascript_the_post_form_says_whose_name_the_card_will_carry(client, world):
    client.force_login(world.users.alice)
    html = client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ihre Karte erscheint als: Alice · Bildungswerk Talblick (fiktiv)" in html


def test_without_javascript_a_card_says_where_its_topic_was_raised_before_naming_nobody(client, world):
    from datetime import timedelta

    kickoff = world.workshop.get_parent().add_child(instance=type(world.workshop)(
        title="Auftaktworkshop", slug="auftakt", start=world.workshop.start - timedelta(days=90),
        end=world.workshop.start - timedelta(days=90, hours=-3),
    ))
    earlier_board = Board.objects.create(workshop=kickoff, title="Bedarfe", visibility=Board.Visibility.PUBLIC)
    earlier = ops.create_card(world.users.alice, earlier_board.pk, client_id=uuid.uuid4(), kind="need",
                              text="Kinderbetreuung während der Sprachkurse fehlt").id
    ops.set_phase(world.users.facilitator, earlier_board.pk, phase=Board.Phase.CLOSED)
    later = ops.create_card(world.users.bob, world.board.pk, client_id=uuid.uuid4(), kind="need",
                            text="Kinderbetreuung während der Kurse").id
    ops.mark_same_topic(world.users.bob, world.board.pk, later, earlier)
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)

    html = client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    line = re.search(r'<ul class="board-card__same-topic"[^>]*>(.*?)</ul>', html, re.S).group(1)
    date = kickoff.start.astimezone().strftime("%Y")  # the German date ends in the year
    assert f'href="/boards/{earlier_board.pk}/#card-{earlier}"' in line
    assert "Schon genannt: Auftaktworkshop" in line and date in line and "Kinderbetreuung während der Sprachkurse" in line
    assert "Alice" not in html


def test_during_a_secret_vote_members_see_neither_dots_nor_results_until_it_is_over(client, world):
    card = Card.objects.get(text__endswith="Kita")
    Board.objects.filter(pk=world.board.pk).update(secret_vote=True)
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.VOTE)
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)
    ops.cast_vote(world.users.bob, world.board.pk, card.pk)
    client.force_login(world.users.alice)
    html = client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Verdeckte Abstimmung" in html and "2 Punkte" not in html
    assert client.get(f"/boards/{world.board.pk}/results/").status_code == 404
    assert ";2;" not in client.get(f"/boards/{world.board.pk}/export.csv").content.decode("utf-8-sig")
    client.force_login(world.users.facilitator)
    assert "2 Punkte" in client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.CLOSED)
    client.force_login(world.users.alice)
    assert "2 Punkte" in client.get(page_url(world.board), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert client.get(f"/boards/{world.board.pk}/results/").status_code == 200


def test_facilitators_find_the_projector_view_and_only_readers_of_the_board_open_it(client, world):
    client.force_login(world.users.facilitator)
    assert f'href="/boards/{world.board.pk}/beamer/"' in client.get(page_url(world.board)).content.decode()
    beamer = client.get(f"/boards/{world.board.pk}/beamer/", HTTP_ACCEPT_LANGUAGE="de")
    assert beamer.status_code == 200 and world.board.title in beamer.content.decode()
    client.force_login(world.users.outsider)
    assert client.get(f"/boards/{world.board.pk}/beamer/").status_code == 403
    client.logout()
    assert client.get(f"/boards/{world.board.pk}/beamer/")["Location"].startswith("/accounts/login/")


def test_the_board_page_asks_for_all_its_modules_at_once(client, world):
    """A phone on a slow connection fetches the live client's modules in one round, not one per import level."""
    client.force_login(world.users.alice)
    html = client.get(page_url(world.board)).content.decode()
    in_order = re.findall(r'<link rel="modulepreload" href="/static/js/board/([\w_]+)\.js">', html)
    preloaded = set(in_order)
    # Imported two levels below main.js (main → controls → post_form → cards), and the lowest ones.
    assert {"cards", "post_form", "dom", "strings", "view"} <= preloaded
    # The entry itself first: its <script> is found only at the end of the page.
    assert in_order[0] == "main" and "beamer" not in preloaded
    # What main.js imports only once the board is live is not fetched before it is.
    assert not {"same_topic", "drag", "guests", "proxy", "phases", "timer"} & preloaded


def test_the_board_page_opens_its_socket_before_the_other_modules_arrive(client, world):
    """The head starts the socket (socket_start.js) at the events after the page's own snapshot."""
    client.force_login(world.users.alice)
    html = client.get(page_url(world.board)).content.decode()
    head = html.split("</head>")[0]
    seq = json.loads(re.search(r'<script id="board-boot" type="application/json">(.*?)</script>', html, re.S).group(1))["state"]["seq"]
    assert seq > 0
    opener = re.search(r'<script type="module" async src="/static/js/board/socket_start\.js" data-board-socket="([^"]+)">', head)
    assert opener and opener.group(1) == f"/ws/boards/{world.board.pk}/?since={seq}"
    # Before the stylesheets and preloads, so that it is asked for first.
    assert head.index("socket_start.js") < head.index("board.css") < head.index("modulepreload")


def test_the_public_board_page_is_read_from_the_kept_material_once_it_was_read(client, world, django_assert_max_num_queries):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    client.get(page_url(world.board))  # the site's first view creates its settings, a new cache generation
    first = client.get(page_url(world.board)).content.decode()
    with django_assert_max_num_queries(8):
        again = client.get(page_url(world.board)).content.decode()
    assert "Keine Abendkurse" in again and again.count('class="board-card ') == first.count('class="board-card ')
    # A change is a new seq: the next reader gets it.
    ops.configure_board(world.users.facilitator, world.board.pk, title="Neuer Titel")
    assert "Neuer Titel" in client.get(page_url(world.board)).content.decode()



def test_the_public_page_is_kept_at_its_seq_and_participants_get_their_own(client, world):
    Board.objects.filter(pk=world.board.pk).update(visibility=Board.Visibility.PUBLIC, phase=Board.Phase.CLOSED)
    client.get(page_url(world.board))  # the site's first view creates its settings, a new cache generation
    def content(html):
        return html[html.index('<div class="container board"'):html.index("</main>")]

    kept = client.get(page_url(world.board)).content.decode()
    assert content(client.get(page_url(world.board)).content.decode()) == content(kept)
    board = Board.objects.get(pk=world.board.pk)
    assert f'data-board-socket="/ws/boards/{board.pk}/?since={board.last_seq}"' in kept

    ops.configure_board(world.users.facilitator, board.pk, title="Neuer Titel")
    board.refresh_from_db()
    fresh = client.get(page_url(board)).content.decode()
    # The content and the socket's starting point move together: the events after what the page shows.
    assert "Neuer Titel" in fresh and f"?since={board.last_seq}\"" in fresh
    assert json.loads(re.search(r'<script id="board-boot" type="application/json">(.*?)</script>', fresh)[1])["state"]["seq"] == board.last_seq

    member = type(client)()
    member.force_login(world.users.alice)
    assert "Alice" in member.get(page_url(board)).content.decode() and "Alice" not in fresh

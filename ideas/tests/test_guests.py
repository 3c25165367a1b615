"""Guests: people without an account join one board by its code, and reach nothing else."""
import uuid

import pytest
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from ideas.board import guest_codes
from ideas.board import operations as ops
from ideas.models import Board, BoardEvent, BoardGuest, Card
from ideas.tests.conftest import ORIGIN, make_board_world
from network.models import Organisation


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # the rate limits count in the cache
    yield
    cache.clear()


@pytest.fixture
def world(db):
    world = make_board_world()
    ops.open_guest_access(world.users.facilitator, world.board.pk)
    world.board.refresh_from_db()
    world.code = guest_codes.shown(world.board.guest_code)
    return world


def join(client, code, **fields):
    return client.post("/g/", {"code": code, **fields}, HTTP_ACCEPT_LANGUAGE="de")


def test_a_facilitator_opens_guest_access_and_the_board_gets_a_short_unambiguous_code(world):
    code = world.board.guest_code
    assert len(code) == 6 and set(code) <= set(guest_codes.ALPHABET) and not set(code) & set("0O1IL5S8B")
    event = BoardEvent.objects.filter(board=world.board).latest("seq")
    assert event.name == "board.guest_access_changed" and event.data == {"guest_code": code}
    # Typed on a phone: any case, with or without the dash, with spaces.
    assert ops.board_for_code(f" {code[:3].lower()} {code[3:]} ") == world.board
    with pytest.raises(ops.BoardError) as refused:
        ops.open_guest_access(world.users.alice, world.board.pk)
    assert refused.value.code == "facilitator_only"


def test_a_guest_joins_by_the_qr_codes_address_and_takes_part_with_the_name_and_organisation_they_gave(client, world):
    page = client.get(f"/g/{world.code}/", HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    html = page.content.decode()
    assert world.board.title in html and f'value="{world.code}"' in html
    assert "keine Namen" in html  # the notice: no personal data of the young people
    talblick = world.organisations[0]

    response = join(client, world.code, name="Samira", organisation=talblick.pk)
    assert response.status_code == 302 and response["Location"] == f"/boards/{world.board.pk}/"
    guest = BoardGuest.objects.get(board=world.board)
    assert guest.user.first_name == "Samira" and not guest.user.has_usable_password()

    posted = client.post(f"/boards/{world.board.pk}/", {
        "client_id": str(uuid.uuid4()), "kind": "need", "text": "Abendkurse fehlen", "display": "name",
    })
    assert posted.status_code == 302
    card = Card.objects.get(text="Abendkurse fehlen")
    assert card.author == guest.user and card.author_organisation == talblick
    assert "Samira · Bildungswerk Talblick (fiktiv)" in client.get(f"/boards/{world.board.pk}/").content.decode()
    # Facilitators learn who joined, with the event like every change.
    joined = BoardEvent.objects.get(board=world.board, name="guest.joined")
    assert joined.data["_guest"]["name"] == "Samira"


def test_an_organisation_typed_by_a_guest_is_used_but_not_listed_in_the_network(client, world):
    join(client, world.code, organisation_name="Sportverein Talstadt (fiktiv)")
    typed = Organisation.objects.get(name="Sportverein Talstadt (fiktiv)")
    assert not typed.listed
    assert "Sportverein" not in Client().get("/g/").content.decode()  # not offered to the next guest
    # A guest who gives no name appears as "Gast".
    assert BoardGuest.objects.get().user.first_name == "Gast"


def test_guests_reach_nothing_but_their_board(client, world):
    join(client, world.code, name="Samira")
    other = Board.objects.create(workshop=world.workshop, title="Nur für Mitglieder")
    # Elsewhere a guest is an anonymous visitor: sent to the login like anyone without an account.
    assert client.get(f"/boards/{other.pk}/")["Location"].startswith("/accounts/login/")
    assert client.get(f"/boards/{other.pk}/state.json").status_code in (302, 403, 404)
    assert client.get("/admin/").status_code == 302  # to the login
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/mitglieder/meine-workshops/")["Location"].startswith("/accounts/login/")
    assert client.post(f"/mitglieder/workshops/{world.workshop.pk}/anmelden/")["Location"].startswith("/accounts/login/")
    # And a participants board of the same workshop is no more theirs than any other.
    invited = Board.objects.create(workshop=world.workshop, title="Eingeladene", visibility=Board.Visibility.PARTICIPANTS)
    assert client.get(f"/boards/{invited.pk}/")["Location"].startswith("/accounts/login/")
    assert client.get(f"/boards/{world.board.pk}/").status_code == 200  # their own board, still signed in


def test_a_thousand_guessed_codes_from_one_address_are_stopped_and_the_right_one_then_waits_too(world):
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    statuses = []
    for attempt in range(1000):
        guess = "".join(guest_codes.ALPHABET[(attempt * 7 + i) % len(guest_codes.ALPHABET)] for i in range(6))
        if guess == world.board.guest_code:
            continue
        statuses.append(join(guesser, guess).status_code)
    assert statuses[:30] == [400] * 30
    assert set(statuses[30:]) == {429}
    assert join(guesser, world.code).status_code == 429 and not BoardGuest.objects.exists()
    waiting = guesser.get(f"/g/{world.code}/", HTTP_ACCEPT_LANGUAGE="de")
    assert waiting.status_code == 429 and "Zu viele falsche Codes" in waiting.content.decode()
    # Another address is not affected.
    assert join(Client(REMOTE_ADDR="198.51.100.7"), world.code).status_code == 302


def test_a_room_of_sixty_behind_one_router_joins_freely_right_codes_never_count(world):
    for _ in range(60):
        assert join(Client(REMOTE_ADDR="203.0.113.20"), world.code).status_code == 302
    assert BoardGuest.objects.filter(board=world.board).count() == 60


def test_joins_per_board_are_limited(world, settings):
    settings.BOARD_GUEST_JOINS_PER_BOARD_RATE = "3/h"
    results = [join(Client(REMOTE_ADDR=f"198.51.100.{n}"), world.code).status_code for n in range(4)]
    assert results == [302, 302, 302, 429]


def test_ending_guest_access_or_closing_the_board_stops_the_code_at_once(client, world):
    code = world.code
    ops.end_guest_access(world.users.facilitator, world.board.pk)
    assert client.get(f"/g/{code}/").status_code == 404
    assert join(client, code).status_code == 400
    ops.open_guest_access(world.users.facilitator, world.board.pk)
    world.board.refresh_from_db()
    new_code = guest_codes.shown(world.board.guest_code)
    assert join(Client(), new_code).status_code == 302  # a guest who joined stays …
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.CLOSED)
    world.board.refresh_from_db()
    assert world.board.guest_code is None
    assert join(Client(), new_code).status_code == 400
    assert BoardEvent.objects.filter(board=world.board).latest("seq").data["guest_code"] is None


def test_a_member_who_opens_the_join_address_keeps_their_own_login(client, world):
    client.force_login(world.users.alice)
    assert client.get(f"/g/{world.code}/")["Location"] == f"/boards/{world.board.pk}/"
    assert join(client, world.code, name="Alias")["Location"] == f"/boards/{world.board.pk}/"
    assert not BoardGuest.objects.exists()
    assert client.get(f"/boards/{world.board.pk}/").context["request"].user == world.users.alice


def test_a_bad_join_is_refused_with_a_clear_message_and_changes_nothing(client, world):
    response = join(client, world.code, name="x" * 200)
    assert response.status_code == 400 and "200" in response.content.decode()
    response = join(client, world.code, name="Sam\x00ira")
    assert response.status_code == 400
    assert not BoardGuest.objects.exists()


def test_removing_a_guest_keeps_their_cards_and_signs_them_out(client, world):
    join(client, world.code, name="Samira")
    guest = BoardGuest.objects.get()
    ops.create_card(guest.user, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Fahrtkosten")
    with pytest.raises(ops.BoardError) as refused:
        ops.remove_guest(world.users.alice, world.board.pk, guest.pk)
    assert refused.value.code == "facilitator_only"
    ops.remove_guest(world.users.facilitator, world.board.pk, guest.pk)
    assert client.get(f"/boards/{world.board.pk}/").status_code == 302  # signed out: to the login
    assert Card.objects.filter(text="Fahrtkosten").exists()
    assert BoardEvent.objects.filter(board=world.board).latest("seq").name == "guest.removed"


def test_old_guests_are_forgotten_after_the_board_closed_their_cards_stay_with_the_organisation(client, world):
    join(client, world.code, name="Samira", organisation=world.organisations[1].pk)
    guest = BoardGuest.objects.get()
    ops.create_card(guest.user, world.board.pk, client_id=uuid.uuid4(), kind="need", text="Fahrtkosten")
    ops.set_phase(world.users.facilitator, world.board.pk, phase=Board.Phase.CLOSED)
    call_command("delete_old_guests", days=30)
    assert BoardGuest.objects.exists()  # closed just now: kept
    call_command("delete_old_guests", days=0)
    assert not BoardGuest.objects.exists()
    card = Card.objects.get(text="Fahrtkosten")
    assert card.display == Card.Display.ORGANISATION_ONLY and card.author_organisation == world.organisations[1]
    log = " ".join(str(event.data) for event in BoardEvent.objects.filter(board=world.board))
    assert "Samira" not in log
    card.author.refresh_from_db()
    assert "Samira" not in card.author.get_full_name() and not card.author.is_active


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_guests_socket_works_on_their_board_and_closes_when_they_are_removed(application):
    from asgiref.sync import sync_to_async

    world = await sync_to_async(make_board_world)()
    other = await sync_to_async(Board.objects.create)(workshop=world.workshop, title="Anderes Board")

    def a_guest():
        ops.open_guest_access(world.users.facilitator, world.board.pk)
        world.board.refresh_from_db()
        client = Client()
        join(client, world.board.guest_code, name="Samira")
        return BoardGuest.objects.get().pk, f"sessionid={client.cookies['sessionid'].value}"

    guest_id, cookie = await sync_to_async(a_guest)()
    headers = [(b"origin", ORIGIN), (b"cookie", cookie.encode())]
    elsewhere = WebsocketCommunicator(application, f"/ws/boards/{other.pk}/", headers=headers)
    connected, code = await elsewhere.connect()
    if connected:
        closed = await elsewhere.receive_output(2)
        assert closed["type"] == "websocket.close" and closed["code"] in (4403, 4404)
    else:
        assert code in (4403, 4404)

    socket = WebsocketCommunicator(application, f"/ws/boards/{world.board.pk}/", headers=headers)
    assert (await socket.connect())[0]
    while (await socket.receive_json_from(2))["type"] != "synced":
        pass
    await sync_to_async(ops.remove_guest)(world.users.facilitator, world.board.pk, guest_id)
    while True:
        message = await socket.receive_output(3)
        if message["type"] == "websocket.close":
            assert message["code"] == 4403
            break


def test_the_qr_code_of_the_join_address_is_for_those_who_take_part_while_guest_access_is_open(client, world):
    client.force_login(world.users.facilitator)
    response = client.get(f"/boards/{world.board.pk}/guest-qr.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and f"http://testserver/g/{world.code}/" in svg
    client.force_login(world.users.outsider)
    assert client.get(f"/boards/{world.board.pk}/guest-qr.svg").status_code == 404
    ops.end_guest_access(world.users.facilitator, world.board.pk)
    client.force_login(world.users.facilitator)
    assert client.get(f"/boards/{world.board.pk}/guest-qr.svg").status_code == 404

"""Migration 0005: on-behalf cards and dots from before are given to a named person, unnamed dots to one
"Ohne Namen eingetragen" per board, so they stay counted, marked as entered on behalf, and can be taken back."""
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("ideas", "0004_protect_what_boards_name")]
AFTER = [("ideas", "0005_proxy_people_and_undoable_merges")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_board():
    """A board as the previous schema stored it: a facilitator's unnamed and named paper dots and card.

    The database is migrated forward again afterwards, whatever the test did.
    """
    try:
        yield _old_board()
    finally:
        migrate(latest())


def _old_board():
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("network", "Organisation")
    Page = apps.get_model("wagtailcore", "Page")
    WorkshopPage = apps.get_model("workshops", "WorkshopPage")
    Board, Card, Vote = (apps.get_model("ideas", name) for name in ("Board", "Card", "Vote"))
    facilitator = User.objects.create(username="moderation")
    organisation = Organisation.objects.create(name="Frauenzentrum (fiktiv)")
    locale_id = apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="de")[0].pk
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_type = content_types.get_or_create(app_label="workshops", model="workshoppage")[0]
    root = Page.objects.filter(depth=1).first() or Page.objects.create(
        title="Root", slug="root", path="0001", depth=1, numchild=0, locale_id=locale_id, url_path="/",
        content_type=content_types.get_or_create(app_label="wagtailcore", model="page")[0])
    now = timezone.now()
    workshop = WorkshopPage.objects.create(
        title="Workshop", slug="ws", path=root.path + "9999", depth=2, numchild=0, locale_id=locale_id,
        content_type=content_type, url_path="/ws/", start=now, end=now,
    )
    board = Board.objects.create(workshop_id=workshop.pk, title="Board", phase="vote")
    card = Card.objects.create(
        board=board, client_id=uuid.uuid4(), kind="need", text="Kita", author=facilitator,
        author_organisation=organisation, entered_on_behalf=True, on_behalf_name="Mariam Yousef", created_seq=1,
    )
    for name in ["", "", "", "", "", "", "mariam yousef"]:
        Vote.objects.create(board=board, card=card, user=facilitator, entered_on_behalf=True, on_behalf_name=name)
    Vote.objects.create(board=board, card=card, user=facilitator)
    return board.pk, card.pk


def test_old_on_behalf_cards_and_dots_belong_to_a_person_afterwards(old_board):
    board_id, card_id = old_board
    apps = migrate(AFTER)
    ProxyPerson, Card, Vote = (apps.get_model("ideas", name) for name in ("ProxyPerson", "Card", "Vote"))
    proxy_people = {proxy_person.name: proxy_person for proxy_person in ProxyPerson.objects.filter(board_id=board_id)}
    assert set(proxy_people) == {"Mariam Yousef", "Ohne Namen eingetragen"}
    assert Card.objects.get(pk=card_id).on_behalf_of_id == proxy_people["Mariam Yousef"].pk
    assert proxy_people["Mariam Yousef"].organisation.name == "Frauenzentrum (fiktiv)"
    assert Vote.objects.filter(proxy_person=proxy_people["Ohne Namen eingetragen"]).count() == 6
    assert Vote.objects.filter(proxy_person=proxy_people["Mariam Yousef"]).count() == 1, "the same name in another case"
    assert Vote.objects.filter(entered_on_behalf=False, proxy_person__isnull=True).count() == 1, "own dots stay own"
    apps = migrate(BEFORE)  # and back: the names return to the dots
    names = sorted(apps.get_model("ideas", "Vote").objects.filter(entered_on_behalf=True).values_list("on_behalf_name", flat=True))
    assert names == [""] * 6 + ["Mariam Yousef"]

"""Board exports: CSV for German Excel, Markdown; both show only what the reader may see."""
import csv
import io
import uuid

import pytest

from ideas.board import operations as ops
from ideas.board.export import export_csv, export_markdown
from ideas.models import Board
from ideas.tests.conftest import make_board_world


@pytest.fixture
def world(db):
    world = make_board_world()
    board, alice, bob = world.board.pk, world.users.alice, world.users.bob
    need = ops.create_card(alice, board, client_id=uuid.uuid4(), kind="need", text="=SUMME(A1); Kita *jetzt*", tags=["Kita"])
    gap = ops.create_card(bob, board, client_id=uuid.uuid4(), kind="gap", text="Keine Abendkurse", display="organisation_only")
    ops.link_cards(bob, board, gap.id, to_card=need.id, relation="answers")
    return world


def test_csv_opens_in_german_excel(world):
    data = export_csv(world.board, world.users.alice)
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:]), delimiter=";"))
    assert len(rows) == 3
    need = next(r for r in rows[1:] if "SUMME" in r[1])
    assert need[1] == "'=SUMME(A1); Kita *jetzt*"  # no formula, the semicolon quoted
    assert need[2] == "Kita" and need[6] == "Alice"
    gap = next(r for r in rows[1:] if "Abendkurse" in r[1])
    assert gap[6] == "" and gap[5] == world.organisations[1].name


def test_markdown_escapes_user_text_and_lists_links(world):
    text = export_markdown(world.board, world.users.alice)
    assert text.startswith("# Was brauchen junge Geflüchtete?")
    assert r"Kita \*jetzt\*" in text
    assert "Bob" not in text
    assert "→" in text


def test_exports_keep_hidden_cards_hidden(world):
    Board.objects.filter(pk=world.board.pk).update(silent_collect=True)
    assert "Abendkurse" not in export_csv(world.board, world.users.alice)
    assert "Abendkurse" not in export_markdown(world.board, world.users.alice)


def test_markdown_keeps_the_authors_of_merged_cards_as_each_chose(world):
    board, alice, bob = world.board.pk, world.users.alice, world.users.bob
    kept = ops.create_card(alice, board, client_id=uuid.uuid4(), kind="draft", text="Abendkurse mit Kita")
    merged = ops.create_card(bob, board, client_id=uuid.uuid4(), kind="draft", text="Kurse am Abend",
                             display="organisation_only")
    other = ops.create_card(alice, board, client_id=uuid.uuid4(), kind="draft", text="Kita im Kurshaus")
    ops.merge_cards(world.users.facilitator, board, kept.id, other=merged.id)
    ops.merge_cards(world.users.facilitator, board, kept.id, other=other.id)
    text = export_markdown(world.board, world.users.alice)
    assert "Kurse am Abend (Jugendmigrationsdienst Brückenhaus \\(fiktiv\\))" in text
    assert "Kita im Kurshaus (Bildungswerk Talblick \\(fiktiv\\); Alice)" in text
    assert "Bob" not in text

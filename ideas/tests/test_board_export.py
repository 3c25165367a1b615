"""Board exports: CSV for German Excel, Markdown; both show only what the reader may see."""
import csv
import io
import uuid
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.utils import translation

from ideas.board import operations as ops
from ideas.board.export import export_csv, export_markdown
from ideas.models import Board, Card, Comment
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


def csv_rows(data):
    rows = list(csv.reader(io.StringIO(data[1:]), delimiter=";"))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_csv_carries_comments_links_and_merged_texts_in_the_citys_time(world):
    board, alice, bob = world.board.pk, world.users.alice, world.users.bob
    need = Card.objects.get(text__startswith="=SUMME")
    ops.add_comment(bob, board, need.pk, text="Bei uns auch, vor allem abends")
    kept = ops.create_card(alice, board, client_id=uuid.uuid4(), kind="draft", text="Abendkurse mit Kita")
    merged = ops.create_card(bob, board, client_id=uuid.uuid4(), kind="draft", text="Kurse am Abend",
                             display="organisation_only")
    ops.merge_cards(world.users.facilitator, board, kept.id, other=merged.id)
    summer = datetime(2026, 7, 1, 10, 5, tzinfo=dt_timezone.utc)  # 12:05 in Berlin (summer time)
    Card.objects.filter(pk=need.pk).update(created_at=summer)
    Comment.objects.filter(card=need).update(created_at=summer)
    with translation.override("de"):
        rows = csv_rows(export_csv(world.board, alice))
    by_text = {row["Text"]: row for row in rows}
    need_row = by_text["'=SUMME(A1); Kita *jetzt*"]
    assert need_row["Erstellt"] == "2026-07-01 12:05"
    assert need_row["Kommentare"] == "2026-07-01 12:05 Jugendmigrationsdienst Brückenhaus (fiktiv); Bob: Bei uns auch, vor allem abends"
    assert need_row["Verknüpfungen"] == "beantwortet von: Keine Abendkurse"
    assert by_text["Keine Abendkurse"]["Verknüpfungen"] == "beantwortet: =SUMME(A1); Kita *jetzt*"
    # The merged text with its organisation only: Bob chose not to be named.
    assert by_text["Abendkurse mit Kita"]["Zusammengeführte Texte"] == "Kurse am Abend (Jugendmigrationsdienst Brückenhaus (fiktiv))"
    assert "Bob" not in by_text["Abendkurse mit Kita"]["Zusammengeführte Texte"]


def test_markdown_in_german_says_one_dot_and_merged_in_german(world):
    board, alice, bob = world.board.pk, world.users.alice, world.users.bob
    kept = ops.create_card(alice, board, client_id=uuid.uuid4(), kind="draft", text="Abendkurse mit Kita")
    merged = ops.create_card(bob, board, client_id=uuid.uuid4(), kind="draft", text="Kurse am Abend")
    ops.merge_cards(world.users.facilitator, board, kept.id, other=merged.id)
    Board.objects.filter(pk=board).update(phase=Board.Phase.VOTE, vote_budget=3)
    ops.cast_vote(bob, board, kept.id)
    with translation.override("de"):
        text = export_markdown(world.board, alice)
    assert "1 Punkt;" in text or "1 Punkt)" in text
    assert "Punkte" not in text
    assert "  - Zusammengeführt: Kurse am Abend" in text
    assert "merged" not in text
    assert "## Verknüpfungen" in text

"""Search terms find German compound words and synonyms."""
from search.german import query_terms, variants, word_parts


def test_word_parts_hold_each_word_and_its_endings():
    parts = word_parts("Fachsprache begleitend").split()
    assert "fachsprache" in parts and "sprache" in parts and "begleitend" in parts
    assert "che" not in parts  # too short to mean anything on its own


def test_query_terms_drop_search_syntax_and_are_bounded():
    assert query_terms('"Sprache* (Kita) -Job') == ["sprache", "kita", "job"]
    assert len(query_terms("wort " * 50)) == 8


def test_a_synonym_group_is_found_from_any_of_its_words():
    assert "kinderbetreuung" in variants("kita")
    assert "kita" in variants("kinderbetreuung")
    assert variants("sprachförderung") == ["sprachförderung"]

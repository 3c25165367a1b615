"""How a search term finds German words: parts of compound words and a few synonyms.

German glues words together: "Fachsprache", "Sprachförderung", "Kinderbetreuung". A
full-text index knows whole words only (PostgreSQL's German stemmer turns "Sprache"
into "sprach", not "fachsprach" into two words), so "Sprache" would not find
"Fachsprache". Pages therefore index `word_parts()` of their title, summary and
topics as an autocomplete field: every word and each of its endings, so a prefix
search for "sprache" matches the ending "sprache" of "fachsprache" and the start of
"sprachförderung". That is a substring match for terms of at least MIN_TERM_LENGTH
letters, on SQLite and PostgreSQL alike.

Words that share no letters ("Kita" and "Kinderbetreuung") need a synonym:
SYNONYMS lists the few the network's readers use. Editors answer other frequent
queries with promoted results (Wagtail's search promotions: "Einstellungen" →
"Hervorgehobene Suchergebnisse" in the admin).
"""
import re

WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" separates like "-"
# Endings shorter than this are not indexed: "ung", "en" would match nearly every page.
MIN_PART_LENGTH = 4
# Shorter query terms match whole words and word starts only, never the inside of a word.
MIN_TERM_LENGTH = 3
# A query is cut to this many terms (each becomes a condition of the search).
MAX_TERMS = 8

# Groups of words that mean the same to the network's readers; a term from a group
# finds every word of it. Lower case; compound parts are found anyway ("sprache"
# finds "Sprachförderung"), so only words without shared letters are needed here.
SYNONYMS = [
    {"kita", "kitas", "kindertagesstätte", "kinderbetreuung", "kinderkrippe", "krippe"},
    {"deutsch", "deutschkurs", "sprache", "sprachkurs"},
    {"job", "jobs", "arbeit", "beschäftigung"},
    {"azubi", "azubis", "auszubildende", "ausbildung", "lehre"},
    {"arbeitserlaubnis", "beschäftigungserlaubnis"},
    {"aufenthalt", "aufenthaltsrecht", "aufenthaltstitel"},
    {"betrieb", "betriebe", "arbeitgeber", "unternehmen", "firma", "firmen"},
    {"praktikum", "praktika"},
    {"flüchtling", "flüchtlinge", "geflüchtete", "geflüchteter"},
]
_SYNONYMS_OF = {word: group for group in SYNONYMS for word in group}

def words(text):
    """The words of text, lower case."""
    return WORD.findall(str(text).lower())

def word_parts(*texts):
    """Every word of texts followed by its endings of at least MIN_PART_LENGTH letters, once each."""
    parts = {}
    for text in texts:
        for word in words(text):
            parts[word] = None
            for start in range(1, len(word) - MIN_PART_LENGTH + 1):
                parts[word[start:]] = None
    return " ".join(parts)

def query_terms(query):
    """The words of a query, without search syntax (quotes, *, -, OR ...), at most MAX_TERMS."""
    return words(query)[:MAX_TERMS]

def variants(term):
    """The term and its synonyms, the term first."""
    return [term] + sorted(_SYNONYMS_OF.get(term, set()) - {term})

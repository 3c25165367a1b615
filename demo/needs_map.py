"""The demo's map of needs: the "Ergebnisse" page in the main navigation (ideas.models.NeedsMapPage).

The page holds only its introduction; what it shows comes from the published boards and
concept papers (the kick-off board in demo/boards.py, the promoted paper).
"""
from demo.common import ensure_page
from ideas.models import NeedsMapPage

NEEDS_MAP_PAGE = {
    "title": "Ergebnisse",
    "slug": "ergebnisse",
    "intro": (
        "<p>Was die Workshops und Ideenwerkstätten zusammengetragen haben: die Bedarfe junger Geflüchteter "
        "und die Angebotslücken der Stadt, nach Förderbaustein. Oben stehen die offenen Bedarfe – auf die "
        "noch keine Angebotslücke, kein Konzeptentwurf und kein Konzeptpapier antwortet.</p>"
    ),
}


def ensure_needs_map_page(tally, home):
    return ensure_page(
        tally, "map of needs", home, NeedsMapPage, NEEDS_MAP_PAGE["slug"], lambda: NeedsMapPage(**NEEDS_MAP_PAGE),
    )

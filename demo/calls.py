"""The demo's call for expressions of interest: January 2020, implementing the adopted concept paper.

Its deadline has passed and the office has moved it on to "in evaluation" (submissions, scoring and the
decision are not built yet: docs/calls.md).
"""
from decimal import Decimal

from calls.models import CallCriterion, CallIndexPage, CallPage, CallState
from demo.common import ensure_page, local_datetime
from demo.network import KI
from ideas.models import ConceptPaperPage

CALL_INDEX_PAGE = {
    "title": "Interessenbekundungen",
    "slug": "interessenbekundungen",
    "show_in_menus": True,
    "intro": (
        "<p>In Interessenbekundungsverfahren schlagen Träger Maßnahmen vor, die die beschlossenen Konzepte "
        "umsetzen. Die Bündniskerngruppe bewertet die Vorschläge nach festen, gewichteten Kriterien; die "
        "Geschäftsstelle entscheidet.</p>"
    ),
}

CRITERIA = [
    ("Passung zum Konzept", 30, "Setzt die Maßnahme die Ziele und die Umsetzung des Konzeptpapiers um? "
     "0 = kein Bezug, 5 = setzt das Konzept vollständig und schlüssig um."),
    ("Erreichen der Zielgruppe", 25, "Wie und wie viele junge Geflüchtete erreicht die Maßnahme? "
     "Zugangswege, Sprache, Orte und Zeiten."),
    ("Kooperation im Netzwerk", 20, "Welche Partner des Netzwerks wirken mit, und wie verbindlich ist die "
     "Zusammenarbeit (Absichtserklärungen)?"),
    ("Umsetzbarkeit", 15, "Sind Personal, Räume und Zeitplan realistisch? Kann die Maßnahme zum geplanten "
     "Termin beginnen?"),
    ("Kosten", 10, "Stehen die beantragten Mittel in einem angemessenen Verhältnis zu Plätzen und Leistung?"),
]

CALL = {
    "title": "Interessenbekundungsverfahren 2020: Maßnahmen für junge Geflüchtete",
    "slug": "interessenbekundungsverfahren-2020",
    "intro": (
        "Träger können bis zum 13. Januar 2020 Maßnahmen vorschlagen, die junge Geflüchtete mit "
        "ausbildungsbegleitendem Fachsprachunterricht durch die Ausbildung bringen."
    ),
    "text": (
        "<p>Das Netzwerk sucht Träger für Maßnahmen, die das Konzept „Fachsprache begleitend zur Ausbildung“ "
        "umsetzen: Fachsprachunterricht am Nachmittag in kleinen Gruppen, nach Berufsfeldern getrennt, mit "
        "Prüfungsvorbereitung gemeinsam mit Ausbildungspaten.</p>"
        "<p>Gefördert werden Maßnahmen mit einer Laufzeit von bis zu zwei Jahren ab dem 1. April 2020.</p>"
    ),
    "eligibility": (
        "<ul><li>Gemeinnützige Träger der Bildungs-, Jugend- oder Migrationsarbeit mit Sitz oder Standort in "
        "Talstadt.</li><li>Erfahrung in der Arbeit mit jungen Geflüchteten.</li>"
        "<li>Mindestens ein Kooperationspartner aus dem Netzwerk.</li></ul>"
    ),
    "budget": Decimal("120000.00"),
    "opens_at": "2019-12-02 09:00",
    "deadline": "2020-01-13 12:00",
    "office_state": CallState.IN_EVALUATION,
    "contact_name": "Yusuf Demir",
    "contact_organisation": KI,
    "contact_email": "y.demir@ki-talstadt.example.org",
    "contact_phone": "0000 12345-21",
    "concept_papers": ["fachsprache-begleitend-zur-ausbildung"],
    "building_blocks": ["F2"],
}


def ensure_calls(tally, home, blocks):
    index = ensure_page(
        tally, "call index page", home, CallIndexPage, CALL_INDEX_PAGE["slug"],
        lambda: CallIndexPage(**CALL_INDEX_PAGE),
    )
    ensure_page(tally, "calls", index, CallPage, CALL["slug"], lambda: build_call(CALL, blocks))
    return index


def build_call(data, blocks):
    fields = {key: value for key, value in data.items() if key not in ("concept_papers", "building_blocks")}
    fields["opens_at"] = local_datetime(data["opens_at"])
    fields["deadline"] = local_datetime(data["deadline"])
    call = CallPage(
        **fields,
        criteria=[
            CallCriterion(name=name, weight=weight, scale_max=5, guide=guide, sort_order=number)
            for number, (name, weight, guide) in enumerate(CRITERIA)
        ],
    )
    call.concept_papers.set(ConceptPaperPage.objects.filter(slug__in=data["concept_papers"]))
    call.building_blocks.set([blocks[code] for code in data["building_blocks"]])
    return call

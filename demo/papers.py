"""The demo's concept papers, and the review workflow that sends new ones to the core group."""
from django.apps import apps as django_apps

from demo.common import ensure_page, heading, local_datetime, paragraph
from ideas import review
from ideas.models import ConceptPaperIndexPage, ConceptPaperPage
from network import roles

CONCEPT_INDEX_PAGE = {
    "title": "Konzepte",
    "slug": "konzepte",
    "intro": (
        "<p>Aus den Ergebnissen der Ideenwerkstätten entstehen Konzeptpapiere. Die Bündniskerngruppe prüft "
        "jedes Konzept, bevor es veröffentlicht wird. Beschlossene Konzepte sind die Grundlage für "
        "Interessenbekundungsverfahren, in denen Träger Maßnahmen vorschlagen können.</p>"
    ),
}

# status: a value of ideas.models.ConceptPaperPage.Status; "published" is when the paper first went online.
CONCEPT_PAPERS = [
    {
        "title": "Fachsprache begleitend zur Ausbildung",
        "slug": "fachsprache-begleitend-zur-ausbildung",
        "status": "adopted",
        "published": "2019-08-20 10:00",
        "summary": (
            "Ein ausbildungsbegleitender Fachsprachkurs am Berufskolleg soll verhindern, dass junge Geflüchtete "
            "ihre Ausbildung wegen sprachlicher Hürden abbrechen."
        ),
        "body": [
            heading("Ausgangslage"),
            paragraph(
                "<p>Im Auftaktworkshop war fehlende Fachsprache der am häufigsten genannte Bedarf. Viele Auszubildende "
                "kommen im Betrieb gut zurecht, scheitern aber an Berufsschultexten und schriftlichen Prüfungen.</p>"
            ),
            heading("Ziele"),
            paragraph(
                "<ul><li>Weniger Ausbildungsabbrüche im ersten Ausbildungsjahr.</li>"
                "<li>Bessere Ergebnisse in der Zwischen- und Abschlussprüfung.</li></ul>"
            ),
            heading("Umsetzung"),
            paragraph(
                "<p>Zweimal pro Woche Fachsprachunterricht am Nachmittag in kleinen Gruppen, nach Berufsfeldern "
                "getrennt. Die Kammern werben bei den Betrieben für eine Freistellung; Ausbildungspaten begleiten "
                "die Prüfungsvorbereitung.</p>"
            ),
            heading("Beteiligte"),
            paragraph(
                "<p>Berufskolleg am Talblick, IHK, Kreishandwerkerschaft, Ausbildungspaten Talstadt e. V. und das "
                "Teilhabemanagement (alle fiktiv).</p>"
            ),
        ],
        "building_blocks": ["F2"],
        "target_groups": ["Auszubildende mit Sprachförderbedarf"],
        "tags": ["Sprache", "Ausbildung"],
        "related_workshops": ["auftaktworkshop", "sprachfoerderung-waehrend-der-ausbildung"],
    },
    {
        "title": "Kompetenzen sichtbar machen",
        "slug": "kompetenzen-sichtbar-machen",
        "status": "in_review",
        "published": "2019-11-12 10:00",
        "summary": (
            "Eine praktische Kompetenzfeststellung in Handwerkswerkstätten gibt jungen Menschen ohne anerkannte "
            "Zeugnisse einen Nachweis, mit dem sie sich bewerben können."
        ),
        "body": [
            heading("Ausgangslage"),
            paragraph(
                "<p>Viele junge Geflüchtete haben gearbeitet oder eine Schule besucht, können es aber nicht belegen. "
                "Betriebe und Schulen wissen dann nicht, wo sie ansetzen sollen.</p>"
            ),
            heading("Vorschlag"),
            paragraph(
                "<p>Zwei Wochen praktische Erprobung in drei Gewerken, eine Sprachstandsfeststellung und ein "
                "gemeinsames Abschlussgespräch. Das Ergebnis ist ein Kompetenzpass, den die jungen Menschen "
                "selbst behalten.</p>"
            ),
            heading("Offene Fragen"),
            paragraph("<p>Finanzierung der Werkstattplätze; Anerkennung des Kompetenzpasses durch die Kammern.</p>"),
        ],
        "building_blocks": ["F3", "F4"],
        "target_groups": ["Junge Menschen ohne anerkannte Zeugnisse"],
        "tags": ["Ausbildung", "Kompetenzen"],
        "related_workshops": ["kompetenzfeststellung-ohne-zeugnisse"],
    },
    {
        "title": "Lotsendienst Arbeitserlaubnis",
        "slug": "lotsendienst-arbeitserlaubnis",
        "status": "draft",
        "published": "2020-01-28 10:00",
        "summary": (
            "Teilhabemanagerinnen und Teilhabemanager lotsen junge Geflüchtete und ihre Betriebe durch das "
            "Verfahren zur Beschäftigungserlaubnis, damit kein Ausbildungsplatz an Fristen scheitert."
        ),
        "body": [
            heading("Ausgangslage"),
            paragraph(
                "<p>Unvollständige Anträge und unklare Zuständigkeiten verzögern Beschäftigungserlaubnisse. "
                "Betriebe vergeben Ausbildungsplätze dann an andere Bewerberinnen und Bewerber.</p>"
            ),
            heading("Entwurf"),
            paragraph(
                "<ul><li>Checkliste für vollständige Anträge, mehrsprachig.</li>"
                "<li>Feste Ansprechpersonen in der Ausländerbehörde für Ausbildungsfälle.</li>"
                "<li>Sprechstunde des Teilhabemanagements für Betriebe.</li></ul>"
            ),
        ],
        "building_blocks": ["F1", "F6"],
        "target_groups": ["Geduldete junge Geflüchtete", "Gestattete junge Geflüchtete"],
        "tags": ["Aufenthaltsrecht", "Arbeitgeber"],
        "related_workshops": ["wege-durch-die-buerokratie-der-arbeitserlaubnis"],
    },
]

def ensure_concept_papers(tally, home, blocks, groups, workshops):
    data = CONCEPT_INDEX_PAGE
    index = ensure_page(
        tally, "concept paper index page", home, ConceptPaperIndexPage, data["slug"],
        lambda: ConceptPaperIndexPage(**data),
    )
    for data in CONCEPT_PAPERS:
        ensure_page(
            tally, "concept papers", index, ConceptPaperPage, data["slug"],
            lambda data=data: build_concept_paper(data, blocks, groups, workshops),
        )
    return index


def build_concept_paper(data, blocks, groups, workshops):
    page = ConceptPaperPage(
        title=data["title"], slug=data["slug"], summary=data["summary"], body=data["body"],
        status=data["status"], first_published_at=local_datetime(data["published"]),
    )
    page.tags.add(*data["tags"])
    page.building_blocks.set([blocks[code] for code in data["building_blocks"]])
    page.target_groups.set([groups[name] for name in data["target_groups"]])
    page.related_workshops.set([workshops[slug] for slug in data["related_workshops"] if slug in workshops])
    return page


def ensure_review_workflow(tally, concept_index):
    """Concept papers go to the core group for approval before they are published (ideas/review.py).

    The migrations and the index page set this up already; this only repairs what is missing.
    """
    workflow = concept_index.get_workflow()
    tally.note("review workflow", workflow is None)
    review.set_up_review(django_apps, concept_index)


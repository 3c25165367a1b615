"""The demo's workshops: the index page, the kick-off workshop of 2019 and the idea labs after it.

Dates of past sessions are local times (settings.TIME_ZONE); upcoming sessions
are given in days from the day load_demo first runs, so they stay upcoming.
"""
from demo.common import agenda_item, ensure_page, local_datetime, upcoming_datetime
from demo.network import KI, TARGET_GROUPS
from workshops.models import WorkshopFacilitator, WorkshopIndexPage, WorkshopPage

WORKSHOP_INDEX_PAGE = {
    "title": "Workshops & Ideenwerkstätten",
    "slug": "workshops",
    "intro": (
        "<p>Im Auftaktworkshop haben wir gesammelt, was junge Geflüchtete in Talstadt brauchen und wo "
        "Angebote fehlen. In den Ideenwerkstätten arbeiten Fachleute aus dem Netzwerk an einzelnen "
        "Themen weiter. Netzwerkmitglieder können sich hier für kommende Termine anmelden.</p>"
    ),
}

KICK_OFF_FACILITATORS = [
    {"name": "Lena Brückner", "organisation": KI},
    {"name": "Kerstin Albers (externe Moderation)", "organisation": None},
]

# kind: a value of workshops.models.WorkshopPage.Kind. Past sessions have "start"/"end";
# upcoming ones "days_from_now" plus local "from"/"until" times.
WORKSHOPS = [
    {
        "title": "Auftaktworkshop: Gemeinsam in Ausbildung und Arbeit",
        "slug": "auftaktworkshop",
        "kind": "workshop",
        "start": "2019-03-14 09:30",
        "end": "2019-03-14 16:00",
        "place": "Rathaus Talstadt (fiktiv), Ratssaal, Marktplatz 1, 00000 Talstadt",
        "summary": (
            "Rund 60 Fachleute aus Jugendhilfe, Arbeitsverwaltung, Kammern, Schulen und Beratungsstellen "
            "haben Bedarfe, Angebotslücken und Herausforderungen gesammelt."
        ),
        "agenda": [
            agenda_item("09:30–10:00", "Ankommen und Begrüßung", "Grußwort der Beigeordneten für Bildung und Integration."),
            agenda_item("10:00–10:45", "Das Landesprogramm und seine sechs Förderbausteine", "Kurzvortrag des Kommunalen Integrationszentrums."),
            agenda_item("10:45–12:30", "Thementische: Bedarfe der jungen Menschen", "Sechs Tische, je einer pro Förderbaustein, mit Kartenabfrage."),
            agenda_item("12:30–13:15", "Mittagspause"),
            agenda_item("13:15–15:00", "Galerie der Angebotslücken und Punktabfrage", "Welche Lücken sind in Talstadt am dringendsten?"),
            agenda_item("15:00–16:00", "Themen für die Ideenwerkstätten und Ausblick"),
        ],
        "facilitators": KICK_OFF_FACILITATORS,
        "participant_count": 60,
        # Every organisation of the demo network took part (demo/network.ORGANISATIONS, 23 of them).
        "attending_organisations": "all",
        "capacity": 80,
        "registration_open": False,
        "outcome": (
            "<p>60 Teilnehmende aus 23 Einrichtungen haben an sechs Thementischen gearbeitet: Bedarfe der "
            "jungen Menschen am Vormittag, Angebotslücken und Punktabfrage am Nachmittag, auf dem Board "
            "der Sitzung. Die Punktabfrage hat sechs Themen für die Ideenwerkstätten ergeben; die "
            "Geschäftsstelle lädt zu jeder Werkstatt ein.</p>"
            "<h3>Bedarfe der jungen Menschen</h3>"
            "<ul>"
            "<li>Fachsprache für Berufsschule und Prüfung – Alltagsdeutsch reicht in der Ausbildung oft nicht.</li>"
            "<li>Eine feste Ansprechperson, die über Zuständigkeiten hinweg begleitet.</li>"
            "<li>Verlässliche Information zu Duldung, Ausbildungsduldung und Beschäftigungserlaubnis.</li>"
            "<li>Kinderbetreuung, damit junge Mütter Kurse besuchen können.</li>"
            "</ul>"
            "<h3>Angebotslücken in Talstadt</h3>"
            "<ul>"
            "<li>Kein ausbildungsbegleitender Sprachkurs am Nachmittag oder Abend.</li>"
            "<li>Keine Kompetenzfeststellung für junge Menschen ohne anerkannte Zeugnisse.</li>"
            "<li>Zu wenige Praktikumsplätze mit Betrieben, die Erfahrung mit Geflüchteten haben.</li>"
            "<li>Kaum Angebote, die junge Frauen gezielt ansprechen.</li>"
            "</ul>"
            "<h3>Herausforderungen</h3>"
            "<ul>"
            "<li>Lange Bearbeitungszeiten bei Beschäftigungserlaubnissen gefährden Ausbildungsplätze.</li>"
            "<li>Angebote sind über viele Stellen verteilt und für junge Menschen schwer zu überblicken.</li>"
            "</ul>"
        ),
        "tags": ["Ausbildung", "Sprache", "Aufenthaltsrecht", "Arbeitgeber", "Frauen", "Kinderbetreuung"],
        "building_blocks": ["F1", "F2", "F3", "F4", "F5", "F6"],
        "target_groups": [group["name"] for group in TARGET_GROUPS],
    },
    {
        "title": "Ideenwerkstatt: Sprachförderung während der Ausbildung",
        "slug": "sprachfoerderung-waehrend-der-ausbildung",
        "kind": "idea_lab",
        "start": "2019-05-08 14:00",
        "end": "2019-05-08 17:30",
        "place": "Berufskolleg am Talblick (fiktiv), Raum A 104, Talblick 12, 00000 Talstadt",
        "summary": "Wie Auszubildende neben Betrieb und Berufsschule Fachsprache lernen können, ohne dass die Ausbildung leidet.",
        "agenda": [
            agenda_item("14:00–14:20", "Rückblick auf den Auftaktworkshop"),
            agenda_item("14:20–15:30", "Bedarfe sammeln: Wo scheitern Auszubildende an der Sprache?"),
            agenda_item("15:45–17:00", "Konzeptentwürfe in Kleingruppen"),
            agenda_item("17:00–17:30", "Vorstellung und nächste Schritte"),
        ],
        "facilitators": [
            {"name": "Lena Brückner", "organisation": KI},
            {"name": "Martin Osterkamp", "organisation": "Berufskolleg am Talblick (fiktiv)"},
        ],
        "participant_count": 19,
        "capacity": 25,
        "registration_open": False,
        "outcome": (
            "<p>Die Gruppe schlägt einen <b>ausbildungsbegleitenden Fachsprachkurs</b> am Berufskolleg vor: "
            "zweimal pro Woche nachmittags, abgestimmt mit den Betrieben und mit Prüfungsvorbereitung im "
            "letzten Ausbildungsjahr.</p>"
            "<ul><li>Freistellung durch die Betriebe über die Kammern klären.</li>"
            "<li>Ehrenamtliche Ausbildungspaten für die Nachhilfe einbinden.</li></ul>"
        ),
        "tags": ["Sprache", "Ausbildung"],
        "building_blocks": ["F2"],
        "target_groups": ["Auszubildende mit Sprachförderbedarf"],
    },
    {
        "title": "Ideenwerkstatt: Kompetenzfeststellung ohne Zeugnisse",
        "slug": "kompetenzfeststellung-ohne-zeugnisse",
        "kind": "idea_lab",
        "start": "2019-06-05 14:00",
        "end": "2019-06-05 17:00",
        "place": "Volkshochschule Talstadt (fiktiv), Saal 2, Bildungsplatz 3, 00000 Talstadt",
        "summary": "Wie junge Menschen zeigen können, was sie können, auch wenn ihre Zeugnisse fehlen oder nicht anerkannt sind.",
        "agenda": [
            agenda_item("14:00–14:30", "Erfahrungen aus der Beratung"),
            agenda_item("14:30–16:00", "Welche Verfahren gibt es, welche fehlen?"),
            agenda_item("16:00–17:00", "Konzeptentwurf und offene Fragen"),
        ],
        "facilitators": [{"name": "Yusuf Demir", "organisation": KI}],
        "participant_count": 14,
        "capacity": 25,
        "registration_open": False,
        "outcome": (
            "<p>Vorschlag: eine <b>praktische Kompetenzfeststellung</b> in Werkstätten der Kreishandwerkerschaft, "
            "kombiniert mit einer Sprachstandsfeststellung an der Volkshochschule. Das Ergebnis soll Betrieben "
            "und Schulen als Nachweis dienen.</p>"
        ),
        "tags": ["Ausbildung", "Kompetenzen"],
        "building_blocks": ["F3", "F4"],
        "target_groups": ["Junge Menschen ohne anerkannte Zeugnisse"],
    },
    {
        "title": "Ideenwerkstatt: Praktika und Arbeitgeberkontakte",
        "slug": "praktika-und-arbeitgeberkontakte",
        "kind": "idea_lab",
        "start": "2019-09-11 15:00",
        "end": "2019-09-11 18:00",
        "place": "IHK Talstadt (fiktiv), Konferenzraum 3, Handelsstraße 5, 00000 Talstadt",
        "summary": "Wie Betriebe und junge Geflüchtete zueinanderfinden – vom ersten Praktikum bis zum Ausbildungsvertrag.",
        "agenda": [
            agenda_item("15:00–15:30", "Was Betriebe brauchen: zwei Ausbildungsleiterinnen berichten"),
            agenda_item("15:30–17:00", "Ideen für Praktikumsbörse und Betriebsbesuche"),
            agenda_item("17:00–18:00", "Konzeptentwurf"),
        ],
        "facilitators": [
            {"name": "Claudia Hensel", "organisation": "IHK Talstadt (fiktiv)"},
            {"name": "Peter Lindner", "organisation": "Kreishandwerkerschaft Talstadt (fiktiv)"},
        ],
        "participant_count": 21,
        "capacity": 25,
        "registration_open": False,
        "outcome": (
            "<p>Die Kammern richten eine <b>Praktikumsbörse</b> ein; das Teilhabemanagement bereitet junge "
            "Menschen auf Praktika vor und bleibt Ansprechpartner für die Betriebe. Vorgeschlagen wird "
            "außerdem ein Modellprojekt „Betriebe öffnen ihre Türen“ aus dem Innovationsfonds.</p>"
        ),
        "tags": ["Arbeitgeber", "Ausbildung"],
        "building_blocks": ["F1", "F5"],
        "target_groups": ["Geduldete junge Geflüchtete", "Gestattete junge Geflüchtete"],
    },
    {
        "title": "Ideenwerkstatt: Wege durch die Bürokratie der Arbeitserlaubnis",
        "slug": "wege-durch-die-buerokratie-der-arbeitserlaubnis",
        "kind": "idea_lab",
        "start": "2019-10-23 14:00",
        "end": "2019-10-23 17:00",
        "place": "Kommunales Integrationszentrum Talstadt (fiktiv), Rathausplatz 1, 00000 Talstadt",
        "summary": "Wie Ausländerbehörde, Beratungsstellen und Betriebe gemeinsam verhindern, dass Ausbildungsplätze an Fristen scheitern.",
        "agenda": [
            agenda_item("14:00–14:45", "Der Weg zur Beschäftigungserlaubnis", "Input der Ausländerbehörde."),
            agenda_item("14:45–16:15", "Wo hakt es? Fälle aus der Beratung (anonymisiert)"),
            agenda_item("16:15–17:00", "Konzeptentwurf: ein Lotsendienst"),
        ],
        "facilitators": [
            {"name": "Sabine Wolters", "organisation": KI},
            {"name": "Dr. Henrike Sommer", "organisation": "Ausländerbehörde Talstadt (fiktiv)"},
        ],
        "participant_count": 17,
        "capacity": 25,
        "registration_open": False,
        "outcome": (
            "<p>Vereinbart wurden eine <b>Checkliste</b> für vollständige Anträge, feste Ansprechpersonen in der "
            "Ausländerbehörde für Ausbildungsfälle und ein <b>Lotsendienst</b> im Teilhabemanagement.</p>"
        ),
        "tags": ["Aufenthaltsrecht", "Ausbildung"],
        "building_blocks": ["F1", "F6"],
        "target_groups": ["Geduldete junge Geflüchtete", "Gestattete junge Geflüchtete"],
    },
    {
        "title": "Ideenwerkstatt: Kinderbetreuung für junge Mütter in Kursen",
        "slug": "kinderbetreuung-fuer-junge-muetter-in-kursen",
        "kind": "idea_lab",
        "days_from_now": 14,
        "from": "15:00",
        "until": "18:00",
        "place": "Frauenzentrum Talstadt (fiktiv), Gartenstraße 8, 00000 Talstadt",
        "summary": "Wie junge Mütter Sprach- und Vorbereitungskurse besuchen können – mit verlässlicher Betreuung für ihre Kinder.",
        "agenda": [
            agenda_item("15:00–15:30", "Was wir aus dem Auftaktworkshop wissen"),
            agenda_item("15:30–16:45", "Modelle der kursbegleitenden Kinderbetreuung"),
            agenda_item("17:00–18:00", "Konzeptentwurf und Finanzierung"),
        ],
        "facilitators": [{"name": "Mariam Yousef", "organisation": "Frauenzentrum Talstadt (fiktiv)"}],
        "participant_count": None,
        "capacity": 25,
        "registration_open": True,
        "outcome": "",
        "tags": ["Kinderbetreuung", "Frauen", "Sprache"],
        "building_blocks": ["F4", "F5"],
        "target_groups": ["Junge Mütter", "Junge Frauen"],
    },
    {
        "title": "Ideenwerkstatt: Junge Frauen erreichen",
        "slug": "junge-frauen-erreichen",
        "kind": "idea_lab",
        "days_from_now": 35,
        "from": "14:00",
        "until": "17:00",
        "place": "Brückenschlag – Verein der Migrantinnen und Migranten Talstadt (fiktiv), Lindenweg 4, 00000 Talstadt",
        "summary": "Wie Angebote junge geflüchtete Frauen erreichen, die bisher selten in Beratung und Kursen ankommen.",
        "agenda": [
            agenda_item("14:00–14:30", "Junge Frauen berichten (Video, anonymisiert)"),
            agenda_item("14:30–16:00", "Zugangswege: Vertrauenspersonen, Orte, Sprachen"),
            agenda_item("16:00–17:00", "Konzeptentwurf"),
        ],
        "facilitators": [
            {"name": "Sabine Wolters", "organisation": KI},
            {"name": "Nadia Rahimi", "organisation": "Brückenschlag – Verein der Migrantinnen und Migranten Talstadt (fiktiv)"},
        ],
        "participant_count": None,
        "capacity": 25,
        "registration_open": True,
        "outcome": "",
        "tags": ["Frauen"],
        "building_blocks": ["F4", "F6"],
        "target_groups": ["Junge Frauen"],
    },
]


def ensure_workshops(tally, home, blocks, groups, organisations):
    data = WORKSHOP_INDEX_PAGE
    index = ensure_page(
        tally, "workshop index page", home, WorkshopIndexPage, data["slug"], lambda: WorkshopIndexPage(**data)
    )
    workshops = {}
    for data in WORKSHOPS:
        label = "kick-off workshops" if data["kind"] == WorkshopPage.Kind.WORKSHOP else "idea labs"
        workshops[data["slug"]] = ensure_page(
            tally, label, index, WorkshopPage, data["slug"],
            lambda data=data: build_workshop(data, blocks, groups, organisations),
        )
    return workshops


def build_workshop(data, blocks, groups, organisations):
    """An unsaved workshop page with its tags, building blocks, target groups and facilitators."""
    start, end = session_times(data)
    page = WorkshopPage(
        title=data["title"], slug=data["slug"], kind=data["kind"], start=start, end=end,
        place=data["place"], summary=data["summary"], agenda=data["agenda"],
        capacity=data["capacity"], registration_open=data["registration_open"],
        participant_count=data["participant_count"], outcome=data["outcome"],
    )
    page.tags.add(*data["tags"])
    page.building_blocks.set([blocks[code] for code in data["building_blocks"]])
    page.target_groups.set([groups[name] for name in data["target_groups"]])
    if data.get("attending_organisations") == "all":
        page.attending_organisations.set(list(organisations.values()))
    page.facilitators = [
        WorkshopFacilitator(name=person["name"], organisation=organisations.get(person["organisation"]))
        for person in data["facilitators"]
    ]
    return page


def session_times(data):
    """Past sessions have fixed dates; upcoming ones are placed relative to the day of the first run."""
    if "days_from_now" in data:
        return (
            upcoming_datetime(data["days_from_now"], data["from"]),
            upcoming_datetime(data["days_from_now"], data["until"]),
        )
    return local_datetime(data["start"]), local_datetime(data["end"])


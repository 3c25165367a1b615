"""The demo story of Netzwerkstatt as plain data, loaded by `manage.py load_demo`.

Everything here is fictional: the city "Talstadt (fiktiv)", its organisations
and the people in it. Addresses use the postcode 00000, phone numbers start
with 0000, websites and email addresses live under example.org.

Pages are dicts of their field values; StreamField bodies are lists of
("block type", value) pairs; dates of past sessions are local times
(settings.TIME_ZONE), upcoming sessions are given in days from the day
load_demo first runs. The code that creates all this is in
home/management/commands/load_demo.py.
"""
from network import roles

CITY = "Talstadt (fiktiv)"
SITE_URL = "http://127.0.0.1:8000/"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def agenda_item(time, title, description=""):
    return ("item", {"time": time, "title": title, "description": description})


# --- the network: building blocks, target groups, organisations, people -------------------------

BUILDING_BLOCKS = [
    {
        "code": "F1",
        "title": "Individuelles Coaching",
        "short_description": (
            "Persönliche Begleitung junger Geflüchteter auf dem Weg in Ausbildung und Arbeit – "
            "von der Berufsorientierung bis zur Stabilisierung im Betrieb."
        ),
    },
    {
        "code": "F2",
        "title": "Ausbildungs- und berufsbegleitende Qualifizierung und Sprachförderung",
        "short_description": (
            "Fachsprache, Nachhilfe und Prüfungsvorbereitung neben Ausbildung oder Beschäftigung, "
            "damit Ausbildungen nicht abgebrochen werden."
        ),
    },
    {
        "code": "F3",
        "title": "Nachholen von Schulabschlüssen",
        "short_description": (
            "Wege zum Hauptschul- oder mittleren Schulabschluss für junge Erwachsene, "
            "die nicht mehr schulpflichtig sind."
        ),
    },
    {
        "code": "F4",
        "title": "Niedrigschwellige vorbereitende Kurse (Sprache, Grundbildung, Schlüsselqualifikationen)",
        "short_description": (
            "Offene Kurse ohne hohe Zugangshürden: Deutsch, Rechnen, digitale Grundkenntnisse "
            "und das, was man im Betrieb braucht."
        ),
    },
    {
        "code": "F5",
        "title": "Innovative Modellprojekte (Innovationsfonds)",
        "short_description": (
            "Neue Ansätze, die in den Ideenwerkstätten entstehen, werden als Modellprojekte erprobt "
            "und ausgewertet."
        ),
    },
    {
        "code": "F6",
        "title": "Teilhabemanagement",
        "short_description": (
            "Teilhabemanagerinnen und Teilhabemanager beraten junge Geflüchtete, lotsen durch die "
            "Angebote vor Ort und verbinden die Akteure im Netzwerk."
        ),
    },
]

TARGET_GROUPS = [
    {
        "name": "Geduldete junge Geflüchtete",
        "description": "Junge Menschen mit Duldung, deren Zugang zu Ausbildung und Arbeit von einer Beschäftigungserlaubnis abhängt.",
    },
    {
        "name": "Gestattete junge Geflüchtete",
        "description": "Junge Menschen im laufenden Asylverfahren mit Aufenthaltsgestattung.",
    },
    {
        "name": "Junge Frauen",
        "description": "Junge geflüchtete Frauen, die von den bestehenden Angeboten bisher selten erreicht werden.",
    },
    {
        "name": "Junge Mütter",
        "description": "Junge Frauen mit kleinen Kindern, für die Kurse ohne Kinderbetreuung kaum erreichbar sind.",
    },
    {
        "name": "Auszubildende mit Sprachförderbedarf",
        "description": "Junge Menschen in Ausbildung, die in Berufsschule und Prüfung an der Fachsprache scheitern könnten.",
    },
    {
        "name": "Junge Menschen ohne anerkannte Zeugnisse",
        "description": "Junge Menschen, deren Schulbildung und Berufserfahrung nicht durch anerkannte Nachweise belegt ist.",
    },
]

# kind: a value of network.models.Organisation.Kind
ORGANISATIONS = [
    {
        "name": "Kommunales Integrationszentrum Talstadt (fiktiv)",
        "kind": "ki",
        "description": "Führt die Geschäftsstelle des Netzwerks, lädt zu Workshops und Ideenwerkstätten ein und koordiniert das Teilhabemanagement.",
        "website": "https://ki-talstadt.example.org",
        "building_blocks": ["F5", "F6"],
        "in_core_group": True,
    },
    {
        "name": "Jobcenter Talstadt (fiktiv)",
        "kind": "job_centre",
        "description": "Berät und fördert junge Geflüchtete im Leistungsbezug nach dem SGB II.",
        "website": "https://jobcenter-talstadt.example.org",
        "building_blocks": ["F1", "F2"],
        "in_core_group": True,
    },
    {
        "name": "Agentur für Arbeit Talstadt (fiktiv)",
        "kind": "employment_agency",
        "description": "Berufsberatung, Ausbildungsvermittlung und Förderinstrumente wie die Assistierte Ausbildung.",
        "website": "https://arbeitsagentur-talstadt.example.org",
        "building_blocks": ["F2", "F4"],
        "in_core_group": True,
    },
    {
        "name": "IHK Talstadt (fiktiv)",
        "kind": "chamber",
        "description": "Ausbildungsberatung für Betriebe aus Industrie, Handel und Dienstleistung; vermittelt Praktikums- und Ausbildungsplätze.",
        "website": "https://ihk-talstadt.example.org",
        "building_blocks": ["F2"],
        "in_core_group": True,
    },
    {
        "name": "Kreishandwerkerschaft Talstadt (fiktiv)",
        "kind": "chamber",
        "description": "Vertritt die Innungen des Handwerks und bringt Betriebe mit Ausbildungsplätzen ins Netzwerk.",
        "website": "https://kreishandwerkerschaft-talstadt.example.org",
        "building_blocks": ["F2", "F4"],
        "in_core_group": False,
    },
    {
        "name": "Berufskolleg am Talblick (fiktiv)",
        "kind": "vocational_college",
        "description": "Berufsschule mit internationalen Förderklassen und ausbildungsbegleitendem Deutschunterricht.",
        "website": "https://bk-talblick.example.org",
        "building_blocks": ["F2", "F3"],
        "in_core_group": True,
    },
    {
        "name": "Weiterbildungskolleg Talstadt (fiktiv)",
        "kind": "school",
        "description": "Abendrealschule und Abendgymnasium: Schulabschlüsse für Erwachsene, auch in Teilzeit.",
        "website": "https://wbk-talstadt.example.org",
        "building_blocks": ["F3"],
        "in_core_group": False,
    },
    {
        "name": "Bildungswerk Talblick (fiktiv)",
        "kind": "provider",
        "description": "Bildungsträger mit Coaching, Berufsvorbereitung und Sprachkursen für junge Erwachsene.",
        "website": "https://bildungswerk-talblick.example.org",
        "building_blocks": ["F1", "F4"],
        "in_core_group": False,
    },
    {
        "name": "Volkshochschule Talstadt (fiktiv)",
        "kind": "provider",
        "description": "Integrations- und Berufssprachkurse, Grundbildung und Vorbereitung auf externe Schulabschlussprüfungen.",
        "website": "https://vhs-talstadt.example.org",
        "building_blocks": ["F3", "F4"],
        "in_core_group": False,
    },
    {
        "name": "Jugendmigrationsdienst Talstadt (fiktiv)",
        "kind": "youth_migration_service",
        "description": "Begleitet junge Zugewanderte bis 27 Jahre individuell bei Schule, Ausbildung und Beruf.",
        "website": "https://jmd-talstadt.example.org",
        "building_blocks": ["F1", "F6"],
        "in_core_group": True,
    },
    {
        "name": "Brückenschlag – Verein der Migrantinnen und Migranten Talstadt (fiktiv)",
        "kind": "migrant_organisation",
        "description": "Migrantenorganisation mit Lernpatenschaften, Elterncafé und Beratung in mehreren Sprachen.",
        "website": "https://brueckenschlag-talstadt.example.org",
        "building_blocks": ["F4", "F6"],
        "in_core_group": False,
    },
    {
        "name": "Flüchtlingsberatung Talstadt e. V. (fiktiv)",
        "kind": "ngo",
        "description": "Unabhängige Beratung zu Asylverfahren, Duldung und Beschäftigungserlaubnis.",
        "website": "https://fluechtlingsberatung-talstadt.example.org",
        "building_blocks": ["F6"],
        "in_core_group": False,
    },
    {
        "name": "Ausbildungspaten Talstadt e. V. (fiktiv)",
        "kind": "ngo",
        "description": "Ehrenamtliche Mentorinnen und Mentoren begleiten Auszubildende durch Berufsschule und Betrieb.",
        "website": "https://ausbildungspaten-talstadt.example.org",
        "building_blocks": ["F1", "F2"],
        "in_core_group": False,
    },
    {
        "name": "Frauenzentrum Talstadt (fiktiv)",
        "kind": "ngo",
        "description": "Offener Treffpunkt und Kurse für Frauen, mit Kinderbetreuung während der Angebote.",
        "website": "https://frauenzentrum-talstadt.example.org",
        "building_blocks": ["F4"],
        "in_core_group": False,
    },
    {
        "name": "Ausländerbehörde Talstadt (fiktiv)",
        "kind": "immigration_office",
        "description": "Entscheidet über Aufenthaltstitel, Ausbildungsduldungen und Beschäftigungserlaubnisse.",
        "website": "https://auslaenderbehoerde-talstadt.example.org",
        "building_blocks": [],
        "in_core_group": True,
    },
    {
        "name": "Jugendamt der Stadt Talstadt (fiktiv)",
        "kind": "other",
        "description": "Jugendhilfe und Jugendberufshilfe der Stadt, zuständig für junge Volljährige in Hilfen nach dem SGB VIII.",
        "website": "https://jugendamt-talstadt.example.org",
        "building_blocks": ["F1", "F6"],
        "in_core_group": False,
    },
]

KI = "Kommunales Integrationszentrum Talstadt (fiktiv)"

# Public contacts shown on the network page; identified by name and organisation.
CONTACT_PERSONS = [
    {
        "name": "Lena Brückner",
        "role": "Netzwerkkoordination",
        "organisation": KI,
        "email": "l.brueckner@ki-talstadt.example.org",
        "phone": "0000 12345-10",
        "sort_order": 1,
    },
    {
        "name": "Yusuf Demir",
        "role": "Teilhabemanager",
        "organisation": KI,
        "email": "y.demir@ki-talstadt.example.org",
        "phone": "0000 12345-21",
        "sort_order": 2,
    },
    {
        "name": "Sabine Wolters",
        "role": "Teilhabemanagerin",
        "organisation": KI,
        "email": "s.wolters@ki-talstadt.example.org",
        "phone": "0000 12345-22",
        "sort_order": 3,
    },
    {
        "name": "Thomas Riedel",
        "role": "Sprecher der Bündniskerngruppe",
        "organisation": "Jobcenter Talstadt (fiktiv)",
        "email": "t.riedel@jobcenter-talstadt.example.org",
        "phone": "0000 23456-30",
        "sort_order": 4,
    },
    {
        "name": "Aylin Kaya",
        "role": "Beraterin im Jugendmigrationsdienst",
        "organisation": "Jugendmigrationsdienst Talstadt (fiktiv)",
        "email": "a.kaya@jmd-talstadt.example.org",
        "phone": "0000 34567-12",
        "sort_order": 5,
    },
]

# --- pages ------------------------------------------------------------------------------------------

HOME_PAGE = {
    "title": "Netzwerkstatt",
    "slug": "start",
    "intro": (
        "Netzwerkstatt ist das kommunale Kooperationsnetzwerk in Talstadt (fiktiv), das junge "
        "Geflüchtete zwischen 18 und 27 Jahren auf ihrem Weg in Ausbildung und Arbeit begleitet. "
        "Jugendhilfe, Jobcenter, Arbeitsagentur, Kammern, Berufskolleg, Ausländerbehörde, "
        "Migrantenorganisationen und Beratungsstellen arbeiten hier zusammen."
    ),
    "body": [
        heading("So arbeiten wir"),
        paragraph(
            "<ol>"
            "<li>Im <b>Auftaktworkshop</b> haben rund 60 Fachleute die Bedarfe der jungen Menschen "
            "und die Angebotslücken in Talstadt gesammelt.</li>"
            "<li>In kleineren <b>Ideenwerkstätten</b> arbeiten wir an den wichtigsten Themen weiter "
            "und entwickeln Konzeptentwürfe.</li>"
            "<li>Die Redaktion macht daraus <b>Konzeptpapiere</b>; die Bündniskerngruppe prüft sie, "
            "bevor sie veröffentlicht werden.</li>"
            "<li>In einem <b>Interessenbekundungsverfahren</b> können Träger Maßnahmen vorschlagen, "
            "die die Konzepte umsetzen.</li>"
            "</ol>"
        ),
        heading("Mitmachen"),
        paragraph(
            "<p>Sie arbeiten in einer Einrichtung in Talstadt und möchten mitwirken? Die Geschäftsstelle "
            "im Kommunalen Integrationszentrum freut sich über Ihre Nachricht.</p>"
        ),
    ],
}

NETWORK_PAGE = {
    "title": "Das Netzwerk",
    "slug": "netzwerk",
    "intro": (
        "<p>Im Netzwerk arbeiten kommunale Ämter, Arbeitsverwaltung, Kammern, Schulen, Bildungsträger, "
        "Migrantenorganisationen und Beratungsstellen aus Talstadt (fiktiv) zusammen. Das Kommunale "
        "Integrationszentrum führt die Geschäftsstelle; die <b>Bündniskerngruppe</b> berät es bei "
        "Entscheidungen, prüft Konzeptpapiere und gibt Empfehlungen zu Maßnahmen.</p>"
    ),
}

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
        "participant_count": 62,
        "capacity": 80,
        "registration_open": False,
        "outcome": (
            "<p>62 Teilnehmende aus 24 Einrichtungen haben an sechs Thementischen gearbeitet. "
            "Die Punktabfrage hat sechs Themen für die Ideenwerkstätten ergeben.</p>"
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

# Plain content pages under the home page, in footer order.
CONTENT_PAGES = [
    {
        "title": "Impressum",
        "slug": "impressum",
        "intro": "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG). Dies ist eine Demo-Website mit fiktiven Angaben.",
        "body": [
            heading("Anbieter"),
            paragraph(
                "<p>Stadt Talstadt (fiktiv)<br/>Kommunales Integrationszentrum – Geschäftsstelle Netzwerkstatt<br/>"
                "Rathausplatz 1<br/>00000 Talstadt</p>"
            ),
            heading("Kontakt"),
            paragraph("<p>Telefon: 0000 12345-0<br/>E-Mail: netzwerkstatt@ki-talstadt.example.org</p>"),
            heading("Verantwortlich für den Inhalt"),
            paragraph("<p>Lena Brückner, Netzwerkkoordination (Anschrift wie oben)</p>"),
        ],
    },
    {
        "title": "Datenschutz",
        "slug": "datenschutz",
        "intro": "Wie Netzwerkstatt mit Daten umgeht – kurz und verständlich.",
        "body": [
            heading("Keine personenbezogenen Daten der jungen Menschen"),
            paragraph(
                "<p>Die Boards in Workshops und Ideenwerkstätten enthalten zusammengefasste fachliche Beobachtungen "
                "der Netzwerkmitglieder – niemals personenbezogene Daten der jungen Menschen. Namen, Geburtsdaten, "
                "Aufenthaltsstatus oder Fallgeschichten einzelner Personen gehören nicht auf ein Board. Die "
                "Eingabeformulare weisen darauf hin.</p>"
            ),
            heading("Daten der Netzwerkmitglieder"),
            paragraph(
                "<p>Für ein Konto speichern wir Name, E-Mail-Adresse und Organisation. Beiträge können unter dem "
                "Namen der Organisation erscheinen; intern bleibt nachvollziehbar, wer sie verfasst hat. Jedes "
                "Mitglied kann seine Daten exportieren und löschen.</p>"
            ),
            heading("Keine Dienste Dritter"),
            paragraph(
                "<p>Die Website lädt keine Schriften, Skripte oder Statistikdienste von anderen Servern und setzt "
                "nur die für die Anmeldung nötigen Cookies.</p>"
            ),
            heading("Verantwortliche Stelle"),
            paragraph("<p>Stadt Talstadt (fiktiv), Kommunales Integrationszentrum, Rathausplatz 1, 00000 Talstadt.</p>"),
        ],
    },
    {
        "title": "Erklärung zur Barrierefreiheit",
        "slug": "barrierefreiheit",
        "intro": "Die Stadt Talstadt (fiktiv) ist bemüht, diese Website barrierefrei zugänglich zu machen.",
        "body": [
            heading("Stand der Vereinbarkeit"),
            paragraph(
                "<p>Diese Website soll die Anforderungen der WCAG 2.1 auf Stufe AA erfüllen. Alle Funktionen der "
                "Boards sind auch mit der Tastatur bedienbar; neue Karten werden für Screenreader angekündigt.</p>"
            ),
            heading("Barriere melden"),
            paragraph(
                "<p>Ist Ihnen eine Barriere aufgefallen? Schreiben Sie uns an "
                "netzwerkstatt@ki-talstadt.example.org oder rufen Sie an: 0000 12345-0.</p>"
            ),
            heading("Schlichtungsverfahren"),
            paragraph(
                "<p>Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die Schlichtungsstelle "
                "nach dem Behindertengleichstellungsrecht Ihres Landes wenden.</p>"
            ),
        ],
    },
    {
        "title": "Leichte Sprache",
        "slug": "leichte-sprache",
        "intro": "Hier erklären wir in Leichter Sprache, was die Netzwerkstatt ist.",
        "body": [
            heading("Was ist die Netzwerkstatt?"),
            paragraph(
                "<p>Die Netzwerkstatt ist eine Gruppe.<br/>In der Gruppe sind viele Stellen aus der Stadt Talstadt.<br/>"
                "Zum Beispiel: das Jobcenter, Schulen und Vereine.</p>"
            ),
            heading("Für wen ist die Netzwerkstatt?"),
            paragraph(
                "<p>Für junge Menschen.<br/>Sie sind 18 bis 27 Jahre alt.<br/>Sie sind nach Deutschland geflüchtet.</p>"
            ),
            heading("Was macht die Netzwerkstatt?"),
            paragraph(
                "<p>Wir helfen jungen Menschen.<br/>Sie sollen eine Ausbildung machen können.<br/>"
                "Oder eine Arbeit finden.</p>"
                "<p>Dafür treffen sich die Stellen.<br/>Sie sprechen darüber: Was brauchen die jungen Menschen?<br/>"
                "Was fehlt noch in Talstadt?</p>"
            ),
            heading("Wie können Sie uns erreichen?"),
            paragraph("<p>Rufen Sie an: 0000 12345-0.<br/>Oder schreiben Sie eine E-Mail: netzwerkstatt@ki-talstadt.example.org</p>"),
        ],
    },
]

SITE_SETTINGS = {
    "organisation_name": "Kommunales Integrationszentrum Talstadt (fiktiv) – Geschäftsstelle Netzwerkstatt",
    "contact_email": "netzwerkstatt@ki-talstadt.example.org",
    "contact_phone": "0000 12345-0",
    "address": "Rathausplatz 1\n00000 Talstadt (fiktiv)",
}
# (link label, slug of a content page)
FOOTER_LINKS = [
    ("Impressum", "impressum"),
    ("Datenschutz", "datenschutz"),
    ("Barrierefreiheit", "barrierefreiheit"),
    ("Leichte Sprache", "leichte-sprache"),
]

# --- demo users (created only when settings.DEBUG is True) ----------------------------------------

DEMO_PASSWORD = "demo1234"

DEMO_USERS = [
    {
        "username": "mitglied1",
        "first_name": "Aylin",
        "last_name": "Kaya",
        "role": "Netzwerkmitglied",
        "groups": [roles.MEMBER],
        "organisation": "Jugendmigrationsdienst Talstadt (fiktiv)",
    },
    {
        "username": "mitglied2",
        "first_name": "Jonas",
        "last_name": "Berger",
        "role": "Netzwerkmitglied",
        "groups": [roles.MEMBER],
        "organisation": "Bildungswerk Talblick (fiktiv)",
    },
    {
        "username": "moderation",
        "first_name": "Lena",
        "last_name": "Brückner",
        "role": "Moderation",
        "groups": [roles.FACILITATOR, roles.MEMBER],
        "organisation": KI,
    },
    {
        "username": "redaktion",
        "first_name": "Tobias",
        "last_name": "Lange",
        "role": "Redaktion",
        "groups": [roles.EDITOR, roles.MEMBER],
        "organisation": KI,
    },
    {
        "username": "kerngruppe",
        "first_name": "Thomas",
        "last_name": "Riedel",
        "role": "Bündniskerngruppe",
        "groups": [roles.CORE_GROUP, roles.MEMBER],
        "organisation": "Jobcenter Talstadt (fiktiv)",
    },
    {
        "username": "admin",
        "first_name": "Sam",
        "last_name": "Verwalter",
        "role": "Administration (alle Rechte)",
        "groups": [],
        "organisation": KI,
        "superuser": True,
    },
]

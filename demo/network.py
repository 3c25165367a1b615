"""The demo network: building blocks F1–F6, target groups, organisations, contact persons, the network page.

Everything is fictional: the city "Talstadt (fiktiv)", its organisations and
the people in it. Addresses use the postcode 00000, phone numbers start with
0000, websites and email addresses live under example.org.
"""
from demo.common import ensure_page
from network.models import BuildingBlock, ContactPerson, NetworkPage, Organisation, TargetGroup

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
    # Took part in the kick-off workshop (demo/workshops.py, its attending organisations).
    {
        "name": "Gesamtschule Talstadt-Nord (fiktiv)",
        "kind": "school",
        "description": "Internationale Förderklassen für neu zugewanderte Jugendliche bis 18 Jahre.",
        "website": "https://gesamtschule-nord-talstadt.example.org",
        "building_blocks": ["F3"],
        "in_core_group": False,
    },
    {
        "name": "Handwerkskammer Talstadt (fiktiv)",
        "kind": "chamber",
        "description": "Ausbildungsberatung im Handwerk und Willkommenslotsen für Betriebe.",
        "website": "https://hwk-talstadt.example.org",
        "building_blocks": ["F1", "F5"],
        "in_core_group": False,
    },
    {
        "name": "Caritasverband Talstadt (fiktiv)",
        "kind": "ngo",
        "description": "Migrationsberatung für Erwachsene und psychosoziale Beratung für Geflüchtete.",
        "website": "https://caritas-talstadt.example.org",
        "building_blocks": ["F1"],
        "in_core_group": False,
    },
    {
        "name": "Diakonie Talstadt (fiktiv)",
        "kind": "ngo",
        "description": "Schuldner- und Sozialberatung, Sprachcafé und ehrenamtliche Begleitung.",
        "website": "https://diakonie-talstadt.example.org",
        "building_blocks": ["F4"],
        "in_core_group": False,
    },
    {
        "name": "Werkstatt Zukunft gGmbH (fiktiv)",
        "kind": "provider",
        "description": "Berufsvorbereitung und Produktionsschule mit Werkstätten für Holz, Metall und Gastronomie.",
        "website": "https://werkstatt-zukunft.example.org",
        "building_blocks": ["F2", "F4"],
        "in_core_group": False,
    },
    {
        "name": "Sprachinstitut Talstadt (fiktiv)",
        "kind": "provider",
        "description": "Integrations- und Berufssprachkurse, auch am Abend und am Wochenende.",
        "website": "https://sprachinstitut-talstadt.example.org",
        "building_blocks": ["F2"],
        "in_core_group": False,
    },
    {
        "name": "Stadtbibliothek Talstadt (fiktiv)",
        "kind": "other",
        "description": "Lernzentrum mit Sprachlernangeboten und offenen Lernplätzen mit WLAN.",
        "website": "https://stadtbibliothek-talstadt.example.org",
        "building_blocks": ["F4"],
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


def ensure_building_blocks(tally):
    blocks = {}
    for data in BUILDING_BLOCKS:
        blocks[data["code"]], created = BuildingBlock.objects.get_or_create(code=data["code"], defaults=data)
        tally.note("building blocks", created)
    return blocks


def ensure_target_groups(tally):
    groups = {}
    for data in TARGET_GROUPS:
        groups[data["name"]], created = TargetGroup.objects.get_or_create(name=data["name"], defaults=data)
        tally.note("target groups", created)
    return groups


def ensure_organisations(tally, blocks):
    organisations = {}
    for data in ORGANISATIONS:
        fields = {key: value for key, value in data.items() if key != "building_blocks"}
        organisation, created = Organisation.objects.get_or_create(name=data["name"], defaults=fields)
        if created:
            organisation.building_blocks.set([blocks[code] for code in data["building_blocks"]])
        organisations[data["name"]] = organisation
        tally.note("organisations", created)
    return organisations


def ensure_contact_persons(tally, organisations):
    for data in CONTACT_PERSONS:
        fields = {**data, "organisation": organisations[data["organisation"]]}
        _person, created = ContactPerson.objects.get_or_create(
            name=fields["name"], organisation=fields["organisation"], defaults=fields
        )
        tally.note("contact persons", created)


def ensure_network_page(tally, home):
    data = NETWORK_PAGE
    return ensure_page(tally, "network page", home, NetworkPage, data["slug"], lambda: NetworkPage(**data))


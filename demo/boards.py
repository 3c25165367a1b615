"""Demo boards for `manage.py load_demo`: the finished boards of the kick-off workshop and of a past idea lab
(one of whose needs the kick-off named before, marked as the same topic), and a live idea-lab board.

Everything here is fictional, like the rest of the demo (demo/):
organisations are the demo's "(fiktiv)" ones, the people named on paper cards
are the demo's fictional facilitators and contacts, and no card holds personal
data of the young people, only aggregated, professional observations.

The boards are written the way a real session writes them: every card, link,
comment, cluster, merge, dot and phase change goes through
the board operations (ideas/board/operations/, so each one is an event in the board's log); only
the Board row itself is created directly, as the admin does. The kick-off
and the past idea lab's boards are played through collect → reveal → cluster → vote → closed; the
upcoming idea lab's board stays in collect, open for members to post.

The cards are written by the demo users (demo/users.DEMO_USERS), which
exist only in development; `load_demo_boards` skips a board whose authors are
missing. Running it again changes nothing: a board that is already there
(same workshop and title, or holding the demo's first card) is left alone, and
cards have fixed client ids.
"""
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from ideas.board import operations as ops
from ideas.models import Board, Card, CardLink, Cluster, Comment, Vote
from network.models import BuildingBlock, Organisation, TargetGroup

# Client ids of demo cards: uuid5(NAMESPACE, "<board key>/<card key>"), the same on every run.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://netzwerkstatt.example.org/demo/boards")

FACILITATOR = "moderation"  # Lena Brückner, KI: runs both boards and types in the paper cards

# Organisations (demo/network.ORGANISATIONS) of people who wrote on paper.
AUSLAENDERBEHOERDE = "Ausländerbehörde Talstadt (fiktiv)"
BERUFSKOLLEG = "Berufskolleg am Talblick (fiktiv)"
FRAUENZENTRUM = "Frauenzentrum Talstadt (fiktiv)"
IHK = "IHK Talstadt (fiktiv)"
KREISHANDWERKERSCHAFT = "Kreishandwerkerschaft Talstadt (fiktiv)"
WEITERBILDUNGSKOLLEG = "Weiterbildungskolleg Talstadt (fiktiv)"

# Target groups (demo/network.TARGET_GROUPS).
GEDULDET = "Geduldete junge Geflüchtete"
GESTATTET = "Gestattete junge Geflüchtete"
FRAUEN = "Junge Frauen"
MUETTER = "Junge Mütter"
AZUBIS = "Auszubildende mit Sprachförderbedarf"
OHNE_ZEUGNISSE = "Junge Menschen ohne anerkannte Zeugnisse"

PHASES = [Board.Phase.COLLECT, Board.Phase.REVEAL, Board.Phase.CLUSTER, Board.Phase.VOTE, Board.Phase.CLOSED]


def card(kind, key, by, text, *, block=None, group=None, tags=(), organisation_only=False, on_behalf=None):
    """One demo card. `by` is a demo username; on_behalf=(name, organisation) makes it a paper card
    the facilitator typed in for someone without a device."""
    return {
        "kind": kind, "key": key, "by": FACILITATOR if on_behalf else by, "text": text, "block": block,
        "group": group, "tags": list(tags), "organisation_only": organisation_only, "on_behalf": on_behalf,
    }


def need(key, by, text, **fields):
    return card(Card.Kind.NEED, key, by, text, **fields)


def gap(key, by, text, **fields):
    return card(Card.Kind.GAP, key, by, text, **fields)


def draft(key, by, text, **fields):
    return card(Card.Kind.DRAFT, key, by, text, **fields)


# --- the kick-off workshop (March 2019): finished, published ----------------------------------------

KICKOFF_BOARD = {
    "key": "auftakt-2019",
    "workshop": "auftaktworkshop",
    "title": "Bedarfe, Angebotslücken und erste Konzeptideen",
    "prompt": (
        "Was brauchen junge Geflüchtete (18–27 Jahre, viele mit Duldung oder Aufenthaltsgestattung) in "
        "Talstadt auf dem Weg in Ausbildung und Arbeit – welche Angebote fehlen dafür, und wie könnten "
        "wir die Lücken schließen? Eine Karte pro Gedanke, bitte ohne Namen oder persönliche Daten der "
        "jungen Menschen."
    ),
    "visibility": Board.Visibility.PUBLIC,
    "silent_collect": True,
    "vote_budget": 5,
    "phase": Board.Phase.CLOSED,
    "cards": [
        # Needs (Bedarfe)
        need("fachsprache", "mitglied2",
             "Fachsprache für Berufsschule und Abschlussprüfung: Alltagsdeutsch auf B1 reicht für die "
             "Prüfungsaufgaben etwa in Kfz-Technik, Pflege oder Elektro oft nicht aus.",
             block="F2", group=AZUBIS, tags=["Sprache", "Ausbildung"]),
        need("fachsprache-2", "mitglied1",
             "Deutsch für die Berufsschule neben der Ausbildung – das Problem sind die Fachbegriffe, "
             "nicht der Alltag.",
             block="F2", group=AZUBIS, tags=["Sprache"]),
        need("ansprechperson", "mitglied1",
             "Eine feste Ansprechperson, die über Zuständigkeitswechsel hinweg begleitet: vom Sozialamt "
             "zum Jobcenter, von der Jugendhilfe in die Volljährigkeit.",
             block="F6", tags=["Beratung"]),
        need("aufenthalt-info", "mitglied1",
             "Verlässliche und verständliche Information zu Duldung, Ausbildungsduldung und "
             "Beschäftigungsduldung – viele wissen nicht, welche Wege ihnen offenstehen.",
             block="F6", group=GEDULDET, tags=["Aufenthaltsrecht", "Beratung"]),
        need("beschaeftigungserlaubnis", "mitglied1",
             "Eine Entscheidung über die Beschäftigungserlaubnis, bevor der Ausbildungsbeginn am "
             "1. August verstreicht und der Betrieb den Platz anders vergibt.",
             block="F6", group=GEDULDET, tags=["Aufenthaltsrecht", "Ausbildung"]),
        need("kinderbetreuung", "",
             "Kinderbetreuung während der Kurszeiten – ohne sie können junge Mütter weder Sprach- noch "
             "Vorbereitungskurse besuchen.",
             block="F4", group=MUETTER, tags=["Kinderbetreuung", "Frauen"],
             on_behalf=("Mariam Yousef", FRAUENZENTRUM)),
        need("mobilitaet", "mitglied2",
             "Fahrtkosten zu Kurs, Berufsschule und Praktikumsbetrieb: Ein Monatsticket kostet mehr, als "
             "im Regelsatz dafür vorgesehen ist.",
             block="F4", tags=["Mobilität"]),
        need("schulabschluss", "mitglied2",
             "Einen Hauptschulabschluss nachholen können, auch mit 19 oder 23 – wer nicht mehr "
             "schulpflichtig ist, fällt durch das Raster.",
             block="F3", group=OHNE_ZEUGNISSE, tags=["Schulabschluss"]),
        need("kompetenzen", "kerngruppe",
             "Zeigen können, was man kann: Viele haben im Herkunftsland jahrelang in Werkstätten oder auf "
             "dem Bau gearbeitet, aber keinen Nachweis darüber.",
             block="F4", group=OHNE_ZEUGNISSE, tags=["Kompetenzen"]),
        need("mentoring", "mitglied1",
             "Jemand, der im ersten Ausbildungsjahr regelmäßig nachfragt: Wie läuft es im Betrieb? Wo "
             "hakt es in der Berufsschule?",
             block="F1", group=AZUBIS, tags=["Mentoring", "Ausbildung"]),
        need("praktikum", "kerngruppe",
             "Praktika, um Berufe kennenzulernen, bevor man sich für eine Ausbildung entscheidet – das "
             "duale System ist vielen unbekannt.",
             block="F1", group=GESTATTET, tags=["Arbeitgeber", "Ausbildung"]),
        need("stabilitaet", "mitglied1",
             "Stabilität: Fluchterfahrungen, die Trennung von der Familie und eine unsichere "
             "Bleibeperspektive wirken sich auf Konzentration und Durchhalten aus.",
             block="F1", tags=["Gesundheit"], organisation_only=True),
        need("lernort", "mitglied2",
             "Ein ruhiger Ort zum Lernen: In Gemeinschaftsunterkünften ist es kaum möglich, sich auf "
             "Berufsschule oder Prüfung vorzubereiten.",
             tags=["Wohnen", "Ausbildung"]),
        need("junge-frauen", "redaktion",
             "Angebote, die junge Frauen direkt ansprechen – in ihrer Sprache, an Orten, die sie kennen, "
             "mit Frauen als Ansprechpartnerinnen.",
             block="F6", group=FRAUEN, tags=["Frauen"]),
        need("geld", "kerngruppe",
             "Finanzielle Sicherheit während der Ausbildung: Die Vergütung liegt oft unter den bisherigen "
             "Leistungen, Berufsausbildungsbeihilfe und Aufstockung sind schwer zu durchschauen.",
             block="F1", tags=["Finanzierung", "Ausbildung"], organisation_only=True),
        need("digital", "mitglied2",
             "Digitale Grundkenntnisse und ein Gerät: Bewerbungen, die Lernplattform der Berufsschule und "
             "Online-Termine setzen ein Notebook und Übung voraus.",
             block="F4", tags=["Digitales"]),
        need("betriebe-sicherheit", "",
             "Betriebe brauchen Planungssicherheit: Wie lange darf mein Azubi bleiben, und wen rufe ich an, "
             "wenn es mit dem Aufenthalt Probleme gibt?",
             block="F6", group=GEDULDET, tags=["Arbeitgeber", "Aufenthaltsrecht"],
             on_behalf=("Peter Lindner", KREISHANDWERKERSCHAFT)),
        # Service gaps (Angebotslücken)
        gap("sprachkurs-abends", "mitglied2",
            "Kein ausbildungsbegleitender Sprachkurs am Nachmittag oder Abend – die Berufssprachkurse "
            "finden vormittags statt, wenn Auszubildende im Betrieb sind.",
            block="F2", group=AZUBIS, tags=["Sprache", "Ausbildung"]),
        gap("kita-plaetze", "mitglied1",
            "Kurse mit Kinderbetreuung gibt es nur im Frauenzentrum: zwölf Plätze und eine lange Warteliste.",
            block="F4", group=MUETTER, tags=["Kinderbetreuung"]),
        gap("kompetenzfeststellung", "kerngruppe",
            "Keine Kompetenzfeststellung für junge Menschen ohne anerkannte Zeugnisse; die üblichen "
            "Verfahren setzen schriftliche Tests auf Deutsch voraus.",
            block="F4", group=OHNE_ZEUGNISSE, tags=["Kompetenzen"]),
        gap("praktikumsplaetze", "",
            "Zu wenige Praktikumsplätze bei Betrieben, die Erfahrung mit Geflüchteten haben – und keine "
            "Stelle, die Betriebe und junge Menschen zusammenbringt.",
            block="F1", tags=["Arbeitgeber"], on_behalf=("Claudia Hensel", IHK)),
        gap("lotse-arbeitserlaubnis", "mitglied1",
            "Niemand lotst durch das Verfahren zur Beschäftigungserlaubnis: Anträge kommen unvollständig "
            "an, Rückfragen dauern Wochen.",
            block="F6", group=GEDULDET, tags=["Aufenthaltsrecht"], organisation_only=True),
        gap("ticket", "mitglied2",
            "Kein vergünstigtes Ticket für Kursteilnehmende ohne Leistungsbezug; Fahrtkosten werden erst "
            "nachträglich und nicht bei jeder Maßnahme erstattet.",
            block="F4", group=GESTATTET, tags=["Mobilität"]),
        gap("abendrealschule", "",
            "Die Abendrealschule setzt Deutsch auf B2 und feste Präsenzzeiten voraus – für Berufstätige "
            "und junge Mütter kaum machbar; ein Vorkurs fehlt.",
            block="F3", group=OHNE_ZEUGNISSE, tags=["Schulabschluss", "Sprache"],
            on_behalf=("Birgit Hahn", WEITERBILDUNGSKOLLEG)),
        gap("rechtskreiswechsel", "kerngruppe",
            "Beim Wechsel vom Asylbewerberleistungsgesetz ins SGB II reißt die Begleitung ab: Absprachen "
            "und Förderpläne gehen verloren.",
            block="F6", tags=["Beratung"], organisation_only=True),
        gap("ausbildungspaten", "mitglied1",
            "Die Ausbildungspaten haben mehr Anfragen als Ehrenamtliche – über 30 Auszubildende stehen "
            "auf der Warteliste.",
            block="F1", group=AZUBIS, tags=["Mentoring"]),
        gap("psychosozial", "redaktion",
            "Psychosoziale Beratung in der Muttersprache: Die Wartezeit beim psychosozialen Zentrum liegt "
            "bei über sechs Monaten.",
            block="F1", tags=["Gesundheit"]),
        gap("frauen-angebote", "redaktion",
            "Kaum Angebote, die junge Frauen gezielt ansprechen; gemischte Kurse am Abend werden von "
            "vielen nicht besucht.",
            block="F4", group=FRAUEN, tags=["Frauen"]),
        gap("lernraeume", "mitglied2",
            "Keine offenen Lernräume mit WLAN am Nachmittag und Abend; die Stadtbibliothek schließt um "
            "18 Uhr und ist samstags zu.",
            block="F2", tags=["Wohnen", "Digitales"]),
        gap("betriebe-ansprechstelle", "kerngruppe",
            "Betriebe finden keine zentrale Ansprechstelle für Fragen zu Ausbildungsduldung und "
            "Beschäftigungserlaubnis.",
            block="F6", tags=["Arbeitgeber", "Aufenthaltsrecht"]),
        # Concept drafts (Konzeptentwürfe)
        draft("fachsprachkurs", "mitglied2",
              "Ausbildungsbegleitender Fachsprachkurs am Berufskolleg: zweimal pro Woche nachmittags, mit "
              "den Betrieben abgestimmt, im letzten Ausbildungsjahr mit Prüfungsvorbereitung.",
              block="F2", group=AZUBIS, tags=["Sprache", "Ausbildung"]),
        draft("kursbegleitende-betreuung", "",
              "Kursbegleitende Kinderbetreuung als gemeinsamer Pool: geschulte Betreuungskräfte gehen mit in "
              "die Kurse verschiedener Träger; als Modellprojekt aus dem Innovationsfonds.",
              block="F5", group=MUETTER, tags=["Kinderbetreuung", "Frauen"],
              on_behalf=("Mariam Yousef", FRAUENZENTRUM)),
        draft("lotsendienst", "redaktion",
              "Lotsendienst Arbeitserlaubnis im Teilhabemanagement: Checkliste für vollständige Anträge, "
              "feste Ansprechperson in der Ausländerbehörde für Ausbildungsfälle.",
              block="F6", group=GEDULDET, tags=["Aufenthaltsrecht", "Ausbildung"]),
        draft("kompetenzcheck", "kerngruppe",
              "Praktische Kompetenzfeststellung in den Werkstätten der Kreishandwerkerschaft, kombiniert mit "
              "einer Sprachstandsfeststellung an der Volkshochschule – das Ergebnis gilt als Nachweis.",
              block="F4", group=OHNE_ZEUGNISSE, tags=["Kompetenzen", "Arbeitgeber"]),
        draft("praktikumsboerse", "kerngruppe",
              "Praktikumsbörse der Kammern: Betriebe mit Erfahrung melden Plätze, das Teilhabemanagement "
              "bereitet die jungen Menschen vor und bleibt Ansprechpartner für die Betriebe.",
              block="F1", tags=["Arbeitgeber"]),
        draft("teilhabemanagement", FACILITATOR,
              "Teilhabemanagerinnen und -manager als feste Ansprechpersonen über alle Rechtskreise hinweg – "
              "mit verbindlicher Fallübergabe beim Wechsel ins SGB II.",
              block="F6", tags=["Beratung"]),
        draft("mobilitaetsfonds", "mitglied2",
              "Mobilitätsfonds des Netzwerks: Monatstickets für die ersten drei Monate einer Maßnahme, bis "
              "die Erstattung geklärt ist.",
              block="F5", tags=["Mobilität"]),
        draft("vorkurs-abschluss", "mitglied2",
              "Vorkurs „Fit für den Abschluss“ an der Volkshochschule: Deutsch und Mathematik auf "
              "Prüfungsniveau, danach der Hauptschulabschluss in Teilzeit am Weiterbildungskolleg.",
              block="F3", group=OHNE_ZEUGNISSE, tags=["Schulabschluss"]),
        draft("azubi-tandems", "mitglied1",
              "Azubi-Tandems: Auszubildende im dritten Jahr begleiten neue aus derselben Berufsschulklasse, "
              "unterstützt von den Ausbildungspaten.",
              block="F2", group=AZUBIS, tags=["Mentoring", "Ausbildung"]),
        draft("lernwerkstatt", "mitglied2",
              "Lernwerkstatt am Nachmittag im Jugendzentrum: WLAN, Leihgeräte und Hausaufgabenhilfe durch "
              "Lehramtsstudierende.",
              block="F2", tags=["Digitales", "Ausbildung"]),
        draft("frauen-vertrauenspersonen", "redaktion",
              "Junge Frauen über Vertrauenspersonen aus den Migrantenorganisationen ansprechen und Kurse in "
              "vertrauten Räumen anbieten, mit Kinderbetreuung vor Ort.",
              block="F6", group=FRAUEN, tags=["Frauen", "Kinderbetreuung"]),
    ],
    # (from, to): a gap answers a need; a draft addresses a gap or a need. Made by the from-card's author.
    "links": [
        ("sprachkurs-abends", "fachsprache"),
        ("kita-plaetze", "kinderbetreuung"),
        ("kompetenzfeststellung", "kompetenzen"),
        ("praktikumsplaetze", "praktikum"),
        ("lotse-arbeitserlaubnis", "beschaeftigungserlaubnis"),
        ("lotse-arbeitserlaubnis", "aufenthalt-info"),
        ("ticket", "mobilitaet"),
        ("abendrealschule", "schulabschluss"),
        ("rechtskreiswechsel", "ansprechperson"),
        ("ausbildungspaten", "mentoring"),
        ("psychosozial", "stabilitaet"),
        ("frauen-angebote", "junge-frauen"),
        ("lernraeume", "lernort"),
        ("betriebe-ansprechstelle", "betriebe-sicherheit"),
        ("fachsprachkurs", "sprachkurs-abends"),
        ("fachsprachkurs", "fachsprache"),
        ("kursbegleitende-betreuung", "kita-plaetze"),
        ("lotsendienst", "lotse-arbeitserlaubnis"),
        ("lotsendienst", "betriebe-ansprechstelle"),
        ("kompetenzcheck", "kompetenzfeststellung"),
        ("praktikumsboerse", "praktikumsplaetze"),
        ("teilhabemanagement", "rechtskreiswechsel"),
        ("teilhabemanagement", "ansprechperson"),
        ("mobilitaetsfonds", "ticket"),
        ("vorkurs-abschluss", "abendrealschule"),
        ("azubi-tandems", "ausbildungspaten"),
        ("azubi-tandems", "fachsprache-2"),  # moves to the kept card when the duplicate is merged
        ("lernwerkstatt", "lernraeume"),
        ("frauen-vertrauenspersonen", "frauen-angebote"),
    ],
    "comments": [
        ("fachsprache", "kerngruppe",
         "Aus Sicht des Jobcenters: Bei den meisten Ausbildungsabbrüchen im letzten Jahr nannten die Betriebe "
         "die Berufsschule als Grund, nicht die Arbeit im Betrieb."),
        ("fachsprache-2", "mitglied2", "Das ist fast dieselbe Karte wie die zur Fachsprache – zusammenfassen?"),
        ("sprachkurs-abends", "mitglied1",
         "Die Volkshochschule hätte abends Räume; das Berufskolleg wäre für die Azubis aber näher."),
        ("fachsprachkurs", "redaktion",
         "Die Freistellung durch die Betriebe müsste über die Kammern geklärt werden. Die Assistierte "
         "Ausbildung kennen viele Betriebe noch nicht."),
        ("lotse-arbeitserlaubnis", FACILITATOR,
         "Die Ausländerbehörde hat angeboten, in der Ideenwerkstatt zu diesem Thema mitzuarbeiten."),
        ("kinderbetreuung", "mitglied2", "Betrifft auch alleinerziehende Väter, wenn auch seltener."),
        ("kursbegleitende-betreuung", "kerngruppe",
         "Bitte prüfen, ob für Teilnehmende im SGB II die Betreuungskosten als kommunale "
         "Eingliederungsleistung übernommen werden können."),
        ("mobilitaet", "mitglied1",
         "Besonders schwierig bei Praktika im Gewerbegebiet am Stadtrand: Dorthin fährt vor 7 Uhr kein Bus."),
        ("kompetenzcheck", "mitglied2",
         "Das Bildungswerk hat Erfahrung mit Arbeitsproben in Holz und Metall und würde sich beteiligen."),
    ],
    # (kept, merged into it): duplicates the facilitator merged while clustering.
    "merges": [("fachsprache", "fachsprache-2")],
    "clusters": [
        ("Sprache und Lernen neben der Ausbildung", [
            "fachsprache", "lernort", "digital", "sprachkurs-abends", "lernraeume", "fachsprachkurs",
            "lernwerkstatt", "azubi-tandems",
        ]),
        ("Aufenthalt und Arbeitserlaubnis", [
            "aufenthalt-info", "beschaeftigungserlaubnis", "betriebe-sicherheit", "lotse-arbeitserlaubnis",
            "betriebe-ansprechstelle", "lotsendienst",
        ]),
        ("Begleitung und Teilhabemanagement", [
            "ansprechperson", "mentoring", "stabilitaet", "geld", "rechtskreiswechsel", "ausbildungspaten",
            "psychosozial", "teilhabemanagement",
        ]),
        ("Zugänge: Kinderbetreuung, Mobilität, junge Frauen", [
            "kinderbetreuung", "mobilitaet", "junge-frauen", "kita-plaetze", "ticket", "frauen-angebote",
            "kursbegleitende-betreuung", "mobilitaetsfonds", "frauen-vertrauenspersonen",
        ]),
        ("Abschlüsse, Kompetenzen und Betriebe", [
            "schulabschluss", "kompetenzen", "praktikum", "kompetenzfeststellung", "praktikumsplaetze",
            "abendrealschule", "kompetenzcheck", "praktikumsboerse", "vorkurs-abschluss",
        ]),
    ],
    # Each member's own dots (within vote_budget), then the paper dots the facilitator typed in.
    "votes": {
        "mitglied1": [
            "lotsendienst", "lotsendienst", "fachsprache", "teilhabemanagement", "kursbegleitende-betreuung",
        ],
        "mitglied2": ["fachsprachkurs", "fachsprachkurs", "sprachkurs-abends", "kompetenzcheck", "mobilitaetsfonds"],
        "kerngruppe": [
            "praktikumsboerse", "teilhabemanagement", "teilhabemanagement", "rechtskreiswechsel", "fachsprachkurs",
        ],
        "redaktion": [
            "kursbegleitende-betreuung", "kursbegleitende-betreuung", "frauen-vertrauenspersonen",
            "frauen-angebote", "lotsendienst",
        ],
    },
    # People without a device, with the dots they stuck on the paper sheet (within vote_budget each).
    "votes_on_behalf": [
        ("Mariam Yousef", FRAUENZENTRUM, [
            "frauen-vertrauenspersonen", "frauen-vertrauenspersonen", "fachsprachkurs", "kursbegleitende-betreuung",
            "lotsendienst",
        ]),
        ("Peter Lindner", KREISHANDWERKERSCHAFT, [
            "praktikumsboerse", "praktikumsboerse", "kompetenzcheck", "kompetenzcheck", "fachsprachkurs",
        ]),
        ("Claudia Hensel", IHK, [
            "praktikumsboerse", "praktikumsboerse", "kompetenzcheck", "vorkurs-abschluss", "fachsprachkurs",
        ]),
        ("Birgit Hahn", WEITERBILDUNGSKOLLEG, [
            "fachsprachkurs", "fachsprachkurs", "kompetenzcheck", "kursbegleitende-betreuung", "teilhabemanagement",
        ]),
        ("Jonas Albrecht", AUSLAENDERBEHOERDE, [
            "lotsendienst", "lotsendienst", "kursbegleitende-betreuung", "frauen-vertrauenspersonen", "fachsprachkurs",
        ]),
        ("Selin Aksoy", BERUFSKOLLEG, [
            "lotsendienst", "lotsendienst", "kursbegleitende-betreuung", "frauen-vertrauenspersonen",
        ]),
    ],
}


# --- an upcoming idea lab: open, collecting -------------------------------------------------------

IDEA_LAB_BOARD = {
    "key": "ideenwerkstatt-kinderbetreuung",
    "workshop": "kinderbetreuung-fuer-junge-muetter-in-kursen",
    "title": "Vorab sammeln: Was brauchen junge Mütter, um Kurse besuchen zu können?",
    "prompt": (
        "Was hält junge geflüchtete Mütter in Talstadt heute davon ab, einen Sprach- oder Vorbereitungskurs "
        "zu besuchen – und welche Betreuungslösungen kennen Sie schon? Sammeln Sie bis zur Ideenwerkstatt "
        "Bedarfe, Angebotslücken und erste Ideen, eine Karte pro Gedanke, ohne Namen oder persönliche "
        "Daten der jungen Frauen."
    ),
    "visibility": Board.Visibility.MEMBERS,
    "silent_collect": False,
    "vote_budget": 5,
    # Open for guests without an account: `make run` prints the code (load_demo).
    "guest_access": True,
    "phase": Board.Phase.COLLECT,
    "cards": [
        need("betreuung-am-kursort", FACILITATOR,
             "Betreuung direkt am Kursort, damit Mütter ihr Kind nicht vorher quer durch die Stadt bringen müssen.",
             block="F4", group=MUETTER, tags=["Kinderbetreuung"]),
        need("kurszeiten", "mitglied1",
             "Kurszeiten, die zu Kita und Schule passen: Beginn nach dem Bringen, Ende vor dem Abholen, "
             "etwa 8:30 bis 12 Uhr.",
             block="F4", group=MUETTER, tags=["Kinderbetreuung", "Sprache"]),
        need("vertrauen", "",
             "Vertrauen braucht Zeit: Viele Mütter geben ihr Kind nur Betreuerinnen, die sie vorher "
             "kennengelernt haben – eine Eingewöhnung muss eingeplant sein.",
             group=MUETTER, tags=["Kinderbetreuung", "Frauen"], on_behalf=("Mariam Yousef", FRAUENZENTRUM)),
        gap("kosten-ohne-leistungsbezug", "kerngruppe",
            "Für Kursteilnehmerinnen mit Aufenthaltsgestattung ist unklar, wer die Kosten einer "
            "kursbegleitenden Kinderbetreuung übernimmt.",
            block="F4", group=GESTATTET, tags=["Kinderbetreuung", "Finanzierung"], organisation_only=True),
        gap("krippenplaetze", "mitglied2",
            "Für Kinder unter drei Jahren gibt es in Talstadt eine Warteliste von über einem Jahr; "
            "Kurse beginnen aber jedes Quartal.",
            group=MUETTER, tags=["Kinderbetreuung"]),
        draft("kurs-kita", FACILITATOR,
              "Kurs-Kita auf Zeit: eine Betreuungsgruppe in den Räumen des Frauenzentrums, die mehrere "
              "Kursträger gemeinsam nutzen und finanzieren.",
              block="F5", group=MUETTER, tags=["Kinderbetreuung"]),
    ],
    "links": [
        ("krippenplaetze", "betreuung-am-kursort"),
        ("kurs-kita", "krippenplaetze"),
    ],
    "comments": [
        ("kurszeiten", "mitglied2",
         "Unsere Vormittagskurse im Bildungswerk enden um 12:15 Uhr – das ließe sich anpassen."),
    ],
    "merges": [],
    "clusters": [],
    "votes": {},
    "votes_on_behalf": [],
}

# --- an idea lab (May 2019) on language at work: finished, published; one need came up at the kick-off ---

LANGUAGE_LAB_BOARD = {
    "key": "ideenwerkstatt-sprache-2019",
    "workshop": "sprachfoerderung-waehrend-der-ausbildung",
    "title": "Sprache im Betrieb und in der Berufsschule",
    "prompt": (
        "Was brauchen Auszubildende mit Deutsch als Zweitsprache, um Berufsschule und Prüfung zu schaffen – "
        "und was fehlt dafür in Talstadt? Eine Karte pro Gedanke."
    ),
    "visibility": Board.Visibility.PUBLIC,
    "silent_collect": False,
    "vote_budget": 3,
    "phase": Board.Phase.CLOSED,
    "cards": [
        need("fachbegriffe", "mitglied1",
             "Die Prüfungssprache ist das Problem: Auszubildende folgen dem Unterricht, scheitern aber an den "
             "Fachbegriffen der schriftlichen Prüfung.",
             block="F2", group=AZUBIS, tags=["Sprache", "Ausbildung"]),
        need("pruefungszeit", "mitglied2",
             "Mehr Zeit in Zwischen- und Abschlussprüfung (Nachteilsausgleich) für Auszubildende mit Deutsch "
             "als Zweitsprache – bisher entscheidet jede Kammer anders.",
             block="F2", group=AZUBIS, tags=["Sprache", "Prüfung"]),
        need("ausbilder-sprache", FACILITATOR,
             "Ausbilderinnen und Ausbilder wissen oft nicht, wie sie Fachsprache im Betriebsalltag mit "
             "vermitteln können.",
             block="F2", tags=["Sprache", "Arbeitgeber"]),
        gap("kurse-vormittags", "kerngruppe",
            "Berufsbezogene Sprachkurse gibt es in Talstadt nur vormittags, also während der Arbeitszeit im Betrieb.",
            block="F2", group=AZUBIS, tags=["Sprache"], organisation_only=True),
        draft("sprach-tandem", "mitglied1",
              "Tandem aus Ausbilderin und Sprachcoach: Eine Sprachlehrkraft kommt alle zwei Wochen in den "
              "Betrieb und bereitet mit dem Betrieb die Fachtexte der Ausbildung auf.",
              block="F2", group=AZUBIS, tags=["Sprache", "Arbeitgeber"]),
    ],
    "links": [
        ("kurse-vormittags", "fachbegriffe"),
        ("sprach-tandem", "ausbilder-sprache"),
    ],
    # (card here, earlier board's key, card there): the kick-off named this need before.
    "same_topic": [
        ("fachbegriffe", "auftakt-2019", "fachsprache"),
    ],
    "comments": [
        ("pruefungszeit", "kerngruppe", "Die IHK prüft gerade eine einheitliche Regel; wir bringen das ein."),
    ],
    "merges": [],
    "clusters": [],
    "votes": {
        "mitglied1": ["pruefungszeit", "sprach-tandem"],
        "mitglied2": ["fachbegriffe", "pruefungszeit"],
        "kerngruppe": ["sprach-tandem"],
    },
    "votes_on_behalf": [],
}


DEMO_BOARDS = [KICKOFF_BOARD, LANGUAGE_LAB_BOARD, IDEA_LAB_BOARD]


# --- loading --------------------------------------------------------------------------------------


def client_id(board_key, card_key):
    return uuid.uuid5(NAMESPACE, f"{board_key}/{card_key}")


def load_demo_boards(tally, workshops):
    """Load every demo board whose workshop and authors are there; returns why others were skipped.

    `workshops` maps slugs to workshop pages (as load_demo's ensure_workshops returns them);
    `tally` is load_demo's Tally (note(label, created)).
    """
    skipped = []
    for spec in DEMO_BOARDS:
        if reason := load_demo_board(tally, workshops, spec):
            skipped.append(f"Demo board “{spec['title']}” skipped: {reason}")
    return skipped


def load_demo_board(tally, workshops, spec):
    """Create one demo board unless it is there already; returns the reason when it cannot, else None."""
    workshop = workshops.get(spec["workshop"])
    if workshop is None:
        return f"there is no workshop {spec['workshop']!r}."
    existing = existing_board(workshop, spec)
    if existing is not None:
        note_existing(tally, existing, spec)
        return None
    users = demo_users(spec)
    if missing := sorted(set(authors(spec)) - set(users)):
        return f"the demo users {', '.join(missing)} are missing (they are created only when DEBUG is on)."
    try:
        with transaction.atomic():
            DemoBoardWriter(spec, workshop, users).write()
    except ops.BoardError as error:  # e.g. a demo user lost their role; nothing of this board is kept
        return error.message
    note_created(tally, spec)
    return None


def existing_board(workshop, spec):
    """The board from an earlier run: same workshop and title, or (renamed since) holding the first demo card."""
    first_card = client_id(spec["key"], spec["cards"][0]["key"])
    return (
        Board.objects.filter(workshop=workshop)
        .filter(Q(title=spec["title"]) | Q(cards__client_id=first_card))
        .order_by("id").first()
    )


def authors(spec):
    """Every demo user who writes on this board."""
    names = {FACILITATOR}
    names |= {data["by"] for data in spec["cards"]}
    names |= {by for _key, by, _text in spec["comments"]}
    names |= set(spec["votes"])
    return names


def demo_users(spec):
    return {user.username: user for user in get_user_model().objects.filter(username__in=authors(spec))}


class DemoBoardWriter:
    """Plays one board through its phases, every change through a board operation."""

    def __init__(self, spec, workshop, users):
        self.spec = spec
        self.users = users
        self.facilitator = users[FACILITATOR]
        self.board = Board.objects.create(
            workshop=workshop, title=spec["title"], prompt=spec["prompt"], visibility=spec["visibility"],
            silent_collect=spec["silent_collect"], vote_budget=spec["vote_budget"], phase=Board.Phase.COLLECT,
        )
        self.cards = {}  # card key -> Card (id and kind)
        self.blocks = dict(BuildingBlock.objects.values_list("code", "pk"))
        self.groups = dict(TargetGroup.objects.values_list("name", "pk"))

    def write(self):
        self.collect()
        self.mark_same_topics()
        self.advance(Board.Phase.REVEAL)
        self.link_and_comment()
        self.advance(Board.Phase.CLUSTER)
        self.merge_and_cluster()
        self.advance(Board.Phase.VOTE)
        self.vote()
        self.advance(self.spec["phase"])
        if self.spec.get("guest_access"):
            ops.open_guest_access(self.facilitator, self.board.pk)
        return self.board

    def advance(self, phase):
        """Move on to `phase` if the board goes that far."""
        if PHASES.index(phase) <= PHASES.index(self.spec["phase"]):
            ops.set_phase(self.facilitator, self.board.pk, phase=phase)

    def collect(self):
        for data in self.spec["cards"]:
            fields = {
                "client_id": client_id(self.spec["key"], data["key"]),
                "kind": data["kind"], "text": data["text"], "tags": data["tags"],
                "building_block": self.blocks[data["block"]] if data["block"] else None,
                "target_group": self.groups[data["group"]] if data["group"] else None,
                "display": Card.Display.ORGANISATION_ONLY if data["organisation_only"] else Card.Display.NAME,
            }
            if data["on_behalf"]:
                name, organisation = data["on_behalf"]
                fields.update(
                    on_behalf=True, on_behalf_name=name,
                    organisation=Organisation.objects.values_list("pk", flat=True).get(name=organisation),
                )
            change = ops.create_card(self.users[data["by"]], self.board.pk, **fields)
            self.cards[data["key"]] = Card.objects.only("id", "kind", "author").get(pk=change.id)

    def mark_same_topics(self):
        """The cards that name a topic an earlier demo board had (that board is loaded before this one)."""
        for key, earlier_board, earlier_key in self.spec.get("same_topic", ()):
            card = self.cards[key]
            earlier = Card.objects.filter(client_id=client_id(earlier_board, earlier_key)).first()
            if earlier is not None:  # None when the earlier board was skipped
                ops.mark_same_topic(card.author, self.board.pk, card.pk, earlier.pk)

    def link_and_comment(self):
        for source, target in self.spec["links"]:
            from_card, to_card = self.cards[source], self.cards[target]
            ops.link_cards(
                from_card.author, self.board.pk, from_card.pk, to_card=to_card.pk,
                relation=CardLink.relation_for(from_card.kind, to_card.kind),
            )
        for key, by, text in self.spec["comments"]:
            ops.add_comment(self.users[by], self.board.pk, self.cards[key].pk, text=text)

    def merge_and_cluster(self):
        for kept, merged in self.spec["merges"]:
            ops.merge_cards(self.facilitator, self.board.pk, self.cards[kept].pk, other=self.cards[merged].pk)
        for title, keys in self.spec["clusters"]:
            cluster = ops.create_cluster(self.facilitator, self.board.pk, title=title).id
            for key in keys:
                ops.assign_cluster(self.facilitator, self.board.pk, self.cards[key].pk, cluster=cluster)

    def vote(self):
        for username, keys in self.spec["votes"].items():
            for key in keys:
                ops.cast_vote(self.users[username], self.board.pk, self.cards[key].pk)
        for name, organisation, keys in self.spec["votes_on_behalf"]:
            organisation_id = Organisation.objects.values_list("pk", flat=True).get(name=organisation)
            for key in keys:  # typed once; the same name is the same person after that
                ops.cast_vote(self.facilitator, self.board.pk, self.cards[key].pk,
                              proxy_person_name=name, proxy_person_organisation=organisation_id)


# --- the summary ------------------------------------------------------------------------------------


def note_created(tally, spec):
    tally.note("demo boards", True)
    counts = {
        "board cards": len(spec["cards"]),
        "board links": len(spec["links"]),
        "board comments": len(spec["comments"]),
        "board clusters": len(spec["clusters"]),
        "board dots": sum(len(keys) for keys in spec["votes"].values())
        + sum(len(keys) for _name, _organisation, keys in spec["votes_on_behalf"]),
    }
    for label, count in counts.items():
        for _ in range(count):
            tally.note(label, True)


def note_existing(tally, board, spec):
    """What an earlier run left (and what members added since: links, comments, clusters, dots)."""
    tally.note("demo boards", False)
    demo_ids = [client_id(spec["key"], data["key"]) for data in spec["cards"]]
    counts = {
        "board cards": Card.objects.filter(board=board, client_id__in=demo_ids).count(),
        "board links": CardLink.objects.filter(from_card__board=board).count(),
        "board comments": Comment.objects.filter(card__board=board).count(),
        "board clusters": Cluster.objects.filter(board=board).count(),
        "board dots": Vote.objects.filter(board=board).count(),
    }
    for label, count in counts.items():
        for _ in range(count):
            tally.note(label, False)

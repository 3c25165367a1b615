"""The demo site's shell: the home page (taking over Wagtail's welcome page), the default site,
the legal and text pages and the site settings with their footer links.
"""
from wagtail.models import Page, Site

from demo.common import add_and_publish, ensure_page, heading, paragraph
from home.models import ContentPage, HomePage, SiteSettings


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


def ensure_home_page(tally):
    """The home page; on first creation it takes over the default site from Wagtail's welcome page."""
    home = HomePage.objects.first()
    tally.note("home page", home is None)
    if home is not None:
        return home
    root = Page.get_first_root_node()
    welcome = wagtail_welcome_page(root)
    home = add_and_publish(root, HomePage(**HOME_PAGE))
    point_default_site_at(home)
    if welcome is not None and not Site.objects.filter(root_page=welcome).exists():
        welcome.delete()
    return home


def wagtail_welcome_page(root):
    """The plain page Wagtail's migrations create as a placeholder, if it is still untouched."""
    welcome = root.get_children().filter(slug="home", depth=2).first()
    if welcome is None or welcome.specific_class is not Page or welcome.get_children_count():
        return None
    return welcome


def point_default_site_at(home):
    site = default_site(home)
    if site.root_page_id != home.pk or not site.is_default_site:
        site.root_page = home
        site.is_default_site = True
        site.save()


def default_site(home):
    """The default site (hostname localhost, port 80 unless someone changed it), created if missing."""
    site = Site.objects.filter(is_default_site=True).first()
    site = site or Site.objects.filter(hostname="localhost", port=80).first()
    site = site or Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    if not site.site_name:
        # The admin's dashboard names the site by this (Wagtail's own site has none: "localhost").
        site.site_name = "Netzwerkstatt"
        site.save(update_fields=["site_name"])
    return site


def ensure_content_pages(tally, home):
    return {
        data["slug"]: ensure_page(
            tally, "content pages", home, ContentPage, data["slug"], lambda data=data: ContentPage(**data)
        )
        for data in CONTENT_PAGES
    }


def ensure_site_settings(tally, site, content_pages):
    """Contact details and footer links, filled in unless someone has filled them in already."""
    site_settings, _created = SiteSettings.objects.get_or_create(site=site)
    fill = not has_content(site_settings)
    tally.note("site settings", fill)
    if not fill:
        return
    for field, value in SITE_SETTINGS.items():
        setattr(site_settings, field, value)
    site_settings.footer_links = [
        ("link", {"label": label, "page": content_pages[slug], "url": ""})
        for label, slug in FOOTER_LINKS
    ]
    site_settings.save()


def has_content(site_settings):
    fields = [getattr(site_settings, field) for field in SITE_SETTINGS]
    return any(fields) or len(site_settings.footer_links) > 0


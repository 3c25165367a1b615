"""Security headers: the Content-Security-Policy on the site and the admin, and the browser tests' CSP watch."""
import pytest

from network import roles


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_public_pages_allow_only_the_sites_own_scripts_and_no_inline_script(client, site_tree):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/suche/", "/does-not-exist/"])
def test_every_kind_of_response_carries_the_policy(client, site_tree, path):
    assert "'unsafe-inline'" not in client.get(path).headers["Content-Security-Policy"]


def test_only_the_admin_gets_inline_scripts_and_styles(client, site_tree, make_user):
    client.force_login(make_user("redaktion", roles.EDITOR))
    policy = directives(client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    # Still no other origin: no Gravatar, no CDN.
    assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_works_in_the_wagtail_admin_without_csp_violations(chromium, live_server, site_tree, make_user):
    make_user("redaktion", roles.EDITOR)
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "redaktion")
    page.fill("input[name=password]", "demo1234")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for path in [f"/admin/pages/{site_tree['home'].pk}/", f"/admin/pages/{site_tree['imprint'].pk}/edit/", "/admin/images/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.locator("main").count() == 1
    context.close()
    # Any violation on these pages fails the test through the fail_on_csp_violations fixture.


# --- failed logins (django-axes; the lockout page is login_locked_out) ---------------------------

def log_in(client, username, password, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="de")


def test_five_wrong_passwords_pause_logging_in_with_that_name_with_a_german_explanation(client, site_tree, member, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert log_in(client, member.username, "falsch").status_code == 200  # the form with its error
    locked = log_in(client, member.username, "falsch")
    assert locked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in locked.content.decode()
    assert "15 Minuten" in locked.content.decode()
    # Now even the right password is refused, and no session is opened.
    assert log_in(client, member.username, "demo1234").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_name_does_not_lock_out_the_others_in_the_same_room(client, site_tree, member, make_user):
    colleague = make_user("kollegin")
    for _attempt in range(5):
        log_in(client, member.username, "falsch")
    # Same address (one NAT for the whole workshop room), other user name: logs in.
    assert log_in(client, colleague.username, "demo1234").status_code == 302


def test_the_wagtail_admin_login_is_limited_too(client, site_tree, make_user):
    make_user("redaktion", roles.EDITOR)
    for _attempt in range(5):
        response = log_in(client, "redaktion", "falsch", path="/admin/login/")
    assert response.status_code == 429
    assert log_in(client, "redaktion", "demo1234", path="/admin/login/").status_code == 429


def test_a_successful_login_forgets_earlier_failures(client, site_tree, member):
    for _attempt in range(4):
        log_in(client, member.username, "falsch")
    assert log_in(client, member.username, "demo1234").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert log_in(client, member.username, "falsch").status_code == 200

"""Compressed responses in production: pages gzip-encoded by the app, static files pre-compressed by collectstatic.

A phone on slow hotel Wi-Fi loads the board in a fraction of the bytes (bench/slow_network.py).
The pages are requested through production's own middleware list, read from the production
settings in a child process (they refuse to load without production's environment).
"""
import gzip
import json
import os
import re
import subprocess
import sys

import brotli
import pytest
from django.test import Client, override_settings

from netzwerkstatt.tests.test_storage import BASE_DIR, REAL_LOOKING_SECRET, collect_for_production

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "netzwerkstatt.settings.production",
    "SECRET_KEY": REAL_LOOKING_SECRET,
    "ALLOWED_HOSTS": "netzwerkstatt.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # required in production; not contacted here
}
# What differs between two responses of the same page: the masked CSRF token and the CSP nonce.
PER_RESPONSE = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


@pytest.fixture(scope="module")
def production_middleware():
    code = "from django.conf import settings; import json; print(json.dumps(settings.MIDDLEWARE))"
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env={**os.environ, **PRODUCTION_ENV},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def same_page(body):
    return PER_RESPONSE.sub(rb"\1", body)


@pytest.fixture
def production_pages(production_middleware, tmp_path):
    """Production's middleware list; STATIC_ROOT is an empty directory, so WhiteNoise finds one."""
    with override_settings(MIDDLEWARE=production_middleware, STATIC_ROOT=str(tmp_path)):
        yield


def test_a_page_asked_for_gzip_comes_back_gzipped_and_unpacks_to_the_same_page(site_tree, production_pages):
    plain = Client().get("/")
    packed = Client().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    # A proxy or browser cache keeps the two apart.
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    unpacked = gzip.decompress(packed.content)
    assert same_page(unpacked) == same_page(plain.content)
    assert len(packed.content) < len(unpacked) / 3


def test_a_compressed_form_carries_a_fresh_csrf_token_each_time(db, production_pages):
    """BREACH needs the same secret in many compressed responses; Django masks the token anew in each."""
    client = Client()
    first = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    second = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")

    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    tokens = [re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', gzip.decompress(r.content)).group(1)
              for r in (first, second)]
    assert tokens[0] != tokens[1]


def test_a_page_from_the_public_page_cache_is_compressed_only_for_who_asks(site_tree, production_pages):
    with override_settings(PUBLIC_PAGE_CACHE=True):
        packed = Client().get("/", HTTP_ACCEPT_ENCODING="gzip")
        plain_from_cache = Client().get("/")
        packed_from_cache = Client().get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert packed["Content-Encoding"] == packed_from_cache["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain_from_cache
    assert plain_from_cache.content.lstrip().startswith(b"<!DOCTYPE html>")
    assert same_page(gzip.decompress(packed_from_cache.content)) == same_page(plain_from_cache.content)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    target = tmp_path_factory.mktemp("static")
    return target, collect_for_production(target)


@pytest.mark.parametrize("name", ["js/board/main.js", "js/board/cards.js", "css/board.css", "css/base.css"])
def test_collected_files_come_with_gzip_and_brotli_variants_of_the_final_file(collected, name):
    target, paths = collected
    hashed = target / paths[name]
    final = hashed.read_bytes()  # the board's modules with their imports rewritten to hashed names

    assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()) == final
    assert brotli.decompress(hashed.with_name(hashed.name + ".br").read_bytes()) == final


def test_whitenoise_serves_the_compressed_variant_the_browser_accepts(collected, production_middleware):
    target, paths = collected
    url = f"/static/{paths['js/board/main.js']}"
    final = (target / paths["js/board/main.js"]).read_bytes()

    with override_settings(MIDDLEWARE=production_middleware, STATIC_ROOT=str(target), DEBUG=False):
        client = Client()
        as_brotli = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        as_gzip = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        plain = client.get(url)

    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(as_brotli.streaming_content)) == final
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(as_gzip.streaming_content)) == final
    assert "Content-Encoding" not in plain and b"".join(plain.streaming_content) == final
    assert "Accept-Encoding" in as_gzip["Vary"]

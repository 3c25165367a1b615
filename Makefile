# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address load_demo prints and review e-mails link to (settings: WAGTAILADMIN_BASE_URL).
BASE_URL := http://$(HOST):$(PORT)
# Debian's libraries WeasyPrint (the session documentation PDF) loads: Pango, HarfBuzz, fontconfig, a font.
WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
# The real services CI runs the suite against a second time.
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
SERVICES_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-services chromium weasyprint-libs translations messages bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.runtime-installed

translations: $(VENV)/.runtime-installed
	$(PY) manage.py compile_translations

## make run: set up and serve the demo site with live boards on http://$(HOST):$(PORT)
run: translations weasyprint-libs
	$(PY) manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py load_demo
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install what the tests need and run the whole suite
test: $(VENV)/.test-installed chromium weasyprint-libs translations
	$(PY) -m pytest

## make test-services: the suite again (without the browser) against PostgreSQL and Redis
test-services: $(VENV)/.test-installed weasyprint-libs translations
	DATABASE_URL=$(SERVICES_DATABASE_URL) REDIS_URL=$(SERVICES_REDIS_URL) $(PY) -m pytest -m "not browser"

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's Chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at /usr/bin/chromium." >&2; \
	    echo "Install it with:  sudo apt-get install -y chromium" >&2; \
	    exit 1; \
	  fi; \
	fi

weasyprint-libs:
	@missing=$$(for deb in $(WEASYPRINT_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$deb 2>/dev/null | grep -q "install ok installed" || echo $$deb; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's libraries for the documentation PDF: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The documentation PDF (WeasyPrint) needs Debian's Pango libraries." >&2; \
	    echo "Install them with:  sudo apt-get install -y $$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

## make messages: refresh the German and English catalogues after changing strings (needs GNU gettext)
messages: $(VENV)/.runtime-installed
	$(PY) manage.py makemessages --locale de --locale en --ignore ".venv/*" --ignore "bench/*"
	$(PY) manage.py makemessages --domain djangojs --locale de --locale en --ignore ".venv/*" --ignore "staticfiles/*" --ignore "bench/*"

clean:
	rm -rf $(VENV) staticfiles

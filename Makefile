# Sanad: `make run` starts the platform (gunicorn, DEBUG off), `make dev` the same with the development
# server's autoreload and debug pages, `make test` runs lint and every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run dev prepare test lint unit e2e schema messages install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# `make run` is a development environment with DEBUG off (the product's own error pages, static files
# through WhiteNoise, the demo loaded); it is not SANAD_ENV=production, which refuses demo data.
# honcho gives each process its own PORT (the worker gets PORT+100), so the address institutions call
# back on and fetch documents from is fixed here, once, for the web process and the worker alike.
run dev: export SANAD_PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: export DEBUG := 0
run: prepare
	$(BIN)/honcho --procfile Procfile start

dev: export DEBUG := 1
dev: prepare
	$(BIN)/honcho --procfile Procfile.dev start

prepare: install
	@mkdir -p var
	$(BIN)/sanad migrate --no-input
	$(BIN)/sanad seed_demo --if-empty
	$(BIN)/sanad collectstatic --no-input --verbosity 0
	@$(BIN)/sanad banner

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

# Two workers (the browser tests stay together on one, with their server).
test: lint
	$(BIN)/pytest -n 2 --dist loadgroup

unit: install
	$(BIN)/pytest -m "not e2e"

e2e: install
	$(BIN)/pytest -m e2e tests/e2e

schema: install
	$(BIN)/sanad spectacular --file docs/openapi.yaml --validate --fail-on-warn

# Arabic catalogues: one for the shell (src/sanad/locale), one per area app that has its own locale/.
AREA_APPS := $(patsubst src/sanad/%/locale,%,$(wildcard src/sanad/*/locale src/sanad/*/*/locale))
messages: install
	cd src/sanad && ../../$(BIN)/sanad makemessages -l ar --no-obsolete --no-location $(foreach a,$(AREA_APPS),--ignore '$(a)/*')
	for app in $(AREA_APPS); do (cd src/sanad/$$app && $(CURDIR)/$(BIN)/sanad makemessages -l ar --no-obsolete --no-location); done
	for po in src/sanad/locale/ar/LC_MESSAGES/django.po $(foreach a,$(AREA_APPS),src/sanad/$(a)/locale/ar/LC_MESSAGES/django.po); do \
	  $(BIN)/python tools/po_fill.py $$po || true; done

clean:
	rm -rf $(VENV) var/static

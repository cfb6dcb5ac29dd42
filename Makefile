# Sammen: `make run` serves the app, `make test` runs every test. Both are idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
PORT ?= 5000
CHROMIUM := /usr/lib/chromium/chromium

.PHONY: run test install install-test translations extract update-translations \
        compile-translations init-translation db-upgrade seed vendor lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Serve Sammen at http://127.0.0.1:$(PORT) with the demo data.
run: install compile-translations db-upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

db-upgrade: install
	$(FLASK) db upgrade

## Run the whole suite: unit, database (SQLite, and PostgreSQL with TEST_DATABASE_URL) and browser tests.
test: install-test compile-translations chromium
	$(BIN)/ruff check webapp tests bench scripts
	$(BIN)/pytest $(PYTEST_ARGS)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian Chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "Could not install chromium with apt-get" >&2; exit 1; }; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

## Translations: extract the strings, update the catalogs, compile them.
extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --ignore-dirs ".* node_modules" \
	  --project Sammen --copyright-holder "Ishøj og Vallensbæk Kommuner" -o translations/messages.pot .

update-translations: extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python scripts/fill-source-catalog.py translations/en/LC_MESSAGES/messages.po

compile-translations: install
	$(BIN)/pybabel compile -d translations --statistics

## make init-translation LANG=ar  — start a catalog for a new language.
init-translation: extract
	$(BIN)/pybabel init -i translations/messages.pot -d translations -l $(LANG)

vendor:
	bash scripts/vendor-assets.sh

lint: install-test
	$(BIN)/ruff check webapp tests bench

## Benchmarks: every script under bench/ prints its numbers and whether they are in budget.
bench: install-test compile-translations
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache

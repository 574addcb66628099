# Two commands for a fresh machine with Python 3.11+ and make:
#   make run   – install, migrate a SQLite database, load demo data, serve on http://127.0.0.1:8000
#   make test  – install the test tools and run every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
APPS := core accounts regions grants records attachments notifications requisitions reports repayments reminders reporting ombud conversations signatures portal demo

.PHONY: run test install install-dev lint messages lock clean bench bench-reminders bench-web bench-web-built bench-cpu loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.main-installed: requirements/main.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/main.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.main-installed

install: $(VENV)/.main-installed
install-dev: $(VENV)/.dev-installed

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo ""
	@echo "Statsbidrag is starting at http://127.0.0.1:8000/ (stop with Ctrl+C)."
	@echo "E-mail is written to var/mail/."
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(APPS) config
	$(BIN)/bandit -c pyproject.toml -r . -ll -q

# The suite runs in one process per core (pytest-xdist); a module's tests stay in one process.
test: lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n auto --dist loadscope

# Benchmarks on the local PostgreSQL (see docs/performance.md).
# Every benchmark and its targets (docs/performance.md); runs them all, fails if any missed.
bench: install-dev
	@status=0; \
	$(PY) bench/reminders.py || status=1; \
	$(PY) bench/web.py || status=1; \
	PAGE_CACHE=0 $(PY) bench/web.py || status=1; \
	$(PY) bench/cpu.py || status=1; \
	exit $$status

bench-reminders: install-dev
	$(PY) bench/reminders.py

# The main pages under 20 concurrent clients, gunicorn on loopback, small and large case.
bench-web: install-dev
	$(PY) bench/web.py

# The same with kept pages off: every request builds its page.
bench-web-built: install-dev
	PAGE_CACHE=0 $(PY) bench/web.py

# What each of those pages costs in CPU, one request at a time, with 3 and with 32 grants.
bench-cpu: install-dev
	$(PY) bench/cpu.py

# The requisition deadline day: 21 regions submitting at once while officers decide.
loadtest: install-dev
	$(PY) bench/deadline_day.py

# Update the Swedish catalogues after changing a marked string, then translate and compile.
messages: install-dev
	$(PY) manage.py makemessages -l sv --no-obsolete --ignore=tests/* --ignore=.venv/* --ignore=var/* \
		--ignore=templates/admin/change_list_results.html --ignore=templates/admin/edit_inline/tabular.html
	$(PY) manage.py compilemessages -l sv --ignore=.venv

# Re-pin the dependencies after changing pyproject.toml.
lock: install-dev
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --allow-unsafe -o requirements/main.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --allow-unsafe --extra dev -c requirements/main.txt -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis .ruff_cache .mypy_cache

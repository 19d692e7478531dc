# ZoneOps. Two commands on a fresh machine with Python 3.11 and Node.js:
#   make run    install everything, migrate, load the demo zone if empty, serve on 127.0.0.1:$(PORT)
#   make test   install everything and run the whole suite (DATABASE_URL picks the database)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INDUSTRY_FILE ?= zoneops/enterprises/data/GBT4754-2017.xlsx
export DJANGO_SETTINGS_MODULE := zoneops.settings

.PHONY: run test setup python-deps front-end browser fonts lint static migrate demo messages serve clean

run: setup fonts migrate demo static serve

setup: python-deps front-end

python-deps: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Pinned in package.json / package-lock.json, installed from the npm registry; the few built
# files the pages use are copied to var/vendor and served by WhiteNoise (never a CDN).
front-end: var/vendor/.installed
var/vendor/.installed: package.json package-lock.json $(VENV)/.installed
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(PY) manage.py vendor_assets --skip-checks
	touch $@

# Recompile the English translations after editing the .po file (the .mo is committed).
messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; }

# The briefing's charts are drawn on the server: Chinese labels need a CJK font (Debian's
# fonts-noto-cjk). Without one the platform still runs; the document says its charts are missing.
fonts:
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; fi; } \
	  || echo "warning: no CJK font installed (fonts-noto-cjk); the briefing's charts will be left out"

migrate: setup
	$(PY) manage.py migrate --noinput -v 0

static: setup
	$(PY) manage.py collectstatic --noinput -v 0

# The official GB/T 4754-2017 table (shipped in the project, or INDUSTRY_FILE=...) gives the demo its 小类.
demo: migrate
	@if [ -f "$(INDUSTRY_FILE)" ]; then $(PY) manage.py import_industries "$(INDUSTRY_FILE)" --if-needed; fi
	$(PY) manage.py demo_zone --seed 2024

# The key that signs sessions: made on first start, kept in var/ and read by every later start
# (zoneops/settings.py). Production sets SECRET_KEY instead (docs/deploy.md).
var/secret_key:
	@mkdir -p var && umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: var/secret_key
	@echo "ZoneOps on http://127.0.0.1:$(PORT)/  (demo password for every account: zoneops-demo)"
	@echo "The task worker (imports, schedules) runs beside it; Ctrl-C stops both."
	$(PY) manage.py serve --bind 127.0.0.1:$(PORT) --workers 3 --timeout 120

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy zoneops
	$(VENV)/bin/lint-imports

test: setup browser fonts
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy zoneops
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q

# Benchmarks against their peers (benchmarks/): not part of `make test`; they bring their own
# databases (var/bench/ and the PostgreSQL database zoneops_bench, created and dropped).
.PHONY: bench bench-deps
bench-deps: $(VENV)/.bench-installed
$(VENV)/.bench-installed: benchmarks/requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	touch $@

bench: bench-deps
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var

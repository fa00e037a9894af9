# The two commands of the README. Everything else is `jiuye` (see `jiuye --help`).
#   make serve   set up, build the store from data/corpus if it is missing, open the dashboard; files dropped
#                on it go to data/uploads/ (never into the sample corpus) and a `jiuye watch` extracts them
#   make test    set up (Python packages, Debian's chromium and CJK fonts), run ruff and every test

VENV  ?= .venv
STORE ?= data/jiuye.duckdb
UPLOADS ?= data/uploads
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test extract bench browser

serve: $(STORE)
	$(VENV)/bin/jiuye serve --store $(STORE) --corpus data/corpus --uploads $(UPLOADS)

# rebuilt when it is missing or older than the corpus or the extractor
$(STORE): $(wildcard data/corpus/*) $(wildcard extract/*.py extract/*/*.py extract/tables/*.csv) | $(VENV)/installed
	$(VENV)/bin/jiuye extract data/corpus $(wildcard $(UPLOADS)) --store $(STORE)

extract: | $(VENV)/installed
	$(VENV)/bin/jiuye extract data/corpus $(wildcard $(UPLOADS)) --store $(STORE)

$(VENV)/installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium; a test tool's own browser download is impossible offline.
browser:
	@command -v chromium >/dev/null && fc-list | grep -qi 'cjk\|wqy' || \
	  ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk)

# ruff first (the lint rules are in pyproject.toml); then pytest, with the doctests of extract/ and app/.
# pytest exits 5 when it collects no test (e.g. `make test ARGS=-k nothing`): say so and do not fail.
test: browser | $(VENV)/installed
	$(VENV)/bin/ruff check .
	@$(VENV)/bin/pytest -q -p no:cacheprovider $(ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

bench: | $(VENV)/installed
	$(VENV)/bin/python -m bench

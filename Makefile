# Two commands work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint format benchmark benchmark-coder clean system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,embeddings,privacy,web,audio]"
	touch $(STAMP)

## demo: set up, then import, code and report on the bundled synthetic encounters and a
## synthetic questionnaire trial
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/rapport analyze examples --db $(OUT)/demo.db --out $(OUT)/report.html
	$(BIN)/rapport surveys demo $(OUT)/trial
	$(BIN)/rapport surveys import $(OUT)/trial/export.csv --dictionary $(OUT)/trial/dictionary.csv \
		--mapping $(OUT)/trial/mapping.yaml --db $(OUT)/demo.db
	$(BIN)/rapport surveys report --db $(OUT)/demo.db --out $(OUT)/surveys.html
	$(BIN)/rapport transcribe examples-audio/clinic-visit.ogg --out $(OUT)/audio
	$(BIN)/rapport analyze $(OUT)/audio --db $(OUT)/demo.db --out $(OUT)/audio-report.html

# The report tests open pages in Chromium and PDFs need Pango; both come from Debian.
system-packages:
	@command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libpango-1.0 \
		&& command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1 || { \
		echo "Installing Chromium, Pango, espeak-ng and sox from Debian (report and audio tests)..."; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium libpango-1.0-0 \
			libpangoft2-1.0-0 fonts-dejavu-core espeak-ng sox libsox-fmt-all >/dev/null; }

## test: set up, then run the whole test suite
test: $(STAMP) system-packages
	$(BIN)/python -m pytest -n 2 -q

## lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/import_primock57.py
	$(BIN)/python benchmarks/coder_speed.py
	$(BIN)/python benchmarks/cross_check_counseling.py
	$(BIN)/python benchmarks/cohort_report.py --pdf
	$(BIN)/python benchmarks/transcription.py

benchmark-coder: $(STAMP)
	$(BIN)/python benchmarks/coder_speed.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis

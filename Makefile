VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test soak lint typecheck layers pytest docs clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

DEMO := .demo
DEMO_STORE := sqlite:///$(DEMO)/leavingcare.sqlite
LC_DEMO := $(BIN)/leavingcare --store $(DEMO_STORE)

# A fresh embedded store holding every example (each person named by its file), then today's worklist,
# what is owed to whom today, and one person's HTML report.
demo: $(STAMP)
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@for f in examples/*.jsonl; do \
	  sed "s/^{/{\"person\": \"$$(basename "$$f" .jsonl)\", /" "$$f"; \
	done > $(DEMO)/caseload.jsonl
	@echo "== Importing examples/*.jsonl into $(DEMO_STORE)"
	@$(LC_DEMO) import $(DEMO)/caseload.jsonl --by demo
	@echo
	@echo "== Worklist"
	@$(LC_DEMO) worklist --on today
	@echo
	@echo "== What is owed to whom today"
	@$(LC_DEMO) assess --all --on today --format text
	@echo
	@echo "== HTML report of w07_two_authorities"
	@$(LC_DEMO) report --person w07_two_authorities --on today --html $(DEMO)/report.html
	@echo "$(DEMO)/report.html"

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports
	$(BIN)/pytest

SOAK_TESTS := tests/test_invariants.py tests/test_bad_input.py tests/test_fuzz_lines.py tests/test_personal_data.py \
	tests/store/test_faults.py

# The invariant, bad-input, line-fuzzing, personal-data and store-fault tests with ten times the examples, kills and
# appends, then what they counted (the run fails if any event was lost).
soak: $(STAMP)
	rm -rf .soak
	LEAVINGCARE_SOAK=1 $(BIN)/pytest $(SOAK_TESTS)
	$(PY) tests/store/soak_report.py .soak/counts.jsonl

docs: $(STAMP)
	$(BIN)/python -m leavingcare.report.catalogue > docs/duties.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

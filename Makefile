# watchpost: two commands for a newcomer, `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval clean

# Re-install whenever pyproject.toml changes (the stamp is older than it).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/watchpost demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check crawler alerts tests bench
	$(BIN)/mypy crawler alerts

# The labelled corpus: one table per set of tests/fixtures/eval/*/, one over all of them
# (micro-averaged), then the shared seeds with the reference config.
EVAL_LABELS := $(sort $(wildcard tests/fixtures/eval/*/expected.yaml))
eval: $(STAMP)
	@$(BIN)/watchpost eval --summary --config tests/fixtures/eval/config.yaml \
	  $(foreach labels,$(EVAL_LABELS),--labels $(labels))
	@$(BIN)/watchpost eval --summary --config config.yaml --labels seeds/demo/reports/expected.yaml

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

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

# The labelled corpus (tests/fixtures/eval/*/ and the shared seeds), scored by `watchpost eval`.
EVAL_SETS := $(sort $(dir $(wildcard tests/fixtures/eval/*/expected.yaml)))
eval: $(STAMP)
	@for set in $(EVAL_SETS); do echo "== $$set"; \
	  $(BIN)/watchpost eval --config tests/fixtures/eval/config.yaml \
	    --labels $$set/expected.yaml --docs $$set | sed -n '1,/^$$/p'; done
	@echo "== seeds"; $(BIN)/watchpost eval --config config.yaml \
	  --labels seeds/demo/reports/expected.yaml --docs seeds/demo/reports | sed -n '1,/^$$/p'

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info

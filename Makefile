# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8080

.PHONY: install test lint validate run bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: install
	$(BIN)/ddi validate knowledge

test: lint validate
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/engine_bench.py

clean:
	rm -rf $(VENV) build *.egg-info

# The same command is the Dockerfile's CMD (tests/api/test_deploy.py keeps the two equal).
run: $(VENV)/.installed
	PORT=$(PORT) exec $(BIN)/gunicorn --config python:service.gunicorn_conf 'service:create_app()'

# The two commands of the README:
#   make run   install, index the shipped corpus, answer an example question
#   make test  install with test dependencies, run every test (the slow real-model ones too)
VENV ?= .venv
PY := $(VENV)/bin/python
QUESTION ?= How large is the AI investment fund?

.PHONY: run test test-fast install install-test serve fast

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e '.[ui]'

# Optional: compile llama.cpp (5.5 min on 2 cores, once); `assistant` then uses it automatically.
fast: install
	$(PY) -m pip install --quiet -e '.[ui,fast]'

install-test: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'

run: install
	$(VENV)/bin/assistant ingest corpus/
	$(VENV)/bin/assistant ask "$(QUESTION)"

test: install-test
	$(VENV)/bin/ruff check assistant ui tests benchmarks
	$(PY) -m pytest -m "slow or not slow"

test-fast: install-test
	$(PY) -m pytest

serve: install
	$(VENV)/bin/assistant ingest corpus/
	$(VENV)/bin/assistant serve

# Single entry point: `make run`, `make test`, `make lint`, `make bench`.
PYTHON ?= python3
SCALE ?= small

.PHONY: run test lint pot bench wheels ci

run:  ## Demo database with demo data, Odoo on http://localhost:8069
	$(PYTHON) tools/dev.py run

test:  ## Throwaway database, every test, closing line "N passed, N failed"
	$(PYTHON) tools/dev.py test

lint:  ## pre-commit run -a: ruff, ruff format, pylint-odoo mandatory checks, XML
	$(PYTHON) tools/dev.py lint

pot:  ## Regenerate i18n/<addon>.pot from the code
	$(PYTHON) tools/dev.py pot

bench:  ## Benchmarks (SCALE=small|medium|large): a table and bench-results/*.json
	$(PYTHON) bench/run.py --scale $(SCALE)

wheels:  ## Build the addon wheels and the metapackage into dist/
	$(PYTHON) -m pip wheel --no-deps -w dist \
		./gdpr_segments ./gdpr_consent ./gdpr_erasure ./setup/_metapackage

ci:
	bash .ci/run

# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DO_NOT_TRACK := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Where `make test` builds its throw-away warehouse (the sample, at a fixed as-of).
TEST_DATA_DIR ?= $(CURDIR)/target/test-data
TEST_AS_OF ?= 2026-06-30
DEMO_DATA_DIR ?= $(CURDIR)/data
DBT_WARN := --warn-error-options '{"error": "all", "warn": ["LogTestResult", "NoNodesForSelectionCriteria"], "silence": ["TestsConfigDeprecation"]}'

.PHONY: setup demo test lint pytest dbt-test bench profile clean evaluate docs-yaml docs-check

# dbt's packages (packages.yml: the vendored dbt-project-evaluator, for `make evaluate`);
# `dbt deps` installs local copies only, offline.
DEPS_STAMP := dbt_packages/.installed

setup: $(STAMP) $(DEPS_STAMP)

$(DEPS_STAMP): packages.yml package-lock.yml $(STAMP)
	$(BIN)/dbt deps --project-dir $(CURDIR) --profiles-dir $(CURDIR) --log-path $(CURDIR)/target/logs
	touch $(DEPS_STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m fenicio_icommkt.warehouse
	touch $(STAMP)

# A sample export, the whole pipeline, and the contacts that would be sent (nothing is sent).
demo: setup
	rm -rf $(DEMO_DATA_DIR)/inbox-sample
	$(BIN)/fenicio-icommkt sample --out $(DEMO_DATA_DIR)/inbox-sample --customers 2000 --seed 1
	@# a demo store without a report yet starts its segment history (weekly, the last
	@# year), so the report shows movement; later demos only add the day's build
	if [ ! -e $(DEMO_DATA_DIR)/reports/latest.html ]; then \
		$(BIN)/fenicio-icommkt ingest --data-dir $(DEMO_DATA_DIR) $(DEMO_DATA_DIR)/inbox-sample || test $$? -eq 3; \
		$(BIN)/fenicio-icommkt history start --data-dir $(DEMO_DATA_DIR) \
			--from $$($(BIN)/python -c 'import datetime; print(datetime.date.today() - datetime.timedelta(days=364))'); \
	fi
	$(BIN)/fenicio-icommkt run --data-dir $(DEMO_DATA_DIR) --inbox $(DEMO_DATA_DIR)/inbox-sample \
		--dry-run --out $(DEMO_DATA_DIR)/exports/demo-contacts.jsonl; test $$? -eq 0 -o $$? -eq 3
	@echo
	@echo "Warehouse:  $(DEMO_DATA_DIR)/warehouse.duckdb (marts.customer_profiles, ingest.file_log)"
	@echo "Contacts:   $(DEMO_DATA_DIR)/exports/demo-contacts.jsonl (what ICOMMKT would receive)"
	@echo "Report:     $(DEMO_DATA_DIR)/reports/latest.html (open it in a browser; works offline)"
	@echo "Metric docs: .venv/bin/dbt docs generate && .venv/bin/dbt docs serve"

# dbt-test and evaluate each keep one core busy for 15 to 30 s and share nothing (their own
# data dir, target and log paths), so they run side by side, with docs-check; lint reads
# dbt-test's sample, and lint and pytest each use both cores.
test: setup
	$(MAKE) --no-print-directory -j 3 --output-sync=target dbt-test evaluate docs-check
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory pytest

# dbt build (models, data tests, unit tests) on a freshly generated sample.
dbt-test: setup
	rm -rf $(TEST_DATA_DIR) && mkdir -p $(TEST_DATA_DIR)
	$(BIN)/fenicio-icommkt sample --out $(TEST_DATA_DIR)/inbox --customers 1500 --seed 7 --as-of $(TEST_AS_OF)
	FENICIO_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/fenicio-icommkt ingest $(TEST_DATA_DIR)/inbox || test $$? -eq 3
	FENICIO_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/dbt build $(DBT_WARN) --vars '{as_of_date: "$(TEST_AS_OF)"}'

lint: setup
	$(BIN)/ruff check src tests $(wildcard scripts/*.py)
	FENICIO_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/sqlfluff lint --processes 2 models macros tests

# Two workers (the machine's two cores); a file's tests stay on one worker, so a module's
# own stores are made once (the shared ones once per run: tests/python/conftest.py), and
# files go out in collection order, the long sequences first. The slowest tests are
# listed at the end.
PYTEST_WORKERS ?= 2
pytest: setup
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=15

# The per-window column entries of the models' YAML and the overview's tables, generated
# from the default windows, the key map and the segment map (scripts/generate_docs_yaml.py).
docs-yaml: setup
	$(BIN)/python scripts/generate_docs_yaml.py

docs-check: setup
	$(BIN)/python scripts/generate_docs_yaml.py --check

# dbt Labs' dbt-project-evaluator (vendor/, v1.3.2) on this project, in its own DuckDB file
# under target/evaluate/ (never a store's warehouse); fails on any finding that the
# exceptions seed (seeds/evaluator/dbt_project_evaluator_exceptions.csv) does not explain.
EVALUATE_DIR ?= $(CURDIR)/target/evaluate
# (PackageNodeDependsOnRootProjectNode: the evaluator reading the project's exceptions seed,
# which is how its docs say to give it exceptions.)
EVALUATE_WARN := --warn-error-options '{"error": "all", "silence": ["TestsConfigDeprecation", "PackageNodeDependsOnRootProjectNode"]}'

evaluate: setup
	rm -rf $(EVALUATE_DIR) && mkdir -p $(EVALUATE_DIR)/data
	FENICIO_DATA_DIR=$(EVALUATE_DIR)/data FENICIO_EVALUATOR_PATH=$(EVALUATE_DIR)/evaluator.duckdb \
		$(BIN)/dbt build --target evaluator --target-path $(EVALUATE_DIR)/dbt \
		--log-path $(EVALUATE_DIR)/logs $(EVALUATE_WARN) --vars '{evaluate_project: true}' \
		--select package:dbt_project_evaluator dbt_project_evaluator_exceptions

# Wall time, CPU time and peak memory of every step, on both sample shapes (default and
# independent), against the bare scan of the same file; verdicts per target of issue 18,
# written to docs/benchmarks.md. BENCH_LINES=1000000,10000000 adds the 10 M case (about an
# hour on 2 cores); BENCH_SHAPES and BENCH_RUNS choose the rest.
bench: setup
	$(BIN)/python scripts/bench.py

# Where the time goes (docs/performance.md): each step, each ingest query, each dbt model and
# the heaviest models' operators, on both shapes at 2 M lines (PROFILE_LINES); written to
# target/profile/profile.md and profile.json.
profile: setup
	$(BIN)/python scripts/profile_steps.py

clean:
	rm -rf target logs $(VENV)

# --- Spark (issue 6): the same models on Spark must give the identical mart -------------
# `make test-spark`: installs the Spark extras (pyspark + dbt-spark, local session; needs
# Java 17+), ingests the sample and (a copy of) the conformance inbox, adds a third data
# dir with the sample's landed files and store overrides in config/, builds each on DuckDB
# and on Spark (models + data tests; on Spark also the code checks, README decision 13),
# compares customer_profiles and the ICOMMKT contacts
# (icommkt_contacts: every formatted value, payload and hash) field for field between the
# engines, and the conformance case also with its expected profiles and the contacts the
# exporter sends from Spark's Parquet copy with the expected contacts. The overrides case
# also changes the windows, the frequency thresholds and the key map. The sample case
# first starts a segment history (every 7 days over the year before the as-of) on both
# engines, and its streaks are compared too.
SPARK_TEST_DIR ?= $(CURDIR)/target/test-spark
HISTORY_START := --from 2025-07-07 --to 2026-06-29 --every 7
# the same case the tests read: FENICIO_CONFORMANCE_DIR when set (tests/python/conformance_case.py)
CONFORMANCE_DIR ?= $(or $(FENICIO_CONFORMANCE_DIR),$(CURDIR)/../shared/conformance)
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: setup-spark test-spark

setup-spark: $(SPARK_STAMP)

$(SPARK_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[spark]'
	touch $(SPARK_STAMP)

test-spark: export FENICIO_PROJECT_DIR := $(CURDIR)
test-spark: setup-spark
	rm -rf $(SPARK_TEST_DIR) && mkdir -p $(SPARK_TEST_DIR)/conformance-inbox $(SPARK_TEST_DIR)/overrides/config
	$(BIN)/fenicio-icommkt sample --out $(SPARK_TEST_DIR)/sample-inbox --customers 1500 --seed 7 --as-of $(TEST_AS_OF)
	cp -R $(CONFORMANCE_DIR)/inbox/. $(SPARK_TEST_DIR)/conformance-inbox/
	$(BIN)/fenicio-icommkt ingest --data-dir $(SPARK_TEST_DIR)/sample $(SPARK_TEST_DIR)/sample-inbox || test $$? -eq 3
	$(BIN)/fenicio-icommkt ingest --data-dir $(SPARK_TEST_DIR)/conformance $(SPARK_TEST_DIR)/conformance-inbox || test $$? -eq 3
	cp -R $(SPARK_TEST_DIR)/sample/landing $(SPARK_TEST_DIR)/overrides/
	printf 'field,value,counts,meaning\n payment_status , pendiente ,true,"store: pending payments count, too"\n' \
		> $(SPARK_TEST_DIR)/overrides/config/status_values.csv
	printf 'r_score,f_score,rfm_segment\n5,1,FIRST_TIMERS\n1,1,LOST\n' > $(SPARK_TEST_DIR)/overrides/config/rfm_segments.csv
	printf 'profile_field,icommkt_key\n FIRST_NAME ,Primer_Nombre\nphone,\nunits_{W},Unidades_{W}\nlast_purchase_products,Productos_Ultima_Compra\n' \
		> $(SPARK_TEST_DIR)/overrides/config/icommkt_field_keys.csv
	printf 'purchase_windows: [7, 45]\nrfm_frequency_thresholds: [2, 5, 9, 14]\n' > $(SPARK_TEST_DIR)/overrides/config/settings.yml
	set -e; for case in sample overrides conformance; do \
		dir=$(SPARK_TEST_DIR)/$$case; \
		if [ $$case = sample ]; then \
			for engine in duckdb spark; do \
				FENICIO_DBT_TARGET=$$engine DBT_TARGET_PATH=$$dir/dbt-target-$$engine \
					$(BIN)/fenicio-icommkt history start --data-dir $$dir $(HISTORY_START); \
			done; \
		fi; \
		start=$$(date +%s.%N); \
		FENICIO_DBT_TARGET=duckdb DBT_TARGET_PATH=$$dir/dbt-target-duckdb $(BIN)/fenicio-icommkt build --data-dir $$dir --as-of $(TEST_AS_OF); \
		middle=$$(date +%s.%N); \
		FENICIO_DBT_TARGET=spark FENICIO_CODE_CHECKS=1 DBT_TARGET_PATH=$$dir/dbt-target-spark $(BIN)/fenicio-icommkt build --data-dir $$dir --as-of $(TEST_AS_OF); \
		end=$$(date +%s.%N); \
		echo "$$case: build wall time duckdb $$(echo "$$middle - $$start" | bc) s, spark $$(echo "$$end - $$middle" | bc) s" \
			| tee -a $(SPARK_TEST_DIR)/timings.txt; \
	done
	FENICIO_DBT_TARGET=spark $(BIN)/fenicio-icommkt export --data-dir $(SPARK_TEST_DIR)/conformance \
		--as-of $(TEST_AS_OF) --dry-run --full --out $(SPARK_TEST_DIR)/conformance-contacts.jsonl
	$(BIN)/python scripts/compare_engines.py $(SPARK_TEST_DIR)/sample --history
	$(BIN)/python scripts/compare_engines.py $(SPARK_TEST_DIR)/overrides
	$(BIN)/python scripts/compare_engines.py $(SPARK_TEST_DIR)/conformance \
		--expected $(CONFORMANCE_DIR)/expected_profiles.jsonl \
		--contacts $(SPARK_TEST_DIR)/conformance-contacts.jsonl \
		--expected-contacts $(CONFORMANCE_DIR)/expected_contacts_with_history.jsonl
	cat $(SPARK_TEST_DIR)/timings.txt

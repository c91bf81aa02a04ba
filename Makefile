# Relief: the two commands of the README, plus a few helpers.
#   make reports   build (release), import SampleData/ into an embedded database, render Reports/
#   make test      every test (swift test) plus the sample-report checks
# Both install missing Debian packages first (apt-get when root; otherwise they print
# the exact sudo line and stop).

SWIFT       ?= swift
MONTH       ?= 2026-10
BUILD_DIR   := .build
RELIEF      := $(BUILD_DIR)/release/relief
SAMPLE_DB   := $(BUILD_DIR)/sample.sqlite
DEB_PACKAGES := pkg-config libsqlite3-dev libcairo2-dev libpango1.0-dev libpng-dev \
                fonts-dejavu-core fonts-wqy-microhei poppler-utils zlib1g-dev tzdata postgresql

# The browser tests (`make browser-test`, part of `make test`): headless Chromium and its driver.
BROWSER_PACKAGES := chromium chromium-driver openssl

.PHONY: reports test deps build release sample-data check-reports gallery bench bench-growth clean browser-test

deps:
	@Scripts/install-deps.sh $(DEB_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The sample clinic's data is committed; this regenerates it (same seed, same bytes).
sample-data: release
	$(RELIEF) sample --out SampleData --seed 1
	python3 Scripts/sample_to_json.py SampleData

reports: release
	@rm -f $(SAMPLE_DB) $(SAMPLE_DB)-wal $(SAMPLE_DB)-shm
	$(RELIEF) import SampleData/therapists.csv SampleData/clients.csv SampleData/sessions.csv SampleData/checkins.csv --db $(SAMPLE_DB) --today 2026-11-01
	$(RELIEF) report month $(MONTH) --db $(SAMPLE_DB) --out Reports --created 2026-11-01

# The PostgreSQL tests need a server: unless RELIEF_TEST_POSTGRES already names one, a
# throw-away cluster on 127.0.0.1 (Scripts/postgres-test-cluster.sh) is started for the run
# and stopped after it, whatever the tests did.
test: deps
	$(SWIFT) build --build-tests
	@if [ -n "$$RELIEF_TEST_POSTGRES" ]; then \
	  $(SWIFT) test --skip-build --parallel; \
	else \
	  url=$$(Scripts/postgres-test-cluster.sh start) || exit 1; \
	  RELIEF_TEST_POSTGRES=$$url $(SWIFT) test --skip-build --parallel; status=$$?; \
	  Scripts/postgres-test-cluster.sh stop; exit $$status; \
	fi
	$(MAKE) --no-print-directory check-reports
	$(MAKE) --no-print-directory browser-test

# relief serve in a real browser: sign in, open a client, download the PDF, import, filter outcomes.
browser-test: release
	@Scripts/install-deps.sh $(BROWSER_PACKAGES)
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check selenium
	python3 Tests/Browser/browser_test.py $(RELIEF) $(if $(SCREENSHOTS),--screenshots $(SCREENSHOTS),)

# Re-render the sample reports into a temporary folder and compare them with Reports/.
check-reports: release
	@Scripts/check-reports.sh $(RELIEF) $(MONTH)

gallery: release
	$(RELIEF) gallery --out docs/charts

bench: release
	@Benchmarks/run $(if $(QUICK),--quick,) $(if $(SCALE),--scale $(SCALE),)

# Time and memory against size (issue 18): SIZES=100k,1M,3M,10M MONTH_MAX=1M by hand.
bench-growth: release
	@Benchmarks/growth --sizes $(or $(SIZES),100k,1M) --month-max $(or $(MONTH_MAX),1M)

clean:
	rm -rf $(BUILD_DIR)

# Fuzzing (docs/security.md): libFuzzer targets for the readers and parsers, built apart in
# .build-fuzz with -sanitize=fuzzer,address. `make fuzz` runs each for FUZZ_SECONDS over
# the committed corpus (Fuzz/corpus/<target>/) plus a working corpus in .build-fuzz; a crash
# input is written into Fuzz/corpus/<target>/ as crash-<sha1>, where `make fuzz-regress` (and
# every `swift test`) replays it. `make fuzz-merge` adds the working corpus's new coverage to
# Fuzz/corpus/ (then commit it). FUZZ_RUNS=N runs each target for N executions instead of
# FUZZ_SECONDS (the issue's goal: `make fuzz FUZZ_RUNS=10000000`).
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_LIMIT   := $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS))
FUZZ_TARGETS ?= csv json ndjson fhir xlsx date number
FUZZ_BUILD   := .build-fuzz
FUZZ_FLAGS   := -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld

.PHONY: fuzz fuzz-build fuzz-merge fuzz-regress

fuzz-build: deps
	$(SWIFT) build --package-path Fuzz --scratch-path $(FUZZ_BUILD) $(FUZZ_FLAGS)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  before=$$(ls Fuzz/corpus/$$t | grep -cE '^(crash|timeout|oom|leak)-' || true); \
	  echo "fuzz-$$t: $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs,$(FUZZ_SECONDS) s)"; \
	  SWIFT_BACKTRACE=enable=no $(FUZZ_BUILD)/release/fuzz-$$t $(FUZZ_BUILD)/corpus/$$t Fuzz/corpus/$$t \
	    $(FUZZ_LIMIT) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=Fuzz/corpus/$$t/ 2>&1 | \
	    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' || true; \
	  after=$$(ls Fuzz/corpus/$$t | grep -cE '^(crash|timeout|oom|leak)-' || true); \
	  if [ "$$after" != "$$before" ]; then echo "fuzz-$$t: new crash input in Fuzz/corpus/$$t/ (commit it; swift test replays it)"; exit 1; fi; \
	done

fuzz-merge: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  SWIFT_BACKTRACE=enable=no $(FUZZ_BUILD)/release/fuzz-$$t -merge=1 -use_counters=0 -max_len=65536 Fuzz/corpus/$$t $(FUZZ_BUILD)/corpus/$$t 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true; \
	done

# Replays every committed corpus and crash input through the readers (no sanitizer); part of swift test.
fuzz-regress: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter FuzzRegression

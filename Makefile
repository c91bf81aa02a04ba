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
                fonts-dejavu-core fonts-wqy-microhei poppler-utils

.PHONY: reports test deps build release sample-data check-reports gallery bench clean

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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	$(MAKE) --no-print-directory check-reports

# Re-render the sample reports into a temporary folder and compare them with Reports/.
check-reports: release
	@Scripts/check-reports.sh $(RELIEF) $(MONTH)

gallery: release
	$(RELIEF) gallery --out docs/charts

bench: release
	@Benchmarks/run $(if $(QUICK),--quick,)

clean:
	rm -rf $(BUILD_DIR)

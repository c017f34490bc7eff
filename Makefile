# Data versioning (lakeFS, DVC) and differential privacy on the CrossFit
# athletes data: `make all` reproduces the study, `make test` proves it.

#################################################################################
# SETTINGS (override on the command line: make all ATHLETES_ROWS=20000)        #
#################################################################################

PYTHON_BIN ?= python3.11
VENV ?= .venv
ATHLETES_CSV ?=
ATHLETES_ROWS ?= 423006
ATHLETES_SEED ?= 42
SOURCE ?= lakefs
FORCE ?= 0
PYTEST_ARGS ?=

PY := $(VENV)/bin/python
STAMPS := .stamps
METRICS := results/metrics
TRAIN_OUTPUTS := $(METRICS)/linear_v1.json $(METRICS)/linear_v2.json $(METRICS)/mlp_v2.json
DP_OUTPUTS := $(METRICS)/dp_mlp_v2.json
SLIDES_DATA := results/slides/dp_vs_nondp.json results/slides/lakefs_vs_dvc.json
COMPARISON := results/versioning/comparison.json
SERVICES_FOR_SOURCE := $(if $(filter local,$(SOURCE)),,lakefs-up)

export PYTHON := $(abspath $(PY))
# Keep TensorFlow's C++ start-up messages out of the logs.
export TF_CPP_MIN_LOG_LEVEL ?= 2

.DEFAULT_GOAL := help

#################################################################################
# COMMANDS                                                                      #
#################################################################################

.PHONY: help
## Show this help
help:
	@echo "Usage: make TARGET [VARIABLE=value]"
	@echo
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(desc){split($$1,t,":"); printf "  %-18s %s\n", t[1], desc}; desc=""}' $(MAKEFILE_LIST)

.PHONY: all
## Run the whole study: data, versions, models, slide data
all: data prepare lakefs-up version-lakefs version-dvc verify-versions bench-versioning train train-dp slides-data
	@echo "Study complete; results are in results/"

.PHONY: setup
## Create .venv from requirements.txt (does nothing when up to date)
setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON_BIN) >/dev/null || { echo "error: $(PYTHON_BIN) not found; install Python 3.11 or set PYTHON_BIN" >&2; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.PHONY: env
## Create .env with random secrets unless it exists
env: setup
	@$(PY) -m scripts.env_file

.PHONY: data
## Put athletes.csv in data/raw (ATHLETES_CSV=path for the real file, else synthetic)
data: setup
	$(PY) -m scripts.acquire --rows $(ATHLETES_ROWS) --seed $(ATHLETES_SEED) $(if $(ATHLETES_CSV),--csv "$(ATHLETES_CSV)")

.PHONY: prepare
## Build data/v1 and data/v2 (train.csv, test.csv, manifest.json)
prepare: data data/v2/manifest.json

data/v2/manifest.json: data/raw/athletes.csv scripts/prepare.py scripts/cleaning.py scripts/schema.py
	$(PY) -m scripts.prepare

.PHONY: tools
## Build the pinned minio and lakefs binaries into tools/bin unless found
tools:
	@scripts/build_services.sh

.PHONY: lakefs-up services-up
## Start MinIO and lakeFS on 127.0.0.1 (does nothing when they run)
lakefs-up: setup env tools
	@$(PY) -m scripts.services up

## Same as lakefs-up
services-up: lakefs-up

.PHONY: services-down
## Stop the MinIO and lakeFS processes that lakefs-up started
services-down: setup
	@$(PY) -m scripts.services down

.PHONY: services-status
## Show whether MinIO and lakeFS run and answer
services-status: setup
	@$(PY) -m scripts.services status

.PHONY: version-lakefs
## Version v1 and v2 in lakeFS (tags v1, v2) and record them in results/versions.json
version-lakefs: prepare lakefs-up
	FORCE=$(FORCE) scripts/upload_versions_to_lakefs.sh

.PHONY: version-dvc
## Version v1 and v2 with DVC (git tags v1, v2, pushed to MinIO)
version-dvc: prepare lakefs-up
	FORCE=$(FORCE) scripts/upload_versions_dvc.sh

.PHONY: verify-versions
## Read v1 and v2 back from lakeFS (S3 gateway, API) and DVC (fresh clone), compare MD5s, diff v1..v2
verify-versions: lakefs-up
	$(PY) -m scripts.verify_versions
	$(PY) -m scripts.version_diff

.PHONY: bench-versioning
## Time lakeFS, DVC and plain aws s3 cp on the same data (median of 3) into results/versioning
bench-versioning: lakefs-up $(COMPARISON)

$(COMPARISON): data/v2/manifest.json scripts/bench_versioning.py scripts/qualitative.py scripts/upload_versions_to_lakefs.sh scripts/upload_versions_dvc.sh scripts/lakefs_client.py
	$(PY) -m scripts.bench_versioning

.PHONY: train
## Train linear models on v1 and v2 and an MLP on v2, reading data by tag (SOURCE=lakefs|dvc|local)
train: $(SERVICES_FOR_SOURCE) $(TRAIN_OUTPUTS)

$(TRAIN_OUTPUTS) &: results/versions.json $(STAMPS)/source params.yaml scripts/train.py scripts/models.py scripts/datasets.py scripts/features.py
	$(PY) -m scripts.train --source $(SOURCE)

.PHONY: train-dp
## Train the MLP on v2 with DP-SGD (TensorFlow Privacy) and compute epsilon
train-dp: $(SERVICES_FOR_SOURCE) $(DP_OUTPUTS)

$(DP_OUTPUTS) &: results/versions.json $(STAMPS)/source params.yaml scripts/train_dp.py scripts/privacy.py scripts/models.py scripts/datasets.py scripts/features.py
	$(PY) -m scripts.train_dp --source $(SOURCE)

.PHONY: slides-data
## Write the DP vs non-DP and lakeFS vs DVC tables and charts to results/slides
slides-data: lakefs-up $(SLIDES_DATA)

$(SLIDES_DATA) &: $(TRAIN_OUTPUTS) $(DP_OUTPUTS) $(COMPARISON) results/versions.json scripts/slides_data.py
	$(PY) -m scripts.slides_data

.PHONY: test
## Run the test suite: unit, integration (real MinIO and lakeFS) and end to end
test: setup tools
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: clean
## Remove generated data and results (keeps .env, .venv, tools and service state)
clean:
	rm -rf data/raw data/v1 data/v2 results $(STAMPS)

#################################################################################
# PROJECT RULES                                                                 #
#################################################################################

# Rewritten only when SOURCE changes, so switching the source retrains.
$(STAMPS)/source: FORCE_CHECK
	@mkdir -p $(STAMPS)
	@echo "$(SOURCE)" | cmp -s - $@ || echo "$(SOURCE)" > $@

.PHONY: FORCE_CHECK
FORCE_CHECK:

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
# Set to yes to let down-volumes delete the docker volumes.
CONFIRM ?=

# Where the services and the Python steps run: docker when a Docker engine
# answers, else native (local processes and .venv). RUNTIME=native|docker
# overrides the choice.
ifndef RUNTIME
RUNTIME := $(shell docker info >/dev/null 2>&1 && echo docker || echo native)
endif

PY := $(VENV)/bin/python
STAMPS := .stamps
METRICS := results/metrics
TRAIN_OUTPUTS := $(METRICS)/linear_v1.json $(METRICS)/linear_v2.json $(METRICS)/mlp_v1.json $(METRICS)/mlp_v2.json
DP_OUTPUTS := $(METRICS)/dp_mlp_v2.json results/dp/privacy_utility.json
BENCH_DP := results/bench/dp_epoch_seconds.json
SLIDES_DATA := results/slides/dp_vs_nondp.json results/slides/lakefs_vs_dvc.json
COMPARISON := results/versioning/comparison.json
ENVIRONMENT := results/environment.json
SLIDES_DECK := results/slides/slides.pptx
REPORT := results/REPORT.md
SLIDES_SCRIPTS := scripts/slides.py scripts/slide_inputs.py scripts/slide_layout.py scripts/takeaways.py scripts/results_files.py
# Tables and charts that any stage writes, so the deck and the report follow new ones.
RESULTS_FILES = $(wildcard results/*/*.json results/*/*.png)
SERVICES_FOR_SOURCE := $(if $(filter local,$(SOURCE)),,lakefs-up)

export PYTHON := $(abspath $(PY))
# Keep TensorFlow's C++ start-up messages out of the logs.
export TF_CPP_MIN_LOG_LEVEL ?= 3

# A setting from the environment, else from .env, as scripts/settings.py reads it.
dotenv = $(or $($(1)),$(shell sed -n 's/^$(1)=//p' .env 2>/dev/null | tail -n 1 | tr -d "\"'"))

# Compose needs an env file to fill in the settings of every service, even for
# `run --no-deps trainer`, which starts no other service and whose trainer
# reads .env itself. Until `make env` has written .env, the placeholders of
# .env.example stand in; `up` runs only after `env`, so services never get them.
COMPOSE_ENV_FILE = $(shell test -f .env && echo .env || echo .env.example)
COMPOSE = docker compose --env-file $(COMPOSE_ENV_FILE)

# RUN_PY runs a Python module and RUN_SH a script of this repository in the
# chosen runtime. RUN_SH ends with `env`, so a recipe may set variables after
# it: `$(RUN_SH) FORCE=1 scripts/x.sh`.
ifeq ($(RUNTIME),docker)
RUN_PY = $(COMPOSE) run --rm --no-deps trainer python
RUN_SH = $(COMPOSE) run --rm --no-deps trainer env
SETUP_TARGET := trainer-image
SERVICE_TOOLS :=
# Exported for compose to fill in docker-compose.yml. A loopback S3_ENDPOINT
# means the stack's own MinIO, which containers reach by its service name;
# any other endpoint (another S3-compatible server) is used as it is.
S3_ENDPOINT_SETTING := $(call dotenv,S3_ENDPOINT)
export STACK_S3_ENDPOINT := $(if $(filter http://127.0.0.1:% http://localhost:%,$(S3_ENDPOINT_SETTING)),http://minio:9000,$(S3_ENDPOINT_SETTING))
# The trainer runs as your user, so what it writes into the repository is
# yours; under root it runs as 1000, because the image never runs as root.
export TRAINER_UID := $(patsubst 0,1000,$(shell id -u))
export TRAINER_GID := $(patsubst 0,1000,$(shell id -g))
else ifeq ($(RUNTIME),native)
RUN_PY = $(PY)
RUN_SH =
SETUP_TARGET := $(VENV)/.installed
SERVICE_TOOLS := tools
else
$(error RUNTIME=$(RUNTIME) is invalid; use RUNTIME=native or RUNTIME=docker)
endif

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
## Run the whole study: data, versions, models, slide data, slides and report
all: data prepare lakefs-up version-lakefs version-dvc verify-versions bench-versioning train train-dp bench-dp slides-data slides
	@echo "Study complete; results are in results/"

.PHONY: setup
## Create .venv from requirements.txt, or build the trainer image under docker
setup: $(SETUP_TARGET)

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON_BIN) >/dev/null || { echo "error: $(PYTHON_BIN) not found; install Python 3.11 or set PYTHON_BIN" >&2; exit 1; }
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.PHONY: trainer-image
## Build the trainer image of the docker runtime from docker/Dockerfile
trainer-image:
	$(COMPOSE) build trainer

.PHONY: env
## Create .env with random secrets unless it exists
env: setup
	@$(RUN_PY) -m scripts.env_file

.PHONY: data
## Put athletes.csv in data/raw (ATHLETES_CSV=path for the real file, else synthetic)
data: setup
	$(RUN_PY) -m scripts.acquire --rows $(ATHLETES_ROWS) --seed $(ATHLETES_SEED) $(if $(ATHLETES_CSV),--csv "$(ATHLETES_CSV)")

.PHONY: prepare
## Build data/v1 and data/v2 (train.csv, test.csv, manifest.json)
prepare: data data/v2/manifest.json

data/v2/manifest.json: data/raw/athletes.csv scripts/prepare.py scripts/cleaning.py scripts/schema.py
	$(RUN_PY) -m scripts.prepare
	@touch $@

.PHONY: tools
## Build the pinned minio and lakefs binaries into tools/bin unless found
tools:
	@scripts/build_services.sh

.PHONY: lakefs-up services-up
## Start MinIO and lakeFS on 127.0.0.1 (does nothing when they run)
lakefs-up: setup env $(SERVICE_TOOLS)
ifeq ($(RUNTIME),docker)
	docker compose --env-file .env up -d --wait
	@echo "lakeFS UI:     http://$$($(COMPOSE) port lakefs 8000)  (user and keys LAKEFS_* in .env)"
	@echo "MinIO console: http://$$($(COMPOSE) port minio 9001)  (keys S3_* in .env)"
else
	@$(PY) -m scripts.services up
endif

## Same as lakefs-up
services-up: lakefs-up

.PHONY: services-down
## Stop the MinIO and lakeFS processes that lakefs-up started (docker: the stack)
services-down: setup
ifeq ($(RUNTIME),docker)
	$(COMPOSE) down
else
	@$(PY) -m scripts.services down
endif

.PHONY: services-status
## Show whether MinIO and lakeFS run and answer
services-status: setup
ifeq ($(RUNTIME),docker)
	@$(COMPOSE) ps --all
else
	@$(PY) -m scripts.services status
endif

.PHONY: down
## Same as services-down; docker volumes stay
down: services-down

.PHONY: logs
## Follow the logs of MinIO and lakeFS
logs:
ifeq ($(RUNTIME),docker)
	$(COMPOSE) logs --follow
else
	tail -n 20 -F "$(or $(call dotenv,STATE_DIR),.state)/minio.log" "$(or $(call dotenv,STATE_DIR),.state)/lakefs.log"
endif

.PHONY: down-volumes
## Stop the docker stack and delete MinIO's objects and lakeFS's repositories (CONFIRM=yes)
down-volumes:
ifeq ($(RUNTIME),docker)
	@if [ "$(CONFIRM)" != yes ]; then \
	  echo "error: down-volumes deletes every object in MinIO and every lakeFS repository; rerun with CONFIRM=yes" >&2; \
	  exit 1; \
	fi
	$(COMPOSE) down --volumes
else
	@echo "error: down-volumes deletes the docker runtime's volumes; the native state is in STATE_DIR of .env: run make services-down, then delete that folder" >&2
	@exit 1
endif

.PHONY: version-lakefs
## Version v1 and v2 in lakeFS (tags v1, v2) and record them in results/versions.json
version-lakefs: prepare lakefs-up
	$(RUN_SH) FORCE=$(FORCE) scripts/upload_versions_to_lakefs.sh

.PHONY: version-dvc
## Version v1 and v2 with DVC (git tags v1, v2, pushed to MinIO)
version-dvc: prepare lakefs-up
	$(RUN_SH) FORCE=$(FORCE) scripts/upload_versions_dvc.sh

.PHONY: verify-versions
## Read v1 and v2 back from lakeFS (S3 gateway, API) and DVC (fresh clone), compare MD5s, diff v1..v2
verify-versions: lakefs-up
	$(RUN_PY) -m scripts.verify_versions
	$(RUN_PY) -m scripts.version_diff

.PHONY: bench-versioning
## Time lakeFS, DVC and plain aws s3 cp on the same data (median of 3) into results/versioning
bench-versioning: lakefs-up $(COMPARISON)

$(COMPARISON): data/v2/manifest.json scripts/bench_versioning.py scripts/qualitative.py scripts/upload_versions_to_lakefs.sh scripts/upload_versions_dvc.sh scripts/lakefs_client.py scripts/charts.py
	$(RUN_PY) -m scripts.bench_versioning
	@touch $@

.PHONY: train
## Train linear models and MLPs on v1 and v2 for each feature profile, reading data by tag (SOURCE=lakefs|dvc|local)
train: $(SERVICES_FOR_SOURCE) $(TRAIN_OUTPUTS)

$(TRAIN_OUTPUTS) &: results/versions.json $(STAMPS)/source params.yaml scripts/train.py scripts/models.py scripts/audit.py scripts/datasets.py scripts/features.py
	$(RUN_PY) -m scripts.train --source $(SOURCE)
	@touch $(TRAIN_OUTPUTS)

.PHONY: train-dp
## Train the v2 MLP with DP-SGD at several noise multipliers, compute epsilon, audit membership inference
train-dp: $(SERVICES_FOR_SOURCE) $(DP_OUTPUTS)

$(DP_OUTPUTS) &: results/versions.json $(STAMPS)/source params.yaml scripts/train_dp.py scripts/train.py scripts/privacy.py scripts/models.py scripts/audit.py scripts/datasets.py scripts/features.py scripts/charts.py
	$(RUN_PY) -m scripts.train_dp --source $(SOURCE)
	@touch $(DP_OUTPUTS)

.PHONY: bench-dp
## Time seconds per epoch on v2 for the non-DP MLP and each DP-SGD variant into results/bench
bench-dp: $(SERVICES_FOR_SOURCE) $(BENCH_DP)

$(BENCH_DP): results/versions.json $(STAMPS)/source params.yaml scripts/bench_dp.py scripts/train.py scripts/models.py scripts/features.py
	$(RUN_PY) -m scripts.bench_dp --source $(SOURCE)

.PHONY: slides-data
## Write the DP vs non-DP and lakeFS vs DVC tables and charts to results/slides
slides-data: lakefs-up $(SLIDES_DATA)

$(SLIDES_DATA) &: $(TRAIN_OUTPUTS) $(DP_OUTPUTS) $(COMPARISON) results/versions.json scripts/slides_data.py scripts/charts.py
	$(RUN_PY) -m scripts.slides_data
	@touch $(SLIDES_DATA)

.PHONY: environment
## Record the versions of lakeFS, DVC, TensorFlow and TensorFlow Privacy in results/environment.json
environment: setup $(ENVIRONMENT)

# Runs every time but rewrites the file only when a version changes, so the
# deck and the report are rebuilt only then.
$(ENVIRONMENT): FORCE_CHECK $(SETUP_TARGET) scripts/environment.py
	@$(RUN_PY) -m scripts.environment

.PHONY: slides
## Write the deck results/slides/slides.pptx and the report results/REPORT.md
slides: slides-data environment $(SLIDES_DECK) $(REPORT)

$(SLIDES_DECK): $(SLIDES_DATA) $(ENVIRONMENT) results/versions.json $(RESULTS_FILES) $(SLIDES_SCRIPTS)
	$(RUN_PY) -m scripts.slides

$(REPORT): $(SLIDES_DATA) $(TRAIN_OUTPUTS) $(DP_OUTPUTS) $(ENVIRONMENT) results/versions.json $(RESULTS_FILES) scripts/report.py $(SLIDES_SCRIPTS) Makefile
	$(RUN_PY) -m scripts.report

.PHONY: slides-png
## Render each slide to results/slides/png/slide-N.png (needs LibreOffice Impress and poppler-utils)
slides-png: $(SLIDES_DECK)
	scripts/render_slides.sh $(SLIDES_DECK) results/slides/png

.PHONY: test
## Run the test suite: unit, integration (real MinIO and lakeFS) and end to end
test: $(VENV)/.installed tools
	$(PY) -m pytest $(PYTEST_ARGS)

# The tests start native services themselves, so under either runtime they run
# natively, and so does the `make all` of the end-to-end test.
test: export RUNTIME := native

.PHONY: clean
## Remove generated data and results (keeps .env, .venv, tools and service state)
clean:
	rm -rf data/raw data/v1 data/v2 results $(STAMPS)

#################################################################################
# PROJECT RULES                                                                 #
#################################################################################

# Files that phony steps write (`data`, the upload scripts). The empty recipes
# let make plan, as in `make -n all` on a fresh clone, before they exist.
data/raw/athletes.csv: ;
results/versions.json: ;

# write_json leaves an unchanged file alone, so recipes whose outputs may come
# out identical touch them: make then sees them as newer than their inputs.

# Rewritten only when SOURCE changes, so switching the source retrains.
$(STAMPS)/source: FORCE_CHECK
	@mkdir -p $(STAMPS)
	@echo "$(SOURCE)" | cmp -s - $@ || echo "$(SOURCE)" > $@

.PHONY: FORCE_CHECK
FORCE_CHECK:

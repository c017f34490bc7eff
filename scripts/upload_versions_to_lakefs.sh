#!/usr/bin/env bash
# Version data/v1 and data/v2 in lakeFS.
#
# Each version is uploaded through the lakeFS S3 gateway with awscli to a
# staging branch: ingest-v1 from main, v2-cleaning from v1. The script then
# checks the files against the local MD5s, commits, merges into main and
# tags (v1, v2). Both versions use the paths train.csv and test.csv. Branch,
# commit, merge and tag go through scripts.lakefs_client. A tag whose commit
# already records the same file MD5s is left as it is, and FORCE=1 moves a
# tag that contains other data.
set -euo pipefail

PYTHON="${PYTHON:-.venv/bin/python}"
DATA_DIR="${DATA_DIR:-data}"
FORCE="${FORCE:-0}"
# Test seam: a command run after the first file of each version is uploaded.
AFTER_FIRST_UPLOAD="${AFTER_FIRST_UPLOAD:-}"

log() { echo "$(date -u +%H:%M:%S) upload_versions_to_lakefs: $*" >&2; }

lakefs() { "${PYTHON}" -m scripts.lakefs_client "$@"; }

upload() {  # version folder, branch
  local dir="$1" branch="$2" name first=1
  for name in train.csv test.csv; do
    log "uploading ${dir}/${name} to lakefs://${LAKEFS_REPOSITORY}/${branch}/${name}"
    if ! AWS_ACCESS_KEY_ID="${LAKEFS_ACCESS_KEY_ID}" \
      AWS_SECRET_ACCESS_KEY="${LAKEFS_SECRET_ACCESS_KEY}" \
      aws s3 cp --only-show-errors --endpoint-url "${LAKEFS_ENDPOINT}" \
      "${dir}/${name}" "s3://${LAKEFS_REPOSITORY}/${branch}/${name}"; then
      log "error: upload of ${dir}/${name} to ${LAKEFS_ENDPOINT} failed (cause above); nothing was committed, so check \`make services-status\` and rerun"
      exit 1
    fi
    if [[ "${first}" == 1 && -n "${AFTER_FIRST_UPLOAD}" ]]; then
      "${AFTER_FIRST_UPLOAD}"
    fi
    first=0
  done
}

version() {  # tag, version folder, staging branch, source ref, commit message
  local tag="$1" dir="$2" branch="$3" source="$4" message="$5" started state force_flag=()
  started="$(date +%s.%N)"
  if [[ "${FORCE}" == 1 ]]; then
    force_flag=(--force)
  fi
  state="$(lakefs stage --tag "${tag}" --dir "${dir}" --branch "${branch}" --source "${source}" "${force_flag[@]}")"
  if [[ "${state}" == same* ]]; then
    log "tag ${tag} already contains ${dir} (commit ${state#same }); nothing to do"
    return
  fi
  upload "${dir}" "${branch}"
  lakefs publish --tag "${tag}" --dir "${dir}" --branch "${branch}" \
    --message "${message}" --started-at "${started}" >/dev/null
}

main() {
  # Absolute, because PATH gets its folder.
  PYTHON="$(cd "$(dirname "${PYTHON}")" && pwd)/$(basename "${PYTHON}")"
  # A separate assignment, so a settings error stops the script (set -e).
  local exports
  exports="$("${PYTHON}" -m scripts.settings)"
  eval "${exports}"
  PATH="$(dirname "${PYTHON}"):${PATH}"
  export PATH
  export AWS_DEFAULT_REGION="${S3_REGION}"
  export AWS_REQUEST_CHECKSUM_CALCULATION=when_required
  export AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  # One PUT per file, so the checksum lakeFS stores is the file's MD5.
  AWS_CONFIG_FILE="$(mktemp)"
  export AWS_CONFIG_FILE
  trap 'rm -f "${AWS_CONFIG_FILE}"' EXIT
  printf '[default]\ns3 =\n  multipart_threshold = 5GB\n' >"${AWS_CONFIG_FILE}"

  version v1 "${DATA_DIR}/v1" ingest-v1 main "v1: raw rows with total_lift, split 80/20"
  version v2 "${DATA_DIR}/v2" v2-cleaning v1 "v2: cleaned rows with total_lift, split 80/20"
  log "done: lakefs://${LAKEFS_REPOSITORY} tags v1 and v2"
}

main "$@"

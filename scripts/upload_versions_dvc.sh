#!/usr/bin/env bash
# Version data/v1 and data/v2 with DVC in its own git repository.
#
# The workspace (DVC_WORKSPACE, git-ignored) is a git repository with a DVC
# remote at s3://S3_BUCKET/DVC_REMOTE_PREFIX on the S3 endpoint. The keys go
# to .dvc/config.local, which DVC keeps out of git. Each version replaces
# train.csv and test.csv, is pushed, then committed and tagged (v1, v2). A
# tag whose .dvc files already record the same MD5s is left as it is.
set -euo pipefail

PYTHON="${PYTHON:-.venv/bin/python}"
DATA_DIR="${DATA_DIR:-data}"
FORCE="${FORCE:-0}"
REMOTE=storage

log() { echo "$(date -u +%H:%M:%S) upload_versions_dvc: $*" >&2; }

now() { date +%s.%N; }

elapsed() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.3f", end - start }'; }

manifest_md5() {  # version folder, file name
  "${PYTHON}" -c 'import json,sys; print(json.load(open(sys.argv[1]))["files"][sys.argv[2]]["md5"])' \
    "$1/manifest.json" "$2"
}

in_workspace() { (cd "${WORKSPACE}" && "$@"); }

ensure_workspace() {
  mkdir -p "${WORKSPACE}"
  if [[ ! -d "${WORKSPACE}/.git" ]]; then
    in_workspace git init -q -b main
    in_workspace git config user.name "athletes study pipeline"
    in_workspace git config user.email "pipeline@localhost"
    log "created git repository ${WORKSPACE}"
  fi
  if [[ ! -d "${WORKSPACE}/.dvc" ]]; then
    in_workspace dvc init -q
    in_workspace git commit -q -m "Initialize DVC"
    log "initialized DVC in ${WORKSPACE}"
  fi
  in_workspace dvc remote add -q -d -f "${REMOTE}" "s3://${S3_BUCKET}/${DVC_REMOTE_PREFIX}"
  in_workspace dvc remote modify "${REMOTE}" endpointurl "${S3_ENDPOINT}"
  in_workspace dvc remote modify "${REMOTE}" region "${S3_REGION}"
  in_workspace dvc remote modify --local "${REMOTE}" access_key_id "${S3_ACCESS_KEY_ID}"
  in_workspace dvc remote modify --local "${REMOTE}" secret_access_key "${S3_SECRET_ACCESS_KEY}"
  if [[ -n "$(in_workspace git status --porcelain .dvc/config)" ]]; then
    in_workspace git add .dvc/config
    in_workspace git commit -q -m "Set DVC remote ${REMOTE} to s3://${S3_BUCKET}/${DVC_REMOTE_PREFIX}"
  fi
}

# Print "missing", "same", or "different FILE..." for a git tag against a version folder.
tag_state() {
  local tag="$1" dir="$2" name differing=()
  if ! in_workspace git rev-parse -q --verify "refs/tags/${tag}" >/dev/null; then
    echo missing
    return
  fi
  for name in train.csv test.csv; do
    if ! in_workspace git show "${tag}:${name}.dvc" 2>/dev/null \
      | grep -q "md5: $(manifest_md5 "${dir}" "${name}")"; then
      differing+=("${name}")
    fi
  done
  if [[ ${#differing[@]} -eq 0 ]]; then
    echo same
  else
    echo "different ${differing[*]}"
  fi
}

record() {  # version, folder, [seconds]
  local args=(--tool dvc --version "$1" --dir "$2" --ref "$1"
    --commit-id "$(in_workspace git rev-parse "$1^{commit}")" --location "${WORKSPACE}")
  if [[ -n "${3:-}" ]]; then
    args+=(--seconds "$3")
  fi
  "${PYTHON}" -m scripts.versions record "${args[@]}"
}

# The push comes before the commit and the tag, so a tag always names data
# that is on the remote, and a failed push leaves nothing for a rerun to skip.
version() {  # version name, folder
  local tag="$1" dir="$2" start state
  start="$(now)"
  state="$(tag_state "${tag}" "${dir}")"
  if [[ "${state}" == same ]]; then
    log "tag ${tag} already contains ${dir} (commit $(in_workspace git rev-parse --short "${tag}^{commit}")); nothing to do"
    record "${tag}" "${dir}"
    return
  fi
  if [[ "${state}" == different* && "${FORCE}" != 1 ]]; then
    log "error: tag ${tag} in ${WORKSPACE} contains another ${state#different } than ${dir}; if the data changed on purpose rerun with FORCE=1 to move the tag, else restore the data (check ATHLETES_ROWS, ATHLETES_SEED, ATHLETES_CSV)"
    exit 1
  fi

  cp "${dir}/train.csv" "${dir}/test.csv" "${WORKSPACE}/"
  in_workspace dvc add -q train.csv test.csv
  log "pushing ${tag} to s3://${S3_BUCKET}/${DVC_REMOTE_PREFIX}"
  if ! in_workspace dvc push -q; then
    log "error: dvc push of ${tag} to ${S3_ENDPOINT} failed (cause above); check \`make services-status\` and S3_* in .env, then rerun"
    exit 1
  fi
  in_workspace git add train.csv.dvc test.csv.dvc .gitignore
  in_workspace git commit -q --allow-empty -m "${tag}: $(basename "${dir}") train.csv and test.csv"
  in_workspace git tag -f "${tag}" >/dev/null
  record "${tag}" "${dir}" "$(elapsed "${start}")"
}

main() {
  # Absolute, because steps run in other folders and PATH gets its folder.
  PYTHON="$(cd "$(dirname "${PYTHON}")" && pwd)/$(basename "${PYTHON}")"
  # A separate assignment, so a settings error stops the script (set -e).
  local exports
  exports="$("${PYTHON}" -m scripts.settings)"
  eval "${exports}"
  export DVC_NO_ANALYTICS=1
  export AWS_REQUEST_CHECKSUM_CALCULATION=when_required
  export AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  PATH="$(dirname "${PYTHON}"):${PATH}"
  export PATH
  WORKSPACE="$("${PYTHON}" -c 'from scripts.settings import load_settings; print(load_settings().dvc_workspace)')"

  ensure_workspace
  version v1 "${DATA_DIR}/v1"
  version v2 "${DATA_DIR}/v2"
  log "done: ${WORKSPACE} tags v1 and v2 pushed to s3://${S3_BUCKET}/${DVC_REMOTE_PREFIX}"
}

main "$@"

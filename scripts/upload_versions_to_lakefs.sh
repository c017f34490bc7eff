#!/usr/bin/env bash
# Version data/v1 and data/v2 in lakeFS.
#
# v1 is uploaded to main, committed and tagged v1. v2 is uploaded to a branch
# made from v1, committed, merged into main and tagged v2. Both versions use
# the paths train.csv and test.csv. Uploads go through the lakeFS S3 gateway
# with awscli; repository, commit, merge and tag through scripts.lakefs_client.
# A tag whose commit already records the same file MD5s is left as it is.
set -euo pipefail

PYTHON="${PYTHON:-.venv/bin/python}"
DATA_DIR="${DATA_DIR:-data}"
V2_BRANCH="${V2_BRANCH:-v2-cleaning}"
FORCE="${FORCE:-0}"

log() { echo "$(date -u +%H:%M:%S) upload_versions_to_lakefs: $*" >&2; }

lakefs() { "${PYTHON}" -m scripts.lakefs_client "$@"; }

now() { date +%s.%N; }

elapsed() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.3f", end - start }'; }

manifest_value() {  # manifest file, python expression on `m`
  "${PYTHON}" -c 'import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# Print "same", "missing" or "different" for a tag against a local version folder.
tag_state() {
  local tag="$1" dir="$2" metadata name expected
  if ! metadata="$(lakefs tag-metadata --tag "${tag}")"; then
    [[ $? -eq 3 ]] && { echo missing; return; }
    exit 1
  fi
  for name in train.csv test.csv; do
    expected="$(manifest_value "${dir}/manifest.json" "m['files']['${name}']['md5']")"
    if ! grep -qx "${name}_md5=${expected}" <<<"${metadata}"; then
      echo different
      return
    fi
  done
  echo same
}

tag_commit_id() {
  lakefs tag-metadata --tag "$1" | sed -n 's/^commit_id=//p'
}

upload() {  # version folder, branch
  local dir="$1" branch="$2" name
  for name in train.csv test.csv; do
    log "uploading ${dir}/${name} to lakefs://${LAKEFS_REPOSITORY}/${branch}/${name}"
    AWS_ACCESS_KEY_ID="${LAKEFS_ACCESS_KEY_ID}" \
      AWS_SECRET_ACCESS_KEY="${LAKEFS_SECRET_ACCESS_KEY}" \
      aws s3 cp --only-show-errors --endpoint-url "${LAKEFS_ENDPOINT}" \
      "${dir}/${name}" "s3://${LAKEFS_REPOSITORY}/${branch}/${name}"
  done
}

commit_metadata() {  # version folder: --meta arguments for the commit
  local dir="$1" name
  printf -- '--meta\nsource_md5=%s\n' "$(manifest_value "${dir}/manifest.json" "m['source']['md5']")"
  printf -- '--meta\nsynthetic=%s\n' "$(manifest_value "${dir}/manifest.json" "m['source'].get('synthetic')")"
  printf -- '--meta\nseed=%s\n' "$(manifest_value "${dir}/manifest.json" "m['source'].get('seed', '')")"
  for name in train.csv test.csv; do
    printf -- '--meta\n%s_md5=%s\n' "${name}" "$(manifest_value "${dir}/manifest.json" "m['files']['${name}']['md5']")"
    printf -- '--meta\n%s_rows=%s\n' "${name}" "$(manifest_value "${dir}/manifest.json" "m['files']['${name}']['rows']")"
  done
}

# Stop unless the tag is missing; return 1 when it already holds this data.
check_tag() {  # tag, version folder
  local tag="$1" dir="$2" state
  state="$(tag_state "${tag}" "${dir}")"
  case "${state}" in
    same)
      log "tag ${tag} already holds ${dir} (commit $(tag_commit_id "${tag}")); nothing to do"
      return 1 ;;
    different)
      if [[ "${FORCE}" != 1 ]]; then
        log "error: tag ${tag} in lakeFS repository ${LAKEFS_REPOSITORY} holds other data than ${dir}; rerun with FORCE=1 to move the tag"
        exit 1
      fi
      log "tag ${tag} holds other data; FORCE=1, so it will be moved" ;;
  esac
  return 0
}

record() {  # version, folder, commit id, [seconds]
  local args=(--tool lakefs --version "$1" --dir "$2" --ref "$1" --commit-id "$3"
    --location "lakefs://${LAKEFS_REPOSITORY}")
  if [[ -n "${4:-}" ]]; then
    args+=(--seconds "$4")
  fi
  "${PYTHON}" -m scripts.versions record "${args[@]}"
}

version_v1() {
  local dir="${DATA_DIR}/v1" start commit_id meta
  if ! check_tag v1 "${dir}"; then
    record v1 "${dir}" "$(tag_commit_id v1)"
    return
  fi
  start="$(now)"
  upload "${dir}" main
  mapfile -t meta < <(commit_metadata "${dir}")
  commit_id="$(lakefs commit --branch main --message "v1: raw rows with total_lift, split 80/20" "${meta[@]}")"
  lakefs tag --tag v1 --ref "${commit_id}" --force >/dev/null
  record v1 "${dir}" "${commit_id}" "$(elapsed "${start}")"
}

version_v2() {
  local dir="${DATA_DIR}/v2" start commit_id meta
  if ! check_tag v2 "${dir}"; then
    record v2 "${dir}" "$(tag_commit_id v2)"
    return
  fi
  start="$(now)"
  lakefs ensure-branch --branch "${V2_BRANCH}" --source v1
  upload "${dir}" "${V2_BRANCH}"
  mapfile -t meta < <(commit_metadata "${dir}")
  lakefs commit --branch "${V2_BRANCH}" --message "v2: cleaned rows with total_lift, split 80/20" "${meta[@]}" >/dev/null
  commit_id="$(lakefs merge --source "${V2_BRANCH}" --destination main --message "Merge v2 into main" "${meta[@]}")"
  lakefs tag --tag v2 --ref "${commit_id}" --force >/dev/null
  record v2 "${dir}" "${commit_id}" "$(elapsed "${start}")"
}

main() {
  # Absolute, because steps run in other folders and PATH gets its folder.
  PYTHON="$(cd "$(dirname "${PYTHON}")" && pwd)/$(basename "${PYTHON}")"
  eval "$("${PYTHON}" -m scripts.settings)"
  export AWS_REQUEST_CHECKSUM_CALCULATION=when_required
  export AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
  export AWS_DEFAULT_REGION="${S3_REGION}"
  PATH="$(dirname "${PYTHON}"):${PATH}"
  export PATH

  lakefs ensure-repo
  version_v1
  version_v2
  log "done: lakefs://${LAKEFS_REPOSITORY} tags v1 and v2"
}

main "$@"

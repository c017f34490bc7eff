#!/usr/bin/env bash
# Build the pinned lakeFS and MinIO binaries with Go into TOOLS_DIR/bin.
#
# lakeFS's go.mod carries a `replace` directive, so `go install ...@version`
# rejects it. It is built from a throwaway module that requires lakeFS at the
# pinned version and repeats that replace line. MinIO installs directly.
set -euo pipefail

LAKEFS_VERSION="${LAKEFS_VERSION:-v1.84.0}"
LAKEFS_REPLACE="${LAKEFS_REPLACE:-github.com/csimplestring/delta-go => github.com/treeverse/delta-go v0.0.0-20260323095047-d2f80252d945}"
# The proxy does not serve the RELEASE.2025-10-15T17-29-55Z tag; this pseudo-version
# is the last commit of the archived repository: that release plus four fixes.
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
# TOOLS_DIR from the environment, else from .env (as scripts/settings.py reads it).
if [[ -z "${TOOLS_DIR:-}" && -f .env ]]; then
  TOOLS_DIR="$(sed -n 's/^TOOLS_DIR=//p' .env | tail -n 1)"
fi
TOOLS_DIR="${TOOLS_DIR:-tools}"
# Built binaries are also kept here, so a fresh clone on the same machine
# copies them instead of building again.
TOOLS_CACHE="${TOOLS_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/athletes-study-tools}"

bin_dir="$(mkdir -p "${TOOLS_DIR}/bin" && cd "${TOOLS_DIR}/bin" && pwd)"

require_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "error: minio/lakefs not found on PATH or in ${bin_dir}, and no Go toolchain to build them;" \
      "install Go 1.26+, put the release binaries in ${bin_dir}, or use RUNTIME=docker" >&2
    exit 1
  fi
}

# Copy a cached build of NAME at VERSION into bin_dir; fail if there is none.
from_cache() {
  local name="$1" version="$2"
  [[ -x "${TOOLS_CACHE}/${name}-${version}" ]] || return 1
  cp "${TOOLS_CACHE}/${name}-${version}" "${bin_dir}/${name}"
  touch "${bin_dir}/.${name}-${version}"
  echo "copied ${name} ${version} from ${TOOLS_CACHE}"
}

to_cache() {
  local name="$1" version="$2"
  mkdir -p "${TOOLS_CACHE}"
  cp "${bin_dir}/${name}" "${TOOLS_CACHE}/${name}-${version}.tmp"
  mv "${TOOLS_CACHE}/${name}-${version}.tmp" "${TOOLS_CACHE}/${name}-${version}"
}

build_lakefs() {
  local stamp="${bin_dir}/.lakefs-${LAKEFS_VERSION}"
  if [[ -x "${bin_dir}/lakefs" && -f "${stamp}" ]]; then
    return 0
  fi
  from_cache lakefs "${LAKEFS_VERSION}" && return 0
  require_go
  local work
  work="$(mktemp -d)"
  echo "building lakefs ${LAKEFS_VERSION} (several minutes on first run)"
  cat >"${work}/go.mod" <<MOD
module lakefs-build

go 1.26

replace ${LAKEFS_REPLACE}
MOD
  (
    cd "${work}"
    go get "github.com/treeverse/lakefs/cmd/lakefs@${LAKEFS_VERSION}" 2> >(grep -v '^go: \(downloading\|added\)' >&2)
    go build -trimpath -ldflags "-X github.com/treeverse/lakefs/pkg/version.Version=${LAKEFS_VERSION#v}" \
      -o "${bin_dir}/lakefs.tmp" github.com/treeverse/lakefs/cmd/lakefs
  )
  mv "${bin_dir}/lakefs.tmp" "${bin_dir}/lakefs"
  touch "${stamp}"
  to_cache lakefs "${LAKEFS_VERSION}"
  rm -rf "${work}"
}

build_minio() {
  local stamp="${bin_dir}/.minio-${MINIO_VERSION}"
  if [[ -x "${bin_dir}/minio" && -f "${stamp}" ]]; then
    return 0
  fi
  from_cache minio "${MINIO_VERSION}" && return 0
  require_go
  echo "building minio ${MINIO_VERSION} (several minutes on first run)"
  GOBIN="${bin_dir}" go install -trimpath "github.com/minio/minio@${MINIO_VERSION}" \
    2> >(grep -v '^go: downloading' >&2)
  touch "${stamp}"
  to_cache minio "${MINIO_VERSION}"
}

if [[ ! -x "${bin_dir}/minio" || ! -x "${bin_dir}/lakefs" ]] \
  && command -v minio >/dev/null && command -v lakefs >/dev/null; then
  echo "using minio and lakefs from PATH: $(command -v minio), $(command -v lakefs)"
  exit 0
fi
build_minio
build_lakefs
echo "binaries ready in ${bin_dir}"

"""Record the versions of the tools this run used in results/environment.json.

The title slide and the report read lakeFS, DVC, TensorFlow and TensorFlow
Privacy versions from this file, so every version they show was recorded in
the same results folder as the numbers.
"""

import argparse
import importlib.metadata
import logging
import platform
import re
import subprocess
from pathlib import Path

import lakefs_sdk
from lakefs_sdk.exceptions import ApiException
from urllib3.exceptions import HTTPError

from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import write_json
from scripts.lakefs_client import make_api
from scripts.services import find_binary
from scripts.settings import ROOT, load_env, resolve_path

log = logging.getLogger(__name__)

ENVIRONMENT_FILE = ROOT / "results" / "environment.json"
PACKAGES = (
    "dvc",
    "dvc-s3",
    "tensorflow",
    "tensorflow-privacy",
    "dp-accounting",
    "scikit-learn",
    "pandas",
    "lakefs-sdk",
    "python-pptx",
)
LAKEFS_TIMEOUT_S = 5
LAKEFS_VERSION_LINE = re.compile(r"lakefs version (\S+)")


def package_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """Return each installed distribution's version, None for one not installed."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            log.warning("%s: not installed; recording its version as null", name)
            versions[name] = None
    return versions


def lakefs_server_version(env: dict[str, str]) -> str | None:
    """Return the version the lakeFS server reports, or None if it does not respond."""
    endpoint = env["LAKEFS_ENDPOINT"]
    api = make_api(
        endpoint, env["LAKEFS_ACCESS_KEY_ID"], env["LAKEFS_SECRET_ACCESS_KEY"]
    )
    try:
        config = lakefs_sdk.ConfigApi(api).get_config(_request_timeout=LAKEFS_TIMEOUT_S)
    except (ApiException, HTTPError, OSError) as exc:
        log.info(
            "lakeFS at %s did not report its version (%s); asking the binary",
            endpoint,
            exc,
        )
        return None
    return config.version_config.version if config.version_config else None


def lakefs_binary_version(binary: str) -> str | None:
    """Return the version printed by `lakefs --version`, or None if it prints none."""
    try:
        output = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            text=True,
            timeout=LAKEFS_TIMEOUT_S,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("%s --version failed: %s", binary, exc)
        return None
    match = LAKEFS_VERSION_LINE.search(output)
    return match.group(1) if match else None


def lakefs_version() -> dict[str, str | None]:
    """Return lakeFS's version from the running server, else from the lakefs binary."""
    try:
        env = load_env()
    except UserError as exc:
        log.info("no usable .env (%s); asking the lakefs binary for its version", exc)
        env = {}

    if env:
        version = lakefs_server_version(env)
        if version:
            return {
                "version": version,
                "reported_by": f"server {env['LAKEFS_ENDPOINT']}/api/v1/config",
            }

    tools_dir = resolve_path(env.get("TOOLS_DIR", "tools"))
    try:
        binary = find_binary("lakefs", tools_dir)
    except UserError as exc:
        log.warning("lakeFS version not recorded: %s", exc)
        return {"version": None, "reported_by": None}
    version = lakefs_binary_version(binary)
    return {
        "version": version,
        "reported_by": f"{binary} --version" if version else None,
    }


def git_output(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()


def project_commit() -> dict[str, str | bool | None]:
    """Return this checkout's git commit and whether tracked files differ from it."""
    commit = git_output("rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "modified": None}
    changes = git_output("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "modified": bool(changes)}


def environment_record() -> dict:
    return {
        "python": platform.python_version(),
        "packages": package_versions(PACKAGES),
        "lakefs": lakefs_version(),
        "project": project_commit(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ENVIRONMENT_FILE, help="JSON file to write"
    )
    args = parser.parse_args(argv)

    record = environment_record()
    write_json(args.out, record)
    packages = record["packages"]
    log.info(
        "recorded lakeFS %s, DVC %s, TensorFlow %s, TensorFlow Privacy %s in %s",
        record["lakefs"]["version"],
        packages["dvc"],
        packages["tensorflow"],
        packages["tensorflow-privacy"],
        args.out,
    )


if __name__ == "__main__":
    setup_logging()
    run_main(main)

"""Read v1 and v2 back from every tool by tag and compare MD5s, per file.

lakeFS is read through the S3 gateway and through its API; DVC through a
fresh clone of its workspace, fetching from the remote into an empty
cache. Each MD5 must equal results/versions.json and the other tools'.
"""

import argparse
import hashlib
import logging
import subprocess
import tempfile
from pathlib import Path

from scripts.datasets import read_dvc, read_lakefs
from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import write_json
from scripts.settings import ROOT, Settings, load_settings
from scripts.versions import load_versions

log = logging.getLogger(__name__)

OUT_FILE = ROOT / "results" / "versioning" / "verify.json"
VERSIONS = ("v1", "v2")
FILES = ("train.csv", "test.csv")


def read_lakefs_api(settings: Settings, ref: str, name: str) -> bytes:
    import lakefs_sdk

    from scripts.lakefs_client import api_from_settings

    from urllib3.exceptions import HTTPError

    api = api_from_settings(settings)
    try:
        return bytes(lakefs_sdk.ObjectsApi(api).get_object(settings.lakefs_repository, ref, name))
    except lakefs_sdk.exceptions.ApiException as exc:
        raise UserError(f"lakefs://{settings.lakefs_repository}/{ref}/{name}: API read failed ({exc.status})") from exc
    except HTTPError as exc:
        raise UserError(f"{settings.lakefs_endpoint}: lakeFS not reachable; run `make lakefs-up`") from exc


def clone_workspace(settings: Settings, into: Path) -> Path:
    """Clone the DVC workspace's git repository, as a collaborator would."""
    clone = into / "dvc-clone"
    subprocess.run(
        ["git", "clone", "-q", str(settings.dvc_workspace), str(clone)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return clone


def md5_or_error(read, *args) -> str:
    """Return the MD5 of what read(*args) returns, or `error: ...` if it fails."""
    try:
        return hashlib.md5(read(*args)).hexdigest()
    except UserError as exc:
        return f"error: {exc}"


def verify(settings: Settings, versions: dict) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="verify-") as temp:
        clone = clone_workspace(settings, Path(temp))
        clone_settings = Settings(**{**settings.__dict__, "dvc_workspace": clone})
        for version in VERSIONS:
            entry = versions["versions"].get(version, {})
            for name in FILES:
                expected = entry.get("files", {}).get(name, {}).get("md5")
                found = {
                    "lakefs_gateway": md5_or_error(read_lakefs, settings, version, name),
                    "lakefs_api": md5_or_error(read_lakefs_api, settings, version, name),
                    "dvc_clone": md5_or_error(read_dvc, clone_settings, version, name),
                }
                ok = expected is not None and all(value == expected for value in found.values())
                rows.append({"version": version, "file": name, "expected_md5": expected, **found, "ok": ok})
    return rows


def mark(found: str, expected: str | None) -> str:
    if found == expected:
        return "ok"
    return "ERROR" if found.startswith("error:") else "MISMATCH"


def print_report(rows: list[dict]) -> None:
    print(f"{'version':8s}{'file':11s}{'expected':34s}{'lakefs s3':11s}{'lakefs api':12s}{'dvc clone':11s}")
    for row in rows:
        marks = [mark(row[key], row["expected_md5"]) for key in ("lakefs_gateway", "lakefs_api", "dvc_clone")]
        print(f"{row['version']:8s}{row['file']:11s}{str(row['expected_md5']):34s}{marks[0]:11s}{marks[1]:12s}{marks[2]:11s}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_FILE, help="JSON report path")
    args = parser.parse_args(argv)
    rows = verify(load_settings(), load_versions())
    write_json(args.out, {"rows": rows, "all_ok": all(row["ok"] for row in rows)})
    print_report(rows)
    failed = [row for row in rows if not row["ok"]]
    if failed:
        first = failed[0]
        details = "; ".join(
            f"{key} {first[key]}" for key in ("lakefs_gateway", "lakefs_api", "dvc_clone")
            if first[key] != first["expected_md5"]
        )  # fmt: skip
        raise UserError(
            f"{len(failed)} of {len(rows)} files failed verification, first {first['version']}/{first['file']} "
            f"(expected MD5 {first['expected_md5']}): {details}; see {args.out}"
        )
    log.info("verified %d files in lakeFS (S3 gateway and API) and DVC (fresh clone): all MD5s match", len(rows))


if __name__ == "__main__":
    setup_logging()
    run_main(main)

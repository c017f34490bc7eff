"""Read and update results/versions.json: each data version, its files and tool refs."""

import argparse
import logging
import os
from pathlib import Path

from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import file_md5, read_json, write_json
from scripts.settings import ROOT

log = logging.getLogger(__name__)

# The benchmark versions into throwaway repositories and points this elsewhere.
VERSIONS_FILE = Path(os.environ.get("VERSIONS_FILE", ROOT / "results" / "versions.json"))
TOOLS = ("lakefs", "dvc")


def load_versions(path: Path = VERSIONS_FILE) -> dict:
    if not path.is_file():
        raise UserError(f"{path}: not found; run `make version-lakefs version-dvc` to write it")
    return read_json(path)


def version_record(versions: dict, version: str, tool: str, path: Path = VERSIONS_FILE) -> dict:
    """Return the files and the tool's refs for one version, or raise naming the target."""
    entry = versions.get("versions", {}).get(version)
    if entry is None or tool not in entry:
        raise UserError(f"{path}: no {tool} record for {version}; run `make version-{tool}`")
    return entry


def record(tool: str, version: str, version_dir: Path, fields: dict, path: Path = VERSIONS_FILE) -> None:
    """Store a tool's refs for a version; a change of the version's files drops stale refs."""
    manifest = read_json(version_dir / "manifest.json")
    for name, expected in manifest["files"].items():
        actual = file_md5(version_dir / name)
        if actual != expected["md5"]:
            raise UserError(
                f"{version_dir / name}: MD5 {actual} differs from manifest.json ({expected['md5']}); "
                f"run `make prepare` again"
            )

    versions = read_json(path) if path.is_file() else {"versions": {}}
    versions["source"] = manifest["source"]
    entry = versions["versions"].get(version, {})
    if entry.get("files") != manifest["files"]:
        entry = {"files": manifest["files"], "columns": manifest["columns"]}

    previous = entry.get(tool, {})
    if fields.get("seconds") is None and "seconds" in previous:
        fields["seconds"] = previous["seconds"]
    entry[tool] = {key: value for key, value in fields.items() if value is not None}
    versions["versions"][version] = entry
    write_json(path, versions)
    log.info("recorded %s %s at %s in %s", tool, version, fields.get("commit_id"), path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="store a tool's refs for a version")
    rec.add_argument("--tool", choices=TOOLS, required=True)
    rec.add_argument("--version", required=True, help="v1 or v2")
    rec.add_argument("--dir", type=Path, required=True, help="local folder of the version")
    rec.add_argument("--ref", required=True, help="tag that names the version in the tool")
    rec.add_argument("--commit-id", required=True, help="lakeFS commit id or DVC workspace git commit")
    rec.add_argument("--seconds", type=float, default=None, help="seconds the versioning took")
    rec.add_argument("--location", required=True, help="repository URL or workspace path")
    args = parser.parse_args(argv)
    fields = {
        "ref": args.ref,
        "commit_id": args.commit_id,
        "seconds": args.seconds,
        "location": args.location,
    }
    record(args.tool, args.version, args.dir, fields)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

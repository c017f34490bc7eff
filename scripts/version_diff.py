"""Report what changed from v1 to v2 in each tool: lakeFS diff and `dvc diff`."""

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import write_json
from scripts.settings import ROOT, Settings, load_settings
from scripts.versions import load_versions

log = logging.getLogger(__name__)

OUT_FILE = ROOT / "results" / "versioning" / "diff.json"


def lakefs_diff(settings: Settings, left: str, right: str) -> list[dict]:
    import lakefs_sdk

    from scripts.lakefs_client import api_from_settings

    api = api_from_settings(settings)
    result = lakefs_sdk.RefsApi(api).diff_refs(settings.lakefs_repository, left, right, include_right_stats=True)
    return [
        {"path": item.path, "type": item.type, "size_bytes": item.size_bytes}
        for item in result.results
    ]


def dvc_diff(settings: Settings, left: str, right: str) -> dict:
    """Run `dvc diff --json left right` in the workspace; return its parsed output."""
    dvc = Path(sys.executable).parent / "dvc"
    result = subprocess.run(
        [str(dvc), "diff", "--json", left, right],
        cwd=settings.dvc_workspace, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise UserError(f"dvc diff {left} {right} in {settings.dvc_workspace} failed: {result.stderr.strip()}")
    return json.loads(result.stdout or "{}")


def with_rows(changes: list[dict], versions: dict, left: str, right: str) -> list[dict]:
    """Add each file's rows and bytes in both versions from results/versions.json."""
    rows = []
    for change in changes:
        name = change["path"]
        before = versions["versions"][left]["files"].get(name, {})
        after = versions["versions"][right]["files"].get(name, {})
        rows.append({
            **change,
            f"rows_{left}": before.get("rows"),
            f"rows_{right}": after.get("rows"),
            f"bytes_{left}": before.get("bytes"),
            f"bytes_{right}": after.get("bytes"),
        })  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--left", default="v1", help="older tag")
    parser.add_argument("--right", default="v2", help="newer tag")
    parser.add_argument("--out", type=Path, default=OUT_FILE, help="JSON report path")
    args = parser.parse_args(argv)
    settings = load_settings()
    versions = load_versions()

    lakefs_changes = lakefs_diff(settings, args.left, args.right)
    dvc_output = dvc_diff(settings, args.left, args.right)
    dvc_changes = [
        {"path": item["path"], "type": kind}
        for kind in ("added", "deleted", "modified", "renamed")
        for item in dvc_output.get(kind, [])
    ]
    report = {
        "left": args.left,
        "right": args.right,
        "lakefs": with_rows(lakefs_changes, versions, args.left, args.right),
        "dvc": with_rows(dvc_changes, versions, args.left, args.right),
        "dvc_raw": dvc_output,
    }
    write_json(args.out, report)
    for tool in ("lakefs", "dvc"):
        for change in report[tool]:
            print(
                f"{tool:7s} {change['type']:9s} {change['path']:10s} rows {change[f'rows_{args.left}']} -> "
                f"{change[f'rows_{args.right}']}, bytes {change[f'bytes_{args.left}']} -> {change[f'bytes_{args.right}']}"
            )
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

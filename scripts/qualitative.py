"""Qualitative lakeFS vs DVC rows, each backed by a check that runs against the tools."""

import logging
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from scripts.settings import Settings
from scripts.storage import lakefs_gateway_client

log = logging.getLogger(__name__)


def tool_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def check_lakefs_merge(settings: Settings) -> tuple[bool, str]:
    import lakefs_sdk

    from scripts.lakefs_client import api_from_settings, tag_commit

    api = api_from_settings(settings)
    commit = tag_commit(api, settings.lakefs_repository, "v2")
    branches = [ref.id for ref in lakefs_sdk.BranchesApi(api).list_branches(settings.lakefs_repository).results]
    ok = commit is not None and len(commit.parents) == 2 and "v2-cleaning" in branches
    return ok, f"branches {branches}; v2 is a merge commit with {len(commit.parents) if commit else 0} parents"


def check_dvc_merge(settings: Settings) -> tuple[bool, str]:
    result = run(["git", "merge-base", "--is-ancestor", "v1", "v2"], cwd=settings.dvc_workspace)
    return result.returncode == 0, "git merge-base --is-ancestor v1 v2 in the workspace: " + (
        "v1 is an ancestor of v2" if result.returncode == 0 else result.stderr.strip()
    )


def check_lakefs_diff(settings: Settings) -> tuple[bool, str]:
    from scripts.version_diff import lakefs_diff

    changes = lakefs_diff(settings, "v1", "v2")
    return bool(changes), f"diff v1..v2 lists {len(changes)} changed objects with sizes"


def check_dvc_diff(settings: Settings) -> tuple[bool, str]:
    from scripts.version_diff import dvc_diff

    output = dvc_diff(settings, "v1", "v2")
    return bool(output.get("modified")), f"dvc diff v1 v2 lists {len(output.get('modified', []))} modified files"


def check_lakefs_tags(settings: Settings) -> tuple[bool, str]:
    from scripts.lakefs_client import api_from_settings, tag_commit

    api = api_from_settings(settings)
    found = [tag for tag in ("v1", "v2") if tag_commit(api, settings.lakefs_repository, tag)]
    return found == ["v1", "v2"], f"tags found: {found}"


def check_dvc_tags(settings: Settings) -> tuple[bool, str]:
    tags = run(["git", "tag", "--list"], cwd=settings.dvc_workspace).stdout.split()
    return {"v1", "v2"} <= set(tags), f"git tags: {tags}"


def check_lakefs_ranged_read(settings: Settings) -> tuple[bool, str]:
    client = lakefs_gateway_client(settings)
    body = client.get_object(Bucket=settings.lakefs_repository, Key="v1/train.csv", Range="bytes=0-99")["Body"].read()
    return len(body) == 100, f"ranged GET of v1/train.csv through the S3 gateway returned {len(body)} bytes"


def check_dvc_streamed_read(settings: Settings) -> tuple[bool, str]:
    import dvc.api

    remote_config = {"access_key_id": settings.s3_access_key_id, "secret_access_key": settings.s3_secret_access_key}
    with tempfile.TemporaryDirectory(prefix="dvc-cache-") as cache_dir:
        with dvc.api.open(
            "train.csv", repo=str(settings.dvc_workspace), rev="v1", mode="rb",
            remote_config=remote_config, config={"cache": {"dir": cache_dir}},
        ) as handle:  # fmt: skip
            head = handle.read(100)
        cached = sum(1 for path in Path(cache_dir).rglob("*") if path.is_file())
    return len(head) == 100, f"dvc.api.open streamed {len(head)} bytes at rev v1; {cached} files written to the cache"


def check_shared_storage(usage: dict, tool: str) -> tuple[bool, str]:
    """Check that each version's files are stored once: bytes within 5% of their sum."""
    stored = usage[tool]["bytes"]
    floor = usage["aws_s3_cp"]["bytes"]
    ratio = stored / floor if floor else float("nan")
    return ratio < 1.05, (
        f"{stored} bytes stored against {floor} bytes of v1 and v2 files (ratio {ratio:.3f}): no file "
        f"stored twice. v1 and v2 share no identical file here, so sharing itself is not exercised"
    )


def check_dvc_git(settings: Settings) -> tuple[bool, str]:
    tracked = run(["git", "ls-files"], cwd=settings.dvc_workspace).stdout.split()
    ok = "train.csv.dvc" in tracked and "train.csv" not in tracked
    return ok, "git tracks train.csv.dvc (the pointer), not train.csv"


def check_lakefs_ui(settings: Settings) -> tuple[bool, str]:
    with urllib.request.urlopen(settings.lakefs_endpoint.rstrip("/") + "/", timeout=5) as response:
        body = response.read(2000).decode("utf-8", "replace")
    ok = response.status == 200 and "<html" in body.lower()
    return ok, f"GET {settings.lakefs_endpoint}/ returned {response.status} with an HTML page"


def check_dvc_ui() -> tuple[bool, str]:
    commands = run([tool_path("dvc"), "--help"]).stdout
    has_ui = any(line.strip().startswith(("ui ", "serve ")) for line in commands.splitlines())
    return not has_ui, "dvc --help lists no web UI command"


def lakefs_binary() -> str:
    from scripts.errors import UserError
    from scripts.services import find_binary
    from scripts.settings import load_env, resolve_path

    try:
        return find_binary("lakefs", resolve_path(load_env()["TOOLS_DIR"]))
    except UserError:
        return "lakefs"


def installed_versions() -> dict[str, str]:
    versions = {}
    for name, command in (
        ("lakefs", [lakefs_binary(), "--version"]),
        ("dvc", [tool_path("dvc"), "--version"]),
        ("git", ["git", "--version"]),
        ("aws", [tool_path("aws"), "--version"]),
    ):
        try:
            result = run(command)
            versions[name] = (result.stdout or result.stderr).strip().splitlines()[0]
        except (FileNotFoundError, IndexError):
            versions[name] = "not found"
    return versions


def row(aspect: str, lakefs: str, dvc: str, lakefs_check: tuple[bool, str], dvc_check: tuple[bool, str]) -> dict:
    return {
        "aspect": aspect,
        "lakefs": lakefs,
        "dvc": dvc,
        "lakefs_check": lakefs_check[1],
        "lakefs_passed": lakefs_check[0],
        "dvc_check": dvc_check[1],
        "dvc_passed": dvc_check[0],
    }


def qualitative_rows(lakefs_settings: Settings, dvc_settings: Settings, usage: dict) -> list[dict]:
    versions = installed_versions()
    rows = [
        row("branching and merging", "branches and merges of data in the server",
            "through git branches of .dvc pointer files",
            check_lakefs_merge(lakefs_settings), check_dvc_merge(dvc_settings)),
        row("diff", "object-level diff between any two refs, with sizes", "`dvc diff` between git revisions",
            check_lakefs_diff(lakefs_settings), check_dvc_diff(dvc_settings)),
        row("tags", "lakeFS tags on commits", "git tags", check_lakefs_tags(lakefs_settings), check_dvc_tags(dvc_settings)),
        row("reading by ref without download", "S3 gateway: key <ref>/<path>, ranged reads",
            "dvc.api.open streams a file at a revision",
            check_lakefs_ranged_read(lakefs_settings), check_dvc_streamed_read(dvc_settings)),
        row("storage shared between versions", "objects are stored once; commits point to them",
            "content-addressed cache and remote (by MD5)",
            check_shared_storage(usage, "lakefs"), check_shared_storage(usage, "dvc")),
        row("git integration", "none needed: its own commit graph", "required: versions are git commits",
            (True, "lakeFS commit ids are its own (64 hex digits), no git repository involved"),
            check_dvc_git(dvc_settings)),
        row("UI", "web UI served by the lakeFS server", "none in the command line tool",
            check_lakefs_ui(lakefs_settings), check_dvc_ui()),
        row("what a user must install", f"a lakeFS server ({versions['lakefs']}), an object store, awscli or lakefs-sdk",
            f"dvc and dvc-s3 ({versions['dvc']}), git ({versions['git']}), an object store",
            (versions["lakefs"] != "not found", f"lakefs --version: {versions['lakefs']}"),
            (versions["dvc"] != "not found", f"dvc --version: {versions['dvc']}")),
    ]  # fmt: skip
    failed = [f"{r['aspect']}" for r in rows if not (r["lakefs_passed"] and r["dvc_passed"])]
    if failed:
        log.warning("qualitative checks that did not pass: %s", ", ".join(failed))
    return rows

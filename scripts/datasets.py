"""Load a data version's train.csv or test.csv back from lakeFS, DVC or data/, by tag.

Every load checks the file's MD5 against results/versions.json (for data/,
against the version's manifest.json) and returns the lineage of what it read.
"""

import hashlib
import io
import logging
import tempfile
import time
from pathlib import Path

import pandas as pd
from botocore.exceptions import BotoCoreError, ClientError

from scripts.errors import UserError
from scripts.io_utils import read_json
from scripts.settings import ROOT, Settings, load_settings
from scripts.storage import lakefs_gateway_client
from scripts.versions import load_versions, version_record

log = logging.getLogger(__name__)

SOURCES = ("lakefs", "dvc", "local")


def read_lakefs(settings: Settings, ref: str, name: str) -> bytes:
    """Read <ref>/<name> from the lakeFS S3 gateway (bucket = repository)."""
    client = lakefs_gateway_client(settings)
    key = f"{ref}/{name}"
    try:
        return client.get_object(Bucket=settings.lakefs_repository, Key=key)["Body"].read()
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "403"):
            advice = "check LAKEFS_ACCESS_KEY_ID and LAKEFS_SECRET_ACCESS_KEY in .env"
        else:
            advice = "run `make version-lakefs`"
        raise UserError(f"lakefs://{settings.lakefs_repository}/{key}: read failed ({code}); {advice}") from exc
    except BotoCoreError as exc:
        raise UserError(f"{settings.lakefs_endpoint}: lakeFS not reachable ({exc}); run `make lakefs-up`") from exc


def read_dvc(settings: Settings, ref: str, name: str) -> bytes:
    """Read a file at a git tag of the DVC workspace, fetched from the remote.

    An empty temporary cache makes DVC download the object from the S3
    remote rather than reuse the workspace's local cache.
    """
    import dvc.api

    remote_config = {
        "access_key_id": settings.s3_access_key_id,
        "secret_access_key": settings.s3_secret_access_key,
    }
    with tempfile.TemporaryDirectory(prefix="dvc-cache-") as cache_dir:
        try:
            with dvc.api.open(
                name,
                repo=str(settings.dvc_workspace),
                rev=ref,
                mode="rb",
                remote_config=remote_config,
                config={"cache": {"dir": cache_dir}},
            ) as handle:
                return handle.read()
        # DVC surfaces remote failures as many types (DvcException, OSError,
        # aiohttp and botocore errors), so any failure here becomes one line.
        except Exception as exc:  # noqa: BLE001
            raise UserError(
                f"{settings.dvc_workspace}: DVC could not read {name} at {ref} ({exc}); check "
                f"`make services-status` and S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY in .env, or run `make version-dvc`"
            ) from exc


def read_verified(source: str, version: str, name: str, settings: Settings | None = None) -> tuple[bytes, dict]:
    """Return one file of a version, MD5-checked, and its lineage (tool, ref, commit_id, md5)."""
    started = time.monotonic()
    if source == "local":
        version_dir = ROOT / "data" / version
        manifest_file = version_dir / "manifest.json"
        if not manifest_file.is_file():
            raise UserError(f"{manifest_file}: not found; run `make prepare`")
        expected = read_json(manifest_file)["files"][name]
        content = (version_dir / name).read_bytes()
        lineage = {"tool": "local", "ref": str(version_dir / name), "commit_id": None}
    elif source in ("lakefs", "dvc"):
        settings = settings or load_settings()
        entry = version_record(load_versions(), version, source)
        expected = entry["files"][name]
        tool = entry[source]
        read = read_lakefs if source == "lakefs" else read_dvc
        content = read(settings, tool["ref"], name)
        lineage = {"tool": source, "ref": tool["ref"], "commit_id": tool["commit_id"], "location": tool["location"]}
    else:
        raise UserError(f"SOURCE={source}: invalid; use one of {', '.join(SOURCES)}")

    md5 = hashlib.md5(content).hexdigest()
    if md5 != expected["md5"]:
        raise UserError(
            f"{source} {version}/{name}: MD5 {md5} differs from the recorded {expected['md5']}, so the stored "
            f"copy changed after versioning; run `make verify-versions` to list the affected files"
        )
    lineage.update({"version": version, "file": name, "md5": md5, "bytes": len(content)})
    lineage["seconds"] = time.monotonic() - started
    return content, lineage


def load_split(source: str, version: str, name: str, settings: Settings | None = None) -> tuple[pd.DataFrame, dict]:
    """Return one split of a version as a DataFrame and its lineage, with rows and seconds."""
    content, lineage = read_verified(source, version, name, settings)
    df = pd.read_csv(io.BytesIO(content), low_memory=False)
    lineage["rows"] = len(df)
    log.info(
        "read %s %s/%s: %d rows, %d bytes, MD5 ok, %.2f s",
        source, version, name, len(df), len(content), lineage["seconds"],
    )  # fmt: skip
    return df, lineage


def main(argv: list[str] | None = None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Read a file of a data version back by tag, check its MD5 and print its lineage.")
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="tool to read from")
    parser.add_argument("--version", default="v1", help="data version tag: v1 or v2")
    parser.add_argument("--file", default="train.csv", help="train.csv or test.csv")
    parser.add_argument("--out", type=Path, default=None, help="also write the file here")
    args = parser.parse_args(argv)
    content, lineage = read_verified(args.source, args.version, args.file)
    if args.out is not None:
        from scripts.io_utils import atomic_write

        atomic_write(args.out, lambda temp: temp.write_bytes(content))
    print(json.dumps(lineage, indent=2))


if __name__ == "__main__":
    from scripts.errors import run_main, setup_logging

    setup_logging()
    run_main(main)

"""Measure lakeFS against DVC on the same data and MinIO, with a plain `aws s3 cp` as the floor.

Each of RUNS rounds versions v1 and v2 with the project's own upload scripts
into a fresh lakeFS repository and a fresh DVC workspace and remote prefix,
and copies the same files with `aws s3 cp` straight to MinIO. Medians go to
results/versioning/comparison.{json,csv,png}; the qualitative rows, each
checked by running it, to results/versioning/qualitative.json.
"""

import argparse
import dataclasses
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pandas as pd

from scripts.charts import plot_versioning
from scripts.datasets import read_dvc, read_lakefs
from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import read_json, write_csv, write_json
from scripts.settings import ROOT, Settings, load_settings
from scripts.storage import prefix_usage, s3_client

log = logging.getLogger(__name__)

OUT_DIR = ROOT / "results" / "versioning"
DATA_DIR = ROOT / "data"
BENCH_PREFIX = "bench"
TARGET_RATIO = 1.5
FILES = ("train.csv", "test.csv")


def script_env(overrides: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **overrides}
    env["PYTHON"] = sys.executable
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    return env


def run_script(script: str, overrides: dict[str, str]) -> None:
    result = subprocess.run([str(ROOT / "scripts" / script)], cwd=ROOT, env=script_env(overrides), capture_output=True, text=True)
    if result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-1:] or ["no output"]
        raise UserError(f"benchmark run of {script} failed: {tail[0]}")


def version_seconds(versions_file: Path, tool: str) -> dict[str, float]:
    versions = read_json(versions_file)["versions"]
    return {version: versions[version][tool]["seconds"] for version in ("v1", "v2")}


def run_lakefs(run_id: str, temp: Path) -> tuple[dict, dict[str, str]]:
    versions_file = temp / f"versions-lakefs-{run_id}.json"
    overrides = {
        "LAKEFS_REPOSITORY": f"bench-{run_id}",
        "LAKEFS_STORAGE_PREFIX": f"{BENCH_PREFIX}/lakefs",
        "VERSIONS_FILE": str(versions_file),
    }
    run_script("upload_versions_to_lakefs.sh", overrides)
    return version_seconds(versions_file, "lakefs"), overrides


def run_dvc(run_id: str, temp: Path) -> tuple[dict, dict[str, str]]:
    versions_file = temp / f"versions-dvc-{run_id}.json"
    overrides = {
        "DVC_WORKSPACE": str(temp / f"dvc-{run_id}"),
        "DVC_REMOTE_PREFIX": f"{BENCH_PREFIX}/dvc/{run_id}",
        "VERSIONS_FILE": str(versions_file),
    }
    run_script("upload_versions_dvc.sh", overrides)
    return version_seconds(versions_file, "dvc"), overrides


def run_floor(settings: Settings, run_id: str, temp: Path) -> dict[str, float]:
    """Time `aws s3 cp` of each version's files straight to MinIO, one PUT per file."""
    config = temp / "aws-config"
    config.write_text("[default]\ns3 =\n  multipart_threshold = 5GB\n")
    env = script_env({
        "AWS_ACCESS_KEY_ID": settings.s3_access_key_id,
        "AWS_SECRET_ACCESS_KEY": settings.s3_secret_access_key,
        "AWS_DEFAULT_REGION": settings.s3_region,
        "AWS_CONFIG_FILE": str(config),
        "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
        "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",
    })  # fmt: skip
    aws = str(Path(sys.executable).parent / "aws")
    seconds = {}
    for version in ("v1", "v2"):
        started = time.monotonic()
        for name in FILES:
            target = f"s3://{settings.s3_bucket}/{BENCH_PREFIX}/floor/{run_id}/{version}/{name}"
            subprocess.run(
                [aws, "s3", "cp", "--only-show-errors", "--endpoint-url", settings.s3_endpoint,
                 str(DATA_DIR / version / name), target],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
        seconds[version] = round(time.monotonic() - started, 3)
    return seconds


def read_seconds(read, *args) -> float:
    started = time.monotonic()
    for name in FILES:
        read(*args, name)
    return time.monotonic() - started


def read_floor(settings: Settings, run_id: str, name: str) -> bytes:
    key = f"{BENCH_PREFIX}/floor/{run_id}/v1/{name}"
    return s3_client(settings).get_object(Bucket=settings.s3_bucket, Key=key)["Body"].read()


def cleanup(settings: Settings, repositories: list[str]) -> None:
    """Delete the benchmark's lakeFS repositories and every object under the bench prefix."""
    import lakefs_sdk

    from scripts.lakefs_client import api_from_settings

    api = api_from_settings(settings)
    for repository in repositories:
        try:
            lakefs_sdk.RepositoriesApi(api).delete_repository(repository)
        except lakefs_sdk.exceptions.ApiException as exc:
            log.warning("could not delete benchmark repository %s: %s", repository, exc.status)
    client = s3_client(settings)
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=settings.s3_bucket, Prefix=f"{BENCH_PREFIX}/"):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=settings.s3_bucket, Delete={"Objects": keys})
    log.info("removed %d benchmark repositories and the %s/ prefix", len(repositories), BENCH_PREFIX)


def summarize(tool: str, runs: list[dict], read_v1: float, usage: dict, floor: dict | None) -> dict:
    row = {
        "tool": tool,
        "seconds_version_v1": statistics.median(run["v1"] for run in runs),
        "seconds_version_v2": statistics.median(run["v2"] for run in runs),
        "runs_v1": [round(run["v1"], 3) for run in runs],
        "runs_v2": [round(run["v2"], 3) for run in runs],
        "seconds_read_v1": read_v1,
        "bytes_stored": usage["bytes"],
        "objects_stored": usage["objects"],
        "prefix": usage["prefix"],
    }
    if floor is not None:
        for version in ("v1", "v2"):
            ratio = row[f"seconds_version_{version}"] / floor[f"seconds_version_{version}"]
            row[f"ratio_to_floor_{version}"] = ratio
        row["within_target"] = all(row[f"ratio_to_floor_{v}"] <= TARGET_RATIO for v in ("v1", "v2"))
    return row


def benchmark(settings: Settings, runs: int) -> tuple[list[dict], dict]:
    batch = uuid.uuid4().hex[:8]
    timings = {"lakefs": [], "dvc": [], "aws_s3_cp": []}
    repositories = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-versioning-") as temp_name:
            temp = Path(temp_name)
            for index in range(runs):
                run_id = f"{batch}-{index}"
                seconds, lakefs_overrides = run_lakefs(run_id, temp)
                repositories.append(lakefs_overrides["LAKEFS_REPOSITORY"])
                timings["lakefs"].append(seconds)
                seconds, dvc_overrides = run_dvc(run_id, temp)
                timings["dvc"].append(seconds)
                timings["aws_s3_cp"].append(run_floor(settings, run_id, temp))
                log.info("round %d of %d: lakeFS %s, DVC %s, aws s3 cp %s", index + 1, runs,
                         timings["lakefs"][-1], timings["dvc"][-1], timings["aws_s3_cp"][-1])  # fmt: skip

            lakefs_settings = dataclasses.replace(settings, lakefs_repository=lakefs_overrides["LAKEFS_REPOSITORY"])
            dvc_settings = dataclasses.replace(settings, dvc_workspace=Path(dvc_overrides["DVC_WORKSPACE"]))
            reads = {
                "lakefs": read_seconds(read_lakefs, lakefs_settings, "v1"),
                "dvc": read_seconds(read_dvc, dvc_settings, "v1"),
                "aws_s3_cp": read_seconds(read_floor, settings, run_id),
            }
            usage = {
                "lakefs": prefix_usage(settings, f"{BENCH_PREFIX}/lakefs/{lakefs_overrides['LAKEFS_REPOSITORY']}"),
                "dvc": prefix_usage(settings, dvc_overrides["DVC_REMOTE_PREFIX"]),
                "aws_s3_cp": prefix_usage(settings, f"{BENCH_PREFIX}/floor/{run_id}"),
            }
            from scripts.qualitative import qualitative_rows

            qualitative = qualitative_rows(lakefs_settings, dvc_settings, usage)
    finally:
        cleanup(settings, repositories)

    floor = summarize("aws_s3_cp", timings["aws_s3_cp"], reads["aws_s3_cp"], usage["aws_s3_cp"], None)
    rows = [summarize(tool, timings[tool], reads[tool], usage[tool], floor) for tool in ("lakefs", "dvc")]
    return rows + [floor], qualitative


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds per tool; the median is reported")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    if args.runs < 1:
        raise UserError(f"--runs {args.runs}: must be at least 1")
    for version in ("v1", "v2"):
        if not (DATA_DIR / version / "manifest.json").is_file():
            raise UserError(f"{DATA_DIR / version / 'manifest.json'}: not found; run `make prepare`")
    settings = load_settings()
    source = read_json(DATA_DIR / "v1" / "manifest.json")["source"]

    rows, qualitative = benchmark(settings, args.runs)
    table = pd.DataFrame([{key: value for key, value in row.items() if not key.startswith("runs_")} for row in rows])
    table["synthetic"] = source.get("synthetic")
    comparison = {
        "rows": rows,
        "runs": args.runs,
        "target_ratio_to_floor": TARGET_RATIO,
        "synthetic": source.get("synthetic"),
        "data_md5": {version: read_json(DATA_DIR / version / "manifest.json")["files"] for version in ("v1", "v2")},
        "machine": {"cpus": os.cpu_count(), "platform": sys.platform},
    }
    write_json(args.out / "comparison.json", comparison)
    write_csv(args.out / "comparison.csv", table)
    plot_versioning(table, args.out / "comparison.png", source.get("synthetic"))
    write_json(args.out / "qualitative.json", {"rows": qualitative})
    for row in rows:
        log.info(
            "%s: version v1 %.2f s, v2 %.2f s (median of %d), read v1 %.2f s, %d bytes in %d objects",
            row["tool"], row["seconds_version_v1"], row["seconds_version_v2"], args.runs,
            row["seconds_read_v1"], row["bytes_stored"], row["objects_stored"],
        )  # fmt: skip


if __name__ == "__main__":
    setup_logging()
    run_main(main)

"""Build data versions v1 (raw rows) and v2 (cleaned rows), each split 80/20."""

import argparse
import logging
import time
from pathlib import Path

import pandas as pd

from scripts.cleaning import build_v1, build_v2
from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import read_json, write_csv, write_json
from scripts.schema import file_md5, read_athletes
from scripts.settings import ROOT

log = logging.getLogger(__name__)

DATA_DIR = ROOT / "data"
SPLIT_FILES = ("train.csv", "test.csv")
MIN_RAW_ROWS = 100
# Fewer cleaned rows than this give metrics that mean nothing (R^2 on one row).
MIN_V2_SPLIT_ROWS = 20


def file_record(path: Path, rows: int) -> dict:
    return {"md5": file_md5(path), "bytes": path.stat().st_size, "rows": rows}


def write_version(out_dir: Path, name: str, train: pd.DataFrame, test: pd.DataFrame, source: dict) -> dict:
    """Write train.csv, test.csv and manifest.json of one version; return the manifest."""
    files = {}
    for file_name, df in zip(SPLIT_FILES, (train, test)):
        path = out_dir / file_name
        write_csv(path, df)
        files[file_name] = file_record(path, len(df))
    manifest = {"version": name, "files": files, "columns": list(train.columns), "source": source}
    write_json(out_dir / "manifest.json", manifest)
    log.info("%s: %d train and %d test rows in %s", name, len(train), len(test), out_dir)
    return manifest


def prepare(raw_csv: Path, data_dir: Path) -> None:
    started = time.monotonic()
    raw = read_athletes(raw_csv)
    source_file = raw_csv.with_name("source.json")
    source = read_json(source_file) if source_file.is_file() else {"synthetic": None, "md5": file_md5(raw_csv)}
    if source.get("synthetic"):
        log.info("input %s is SYNTHETIC data (seed %s)", raw_csv, source.get("seed"))
    log.info("read %d rows from %s", len(raw), raw_csv)

    if len(raw) < MIN_RAW_ROWS:
        raise UserError(f"{raw_csv}: {len(raw)} rows; the study needs at least {MIN_RAW_ROWS}")
    v1 = build_v1(raw)
    v2 = build_v2(raw)
    if min(len(v2[0]), len(v2[1])) < MIN_V2_SPLIT_ROWS:
        raise UserError(
            f"{raw_csv}: only {len(v2[0])} train and {len(v2[1])} test rows pass the v2 cleaning; "
            f"at least {MIN_V2_SPLIT_ROWS} each are needed, so use more rows (ATHLETES_ROWS) or another file"
        )
    write_version(data_dir / "v1", "v1", *v1, source)
    write_version(data_dir / "v2", "v2", *v2, source)
    log.info("prepared v1 and v2 in %.1f s", time.monotonic() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", type=Path, default=DATA_DIR / "raw" / "athletes.csv", help="input athletes.csv")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder that gets v1/ and v2/")
    args = parser.parse_args(argv)
    prepare(args.raw, args.out)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

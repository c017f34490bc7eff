"""Put athletes.csv in data/raw: the real file when given, else a synthetic one."""

import argparse
import logging
import shutil
import time
from pathlib import Path

from scripts import synthetic
from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import atomic_write, read_json, write_json
from scripts.schema import REFERENCE_MD5, file_md5, read_athletes
from scripts.settings import ROOT

log = logging.getLogger(__name__)

DEFAULT_OUT = ROOT / "data" / "raw" / "athletes.csv"


def source_path(out: Path) -> Path:
    return out.with_name("source.json")


def describe_real(path: Path, origin: str) -> dict:
    """Validate a real file and return its provenance record."""
    df = read_athletes(path)
    md5 = file_md5(path)
    if md5 == REFERENCE_MD5:
        log.info("%s: MD5 %s matches the reference copy of athletes.csv", path, md5)
    else:
        log.info("%s: MD5 %s differs from the reference copy %s (re-saved copies differ and may still be valid)", path, md5, REFERENCE_MD5)
    return {
        "synthetic": False,
        "origin": origin,
        "md5": md5,
        "reference_md5": md5 == REFERENCE_MD5,
        "rows": len(df),
        "bytes": path.stat().st_size,
    }


def synthetic_is_current(out: Path, rows: int, seed: int) -> bool:
    """Return whether out is an unchanged synthetic file with these rows and seed."""
    source = source_path(out)
    if not (out.is_file() and source.is_file()):
        return False
    record = read_json(source)
    return (
        record.get("synthetic") is True
        and record.get("rows") == rows
        and record.get("seed") == seed
        and record.get("md5") == file_md5(out)
    )


def acquire(out: Path, csv: Path | None, rows: int, seed: int) -> dict:
    source = source_path(out)
    if csv is not None:
        if not csv.is_file():
            raise UserError(f"ATHLETES_CSV={csv}: file not found; give the path of athletes.csv")
        record = describe_real(csv, origin=str(csv))
        if csv.resolve() != out.resolve():
            atomic_write(out, lambda temp: shutil.copyfile(csv, temp))
            log.info("copied %s to %s", csv, out)
        write_json(source, record)
        return record

    if out.is_file() and not (source.is_file() and read_json(source).get("synthetic")):
        log.info("using the real file the user placed at %s", out)
        record = describe_real(out, origin="user-provided")
        write_json(source, record)
        return record

    if synthetic_is_current(out, rows, seed):
        log.info("%s: SYNTHETIC file with %d rows and seed %d is up to date", out, rows, seed)
        return read_json(source)

    if out.is_file() and source.is_file():
        previous = read_json(source)
        log.warning(
            "replacing SYNTHETIC data of %s rows (seed %s) with %d rows (seed %d); "
            "versioning will then stop at tags that hold the old data unless FORCE=1",
            previous.get("rows"), previous.get("seed"), rows, seed,
        )  # fmt: skip
    started = time.monotonic()
    df = synthetic.generate(rows, seed)
    atomic_write(out, lambda temp: df.to_csv(temp, index=False, lineterminator="\n"))
    record = {
        "synthetic": True,
        "origin": "scripts.synthetic",
        "md5": file_md5(out),
        "reference_md5": False,
        "rows": rows,
        "seed": seed,
        "bytes": out.stat().st_size,
    }
    write_json(source, record)
    log.info("wrote SYNTHETIC data %s: %d rows, seed %d, %.1f s", out, rows, seed, time.monotonic() - started)
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, default=None, help="path of the real athletes.csv to use")
    parser.add_argument("--rows", type=int, default=423_006, help="rows of synthetic data")
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic generator")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where athletes.csv goes")
    args = parser.parse_args(argv)
    if args.rows < 100:
        raise UserError(f"ATHLETES_ROWS={args.rows}: too few rows; use at least 100")
    acquire(args.out, args.csv, args.rows, args.seed)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

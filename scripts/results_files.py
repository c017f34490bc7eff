"""Read this run's files under results/ for the slides and the report.

A missing or malformed file raises a UserError that names the file and the
make target that writes it. Numbers are formatted here, so the deck and
the report show each value the same way.
"""

import datetime
import json
import math
import os
from pathlib import Path

from scripts.errors import UserError
from scripts.settings import ROOT

RESULTS_DIR = ROOT / "results"
MISSING = "n/a"

# The make target that writes each file the slides or the report read,
# relative to the results folder.
WRITTEN_BY = {
    "versions.json": "make version-lakefs version-dvc",
    "environment.json": "make environment",
    "metrics/linear_v1.json": "make train",
    "metrics/linear_v2.json": "make train",
    "metrics/mlp_v2.json": "make train",
    "metrics/dp_mlp_v2.json": "make train-dp",
    "slides/dp_vs_nondp.json": "make slides-data",
    "slides/dp_vs_nondp.png": "make slides-data",
    "slides/lakefs_vs_dvc.json": "make slides-data",
    "slides/lakefs_vs_dvc.png": "make slides-data",
}
DP_TABLE = "slides/dp_vs_nondp.json"
DP_CHART = "slides/dp_vs_nondp.png"
VERSIONING_TABLE = "slides/lakefs_vs_dvc.json"
VERSIONING_CHART = "slides/lakefs_vs_dvc.png"
# Files that other stages may add; the readers use them only when present.
PRIVACY_UTILITY_CHART = "dp/privacy_utility.png"
QUALITATIVE_TABLE = "versioning/qualitative.json"


def written_by(name: str) -> str:
    """Return the make target that writes results/<name>, `make all` if not listed."""
    return WRITTEN_BY.get(name, "make all")


def require(results_dir: Path, name: str) -> Path:
    """Return results_dir/name, or raise naming the file and the target to run."""
    path = results_dir / name
    if not path.is_file():
        raise UserError(f"{path}: not found; run `{written_by(name)}` to write it")
    return path


def read_json_file(path: Path, name: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{path}: invalid JSON ({exc}); run `{written_by(name)}` again"
        ) from exc
    if not isinstance(data, dict):
        raise UserError(
            f"{path}: expected a JSON object; run `{written_by(name)}` again"
        )
    return data


def read_required(results_dir: Path, name: str) -> dict:
    return read_json_file(require(results_dir, name), name)


def read_optional(results_dir: Path, name: str) -> dict | None:
    """Return the JSON object in results_dir/name, or None if there is no such file."""
    path = results_dir / name
    return read_json_file(path, name) if path.is_file() else None


def table_rows(data: dict, results_dir: Path, name: str) -> list[dict]:
    """Return the `rows` list of a table file such as slides/dp_vs_nondp.json."""
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise UserError(
            f"{results_dir / name}: expected a `rows` list of objects; "
            f"run `{written_by(name)}` again"
        )
    return rows


def required_field(record: dict, key: str, results_dir: Path, name: str):
    """Return record[key], or raise naming the file, the key and the target to run."""
    value = record.get(key)
    if value is None:
        raise UserError(
            f"{results_dir / name}: missing field `{key}`; "
            f"run `{written_by(name)}` again"
        )
    return value


def is_missing(value) -> bool:
    """Return True for None and NaN: pandas writes NaN where a row has no value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value, decimals: int, thousands: bool = True) -> str:
    """Format a number with fixed decimals (and `,` thousands separators), or n/a."""
    if is_missing(value):
        return MISSING
    separator = "," if thousands else ""
    return f"{float(value):{separator}.{decimals}f}"


def format_count(value) -> str:
    return MISSING if is_missing(value) else f"{int(value):,d}"


def format_scientific(value, digits: int = 3) -> str:
    """Format a small number such as delta with `digits` significant digits."""
    return MISSING if is_missing(value) else f"{float(value):.{digits - 1}e}"


def format_megabytes(value_bytes) -> str:
    """Format bytes as MB (10^6 bytes) with one decimal."""
    return MISSING if is_missing(value_bytes) else format_number(value_bytes / 1e6, 1)


# One format per field, shared by the slides and the report.
FIELD_FORMATS = {
    "mae_lb": lambda value: format_number(value, 1),
    "rmse_lb": lambda value: format_number(value, 1),
    "mae": lambda value: format_number(value, 1),
    "rmse": lambda value: format_number(value, 1),
    "mse": lambda value: format_number(value, 0),
    "r2": lambda value: format_number(value, 3),
    "epsilon_poisson": lambda value: format_number(value, 2),
    "epsilon_shuffled": lambda value: format_number(value, 2),
    "epsilon": lambda value: format_number(value, 2),
    "delta": format_scientific,
    "mia_auc": lambda value: format_number(value, 3),
    "seconds_per_epoch": lambda value: format_number(value, 2),
    "seconds_version_v1": lambda value: format_number(value, 2),
    "seconds_version_v2": lambda value: format_number(value, 2),
    "seconds_read_v1": lambda value: format_number(value, 2),
    "bytes_stored": format_count,
    "objects_stored": format_count,
    "train_rows": format_count,
}


def format_field(key: str, value) -> str:
    """Format value by its field name; other floats below 1,000 get 4 digits."""
    if is_missing(value):
        return MISSING
    if key in FIELD_FORMATS:
        return FIELD_FORMATS[key](value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,d}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def build_date(text: str | None) -> datetime.date:
    """Return --date, else the UTC day of SOURCE_DATE_EPOCH, else today."""
    if text:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as exc:
            raise UserError(f"--date {text}: invalid date; use YYYY-MM-DD") from exc
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except ValueError as exc:
            raise UserError(
                f"SOURCE_DATE_EPOCH={epoch}: invalid; use seconds since 1970"
            ) from exc
    return datetime.date.today()

"""Schema of the CrossFit athletes file and a validating CSV reader."""

import csv
from pathlib import Path

import pandas as pd

from scripts.errors import UserError
from scripts.io_utils import file_md5  # noqa: F401 (re-exported for callers)

REFERENCE_MD5 = "ade8057a9ad4350dfade9180f021a96d"
REFERENCE_ROWS = 423_006

COLUMNS = [
    "athlete_id", "name", "region", "team", "affiliate", "gender", "age",
    "height", "weight", "fran", "helen", "grace", "filthy50", "fgonebad",
    "run400", "run5k", "candj", "snatch", "deadlift", "backsq", "pullups",
    "eat", "train", "background", "experience", "schedule", "howlong",
]  # fmt: skip

NUMERIC_COLUMNS = [
    "athlete_id", "age", "height", "weight", "fran", "helen", "grace",
    "filthy50", "fgonebad", "run400", "run5k", "candj", "snatch", "deadlift",
    "backsq", "pullups",
]  # fmt: skip

LIFT_COLUMNS = ["deadlift", "candj", "snatch", "backsq"]
TARGET = "total_lift"

SURVEY_COLUMNS = ["eat", "train", "background", "experience", "schedule", "howlong"]
DECLINE = "Decline to answer|"

# 2**23 - 1: a placeholder the source site stored in place of a real value.
SENTINEL = 8_388_607

REGIONS = [
    "Africa", "Asia", "Australia", "Canada East", "Canada West", "Central East",
    "Europe", "Latin America", "Mid Atlantic", "North Central", "North East",
    "Northern California", "North West", "South Central", "South East",
    "South West", "Southern California",
]  # fmt: skip

SURVEY_OPTIONS = {
    "eat": [
        "I eat whatever is convenient|",
        "I eat 1-3 full cheat meals per week|",
        "I eat quality foods but don't measure the amount|",
        "I eat strict Paleo|",
        "I weigh and measure my food|",
        DECLINE,
    ],
    # NOTE: only the first two `train` options are documented for the real file; the
    # next three are assumed. `train` is dropped in v2, so only synthetic v1 uses them.
    "train": [
        "I workout mostly at a CrossFit Affiliate|",
        "I have a coach who determines my programming|",
        "I incorporate CrossFit.com workouts into my training|",
        "I write my own programming|",
        "I record my workouts|",
        DECLINE,
    ],
    "background": [
        "I played youth or high school level sports|",
        "I played college sports|",
        "I played professional sports|",
        "I regularly play recreational sports|",
        "I have no athletic background besides CrossFit|",
        DECLINE,
    ],
    "experience": [
        "I began CrossFit with a coach (e.g. at an affiliate)|",
        "I began CrossFit by trying it alone (without a coach)|",
        "I have attended one or more specialty courses|",
        "I have had a life changing experience due to CrossFit|",
        "I have completed the CrossFit Level 1 certificate course|",
        "I train other people|",
        DECLINE,
    ],
    "schedule": [
        "I usually only do 1 workout a day|",
        "I do multiple workouts in a day 1x a week|",
        "I do multiple workouts in a day 2x a week|",
        "I do multiple workouts in a day 3+ times a week|",
        "I strictly schedule my rest days|",
        "I typically rest 4 or more days per month|",
        "I typically rest fewer than 4 days per month|",
        DECLINE,
    ],
    "howlong": [
        "Less than 6 months|",
        "6-12 months|",
        "1-2 years|",
        "2-4 years|",
        "4+ years|",
        DECLINE,
    ],
}


def check_header(path: Path, expected: list[str]) -> None:
    """Raise UserError unless the CSV at path starts with exactly `expected`."""
    if not path.is_file():
        raise UserError(f"{path}: file not found; run `make data` or set ATHLETES_CSV")
    # utf-8-sig also accepts the byte-order mark that spreadsheet programs write.
    with open(path, newline="", encoding="utf-8-sig") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise UserError(f"{path}: file is empty; expected a CSV header with {len(expected)} columns")
    header = next(csv.reader([first_line]))
    if len(header) == 1 and len(expected) > 1:
        raise UserError(
            f"{path}: header has one column; the file must be comma-separated "
            f"with the columns {','.join(expected[:3])},..."
        )
    missing = [name for name in expected if name not in header]
    if missing:
        raise UserError(f"{path}: missing columns {', '.join(missing)}; expected the header {','.join(expected)}")
    if header != expected:
        extra = [name for name in header if name not in expected]
        if extra:
            raise UserError(f"{path}: unexpected columns {', '.join(extra)}; expected exactly {','.join(expected)}")
        raise UserError(f"{path}: columns are reordered; expected the order {','.join(expected)}")


def check_numeric(df: pd.DataFrame, path: Path, columns: list[str]) -> None:
    """Raise UserError naming the first column of `columns` holding non-numeric text."""
    for column in columns:
        if pd.api.types.is_numeric_dtype(df[column]):
            continue
        parsed = pd.to_numeric(df[column], errors="coerce")
        bad = df[column][parsed.isna() & df[column].notna()]
        if not bad.empty:
            row = int(bad.index[0]) + 2  # +1 for the header, +1 for 1-based lines
            raise UserError(
                f"{path}: column {column} must be numeric but line {row} contains "
                f"{str(bad.iloc[0])!r}; fix or remove that value"
            )


def read_csv_checked(path: Path, columns: list[str], numeric: list[str]) -> pd.DataFrame:
    """Read a CSV whose header must equal `columns` and whose `numeric` columns parse."""
    try:
        check_header(path, columns)
        df = pd.read_csv(path, low_memory=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start}); "
            f"save the file as UTF-8 and retry"
        ) from exc
    if df.empty:
        raise UserError(f"{path}: header but no data rows; give a file with athlete rows")
    check_numeric(df, path, numeric)
    df[numeric] = df[numeric].astype("float64")
    return df


def read_athletes(path: Path) -> pd.DataFrame:
    """Read athletes.csv, checking its 27-column header and numeric columns."""
    return read_csv_checked(path, COLUMNS, NUMERIC_COLUMNS)

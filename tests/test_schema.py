"""The athletes.csv reader's errors: one line naming the file and the problem."""

import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from scripts.errors import UserError
from scripts.schema import COLUMNS, read_athletes
from scripts.synthetic import generate


@pytest.fixture
def good_frame() -> pd.DataFrame:
    return generate(200, seed=1)


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_read_athletes_valid(tmp_path, good_frame):
    path = tmp_path / "athletes.csv"
    good_frame.to_csv(path, index=False)
    df = read_athletes(path)
    assert list(df.columns) == COLUMNS
    assert len(df) == 200


def test_read_athletes_missing_file(tmp_path):
    with pytest.raises(UserError, match="file not found"):
        read_athletes(tmp_path / "nope.csv")


def test_read_athletes_empty_file(tmp_path):
    with pytest.raises(UserError, match="empty"):
        read_athletes(write(tmp_path / "a.csv", ""))


def test_read_athletes_missing_column(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame.drop(columns=["weight"]).to_csv(path, index=False)
    with pytest.raises(UserError, match="missing columns weight"):
        read_athletes(path)


def test_read_athletes_reordered_columns(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    columns = COLUMNS.copy()
    columns[6], columns[7] = columns[7], columns[6]
    good_frame[columns].to_csv(path, index=False)
    with pytest.raises(UserError, match="reordered"):
        read_athletes(path)


def test_read_athletes_wrong_delimiter(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame.to_csv(path, index=False, sep=";")
    with pytest.raises(UserError, match="comma-separated"):
        read_athletes(path)


def test_read_athletes_text_in_numeric(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame["age"] = good_frame["age"].astype(object)
    good_frame.loc[5, "age"] = "thirty"
    good_frame.to_csv(path, index=False)
    with pytest.raises(UserError, match="column age must be numeric but line 7 contains 'thirty'"):
        read_athletes(path)


def test_acquire_bad_csv_one_line_no_output(tmp_path, good_frame):
    bad = tmp_path / "bad.csv"
    good_frame.drop(columns=["age"]).to_csv(bad, index=False)
    out = tmp_path / "raw" / "athletes.csv"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.acquire", "--csv", str(bad), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {bad}: missing columns age")
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not (tmp_path / "raw" / "source.json").exists()


def test_prepare_missing_input_fails(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scripts.prepare", "--raw", str(tmp_path / "none.csv"), "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "file not found" in result.stderr
    assert not (tmp_path / "v1").exists()


def test_read_athletes_not_utf8(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame.loc[3, "name"] = "José"
    good_frame.to_csv(path, index=False, encoding="latin-1")
    with pytest.raises(UserError, match="not UTF-8 text"):
        read_athletes(path)


def test_read_athletes_byte_order_mark(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame.to_csv(path, index=False, encoding="utf-8-sig")
    assert list(read_athletes(path).columns) == COLUMNS


def test_read_athletes_header_only(tmp_path, good_frame):
    path = tmp_path / "a.csv"
    good_frame.head(0).to_csv(path, index=False)
    with pytest.raises(UserError, match="no data rows"):
        read_athletes(path)

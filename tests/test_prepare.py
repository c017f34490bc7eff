"""prepare writes v1 and v2 byte-identically for the same input."""

import json

import pytest

from scripts.acquire import acquire
from scripts.prepare import prepare


def test_prepare_is_byte_identical(tmp_path):
    raw = tmp_path / "raw" / "athletes.csv"
    acquire(raw, csv=None, rows=3000, seed=7)
    first = tmp_path / "first"
    second = tmp_path / "second"
    prepare(raw, first)
    prepare(raw, second)
    for version in ("v1", "v2"):
        for name in ("train.csv", "test.csv", "manifest.json"):
            assert (first / version / name).read_bytes() == (second / version / name).read_bytes(), f"{version}/{name}"


def test_prepare_manifest_counts(tmp_path):
    raw = tmp_path / "raw" / "athletes.csv"
    acquire(raw, csv=None, rows=3000, seed=7)
    prepare(raw, tmp_path)
    v1 = json.loads((tmp_path / "v1" / "manifest.json").read_text())
    assert v1["files"]["train.csv"]["rows"] == 2400
    assert v1["files"]["test.csv"]["rows"] == 600
    assert v1["source"]["synthetic"] is True
    assert v1["columns"][-1] == "total_lift"


def test_acquire_marks_synthetic(tmp_path):
    raw = tmp_path / "athletes.csv"
    record = acquire(raw, csv=None, rows=500, seed=3)
    assert record["synthetic"] is True
    assert json.loads((tmp_path / "source.json").read_text())["synthetic"] is True


def test_acquire_real_file_kept(tmp_path):
    synthetic_raw = tmp_path / "gen" / "athletes.csv"
    acquire(synthetic_raw, csv=None, rows=500, seed=3)
    out = tmp_path / "raw" / "athletes.csv"
    record = acquire(out, csv=synthetic_raw, rows=500, seed=3)
    assert record["synthetic"] is False
    assert record["reference_md5"] is False
    assert out.read_bytes() == synthetic_raw.read_bytes()


def test_prepare_too_few_v2_rows(tmp_path):
    from scripts.errors import UserError

    raw = tmp_path / "raw" / "athletes.csv"
    acquire(raw, csv=None, rows=150, seed=7)
    with pytest.raises(UserError, match="pass the v2 cleaning"):
        prepare(raw, tmp_path)
    assert not (tmp_path / "v1").exists()

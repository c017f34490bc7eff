"""The DP cost benchmark's summary table."""

import pytest

from scripts.bench_dp import bench_table


def result(variant: str, per_epoch: float) -> dict:
    return {"variant": variant, "per_epoch": per_epoch, "first_epoch": 4.0, "epochs_timed": 3, "description": ""}


def test_bench_ratio_to_non_dp():
    table = bench_table([result("non_dp", 0.1), result("fast_clipping", 0.12), result("microbatch_optimizer", 2.0)],
                        "fast_clipping")  # fmt: skip
    ratios = dict(zip(table["variant"], table["ratio_to_non_dp"]))
    assert ratios["fast_clipping"] == pytest.approx(1.2)
    assert ratios["microbatch_optimizer"] == pytest.approx(20.0)


def test_bench_marks_default_and_dp():
    table = bench_table([result("non_dp", 0.1), result("non_dp_xla", 0.08), result("fast_clipping", 0.12)],
                        "fast_clipping")  # fmt: skip
    assert table["default"].tolist() == [False, False, True]
    assert table["dp"].tolist() == [False, False, True]


def test_bench_without_non_dp_has_no_ratio():
    table = bench_table([result("fast_clipping", 0.12)], "fast_clipping")
    assert table["ratio_to_non_dp"].isna().all()

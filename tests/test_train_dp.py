"""DP training: the privacy-utility curve's noise multipliers and the headline model."""

import pytest

from scripts.errors import UserError
from scripts.privacy import epsilon_poisson, steps_for
from scripts.train_dp import curve_noise_multipliers, curve_table, nearest_to_target

SETTINGS = {
    "noise_multipliers": [4.0, 0.5, 1.0, 2.0, 3.0],
    "calibrate_to_target": True,
    "target_epsilon": 1.0,
    "batch_size": 256,
    "epochs": 20,
    "delta": None,
}


def record(noise_multiplier: float, epsilon: float) -> dict:
    return {
        "privacy": {"noise_multiplier": noise_multiplier, "epsilon_poisson": epsilon, "epsilon_shuffled": 10 * epsilon,
                    "delta": 1e-5, "steps": 100},
        "metrics": {"mae": 150.0, "rmse": 190.0, "r2": 0.5},
        "membership_inference": {"auc": 0.5, "advantage": 0.01},
        "seconds": {"fit": 1.0},
    }  # fmt: skip


def test_curve_adds_calibrated_noise():
    noise_multipliers = curve_noise_multipliers(SETTINGS, 24_000)
    assert len(noise_multipliers) == 6
    assert noise_multipliers == sorted(noise_multipliers)
    calibrated = [value for value in noise_multipliers if value not in SETTINGS["noise_multipliers"]][0]
    steps = steps_for(24_000, 256, 20)
    assert epsilon_poisson(24_000, 256, calibrated, steps, 1 / 24_000) == pytest.approx(1.0, abs=1e-3)


def test_curve_without_calibration():
    settings = {**SETTINGS, "calibrate_to_target": False}
    assert curve_noise_multipliers(settings, 24_000) == [0.5, 1.0, 2.0, 3.0, 4.0]


def test_curve_rejects_zero_noise():
    with pytest.raises(UserError, match="dp.noise_multipliers"):
        curve_noise_multipliers({**SETTINGS, "noise_multipliers": [0.0, 1.0]}, 24_000)


def test_headline_nearest_target():
    records = [record(0.5, 19.5), record(1.5, 1.38), record(2.0, 0.93), record(4.0, 0.41)]
    assert nearest_to_target(records, 1.0) == 2


def test_headline_tie_prefers_more_noise():
    records = [record(1.5, 1.2), record(2.0, 0.8)]
    assert nearest_to_target(records, 1.0) == 1


def test_curve_table_marks_headline():
    table = curve_table([record(0.5, 19.5), record(2.0, 0.93)], headline=1)
    assert table["headline"].tolist() == [False, True]
    assert table["epsilon_poisson"].tolist() == [19.5, 0.93]
    assert "mia_auc" in table.columns

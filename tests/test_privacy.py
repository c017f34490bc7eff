"""Privacy accounting against published values."""

import pytest

from scripts.privacy import (
    epsilon_poisson,
    epsilon_shuffled,
    noise_multiplier_for_epsilon,
    privacy_report,
    steps_for,
)


def test_epsilon_poisson_reference():
    # n=60,000, batch 250, noise 1.3, 15 epochs, delta 1e-5, one example per
    # microbatch: TensorFlow Privacy's statement gives 0.94 with Poisson sampling.
    steps = steps_for(60_000, 250, 15)
    assert steps == 3600
    assert epsilon_poisson(60_000, 250, 1.3, steps, 1e-5) == pytest.approx(0.94, abs=0.01)


def test_epsilon_shuffled_reference():
    assert epsilon_shuffled(1.3, 15, 1e-5) == pytest.approx(17.6, abs=0.1)


def test_steps_count_last_partial_batch():
    assert steps_for(1001, 100, 2) == 22


def test_privacy_report_delta_default():
    report = privacy_report(n=24_000, batch_size=256, noise_multiplier=1.1, epochs=20, delta=None)
    assert report["delta"] == pytest.approx(1 / 24_000)
    assert report["delta_rule"] == "1/n"
    assert report["epsilon_poisson"] < report["epsilon_shuffled"]
    assert "Poisson" in report["sampling_poisson"]
    assert "RDP" in report["accountant"]


def test_noise_multiplier_for_epsilon_reaches_target():
    noise_multiplier = noise_multiplier_for_epsilon(24_000, 256, 20, target_epsilon=1.0, delta=1 / 24_000)
    epsilon = epsilon_poisson(24_000, 256, noise_multiplier, steps_for(24_000, 256, 20), 1 / 24_000)
    assert epsilon <= 1.0
    assert epsilon == pytest.approx(1.0, abs=1e-3)

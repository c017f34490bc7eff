"""The loss-threshold membership-inference attack."""

import numpy as np
import pytest

from scripts.audit import audit_model, loss_threshold_attack
from scripts.models import build_mlp, seed_everything


def test_attack_separated_losses():
    result = loss_threshold_attack(np.array([0.0, 0.1, 0.2]), np.array([5.0, 6.0, 7.0]))
    assert result["auc"] == 1.0
    assert result["advantage"] == 1.0
    assert 0.2 <= result["threshold_loss"] < 5.0


def test_attack_same_distribution_near_chance():
    rng = np.random.default_rng(0)
    result = loss_threshold_attack(rng.exponential(size=5000), rng.exponential(size=5000))
    assert result["auc"] == pytest.approx(0.5, abs=0.03)
    assert result["advantage"] < 0.05


def test_audit_balances_members():
    rng = np.random.default_rng(1)
    train = (rng.normal(size=(500, 2)), rng.normal(size=500))
    test = (rng.normal(size=(120, 2)), rng.normal(size=120))
    result = audit_model(lambda x: x[:, 0], train, test, seed=3)
    assert result["members"] == 120
    assert result["non_members"] == 120


def test_audit_same_seed_same_result():
    rng = np.random.default_rng(2)
    train = (rng.normal(size=(300, 2)), rng.normal(size=300))
    test = (rng.normal(size=(100, 2)), rng.normal(size=100))
    first = audit_model(lambda x: x[:, 0], train, test, seed=5)
    second = audit_model(lambda x: x[:, 0], train, test, seed=5)
    assert first == second


def test_audit_overfit_mlp_high_auc():
    # A wide MLP trained for many epochs on a few rows of pure-noise targets
    # memorizes its members, so their losses are far below the non-members'.
    rng = np.random.default_rng(4)
    x = rng.uniform(size=(200, 8)).astype("float32")
    y = rng.uniform(size=(200, 1)).astype("float32")
    members, non_members = slice(0, 100), slice(100, 200)
    seed_everything(4)
    model = build_mlp(8, 256, learning_rate=0.01)
    model.fit(x[members], y[members], epochs=300, batch_size=25, verbose=0)

    def predict(rows):
        return model.predict(rows, verbose=0).ravel()

    result = audit_model(predict, (x[members], y[members].ravel()), (x[non_members], y[non_members].ravel()), seed=0)
    assert result["auc"] > 0.8
    assert result["advantage"] > 0.4

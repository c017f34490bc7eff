"""Membership-inference audit: a loss-threshold attack on a trained regression model.

The attacker ranks examples by their loss under the model and guesses that
the low-loss ones were training members. The ROC AUC of that ranking
(0.5 = no better than chance) and the best TPR - FPR over all thresholds
(the membership advantage) measure how much the model exposes its training
rows. A weak attack only gives a lower bound on that exposure.
"""

from collections.abc import Callable

import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve

ATTACK = "loss threshold: lower squared error means member"


def squared_errors(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Return each example's squared error, the per-example loss of the attack."""
    return (np.asarray(y_true, dtype="float64").ravel() - np.asarray(y_pred, dtype="float64").ravel()) ** 2


def loss_threshold_attack(member_losses: np.ndarray, non_member_losses: np.ndarray) -> dict:
    """Score the attack that calls an example a member when its loss is below a threshold.

    Returns the ROC AUC, the membership advantage (max TPR - FPR) and the
    loss threshold that reaches it.
    """
    losses = np.concatenate([member_losses, non_member_losses])
    is_member = np.concatenate([np.ones(len(member_losses)), np.zeros(len(non_member_losses))])
    scores = -losses
    fpr, tpr, thresholds = roc_curve(is_member, scores)
    best = int(np.argmax(tpr - fpr))
    return {
        "auc": float(roc_auc_score(is_member, scores)),
        "advantage": float(tpr[best] - fpr[best]),
        "threshold_loss": float(-thresholds[best]) if np.isfinite(thresholds[best]) else None,
        "members": len(member_losses),
        "non_members": len(non_member_losses),
    }


def audit_model(
    predict: Callable[[np.ndarray], np.ndarray],
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    seed: int,
) -> dict:
    """Attack a model with as many training members as held-out non-members.

    `predict` maps feature rows to predictions in the target's units. Both
    sides are sampled without replacement with `seed`, up to the size of the
    smaller split.
    """
    x_train, y_train = train
    x_test, y_test = test
    size = min(len(y_train), len(y_test))
    rng = np.random.default_rng(seed)
    members = np.sort(rng.choice(len(y_train), size=size, replace=False))
    non_members = np.sort(rng.choice(len(y_test), size=size, replace=False))

    member_losses = squared_errors(y_train[members], predict(x_train[members]))
    non_member_losses = squared_errors(y_test[non_members], predict(x_test[non_members]))
    result = loss_threshold_attack(member_losses, non_member_losses)
    result.update({"attack": ATTACK, "loss": "squared error of total_lift (lb^2)", "seed": seed})
    return result

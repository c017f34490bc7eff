"""The MLP's DP-SGD variants: per-example clipping, and the epoch timing summary."""

import numpy as np
import pytest

from scripts.models import DP_VARIANTS, build_dp_mlp, epoch_seconds_summary, seed_everything

CLIP = 0.05
BATCH = 8
FEATURES = 5


def batch(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(BATCH, FEATURES)).astype("float32")
    y = rng.uniform(1.0, 3.0, size=(BATCH, 1)).astype("float32")
    return x, y


def per_example_gradients(model, x: np.ndarray, y: np.ndarray) -> list[list[np.ndarray]]:
    """Return each example's gradient of its squared error, computed one example at a time."""
    import tensorflow as tf

    gradients = []
    for index in range(len(x)):
        with tf.GradientTape() as tape:
            prediction = model(x[index : index + 1], training=True)
            loss = tf.reduce_mean(tf.square(y[index : index + 1] - prediction))
        gradients.append([g.numpy() for g in tape.gradient(loss, model.trainable_variables)])
    return gradients


def clipped_mean(gradients: list[list[np.ndarray]], l2_norm_clip: float) -> list[np.ndarray]:
    total = [np.zeros_like(g) for g in gradients[0]]
    for example in gradients:
        norm = np.sqrt(sum(float(np.sum(g**2)) for g in example))
        factor = min(1.0, l2_norm_clip / norm)
        total = [t + g * factor for t, g in zip(total, example)]
    return [t / len(gradients) for t in total]


@pytest.mark.parametrize("variant", list(DP_VARIANTS))
def test_dp_step_clips_each_example(variant):
    # Without noise and with SGD at learning rate 1, one step moves the weights
    # by exactly the mean of the per-example gradients clipped to CLIP.
    x, y = batch()
    seed_everything(0)
    model = build_dp_mlp(FEATURES, 4, 1.0, CLIP, 0.0, variant=variant, optimizer="sgd")
    before = [w.copy() for w in model.get_weights()]
    gradients = per_example_gradients(model, x, y)
    norms = [np.sqrt(sum(float(np.sum(g**2)) for g in example)) for example in gradients]
    assert min(norms) > CLIP, "every example must be clipped for the test to tell clipping apart"
    expected = clipped_mean(gradients, CLIP)

    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    after = model.get_weights()
    for old, new, step in zip(before, after, expected):
        np.testing.assert_allclose(old - new, step, rtol=1e-3, atol=1e-7)


def test_dp_step_differs_from_batch_clipping():
    # Clipping the batch's mean gradient once, as num_microbatches=1 would,
    # gives another step, so the check above can tell the two apart.
    x, y = batch()
    seed_everything(0)
    model = build_dp_mlp(FEATURES, 4, 1.0, CLIP, 0.0, optimizer="sgd")
    gradients = per_example_gradients(model, x, y)
    per_example = clipped_mean(gradients, CLIP)
    batch_mean = [np.mean([example[i] for example in gradients], axis=0) for i in range(len(gradients[0]))]
    batch_clipped = clipped_mean([batch_mean], CLIP)
    assert not all(np.allclose(a, b, rtol=1e-3) for a, b in zip(per_example, batch_clipped))


def test_fast_clipping_uses_layer_registry():
    model = build_dp_mlp(FEATURES, 4, 0.01, 1.0, 1.0)
    assert model._enable_fast_peg_computation


def test_dp_mlp_unknown_variant():
    with pytest.raises(ValueError, match="DP variant 'clip_batch' is invalid"):
        build_dp_mlp(FEATURES, 4, 0.01, 1.0, 1.0, variant="clip_batch")


def test_epoch_summary_skips_warm_up():
    summary = epoch_seconds_summary([5.0, 1.0, 3.0, 2.0])
    assert summary["first_epoch"] == 5.0
    assert summary["per_epoch"] == 2.0
    assert summary["epochs_timed"] == 3

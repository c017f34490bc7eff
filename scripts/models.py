"""The models of the study and their metrics: linear regression, a Keras MLP and its DP-SGD variants."""

import statistics
import time

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

# Ways to train the MLP with per-example clipping, all from TensorFlow Privacy 0.9.0.
DP_VARIANTS = {
    "fast_clipping": "DPSequential with the default layer registry (fast per-example gradient norms)",
    "vectorized_optimizer": "VectorizedDPKeras*Optimizer, one example per microbatch",
    "microbatch_optimizer": "DPKeras*Optimizer, one example per microbatch",
}
OPTIMIZERS = ("adam", "sgd")


def regression_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """Return MAE, MSE, RMSE (pounds) and R^2."""
    mse = float(mean_squared_error(y_true, y_pred))
    return {
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "mse": mse,
        "rmse": float(np.sqrt(mse)),
        "r2": float(r2_score(y_true, y_pred)),
    }


def fit_linear(x: np.ndarray, y: np.ndarray, fit_intercept: bool = True) -> LinearRegression:
    return LinearRegression(fit_intercept=fit_intercept).fit(x, y)


def seed_everything(seed: int) -> None:
    """Reset Keras, seed Python, NumPy and TensorFlow, and make TensorFlow ops deterministic.

    Clearing the Keras session frees the models built before, so a run that
    trains many models does not accumulate them.

    NOTE: DPSequential compiles its train step with XLA, whose random numbers
    come from a per-process sequence. The DP noise of a model therefore
    depends on the XLA compilations before it in the same process. Two runs
    of the same command still give identical models.
    """
    import tensorflow as tf

    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def mlp_layers(n_features: int, hidden_units: int) -> list:
    """Return the MLP's layers: Dense(hidden_units, relu), then Dense(1)."""
    import tensorflow as tf

    return [
        tf.keras.layers.InputLayer(input_shape=(n_features,)),
        tf.keras.layers.Dense(hidden_units, activation="relu"),
        tf.keras.layers.Dense(1),
    ]


def keras_optimizer(name: str, learning_rate: float):
    import tensorflow as tf

    if name == "adam":
        return tf.keras.optimizers.Adam(learning_rate)
    if name == "sgd":
        return tf.keras.optimizers.SGD(learning_rate)
    raise ValueError(f"optimizer {name!r} is invalid; use one of {', '.join(OPTIMIZERS)}")


def build_mlp(
    n_features: int, hidden_units: int, learning_rate: float, optimizer: str = "adam", jit_compile: bool = False
):
    """Return the MLP compiled with mean squared error, each train step compiled with XLA if jit_compile."""
    import tensorflow as tf

    model = tf.keras.Sequential(mlp_layers(n_features, hidden_units))
    model.compile(
        optimizer=keras_optimizer(optimizer, learning_rate),
        loss=tf.keras.losses.MeanSquaredError(),
        jit_compile=jit_compile,
    )
    return model


def dp_optimizer(variant: str, optimizer: str, learning_rate: float, l2_norm_clip: float, noise_multiplier: float):
    """Return TensorFlow Privacy's DP optimizer for a microbatch variant.

    num_microbatches=None makes every example its own microbatch, for any
    batch size including a short last batch.
    """
    from tensorflow_privacy.privacy.optimizers import dp_optimizer_keras, dp_optimizer_keras_vectorized

    classes = {
        ("microbatch_optimizer", "adam"): dp_optimizer_keras.DPKerasAdamOptimizer,
        ("microbatch_optimizer", "sgd"): dp_optimizer_keras.DPKerasSGDOptimizer,
        ("vectorized_optimizer", "adam"): dp_optimizer_keras_vectorized.VectorizedDPKerasAdamOptimizer,
        ("vectorized_optimizer", "sgd"): dp_optimizer_keras_vectorized.VectorizedDPKerasSGDOptimizer,
    }
    if (variant, optimizer) not in classes:
        raise ValueError(f"optimizer {optimizer!r} is invalid; use one of {', '.join(OPTIMIZERS)}")
    return classes[(variant, optimizer)](
        l2_norm_clip=l2_norm_clip,
        noise_multiplier=noise_multiplier,
        num_microbatches=None,
        learning_rate=learning_rate,
    )


def build_dp_mlp(
    n_features: int,
    hidden_units: int,
    learning_rate: float,
    l2_norm_clip: float,
    noise_multiplier: float,
    variant: str = "fast_clipping",
    optimizer: str = "adam",
):
    """Return the MLP compiled for DP-SGD: each example's gradient is clipped to l2_norm_clip.

    Every variant sums the clipped gradients of a batch, adds Gaussian noise of
    standard deviation l2_norm_clip * noise_multiplier, divides by the batch
    size and hands the result to the optimizer. fast_clipping needs labels of
    shape (n, 1). The microbatch variants need a per-example loss
    (reduction NONE).
    """
    import tensorflow as tf
    from tensorflow_privacy.privacy.fast_gradient_clipping import layer_registry
    from tensorflow_privacy.privacy.keras_models.dp_keras_model import DPSequential

    if variant not in DP_VARIANTS:
        raise ValueError(f"DP variant {variant!r} is invalid; use one of {', '.join(DP_VARIANTS)}")
    if variant == "fast_clipping":
        model = DPSequential(
            l2_norm_clip=l2_norm_clip,
            noise_multiplier=noise_multiplier,
            num_microbatches=None,
            layer_registry=layer_registry.make_default_layer_registry(),
            layers=mlp_layers(n_features, hidden_units),
        )
        model.compile(optimizer=keras_optimizer(optimizer, learning_rate), loss=tf.keras.losses.MeanSquaredError())
        return model

    model = tf.keras.Sequential(mlp_layers(n_features, hidden_units))
    model.compile(
        optimizer=dp_optimizer(variant, optimizer, learning_rate, l2_norm_clip, noise_multiplier),
        loss=tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.NONE),
    )
    return model


def epoch_timer():
    """Return a Keras callback that records each epoch's wall-clock seconds in `.seconds`."""
    import tensorflow as tf

    class EpochTimer(tf.keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds: list[float] = []
            self._started = 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self._started)

    return EpochTimer()


def epoch_seconds_summary(seconds: list[float]) -> dict:
    """Return the first epoch's seconds (tracing, XLA compilation) and the median of the other epochs."""
    timed = seconds[1:] or seconds
    return {
        "first_epoch": seconds[0],
        "per_epoch": statistics.median(timed),
        "epochs_timed": len(timed),
    }


def fit_keras(model, x: np.ndarray, y: np.ndarray, epochs: int, batch_size: int) -> dict:
    """Train with shuffled batches and return the fit seconds and the epoch time summary."""
    timer = epoch_timer()
    started = time.monotonic()
    model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0, callbacks=[timer])
    return {"fit": time.monotonic() - started, **epoch_seconds_summary(timer.seconds)}

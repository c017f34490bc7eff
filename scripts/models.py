"""The models of the study and their metrics: linear regression and a Keras MLP."""

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score


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
    """Seed Python, NumPy and TensorFlow and make TensorFlow ops deterministic."""
    import tensorflow as tf

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


def build_mlp(n_features: int, hidden_units: int, learning_rate: float):
    import tensorflow as tf

    model = tf.keras.Sequential(mlp_layers(n_features, hidden_units))
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss=tf.keras.losses.MeanSquaredError())
    return model


def build_dp_mlp(n_features: int, hidden_units: int, learning_rate: float, l2_norm_clip: float, noise_multiplier: float):
    """Return the MLP as TensorFlow Privacy's DPSequential with fast per-example clipping.

    With every layer in the default layer registry and no num_microbatches,
    DPSequential clips each example's gradient, adds Gaussian noise of
    standard deviation l2_norm_clip * noise_multiplier to the sum, and then
    applies the optimizer.
    """
    import tensorflow as tf
    from tensorflow_privacy.privacy.fast_gradient_clipping import layer_registry
    from tensorflow_privacy.privacy.keras_models.dp_keras_model import DPSequential

    model = DPSequential(
        l2_norm_clip=l2_norm_clip,
        noise_multiplier=noise_multiplier,
        num_microbatches=None,
        layer_registry=layer_registry.make_default_layer_registry(),
        layers=mlp_layers(n_features, hidden_units),
    )
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss=tf.keras.losses.MeanSquaredError())
    return model

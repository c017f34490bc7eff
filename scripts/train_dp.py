"""Train the v2 MLP with DP-SGD (TensorFlow Privacy) and account for its epsilon."""

import argparse
import logging
import time

from scripts.datasets import SOURCES
from scripts.errors import run_main, setup_logging
from scripts.features import profile_columns, scale, scale_features, unscale
from scripts.models import build_dp_mlp, regression_metrics, seed_everything
from scripts.privacy import privacy_report
from scripts.schema import TARGET
from scripts.settings import load_params
from scripts.train import load_version, metrics_record, write_metrics

log = logging.getLogger(__name__)


def train_dp_mlp(data: dict, columns: list[str], params: dict) -> dict:
    settings = params["dp"]
    bounds = params["features"]["bounds"]
    low, high = bounds[TARGET]
    seed_everything(settings["seed"])
    x_train = scale_features(data["train"][0], columns, bounds)
    # Labels of shape (n, 1): fast gradient clipping rejects (n,).
    y_train = scale(data["train"][1], low, high).astype("float32").reshape(-1, 1)
    x_test = scale_features(data["test"][0], columns, bounds)

    privacy = privacy_report(
        n=len(y_train),
        batch_size=settings["batch_size"],
        noise_multiplier=settings["noise_multiplier"],
        epochs=settings["epochs"],
        delta=settings["delta"],
    )
    privacy["l2_norm_clip"] = settings["l2_norm_clip"]
    privacy["clipping"] = "fast per-example gradient clipping (DPSequential, default layer registry)"
    privacy["preprocessing"] = "features and target clipped and scaled with public bounds from params.yaml"

    model = build_dp_mlp(
        len(columns), settings["hidden_units"], settings["learning_rate"],
        settings["l2_norm_clip"], settings["noise_multiplier"],
    )  # fmt: skip
    started = time.monotonic()
    model.fit(x_train, y_train, epochs=settings["epochs"], batch_size=settings["batch_size"], shuffle=True, verbose=0)
    fit_seconds = time.monotonic() - started
    predictions = unscale(model.predict(x_test, batch_size=4096, verbose=0).ravel(), low, high)
    log.info(
        "DP-SGD: epsilon %.2f (Poisson sampling) / %.2f (shuffled bound) at delta %.2e over %d steps",
        privacy["epsilon_poisson"], privacy["epsilon_shuffled"], privacy["delta"], privacy["steps"],
    )  # fmt: skip
    return {
        "metrics": regression_metrics(data["test"][1], predictions),
        "params": settings,
        "privacy": privacy,
        "seconds": {"read": data["read_seconds"], "fit": fit_seconds, "per_epoch": fit_seconds / settings["epochs"]},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="where to read the data versions")
    parser.add_argument("--profile", default=None, help="feature profile from params.yaml (default: its features.profile)")
    args = parser.parse_args(argv)
    params = load_params()
    profile, columns = profile_columns(params, args.profile)

    data = load_version(args.source, "v2", columns)
    record = metrics_record("keras_mlp_dp_sgd", "v2", args.source, profile, columns, data)
    record.update(train_dp_mlp(data, columns, params))
    write_metrics("dp_mlp_v2", record)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

"""Train linear regression on v1 and v2 and a Keras MLP on v2, from data read by tag."""

import argparse
import logging
import platform
import time
from pathlib import Path

import numpy as np

from scripts.datasets import SOURCES, load_split
from scripts.errors import run_main, setup_logging
from scripts.features import complete_rows, profile_columns, scale, scale_features, unscale, xy
from scripts.io_utils import write_json
from scripts.models import build_mlp, fit_linear, regression_metrics, seed_everything
from scripts.schema import TARGET
from scripts.settings import ROOT, load_params

log = logging.getLogger(__name__)

METRICS_DIR = ROOT / "results" / "metrics"


def load_version(source: str, version: str, columns: list[str]) -> dict:
    """Read train and test of a version, drop incomplete rows, return arrays and lineage."""
    data = {"lineage": {}, "rows": {}, "dropped": {}, "read_seconds": 0.0, "synthetic": None}
    for split in ("train", "test"):
        df, lineage = load_split(source, version, f"{split}.csv")
        kept, dropped = complete_rows(df, columns)
        data[split] = xy(kept, columns)
        data["lineage"][split] = lineage
        data["rows"][split] = len(kept)
        data["dropped"][split] = dropped
        data["read_seconds"] += lineage["seconds"]
        if dropped:
            log.info("%s %s: dropped %d rows missing a feature or %s", version, split, dropped, TARGET)
    return data


def data_source_record() -> dict:
    """Return data/raw/source.json: whether the input was synthetic, its MD5 and rows."""
    from scripts.io_utils import read_json

    path = ROOT / "data" / "raw" / "source.json"
    return read_json(path) if path.is_file() else {"synthetic": None}


def metrics_record(model: str, version: str, source: str, profile: str, columns: list[str], data: dict) -> dict:
    source_record = data_source_record()
    return {
        "model": model,
        "data_version": version,
        "source": source,
        "synthetic": source_record.get("synthetic"),
        "data_source": source_record,
        "feature_profile": profile,
        "features": columns,
        "target": TARGET,
        "rows": {"train": data["rows"]["train"], "test": data["rows"]["test"]},
        "rows_dropped_missing": data["dropped"],
        "lineage": data["lineage"],
        "python": platform.python_version(),
    }


def train_linear(data: dict, params: dict) -> dict:
    started = time.monotonic()
    x_train, y_train = data["train"]
    x_test, y_test = data["test"]
    model = fit_linear(x_train, y_train, params["linear"]["fit_intercept"])
    metrics = regression_metrics(y_test, model.predict(x_test))
    return {
        "metrics": metrics,
        "coefficients": [float(value) for value in model.coef_],
        "intercept": float(model.intercept_),
        "seconds": {"read": data["read_seconds"], "fit": time.monotonic() - started},
    }


def train_mlp(data: dict, columns: list[str], params: dict) -> dict:
    settings = params["mlp"]
    bounds = params["features"]["bounds"]
    low, high = bounds[TARGET]
    seed_everything(settings["seed"])
    x_train = scale_features(data["train"][0], columns, bounds)
    y_train = scale(data["train"][1], low, high).astype("float32").reshape(-1, 1)
    x_test = scale_features(data["test"][0], columns, bounds)

    model = build_mlp(len(columns), settings["hidden_units"], settings["learning_rate"])
    started = time.monotonic()
    model.fit(x_train, y_train, epochs=settings["epochs"], batch_size=settings["batch_size"], shuffle=True, verbose=0)
    fit_seconds = time.monotonic() - started
    predictions = unscale(model.predict(x_test, batch_size=4096, verbose=0).ravel(), low, high)
    return {
        "metrics": regression_metrics(data["test"][1], predictions),
        "params": settings,
        "seconds": {"read": data["read_seconds"], "fit": fit_seconds, "per_epoch": fit_seconds / settings["epochs"]},
    }


def write_metrics(name: str, record: dict) -> Path:
    path = METRICS_DIR / f"{name}.json"
    write_json(path, record)
    metrics = record["metrics"]
    log.info(
        "%s: MAE %.1f, RMSE %.1f, R^2 %.3f on %d test rows -> %s",
        name, metrics["mae"], metrics["rmse"], metrics["r2"], record["rows"]["test"], path,
    )  # fmt: skip
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="where to read the data versions")
    parser.add_argument("--profile", default=None, help="feature profile from params.yaml (default: its features.profile)")
    args = parser.parse_args(argv)
    params = load_params()
    profile, columns = profile_columns(params, args.profile)

    versions = {version: load_version(args.source, version, columns) for version in ("v1", "v2")}
    if versions["v2"]["rows"]["train"] == 0:
        from scripts.errors import UserError

        raise UserError("v2 has no training rows; use more data (ATHLETES_ROWS) or check the input file")

    results = {}
    for version in ("v1", "v2"):
        record = metrics_record("linear_regression", version, args.source, profile, columns, versions[version])
        record.update(train_linear(versions[version], params))
        results[f"linear_{version}"] = record
    record = metrics_record("keras_mlp", "v2", args.source, profile, columns, versions["v2"])
    record.update(train_mlp(versions["v2"], columns, params))
    results["mlp_v2"] = record

    for name, record in results.items():
        write_metrics(name, record)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

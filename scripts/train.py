"""Train linear regression and a Keras MLP on v1 and v2 for every feature profile.

Data is read by tag from lakeFS, DVC or data/. Each model gets a metrics
file per profile, `<model>_<version>_<profile>.json`, and the default
profile's record is also written to `<model>_<version>.json` with a
`profiles` section that summarizes every profile.
"""

import argparse
import logging
import platform
import time
from pathlib import Path

import numpy as np

from scripts.audit import audit_model
from scripts.datasets import SOURCES, load_split
from scripts.errors import UserError, run_main, setup_logging
from scripts.features import (
    FeatureProfile,
    complete_rows,
    load_profiles,
    scale,
    scale_features,
    unscale,
    xy,
)
from scripts.io_utils import read_json, write_json
from scripts.models import build_mlp, fit_keras, fit_linear, regression_metrics, seed_everything
from scripts.schema import TARGET
from scripts.settings import ROOT, load_params

log = logging.getLogger(__name__)

METRICS_DIR = ROOT / "results" / "metrics"
VERSIONS = ("v1", "v2")
SPLITS = ("train", "test")
PREDICT_BATCH_SIZE = 4096


def read_version(source: str, version: str) -> dict:
    """Read train.csv and test.csv of a version, with their lineage and read seconds."""
    raw = {"version": version, "frames": {}, "lineage": {}, "read_seconds": 0.0}
    for split in SPLITS:
        df, lineage = load_split(source, version, f"{split}.csv")
        raw["frames"][split] = df
        raw["lineage"][split] = lineage
        raw["read_seconds"] += lineage["seconds"]
    return raw


def encode_version(raw: dict, profile: FeatureProfile) -> dict:
    """Drop each split's rows that miss a numeric feature or the target, then encode the rest."""
    data = {"lineage": raw["lineage"], "read_seconds": raw["read_seconds"], "rows": {}, "dropped": {}}
    for split in SPLITS:
        kept, dropped = complete_rows(raw["frames"][split], profile)
        data[split] = xy(kept, profile)
        data["rows"][split] = len(kept)
        data["dropped"][split] = dropped
        if dropped:
            log.info(
                "%s %s, profile %s: dropped %d rows missing a numeric feature or %s",
                raw["version"], split, profile.name, dropped, TARGET,
            )  # fmt: skip
    if data["rows"]["train"] == 0 or data["rows"]["test"] == 0:
        raise UserError(
            f"{raw['version']}: no complete rows left for profile {profile.name} "
            f"(train {data['rows']['train']}, test {data['rows']['test']}); "
            f"use more data (ATHLETES_ROWS) or check the input file"
        )
    return data


def load_version(source: str, version: str, profile: FeatureProfile) -> dict:
    """Read a version and encode it with one profile."""
    return encode_version(read_version(source, version), profile)


def data_source_record() -> dict:
    """Return data/raw/source.json: whether the input was synthetic, its MD5 and rows."""
    path = ROOT / "data" / "raw" / "source.json"
    return read_json(path) if path.is_file() else {"synthetic": None}


def metrics_record(model: str, version: str, source: str, profile: FeatureProfile, data: dict) -> dict:
    source_record = data_source_record()
    return {
        "model": model,
        "data_version": version,
        "source": source,
        "synthetic": source_record.get("synthetic"),
        "data_source": source_record,
        "feature_profile": profile.name,
        "features": profile.input_columns,
        "feature_names": profile.feature_names,
        "target": TARGET,
        "rows": {"train": data["rows"]["train"], "test": data["rows"]["test"]},
        "rows_dropped_missing": data["dropped"],
        "lineage": data["lineage"],
        "python": platform.python_version(),
    }


def scaled_training_data(data: dict, profile: FeatureProfile, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the training features and target scaled with the public bounds, labels shaped (n, 1)."""
    bounds = params["features"]["bounds"]
    low, high = bounds[TARGET]
    x_train = scale_features(data["train"][0], profile, bounds)
    y_train = scale(data["train"][1], low, high).astype("float32").reshape(-1, 1)
    return x_train, y_train


def keras_predictor(model, profile: FeatureProfile, params: dict):
    """Return a function from encoded feature rows to predictions in pounds."""
    bounds = params["features"]["bounds"]
    low, high = bounds[TARGET]

    def predict(x: np.ndarray) -> np.ndarray:
        scaled = scale_features(x, profile, bounds)
        return unscale(model.predict(scaled, batch_size=PREDICT_BATCH_SIZE, verbose=0).ravel(), low, high)

    return predict


def evaluate(predict, data: dict, params: dict) -> dict:
    """Return test metrics and the membership-inference audit of a trained model."""
    return {
        "metrics": regression_metrics(data["test"][1], predict(data["test"][0])),
        "membership_inference": audit_model(predict, data["train"], data["test"], params["audit"]["seed"]),
    }


def train_linear(data: dict, params: dict) -> dict:
    started = time.monotonic()
    x_train, y_train = data["train"]
    model = fit_linear(x_train, y_train, params["linear"]["fit_intercept"])
    fit_seconds = time.monotonic() - started
    return {
        **evaluate(model.predict, data, params),
        "coefficients": [float(value) for value in model.coef_],
        "intercept": float(model.intercept_),
        "seconds": {"read": data["read_seconds"], "fit": fit_seconds},
    }


def train_mlp(data: dict, profile: FeatureProfile, params: dict) -> dict:
    settings = params["mlp"]
    seed_everything(settings["seed"])
    x_train, y_train = scaled_training_data(data, profile, params)

    model = build_mlp(x_train.shape[1], settings["hidden_units"], settings["learning_rate"])
    seconds = fit_keras(model, x_train, y_train, settings["epochs"], settings["batch_size"])
    return {
        **evaluate(keras_predictor(model, profile, params), data, params),
        "params": settings,
        "seconds": {"read": data["read_seconds"], **seconds},
    }


def profile_summary(record: dict) -> dict:
    """Return the part of a record that the `profiles` section repeats."""
    summary = {
        "features": record["features"],
        "rows": record["rows"],
        "metrics": record["metrics"],
        "membership_inference": record["membership_inference"],
    }
    if "privacy" in record:
        summary["privacy"] = record["privacy"]
    return summary


def write_metrics(path: Path, record: dict) -> None:
    write_json(path, record)
    metrics = record["metrics"]
    log.info(
        "%s: MAE %.1f, RMSE %.1f, R^2 %.3f on %d test rows; membership-inference AUC %.3f -> %s",
        path.stem, metrics["mae"], metrics["rmse"], metrics["r2"], record["rows"]["test"],
        record["membership_inference"]["auc"], path,
    )  # fmt: skip


def write_model_records(out_dir: Path, name: str, records: dict[str, dict], default_profile: str) -> None:
    """Write `<name>_<profile>.json` per profile and `<name>.json` for the default profile."""
    for profile, record in records.items():
        write_metrics(out_dir / f"{name}_{profile}.json", record)
    default_record = dict(records[default_profile])
    default_record["profiles"] = {profile: profile_summary(record) for profile, record in records.items()}
    write_metrics(out_dir / f"{name}.json", default_record)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="where to read the data versions")
    parser.add_argument("--out", type=Path, default=METRICS_DIR, help="folder for the metrics files")
    args = parser.parse_args(argv)
    params = load_params()
    profiles = load_profiles(params)

    results: dict[str, dict[str, dict]] = {}
    for version in VERSIONS:
        raw = read_version(args.source, version)
        for profile in profiles:
            data = encode_version(raw, profile)

            record = metrics_record("linear_regression", version, args.source, profile, data)
            record.update(train_linear(data, params))
            results.setdefault(f"linear_{version}", {})[profile.name] = record

            record = metrics_record("keras_mlp", version, args.source, profile, data)
            record.update(train_mlp(data, profile, params))
            results.setdefault(f"mlp_{version}", {})[profile.name] = record

    for name, records in results.items():
        write_model_records(args.out, name, records, params["features"]["profile"])


if __name__ == "__main__":
    setup_logging()
    run_main(main)

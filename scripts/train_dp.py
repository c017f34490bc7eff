"""Train the v2 MLP with DP-SGD (TensorFlow Privacy) at several noise multipliers and account for epsilon.

The default profile is trained once per noise multiplier of the
privacy-utility curve (results/dp/privacy_utility.{json,csv,png}). The model
whose Poisson-sampling epsilon is nearest dp.target_epsilon is the headline
model, written to results/metrics/dp_mlp_v2.json. The other profiles are
trained at the headline's noise multiplier.
"""

import argparse
import logging
import math
from pathlib import Path

import pandas as pd

from scripts.datasets import SOURCES
from scripts.errors import UserError, run_main, setup_logging
from scripts.charts import plot_privacy_utility
from scripts.features import FeatureProfile, load_profiles
from scripts.io_utils import write_csv, write_json
from scripts.models import DP_VARIANTS, build_dp_mlp, fit_keras, seed_everything
from scripts.privacy import ACCOUNTANT, noise_multiplier_for_epsilon, privacy_report
from scripts.settings import ROOT, load_params
from scripts.train import (
    METRICS_DIR,
    encode_version,
    evaluate,
    keras_predictor,
    metrics_record,
    read_version,
    scaled_training_data,
    write_model_records,
)

log = logging.getLogger(__name__)

CURVE_DIR = ROOT / "results" / "dp"
CURVE_SETTINGS = ("noise_multipliers", "calibrate_to_target", "target_epsilon")
PREPROCESSING = (
    "numeric features and target clipped and scaled with public bounds from params.yaml; "
    "one-hot and multi-hot columns from public vocabularies"
)


def display_path(path: Path) -> str:
    """Return path relative to the project root when it is inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def curve_noise_multipliers(settings: dict, n: int) -> list[float]:
    """Return the curve's noise multipliers, with the one calibrated to target_epsilon if requested."""
    noise_multipliers = sorted({float(value) for value in settings["noise_multipliers"]})
    if not noise_multipliers or noise_multipliers[0] <= 0:
        raise UserError(
            f"params.yaml: dp.noise_multipliers {settings['noise_multipliers']} is invalid; "
            f"list one or more values above 0"
        )
    if settings.get("calibrate_to_target"):
        delta = settings["delta"] if settings["delta"] is not None else 1.0 / n
        calibrated = noise_multiplier_for_epsilon(
            n, settings["batch_size"], settings["epochs"], settings["target_epsilon"], delta
        )
        log.info(
            "noise multiplier %.4f gives epsilon %.2f (Poisson sampling) for %d rows",
            calibrated, settings["target_epsilon"], n,
        )  # fmt: skip
        if not any(math.isclose(calibrated, value, rel_tol=1e-3) for value in noise_multipliers):
            noise_multipliers = sorted(noise_multipliers + [calibrated])
    return noise_multipliers


def train_dp_mlp(data: dict, profile: FeatureProfile, params: dict, noise_multiplier: float) -> dict:
    """Train one DP-SGD model and return its metrics, audit, privacy report and seconds."""
    settings = params["dp"]
    seed_everything(settings["seed"])
    x_train, y_train = scaled_training_data(data, profile, params)

    privacy = privacy_report(
        n=len(y_train),
        batch_size=settings["batch_size"],
        noise_multiplier=noise_multiplier,
        epochs=settings["epochs"],
        delta=settings["delta"],
    )
    privacy["l2_norm_clip"] = settings["l2_norm_clip"]
    privacy["clipping"] = DP_VARIANTS[settings["variant"]]
    privacy["variant"] = settings["variant"]
    privacy["preprocessing"] = PREPROCESSING

    model = build_dp_mlp(
        x_train.shape[1], settings["hidden_units"], settings["learning_rate"],
        settings["l2_norm_clip"], noise_multiplier, variant=settings["variant"],
    )  # fmt: skip
    seconds = fit_keras(model, x_train, y_train, settings["epochs"], settings["batch_size"])
    result = evaluate(keras_predictor(model, profile, params), data, params)
    log.info(
        "DP-SGD, profile %s, noise multiplier %.3f: epsilon %.2f (Poisson sampling) / %.1f (shuffled) "
        "at delta %.2e over %d steps; R^2 %.3f, membership-inference AUC %.3f",
        profile.name, noise_multiplier, privacy["epsilon_poisson"], privacy["epsilon_shuffled"],
        privacy["delta"], privacy["steps"], result["metrics"]["r2"], result["membership_inference"]["auc"],
    )  # fmt: skip
    run_settings = {key: value for key, value in settings.items() if key not in CURVE_SETTINGS}
    return {
        **result,
        "params": {**run_settings, "noise_multiplier": noise_multiplier},
        "privacy": privacy,
        "seconds": {"read": data["read_seconds"], **seconds},
    }


def nearest_to_target(records: list[dict], target_epsilon: float) -> int:
    """Return the index of the record whose Poisson-sampling epsilon is nearest the target.

    A tie goes to the larger noise multiplier, the more private model.
    """
    return min(
        range(len(records)),
        key=lambda index: (
            abs(records[index]["privacy"]["epsilon_poisson"] - target_epsilon),
            -records[index]["privacy"]["noise_multiplier"],
        ),
    )


def curve_table(records: list[dict], headline: int) -> pd.DataFrame:
    rows = []
    for index, record in enumerate(records):
        privacy = record["privacy"]
        rows.append({
            "noise_multiplier": privacy["noise_multiplier"],
            "epsilon_poisson": privacy["epsilon_poisson"],
            "epsilon_shuffled": privacy["epsilon_shuffled"],
            "delta": privacy["delta"],
            "steps": privacy["steps"],
            "mae_lb": record["metrics"]["mae"],
            "rmse_lb": record["metrics"]["rmse"],
            "r2": record["metrics"]["r2"],
            "mia_auc": record["membership_inference"]["auc"],
            "mia_advantage": record["membership_inference"]["advantage"],
            "seconds_fit": record["seconds"]["fit"],
            "headline": index == headline,
            "synthetic": record.get("synthetic"),
        })  # fmt: skip
    return pd.DataFrame(rows)


def write_curve(out_dir: Path, records: list[dict], headline: int, settings: dict) -> None:
    table = curve_table(records, headline)
    first = records[0]
    summary = {
        "data_version": first["data_version"],
        "source": first["source"],
        "synthetic": first["synthetic"],
        "feature_profile": first["feature_profile"],
        "lineage": first["lineage"],
        "accountant": ACCOUNTANT,
        "target_epsilon": settings["target_epsilon"],
        "headline_noise_multiplier": records[headline]["privacy"]["noise_multiplier"],
        "selection": "the model whose epsilon_poisson is nearest target_epsilon",
        "rows": table.to_dict(orient="records"),
    }
    write_json(out_dir / "privacy_utility.json", summary)
    write_csv(out_dir / "privacy_utility.csv", table)
    plot_privacy_utility(table, out_dir / "privacy_utility.png", settings["target_epsilon"], first["synthetic"])
    log.info("wrote the privacy-utility curve of %d models to %s", len(records), out_dir)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="where to read the data versions")
    parser.add_argument("--out", type=Path, default=METRICS_DIR, help="folder for the metrics files")
    parser.add_argument("--curve-out", type=Path, default=CURVE_DIR, help="folder for the privacy-utility curve")
    args = parser.parse_args(argv)
    params = load_params()
    settings = params["dp"]
    if settings["variant"] not in DP_VARIANTS:
        raise UserError(f"params.yaml: dp.variant {settings['variant']!r} is invalid; use one of {', '.join(DP_VARIANTS)}")
    profiles = load_profiles(params)
    default_profile = profiles[0]

    raw = read_version(args.source, "v2")
    data = encode_version(raw, default_profile)
    curve = []
    for noise_multiplier in curve_noise_multipliers(settings, data["rows"]["train"]):
        record = metrics_record("keras_mlp_dp_sgd", "v2", args.source, default_profile, data)
        record.update(train_dp_mlp(data, default_profile, params, noise_multiplier))
        curve.append(record)
    headline = nearest_to_target(curve, settings["target_epsilon"])
    noise_multiplier = curve[headline]["privacy"]["noise_multiplier"]

    records = {default_profile.name: curve[headline]}
    for profile in profiles[1:]:
        profile_data = encode_version(raw, profile)
        record = metrics_record("keras_mlp_dp_sgd", "v2", args.source, profile, profile_data)
        record.update(train_dp_mlp(profile_data, profile, params, noise_multiplier))
        records[profile.name] = record
    for record in records.values():
        record["selection"] = {
            "target_epsilon": settings["target_epsilon"],
            "rule": "noise multiplier of the curve model whose epsilon_poisson is nearest target_epsilon",
            "curve": display_path(args.curve_out / "privacy_utility.json"),
        }

    write_model_records(args.out, "dp_mlp_v2", records, default_profile.name)
    write_curve(args.curve_out, curve, headline, settings)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

"""Time seconds per epoch on v2 for the non-DP MLP and each DP-SGD variant.

Every variant trains the dp section's MLP on the default profile's v2
training rows with the same batch size and optimizer (bench.optimizer), so
only the gradient computation differs. The first epoch (tracing and XLA
compilation) is a warm-up; the reported cost is the median of the others.
The variants take turns epoch by epoch.
Writes results/bench/dp_epoch_seconds.{json,csv}.
"""

import argparse
import logging
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from scripts.datasets import SOURCES
from scripts.errors import UserError, run_main, setup_logging
from scripts.features import load_profile
from scripts.io_utils import write_csv, write_json
from scripts.models import DP_VARIANTS, build_dp_mlp, build_mlp, epoch_seconds_summary, epoch_timer, seed_everything
from scripts.settings import ROOT, load_params
from scripts.train import data_source_record, load_version, scaled_training_data

log = logging.getLogger(__name__)

BENCH_DIR = ROOT / "results" / "bench"
NON_DP = "non_dp"
# The non-DP MLP with XLA compilation, as DPSequential compiles its own train step with XLA.
NON_DP_XLA = "non_dp_xla"
NON_DP_DESCRIPTIONS = {
    NON_DP: "plain Keras Sequential, no clipping or noise (as `make train` trains it)",
    NON_DP_XLA: "plain Keras Sequential compiled with jit_compile=True (XLA)",
}
VARIANTS = (NON_DP, NON_DP_XLA, *DP_VARIANTS)
# Maximum cost of a DP epoch of the default variant, as a multiple of a non-DP epoch.
TARGET_RATIO = 1.5
# The noise level does not change the work per step, so any positive value measures the same cost.
BENCH_NOISE_MULTIPLIER = 1.0


def build_variant(variant: str, n_features: int, dp: dict, bench: dict):
    if variant in NON_DP_DESCRIPTIONS:
        return build_mlp(
            n_features, dp["hidden_units"], bench["learning_rate"],
            optimizer=bench["optimizer"], jit_compile=variant == NON_DP_XLA,
        )  # fmt: skip
    return build_dp_mlp(
        n_features, dp["hidden_units"], bench["learning_rate"], dp["l2_norm_clip"],
        BENCH_NOISE_MULTIPLIER, variant=variant, optimizer=bench["optimizer"],
    )  # fmt: skip


def time_variants(variants: list[str], x, y, dp: dict, bench: dict, epochs: int) -> list[dict]:
    """Train every variant for `epochs` epochs and return the seconds of each epoch.

    The variants take turns, one epoch each, so that a change in the load of
    a shared machine slows all of them alike rather than the one that runs
    at that moment. Each variant's timer callback measures only its epochs,
    without the set-up of each fit call.
    """
    seed_everything(dp["seed"])
    models = {variant: build_variant(variant, x.shape[1], dp, bench) for variant in variants}
    timers = {variant: epoch_timer() for variant in variants}
    for _ in range(epochs):
        for variant, model in models.items():
            model.fit(x, y, epochs=1, batch_size=dp["batch_size"], shuffle=True, verbose=0, callbacks=[timers[variant]])

    results = []
    for variant in variants:
        seconds = timers[variant].seconds
        summary = epoch_seconds_summary(seconds)
        log.info(
            "%s: %.3f s per epoch (median of %d after a %.2f s warm-up epoch)",
            variant, summary["per_epoch"], summary["epochs_timed"], summary["first_epoch"],
        )  # fmt: skip
        results.append({
            "variant": variant,
            "description": DP_VARIANTS.get(variant) or NON_DP_DESCRIPTIONS[variant],
            "epoch_seconds": seconds,
            **summary,
        })  # fmt: skip
    return results


def bench_table(results: list[dict], default_variant: str) -> pd.DataFrame:
    """Return one row per variant with its median epoch and its cost relative to non-DP."""
    by_variant = {result["variant"]: result for result in results}
    non_dp = by_variant[NON_DP]["per_epoch"] if NON_DP in by_variant else None
    rows = []
    for result in results:
        rows.append({
            "variant": result["variant"],
            "dp": result["variant"] in DP_VARIANTS,
            "seconds_per_epoch": result["per_epoch"],
            "seconds_first_epoch": result["first_epoch"],
            "epochs_timed": result["epochs_timed"],
            "ratio_to_non_dp": result["per_epoch"] / non_dp if non_dp else None,
            "default": result["variant"] == default_variant,
            "description": result["description"],
        })  # fmt: skip
    return pd.DataFrame(rows)


def machine_record() -> dict:
    import tensorflow as tf

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "gpus": len(tf.config.list_physical_devices("GPU")),
        "tensorflow": tf.__version__,
        "tensorflow_privacy": metadata.version("tensorflow_privacy"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default="lakefs", help="where to read v2")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="folder for dp_epoch_seconds.{json,csv}")
    parser.add_argument("--epochs", type=int, default=None, help="epochs per variant, the first a warm-up (default: bench.epochs)")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS), help="variants to time")
    args = parser.parse_args(argv)
    params = load_params()
    dp, bench = params["dp"], params["bench"]
    epochs = args.epochs or bench["epochs"]
    if epochs < 2:
        raise UserError(f"--epochs {epochs} is invalid; use 2 or more, since the first epoch is a warm-up")

    profile = load_profile(params)
    data = load_version(args.source, "v2", profile)
    x_train, y_train = scaled_training_data(data, profile, params)
    results = time_variants(args.variants, x_train, y_train, dp, bench, epochs)

    table = bench_table(results, dp["variant"])
    dp_rows = table[table["dp"]]
    fastest = dp_rows.loc[dp_rows["seconds_per_epoch"].idxmin(), "variant"] if not dp_rows.empty else None
    default_row = table[table["default"]]
    default_ratio = float(default_row["ratio_to_non_dp"].iloc[0]) if not default_row.empty else None
    if fastest is not None and fastest != dp["variant"]:
        log.warning("the fastest DP variant here is %s, not dp.variant %s", fastest, dp["variant"])
    if default_ratio is not None and default_ratio > TARGET_RATIO:
        log.warning("dp.variant %s costs %.2fx a non-DP epoch, above the target %.1fx", dp["variant"], default_ratio, TARGET_RATIO)

    record = {
        "command": " ".join(["python -m scripts.bench_dp", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine_record(),
        "data_version": "v2",
        "source": args.source,
        "synthetic": data_source_record().get("synthetic"),
        "feature_profile": profile.name,
        "features": x_train.shape[1],
        "train_rows": len(y_train),
        "batch_size": dp["batch_size"],
        "hidden_units": dp["hidden_units"],
        "optimizer": bench["optimizer"],
        "epochs": epochs,
        "default_variant": dp["variant"],
        "fastest_dp_variant": fastest,
        "default_ratio_to_non_dp": default_ratio,
        "target_ratio": TARGET_RATIO,
        "lineage": data["lineage"],
        "variants": results,
    }
    write_json(args.out / "dp_epoch_seconds.json", record)
    table["synthetic"] = record.get("synthetic")
    write_csv(args.out / "dp_epoch_seconds.csv", table)
    log.info("wrote %d variants to %s", len(results), args.out / "dp_epoch_seconds.json")


if __name__ == "__main__":
    setup_logging()
    run_main(main)

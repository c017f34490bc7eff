"""Write the tables and charts of the two slides from this run's results.

DP vs non-DP comes from results/metrics/*.json. lakeFS vs DVC comes from
results/versioning/comparison.json, which `make bench-versioning` measures:
seconds to version v1 and v2 (median of its runs), seconds to read v1 back,
bytes and objects under each tool's prefix, and plain `aws s3 cp` as the floor.
"""

import argparse
import json
import logging
from pathlib import Path

import pandas as pd

from scripts.charts import plot_models, plot_versioning
from scripts.errors import UserError, run_main, setup_logging
from scripts.io_utils import read_json, write_csv, write_json
from scripts.settings import ROOT

log = logging.getLogger(__name__)

RESULTS = ROOT / "results"
SLIDES_DIR = RESULTS / "slides"
MODEL_FILES = {
    "linear_v1": "make train",
    "linear_v2": "make train",
    "mlp_v2": "make train",
    "dp_mlp_v2": "make train-dp",
}


def read_metrics(metrics_dir: Path) -> dict[str, dict]:
    records = {}
    for name, target in MODEL_FILES.items():
        path = metrics_dir / f"{name}.json"
        if not path.is_file():
            raise UserError(f"{path}: not found; run `{target}` first")
        records[name] = read_json(path)
    return records


def dp_table(records: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for name, record in records.items():
        privacy = record.get("privacy", {})
        audit = record.get("membership_inference", {})
        rows.append({
            "model": name,
            "data_version": record["data_version"],
            "feature_profile": record.get("feature_profile"),
            "dp": bool(privacy),
            "mae_lb": record["metrics"]["mae"],
            "rmse_lb": record["metrics"]["rmse"],
            "r2": record["metrics"]["r2"],
            "mse": record["metrics"]["mse"],
            "epsilon_poisson": privacy.get("epsilon_poisson"),
            "epsilon_shuffled": privacy.get("epsilon_shuffled"),
            "delta": privacy.get("delta"),
            # Loss-threshold membership inference: ROC AUC (0.5 = chance) and max TPR - FPR.
            "mia_auc": audit.get("auc"),
            "mia_advantage": audit.get("advantage"),
            "seconds_per_epoch": record["seconds"].get("per_epoch"),
            "train_rows": record["rows"]["train"],
            "source": record["source"],
            "synthetic": record["synthetic"],
        })  # fmt: skip
    return pd.DataFrame(rows)


def versioning_table(comparison: dict) -> pd.DataFrame:
    columns = [
        "tool", "seconds_version_v1", "seconds_version_v2", "seconds_read_v1",
        "bytes_stored", "objects_stored", "ratio_to_floor_v1", "ratio_to_floor_v2", "prefix",
    ]  # fmt: skip
    table = pd.DataFrame(comparison["rows"]).reindex(columns=columns)
    table["runs"] = comparison["runs"]
    table["synthetic"] = comparison.get("synthetic")
    return table


def write_table(table: pd.DataFrame, stem: Path) -> None:
    write_csv(stem.with_suffix(".csv"), table)
    # to_json writes NaN as null, so the file stays valid JSON.
    write_json(stem.with_suffix(".json"), {"rows": json.loads(table.to_json(orient="records"))})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SLIDES_DIR, help="output folder")
    args = parser.parse_args(argv)

    records = read_metrics(RESULTS / "metrics")
    comparison_file = RESULTS / "versioning" / "comparison.json"
    if not comparison_file.is_file():
        raise UserError(f"{comparison_file}: not found; run `make bench-versioning` first")

    dp = dp_table(records)
    versioning = versioning_table(read_json(comparison_file))

    write_table(dp, args.out / "dp_vs_nondp")
    # v1's raw rows give MAEs in the tens of thousands, which would hide the v2 bars.
    v2_models = dp[dp["data_version"] == "v2"]
    plot_models(v2_models, args.out / "dp_vs_nondp.png", bool(dp["synthetic"].any()))
    write_table(versioning, args.out / "lakefs_vs_dvc")
    plot_versioning(versioning, args.out / "lakefs_vs_dvc.png", bool(versioning["synthetic"].any()))
    log.info("wrote DP vs non-DP and lakeFS vs DVC tables and charts to %s", args.out)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

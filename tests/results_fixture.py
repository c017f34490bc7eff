"""A small results/ tree with the files and shapes one run of `make all` writes.

The values are from a 20,000-row synthetic run, rounded, so the slides and
the report see realistic magnitudes: a v1 linear model with a huge MAE, and
MLP errors around 150 lb.
"""

import json
import math
from pathlib import Path

from PIL import Image, ImageDraw

CHART_SIZE_PX = (1310, 624)
SOURCE = {
    "bytes": 3496512,
    "md5": "5f0e3c1a9b7d2e4f6a8c0b1d3e5f7a9c",
    "origin": "scripts.synthetic",
    "reference_md5": False,
    "rows": 20000,
    "seed": 7,
    "synthetic": True,
}
VERSION_FILES = {
    "v1": {
        "train.csv": {
            "bytes": 2829440,
            "md5": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            "rows": 16000,
        },
        "test.csv": {
            "bytes": 707360,
            "md5": "0f9e8d7c6b5a49382716a5b4c3d2e1f0",
            "rows": 4000,
        },
    },
    "v2": {
        "train.csv": {
            "bytes": 414270,
            "md5": "11223344556677889900aabbccddeeff",
            "rows": 1135,
        },
        "test.csv": {
            "bytes": 103660,
            "md5": "ffeeddccbbaa00998877665544332211",
            "rows": 284,
        },
    },
}
TOOL_REFS = {
    "v1": {
        "lakefs": {
            "commit_id": "b7f58d15646bed929d15058d36d262d0c3f7ed65cbcba8a12e89d5b53c48d5ff",
            "location": "lakefs://athletes",
            "ref": "v1",
            "seconds": 1.412,
        },
        "dvc": {
            "commit_id": "823a91f6d0fe43834c09cc8b2b7cbfa33a297541",
            "location": ".state/dvc-workspace",
            "ref": "v1",
            "seconds": 1.116,
        },
    },
    "v2": {
        "lakefs": {
            "commit_id": "d9048be33f0397e1efaf2908ba0db8d0b2a7e4bda56f8dde516276d4e8ccc3f0",
            "location": "lakefs://athletes",
            "ref": "v2",
            "seconds": 1.098,
        },
        "dvc": {
            "commit_id": "a55d623ac1416d7ac9d2c37730992e3603a6cd98",
            "location": ".state/dvc-workspace",
            "ref": "v2",
            "seconds": 0.873,
        },
    },
}
ENVIRONMENT = {
    "python": "3.11.7",
    "packages": {
        "dvc": "3.67.1",
        "tensorflow": "2.15.1",
        "tensorflow-privacy": "0.9.0",
        "lakefs-sdk": "1.88.0",
    },
    "lakefs": {
        "version": "1.84.0",
        "reported_by": "server http://127.0.0.1:8000/api/v1/config",
    },
    "project": {
        "commit": "7e79dfd0123456789abcdef0123456789abcdef0",
        "modified": False,
    },
}
NAN = math.nan
DP_ROWS = [
    {
        "model": "linear_v1",
        "data_version": "v1",
        "dp": False,
        "mae_lb": 43703.92034679821,
        "rmse_lb": 576998.7627046212,
        "r2": 0.02472934202702326,
        "mse": 332927572162.6637,
        "epsilon_poisson": NAN,
        "epsilon_shuffled": NAN,
        "delta": NAN,
        "seconds_per_epoch": NAN,
        "train_rows": 2091,
        "source": "lakefs",
        "synthetic": True,
    },
    {
        "model": "linear_v2",
        "data_version": "v2",
        "dp": False,
        "mae_lb": 153.5442187203123,
        "rmse_lb": 194.496025470023,
        "r2": 0.46434574118524374,
        "mse": 37828.70392363583,
        "epsilon_poisson": NAN,
        "epsilon_shuffled": NAN,
        "delta": NAN,
        "seconds_per_epoch": NAN,
        "train_rows": 1135,
        "source": "lakefs",
        "synthetic": True,
    },
    {
        "model": "mlp_v2",
        "data_version": "v2",
        "dp": False,
        "mae_lb": 148.93888474650214,
        "rmse_lb": 189.16497398474436,
        "r2": 0.49330741320063953,
        "mse": 35783.38738264901,
        "epsilon_poisson": NAN,
        "epsilon_shuffled": NAN,
        "delta": NAN,
        "seconds_per_epoch": 0.26054388514999116,
        "train_rows": 1135,
        "source": "lakefs",
        "synthetic": True,
    },
    {
        "model": "dp_mlp_v2",
        "data_version": "v2",
        "dp": True,
        "mae_lb": 162.41870012345678,
        "rmse_lb": 205.73318831,
        "r2": 0.40120457,
        "mse": 42326.14,
        "epsilon_poisson": 2.2670912456638357,
        "epsilon_shuffled": 25.20695362203718,
        "delta": 4.149377593360996e-05,
        "seconds_per_epoch": 0.4968835381999952,
        "train_rows": 1135,
        "source": "lakefs",
        "synthetic": True,
    },
]
MIA_AUC = {"linear_v1": None, "linear_v2": None, "mlp_v2": 0.5481, "dp_mlp_v2": 0.5123}
VERSIONING_ROWS = [
    {
        "tool": "lakefs",
        "seconds_version_v1": 4.412,
        "seconds_version_v2": 5.098,
        "seconds_read_v1": 0.3824,
        "bytes_stored": 85813205,
        "objects_stored": 9,
        "prefix": "lakefs",
        "synthetic": True,
    },
    {
        "tool": "dvc",
        "seconds_version_v1": 3.116,
        "seconds_version_v2": 1.873,
        "seconds_read_v1": 1.5185,
        "bytes_stored": 85808638,
        "objects_stored": 4,
        "prefix": "dvc-store",
        "synthetic": True,
    },
]
FLOOR_ROW = {
    "tool": "aws_s3_cp",
    "seconds_version_v1": 1.804,
    "seconds_version_v2": 1.382,
    "seconds_read_v1": 0.0950,
    "bytes_stored": 85808638,
    "objects_stored": 4,
    "prefix": "bench/floor",
    "synthetic": True,
}
SHORT_QUALITATIVE = [
    {"aspect": "tags", "lakefs": "lakeFS tags on commits", "dvc": "git tags"},
    {"aspect": "UI", "lakefs": "web UI in the server", "dvc": "none"},
    {"aspect": "git", "lakefs": "not needed", "dvc": "required"},
]
LONG_QUALITATIVE = [
    {
        "aspect": "branching and merging",
        "lakefs": "branches and merges of data in the server",
        "dvc": "through git branches of .dvc pointer files",
    },
    {
        "aspect": "diff",
        "lakefs": "object-level diff between any two refs, with sizes",
        "dvc": "`dvc diff` between git revisions",
    },
    {"aspect": "tags", "lakefs": "lakeFS tags on commits", "dvc": "git tags"},
    {
        "aspect": "reading by ref without download",
        "lakefs": "S3 gateway: key <ref>/<path>, ranged reads",
        "dvc": "dvc.api.open streams a file at a revision",
    },
    {
        "aspect": "storage shared between versions",
        "lakefs": "objects are stored once; commits point to them",
        "dvc": "content-addressed cache and remote (by MD5)",
    },
    {
        "aspect": "git integration",
        "lakefs": "none needed: its own commit graph",
        "dvc": "required: versions are git commits",
    },
    {
        "aspect": "UI",
        "lakefs": "web UI served by the lakeFS server",
        "dvc": "none in the command line tool",
    },
    {
        "aspect": "what a user must install",
        "lakefs": "a lakeFS server, an object store, awscli or lakefs-sdk",
        "dvc": "dvc and dvc-s3, git, an object store",
    },
]


def write_json(path: Path, data: dict) -> None:
    """Write JSON as the pipeline does, NaN included (pandas writes NaN for empty cells)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_chart(path: Path, color: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", CHART_SIZE_PX, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 200, 400, 600), fill=color)
    draw.rectangle((700, 100, 1000, 600), fill=color)
    image.save(path)


def metrics_record(row: dict, versions: dict) -> dict:
    version = row["data_version"]
    lineage = {
        split: {
            "tool": "lakefs",
            "version": version,
            "file": f"{split}.csv",
            **TOOL_REFS[version]["lakefs"],
            **versions[version][f"{split}.csv"],
        }
        for split in ("train", "test")
    }
    record = {
        "model": row["model"],
        "data_version": version,
        "source": "lakefs",
        "synthetic": True,
        "data_source": SOURCE,
        "feature_profile": "basic",
        "rows": {
            "train": row["train_rows"],
            "test": versions[version]["test.csv"]["rows"],
        },
        "lineage": lineage,
        "metrics": {
            "mae": row["mae_lb"],
            "rmse": row["rmse_lb"],
            "mse": row["mse"],
            "r2": row["r2"],
        },
        "seconds": {"fit": 3.2, "read": 0.08},
    }
    if not math.isnan(row["seconds_per_epoch"]):
        record["seconds"]["per_epoch"] = row["seconds_per_epoch"]
        record["params"] = {"epochs": 20, "batch_size": 128, "hidden_units": 64}
    if row["dp"]:
        record["privacy"] = {
            "epsilon_poisson": row["epsilon_poisson"],
            "epsilon_shuffled": row["epsilon_shuffled"],
            "delta": row["delta"],
            "noise_multiplier": 1.1,
            "l2_norm_clip": 1.0,
            "steps": 100,
        }
    return record


def write_results(
    root: Path,
    *,
    mia: bool = False,
    floor: bool = False,
    qualitative: list[dict] | None = None,
    privacy_utility: bool = False,
    extra_dp_rows: list[dict] | None = None,
) -> Path:
    """Write a results tree under root and return its path; options add what later stages add."""
    results = root / "results"
    versions = {
        version: {
            "files": files,
            "columns": ["age", "height", "weight", "total_lift"],
            **TOOL_REFS[version],
        }
        for version, files in VERSION_FILES.items()
    }
    write_json(results / "versions.json", {"source": SOURCE, "versions": versions})
    write_json(results / "environment.json", ENVIRONMENT)

    dp_rows = [dict(row) for row in DP_ROWS]
    for row in dp_rows:
        write_json(
            results / "metrics" / f"{row['model']}.json",
            metrics_record(row, VERSION_FILES),
        )
        if mia:
            row["mia_auc"] = MIA_AUC[row["model"]]
    dp_rows += extra_dp_rows or []
    write_json(results / "slides" / "dp_vs_nondp.json", {"rows": dp_rows})
    write_chart(results / "slides" / "dp_vs_nondp.png", "#c44")

    versioning_rows = [dict(row) for row in VERSIONING_ROWS] + (
        [dict(FLOOR_ROW)] if floor else []
    )
    write_json(results / "slides" / "lakefs_vs_dvc.json", {"rows": versioning_rows})
    write_chart(results / "slides" / "lakefs_vs_dvc.png", "#36c")

    if qualitative is not None:
        write_json(results / "versioning" / "qualitative.json", {"rows": qualitative})
    if privacy_utility:
        write_chart(results / "dp" / "privacy_utility.png", "#393")
    return results

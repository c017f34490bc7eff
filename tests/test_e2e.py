"""`make all` on 20,000 synthetic rows in a temporary copy of the project."""

import json
import re

import pytest

from conftest import ROOT, copy_project, run, write_test_env
from scripts.schema import file_md5

pytestmark = pytest.mark.e2e

ROWS = 20_000


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("e2e") / "project")
    write_test_env(project)
    make_vars = [f"ATHLETES_ROWS={ROWS}", f"VENV={ROOT / '.venv'}"]
    try:
        first = run(project, "make", "all", *make_vars, timeout=1200)
        second = run(project, "make", "all", *make_vars, timeout=1200)
        yield project, first, second
    finally:
        run(project, "make", "services-down", f"VENV={ROOT / '.venv'}", check=False)


def test_make_all_writes_data(study):
    project, _, _ = study
    source = json.loads((project / "data" / "raw" / "source.json").read_text())
    assert source["synthetic"] is True
    assert source["rows"] == ROWS
    for version in ("v1", "v2"):
        for name in ("train.csv", "test.csv", "manifest.json"):
            assert (project / "data" / version / name).is_file(), f"{version}/{name}"


def test_make_all_versions_both_tools(study):
    project, _, _ = study
    versions = json.loads((project / "results" / "versions.json").read_text())
    for version in ("v1", "v2"):
        entry = versions["versions"][version]
        assert entry["files"]["train.csv"]["md5"] == file_md5(project / "data" / version / "train.csv")
        assert entry["lakefs"]["ref"] == version
        assert entry["dvc"]["ref"] == version


@pytest.mark.parametrize("name", ["linear_v1", "linear_v2", "mlp_v1", "mlp_v2", "dp_mlp_v2"])
def test_make_all_metrics_lineage(study, name):
    project, _, _ = study
    record = json.loads((project / "results" / "metrics" / f"{name}.json").read_text())
    assert record["synthetic"] is True
    assert record["source"] == "lakefs"
    assert record["lineage"]["train"]["tool"] == "lakefs"
    assert record["lineage"]["train"]["commit_id"]
    assert set(record["metrics"]) == {"mae", "mse", "rmse", "r2"}
    assert record["rows"]["train"] > 0
    assert record["seconds"]["fit"] > 0


@pytest.mark.parametrize("name", ["linear_v1", "linear_v2", "mlp_v1", "mlp_v2", "dp_mlp_v2"])
def test_make_all_metrics_profiles_and_audit(study, name):
    project, _, _ = study
    metrics = project / "results" / "metrics"
    record = json.loads((metrics / f"{name}.json").read_text())
    assert record["feature_profile"] == "full"
    assert set(record["profiles"]) == {"basic", "full"}
    assert (metrics / f"{name}_basic.json").is_file()
    audit = record["membership_inference"]
    assert 0.0 <= audit["auc"] <= 1.0
    assert audit["members"] == audit["non_members"] > 0


def test_make_all_privacy_utility_curve(study):
    project, _, _ = study
    curve = json.loads((project / "results" / "dp" / "privacy_utility.json").read_text())
    headline = json.loads((project / "results" / "metrics" / "dp_mlp_v2.json").read_text())
    assert len(curve["rows"]) >= 5
    assert sum(row["headline"] for row in curve["rows"]) == 1
    assert headline["privacy"]["noise_multiplier"] == curve["headline_noise_multiplier"]
    assert (project / "results" / "dp" / "privacy_utility.png").stat().st_size > 0


def test_make_all_bench_dp(study):
    project, _, _ = study
    bench = json.loads((project / "results" / "bench" / "dp_epoch_seconds.json").read_text())
    variants = [result["variant"] for result in bench["variants"]]
    assert variants == ["non_dp", "non_dp_xla", "fast_clipping", "vectorized_optimizer", "microbatch_optimizer"]
    for result in bench["variants"]:
        assert result["per_epoch"] > 0, result["variant"]


def test_make_all_dp_privacy_fields(study):
    project, _, _ = study
    privacy = json.loads((project / "results" / "metrics" / "dp_mlp_v2.json").read_text())["privacy"]
    for key in ("epsilon_poisson", "epsilon_shuffled", "delta", "noise_multiplier", "l2_norm_clip",
                "batch_size", "epochs", "steps", "n_train", "accountant", "sampling_poisson"):  # fmt: skip
        assert key in privacy, key
    assert privacy["delta"] == pytest.approx(1 / privacy["n_train"])


@pytest.mark.parametrize(
    "name",
    ["dp_vs_nondp.csv", "dp_vs_nondp.json", "dp_vs_nondp.png",
     "lakefs_vs_dvc.csv", "lakefs_vs_dvc.json", "lakefs_vs_dvc.png"],
)  # fmt: skip
def test_make_all_slides_data(study, name):
    project, _, _ = study
    path = project / "results" / "slides" / name
    assert path.is_file()
    assert path.stat().st_size > 0


def test_make_all_versioning_measured(study):
    project, _, _ = study
    rows = json.loads((project / "results" / "slides" / "lakefs_vs_dvc.json").read_text())["rows"]
    assert [row["tool"] for row in rows] == ["lakefs", "dvc", "aws_s3_cp"]
    for row in rows:
        assert row["seconds_version_v1"] > 0
        assert row["seconds_read_v1"] > 0
        assert row["bytes_stored"] > 0
        assert row["objects_stored"] > 0


def test_make_all_benchmark_medians(study):
    project, _, _ = study
    comparison = json.loads((project / "results" / "versioning" / "comparison.json").read_text())
    assert comparison["runs"] == 3
    for row in comparison["rows"]:
        assert len(row["runs_v1"]) == 3
        assert row["seconds_version_v1"] == sorted(row["runs_v1"])[1] or row["tool"] == "aws_s3_cp"


def test_make_all_qualitative_checked(study):
    project, _, _ = study
    rows = json.loads((project / "results" / "versioning" / "qualitative.json").read_text())["rows"]
    assert len(rows) == 8
    for row in rows:
        assert row["lakefs_passed"], row["aspect"]
        assert row["dvc_passed"], row["aspect"]


def test_make_all_verifies_and_diffs(study):
    project, _, _ = study
    verify = json.loads((project / "results" / "versioning" / "verify.json").read_text())
    assert verify["all_ok"] is True
    assert len(verify["rows"]) == 4
    diff = json.loads((project / "results" / "versioning" / "diff.json").read_text())
    assert sorted(change["path"] for change in diff["lakefs"]) == ["test.csv", "train.csv"]
    assert sorted(change["path"] for change in diff["dvc"]) == ["test.csv", "train.csv"]


def test_make_all_second_run_skips(study):
    _, _, second = study
    assert "already contains" in second.stderr
    assert "scripts.train" not in second.stdout
    assert "scripts.bench_dp" not in second.stdout
    assert "scripts.prepare" not in second.stdout


@pytest.mark.parametrize("name", ["environment.json", "slides/slides.pptx", "REPORT.md"])
def test_make_all_writes_slides_and_report(study, name):
    project, _, _ = study
    path = project / "results" / name
    assert path.is_file()
    assert path.stat().st_size > 0


def test_make_all_second_run_keeps_deck(study):
    _, _, second = study
    assert not re.search(r"-m scripts\.slides$", second.stdout, re.MULTILINE)
    assert not re.search(r"-m scripts\.report$", second.stdout, re.MULTILINE)

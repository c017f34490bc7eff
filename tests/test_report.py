"""REPORT.md: lineage, metrics tables, charts by relative link, later stages' files, missing inputs."""

import re
import subprocess
import sys

import pytest
from conftest import ROOT
from results_fixture import (
    DP_ROWS,
    LONG_QUALITATIVE,
    SOURCE,
    TOOL_REFS,
    VERSION_FILES,
    write_json,
    write_results,
)

from scripts import report

DATE = "2025-03-14"
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def build_report(results) -> str:
    report.main(["--results", str(results), "--date", DATE])
    return (results / "REPORT.md").read_text(encoding="utf-8")


@pytest.fixture
def results(tmp_path):
    return write_results(tmp_path, mia=True, floor=True, qualitative=LONG_QUALITATIVE)


def test_report_marks_synthetic_data(results):
    text = build_report(results)
    assert "**SYNTHETIC data.**" in text
    assert SOURCE["md5"] in text


def test_report_lists_each_version_lineage(results):
    text = build_report(results)
    for version, files in VERSION_FILES.items():
        assert f"### {version}" in text
        for name, record in files.items():
            assert (
                f"| {name} | {record['rows']:,} | {record['bytes']:,} | `{record['md5']}` |"
                in text
            )
        for tool, refs in TOOL_REFS[version].items():
            assert f"| {tool} | {refs['ref']} | {refs['commit_id']} |" in text


def test_report_metrics_table_per_model(results):
    text = build_report(results)
    for row in DP_ROWS:
        assert re.search(
            rf"^\| {row['model']} \|.*\| {row['mae_lb']:,.1f} \|", text, re.MULTILINE
        ), row["model"]


def test_report_checks_training_md5(results):
    text = build_report(results)
    assert "| dp_mlp_v2 | train | lakefs | v2 | d9048be33f03 |" in text
    assert "| NO |" not in text


def test_report_flags_md5_mismatch(tmp_path):
    results = write_results(tmp_path)
    versions_file = results / "versions.json"
    versions_file.write_text(
        versions_file.read_text().replace(
            VERSION_FILES["v1"]["train.csv"]["md5"], "0" * 32
        )
    )
    assert (
        "| linear_v1 | train | lakefs | v1 | b7f58d15646b | a1b2c3d4e5f60718293a4b5c6d7e8f90 | NO |"
        in build_report(results)
    )


def test_report_takeaways_match_slides(results):
    from scripts.results_files import read_required
    from scripts.takeaways import dp_takeaway, versioning_takeaway

    text = build_report(results)
    assert (
        dp_takeaway(read_required(results, "slides/dp_vs_nondp.json")["rows"]) in text
    )
    assert (
        versioning_takeaway(read_required(results, "slides/lakefs_vs_dvc.json")["rows"])
        in text
    )


def test_report_image_links_resolve(results):
    links = IMAGE_LINK.findall(build_report(results))
    assert "slides/dp_vs_nondp.png" in links
    assert "slides/lakefs_vs_dvc.png" in links
    for link in links:
        assert (results / link).is_file(), link


def test_report_shows_later_tables_and_charts(tmp_path):
    results = write_results(tmp_path, privacy_utility=True)
    write_json(
        results / "dp" / "sweep.json",
        {"rows": [{"noise_multiplier": 0.8, "epsilon": 4.1, "mae_lb": 151.2}]},
    )
    text = build_report(results)
    assert "### dp/sweep.json" in text
    assert "| 4.10 | 151.2 | 0.8 |" in text
    assert "(dp/privacy_utility.png)" in text


def test_report_leaves_out_rendered_slides(tmp_path):
    results = write_results(tmp_path)
    (results / "slides" / "png").mkdir()
    (results / "slides" / "png" / "slide-1.png").write_bytes(
        (results / "slides" / "dp_vs_nondp.png").read_bytes()
    )
    assert "slides/png/slide-1.png" not in build_report(results)


def test_report_pipeline_lists_make_all_steps(results):
    text = build_report(results)
    for target in ("data", "prepare", "train", "train-dp", "slides-data", "slides"):
        assert f"| `make {target}` |" in text


def test_report_reproduce_commands(results):
    text = build_report(results)
    assert (
        f"make all ATHLETES_ROWS={SOURCE['rows']} ATHLETES_SEED={SOURCE['seed']}"
        in text
    )
    assert "git checkout 7e79dfd0123456789abcdef0123456789abcdef0" in text


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("metrics/dp_mlp_v2.json", "make train-dp"),
        ("metrics/linear_v1.json", "make train"),
        ("environment.json", "make environment"),
        ("slides/lakefs_vs_dvc.json", "make slides-data"),
    ],
)
def test_report_missing_input_names_file_and_target(tmp_path, name, target):
    results = write_results(tmp_path)
    (results / name).unlink()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.report",
            "--results",
            str(results),
            "--date",
            DATE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{results / name}: not found; run `{target}`" in lines[0]
    assert not (results / "REPORT.md").exists()

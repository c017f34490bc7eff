"""Both upload scripts against real MinIO and lakeFS, and reading versions back by tag."""

import json

import pytest

from conftest import python, run
from scripts.schema import file_md5

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def versioned(services_project):
    """The services project with small synthetic v1 and v2 versioned in both tools."""
    project = services_project
    python(project, "scripts.acquire", "--rows", "4000", "--seed", "11")
    python(project, "scripts.prepare")
    run(project, "scripts/upload_versions_to_lakefs.sh")
    run(project, "scripts/upload_versions_dvc.sh")
    return project


def read_back(project, source, version, name, tmp_path):
    out = tmp_path / f"{source}-{version}-{name}"
    result = python(project, "scripts.datasets", "--source", source, "--version", version, "--file", name, "--out", str(out))
    return json.loads(result.stdout), out


@pytest.mark.parametrize("source", ["lakefs", "dvc"])
@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("name", ["train.csv", "test.csv"])
def test_read_back_by_tag_matches_local(versioned, tmp_path, source, version, name):
    lineage, out = read_back(versioned, source, version, name, tmp_path)
    local_md5 = file_md5(versioned / "data" / version / name)
    assert lineage["md5"] == local_md5
    assert file_md5(out) == local_md5
    assert lineage["ref"] == version


def test_versions_json_records_both_tools(versioned):
    versions = json.loads((versioned / "results" / "versions.json").read_text())
    assert versions["source"]["synthetic"] is True
    for version in ("v1", "v2"):
        entry = versions["versions"][version]
        assert entry["lakefs"]["commit_id"]
        assert entry["dvc"]["commit_id"]
        assert entry["lakefs"]["seconds"] > 0
        assert entry["dvc"]["seconds"] > 0


def test_lakefs_tags_differ(versioned):
    versions = json.loads((versioned / "results" / "versions.json").read_text())
    assert versions["versions"]["v1"]["lakefs"]["commit_id"] != versions["versions"]["v2"]["lakefs"]["commit_id"]


def test_lakefs_commit_metadata(versioned):
    result = python(versioned, "scripts.lakefs_client", "tag-metadata", "--tag", "v1")
    metadata = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert metadata["train.csv_md5"] == file_md5(versioned / "data" / "v1" / "train.csv")
    assert metadata["train.csv_rows"] == "3200"
    assert metadata["seed"] == "11"
    assert metadata["source_md5"] == file_md5(versioned / "data" / "raw" / "athletes.csv")


def test_rerun_creates_no_commit(versioned):
    before = (versioned / "results" / "versions.json").read_text()
    lakefs = run(versioned, "scripts/upload_versions_to_lakefs.sh")
    dvc = run(versioned, "scripts/upload_versions_dvc.sh")
    assert "already contains" in lakefs.stderr
    assert "already contains" in dvc.stderr
    assert (versioned / "results" / "versions.json").read_text() == before


def test_dvc_workspace_keeps_keys_out_of_git(versioned):
    workspace = versioned / ".state" / "dvc-workspace"
    tracked = run(workspace, "git", "ls-files").stdout.split()
    assert ".dvc/config.local" not in tracked
    config = run(workspace, "git", "show", "v2:.dvc/config").stdout
    assert "endpointurl" in config
    assert "secret_access_key" not in config


def test_train_from_dvc_records_lineage(versioned):
    python(versioned, "scripts.train", "--source", "dvc")
    record = json.loads((versioned / "results" / "metrics" / "linear_v2.json").read_text())
    assert record["source"] == "dvc"
    assert record["synthetic"] is True
    assert record["lineage"]["train"]["ref"] == "v2"
    assert record["lineage"]["train"]["md5"] == file_md5(versioned / "data" / "v2" / "train.csv")
    assert set(record["metrics"]) == {"mae", "mse", "rmse", "r2"}


def test_wrong_lakefs_key_named(versioned, tmp_path):
    env_text = (versioned / ".env").read_text()
    bad_env = tmp_path / ".env"
    bad_env.write_text(env_text.replace("LAKEFS_SECRET_ACCESS_KEY=", "LAKEFS_SECRET_ACCESS_KEY=wrong"))
    result = run(versioned, "scripts/upload_versions_to_lakefs.sh", check=False, env={"ENV_FILE": str(bad_env)})
    assert result.returncode != 0
    assert "LAKEFS_ACCESS_KEY_ID/LAKEFS_SECRET_ACCESS_KEY" in result.stderr


def test_stopped_endpoint_named(versioned, tmp_path):
    env_text = (versioned / ".env").read_text()
    bad_env = tmp_path / ".env"
    lines = [
        "LAKEFS_ENDPOINT=http://127.0.0.1:9" if line.startswith("LAKEFS_ENDPOINT=") else line
        for line in env_text.splitlines()
    ]
    bad_env.write_text("\n".join(lines) + "\n")
    result = run(
        versioned, "python", "-m", "scripts.datasets", "--source", "lakefs", "--version", "v1",
        check=False, env={"ENV_FILE": str(bad_env)},
    )  # fmt: skip
    assert result.returncode == 1
    assert "http://127.0.0.1:9" in result.stderr.strip().splitlines()[-1]

"""Versioning under failure, against real MinIO and lakeFS: atomic, idempotent, verified.

The tests share one project and run in file order: a failed upload first,
then a completed one, then changed data, restarts and tampering.
"""

import json
import os
import stat

import pytest

from conftest import copy_project, python, run, write_test_env
from scripts.io_utils import file_md5

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("robust") / "project")
    write_test_env(project)
    python(project, "scripts.services", "up")
    python(project, "scripts.acquire", "--rows", "3000", "--seed", "21")
    python(project, "scripts.prepare")
    try:
        yield project
    finally:
        python(project, "scripts.services", "down", check=False)


def stop_minio_hook(project, tmp_path):
    """Return an executable that kills this project's MinIO, for AFTER_FIRST_UPLOAD."""
    hook = tmp_path / "stop-minio.sh"
    pid_file = project / ".state" / "minio.pid"
    hook.write_text(f'#!/bin/sh\nkill "$(cat {pid_file})"\nsleep 1\n')
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    return hook


def lakefs_tag_exists(project, tag) -> bool:
    result = python(project, "scripts.lakefs_client", "tag-metadata", "--tag", tag, check=False)
    return result.returncode == 0


def main_commit_messages(project) -> list[str]:
    code = (
        "import lakefs_sdk\n"
        "from scripts.settings import load_settings\n"
        "from scripts.lakefs_client import api_from_settings\n"
        "s = load_settings()\n"
        "log = lakefs_sdk.RefsApi(api_from_settings(s)).log_commits(s.lakefs_repository, 'main')\n"
        "print('\\n'.join(c.message for c in log.results))\n"
    )
    return run(project, "python", "-c", code).stdout.splitlines()


def test_minio_stopped_midway_leaves_no_commit(project, tmp_path):
    hook = stop_minio_hook(project, tmp_path)
    result = run(
        project, "scripts/upload_versions_to_lakefs.sh", check=False,
        env={"AFTER_FIRST_UPLOAD": str(hook), "AWS_MAX_ATTEMPTS": "2"},
    )  # fmt: skip
    assert result.returncode != 0
    assert not lakefs_tag_exists(project, "v1")
    assert all(not message.startswith("v1") for message in main_commit_messages(project))


def test_rerun_after_failure_completes(project):
    python(project, "scripts.services", "up")
    run(project, "scripts/upload_versions_to_lakefs.sh")
    run(project, "scripts/upload_versions_dvc.sh")
    assert lakefs_tag_exists(project, "v1")
    assert lakefs_tag_exists(project, "v2")
    python(project, "scripts.verify_versions")


def test_rerun_same_data_no_new_commit(project):
    before = main_commit_messages(project)
    lakefs = run(project, "scripts/upload_versions_to_lakefs.sh")
    dvc = run(project, "scripts/upload_versions_dvc.sh")
    assert main_commit_messages(project) == before
    assert "tag v1 already contains" in lakefs.stderr
    assert "tag v2 already contains" in dvc.stderr
    tags = run(project / ".state" / "dvc-workspace", "git", "log", "--oneline", "--all").stdout.splitlines()
    assert len(tags) == 4  # init, remote, v1, v2


def test_restart_keeps_repositories(project, tmp_path):
    python(project, "scripts.services", "down")
    python(project, "scripts.services", "up")
    assert lakefs_tag_exists(project, "v2")
    for source in ("lakefs", "dvc"):
        out = tmp_path / f"{source}.csv"
        python(project, "scripts.datasets", "--source", source, "--version", "v1", "--out", str(out))
        assert file_md5(out) == file_md5(project / "data" / "v1" / "train.csv")


def test_tampered_object_caught(project):
    code = (
        "import lakefs_sdk, sys\n"
        "from scripts.settings import load_settings\n"
        "from scripts.lakefs_client import api_from_settings\n"
        "from scripts.storage import s3_client\n"
        "s = load_settings()\n"
        "stats = lakefs_sdk.ObjectsApi(api_from_settings(s)).stat_object(s.lakefs_repository, 'v2', 'test.csv')\n"
        "bucket, key = stats.physical_address.removeprefix('s3://').split('/', 1)\n"
        "client = s3_client(s)\n"
        "original = client.get_object(Bucket=bucket, Key=key)['Body'].read()\n"
        "client.put_object(Bucket=bucket, Key=key, Body=original.replace(b',', b';', 1))\n"
        "print(bucket, key)\n"
    )
    run(project, "python", "-c", code)
    result = python(project, "scripts.verify_versions", check=False)
    assert result.returncode == 1
    assert "v2/test.csv" in result.stderr.strip().splitlines()[-1]
    report = json.loads((project / "results" / "versioning" / "verify.json").read_text())
    bad = [row for row in report["rows"] if not row["ok"]]
    assert [(row["version"], row["file"]) for row in bad] == [("v2", "test.csv")]
    assert bad[0]["dvc_clone"] == bad[0]["expected_md5"]


def test_changed_data_needs_force(project):
    python(project, "scripts.acquire", "--rows", "3000", "--seed", "22")
    python(project, "scripts.prepare")
    lakefs = run(project, "scripts/upload_versions_to_lakefs.sh", check=False)
    assert lakefs.returncode == 1
    assert "tag v1" in lakefs.stderr
    assert "train.csv" in lakefs.stderr.strip().splitlines()[-1]
    assert "FORCE=1" in lakefs.stderr
    dvc = run(project, "scripts/upload_versions_dvc.sh", check=False)
    assert dvc.returncode == 1
    assert "tag v1" in dvc.stderr
    assert "FORCE=1" in dvc.stderr


def test_force_moves_tags(project):
    old = json.loads((project / "results" / "versions.json").read_text())["versions"]["v1"]["lakefs"]["commit_id"]
    run(project, "scripts/upload_versions_to_lakefs.sh", env={"FORCE": "1"})
    run(project, "scripts/upload_versions_dvc.sh", env={"FORCE": "1"})
    new = json.loads((project / "results" / "versions.json").read_text())["versions"]["v1"]["lakefs"]["commit_id"]
    assert new != old
    python(project, "scripts.verify_versions")


def test_dvc_push_failure_reported_then_completes(project):
    python(project, "scripts.acquire", "--rows", "3000", "--seed", "23")
    python(project, "scripts.prepare")
    pid = int((project / ".state" / "minio.pid").read_text())
    os.kill(pid, 15)
    python(project, "scripts.services", "down")
    failed = run(project, "scripts/upload_versions_dvc.sh", check=False, env={"FORCE": "1"})
    assert failed.returncode == 1
    assert "dvc push of v1" in failed.stderr
    assert not failed.stderr.strip().splitlines()[-1].startswith("Traceback")
    python(project, "scripts.services", "up")
    run(project, "scripts/upload_versions_dvc.sh", env={"FORCE": "1"})
    run(project, "scripts/upload_versions_to_lakefs.sh", env={"FORCE": "1"})
    python(project, "scripts.verify_versions")


def test_misspelt_key_named(project, tmp_path):
    bad_env = tmp_path / ".env"
    text = (project / ".env").read_text().replace("LAKEFS_SECRET_ACCESS_KEY=", "LAKEFS_SECRET_ACCES_KEY=")
    bad_env.write_text(text)
    result = run(project, "scripts/upload_versions_to_lakefs.sh", check=False, env={"ENV_FILE": str(bad_env)})
    assert result.returncode == 1
    assert "LAKEFS_SECRET_ACCES_KEY" in result.stderr.strip().splitlines()[-1]

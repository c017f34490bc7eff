"""`.env` creation and the settings checks."""

import stat

import pytest

from scripts.env_file import write_env
from scripts.errors import UserError
from scripts.settings import ENV_EXAMPLE, PLACEHOLDER, load_env, parse_env_file


def test_write_env_fills_secrets(tmp_path):
    target = tmp_path / ".env"
    assert write_env(target)
    values = parse_env_file(target)
    assert PLACEHOLDER not in values.values()
    assert values.keys() == parse_env_file(ENV_EXAMPLE).keys()
    assert values["LAKEFS_ACCESS_KEY_ID"].startswith("AKIA")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_write_env_secrets_differ(tmp_path):
    write_env(tmp_path / "a")
    write_env(tmp_path / "b")
    first = parse_env_file(tmp_path / "a")
    second = parse_env_file(tmp_path / "b")
    assert first["S3_SECRET_ACCESS_KEY"] != second["S3_SECRET_ACCESS_KEY"]


def test_write_env_never_overwrites(tmp_path):
    target = tmp_path / ".env"
    target.write_text("KEEP=1\n")
    assert not write_env(target)
    assert target.read_text() == "KEEP=1\n"


def test_load_env_misspelt_key(tmp_path, monkeypatch):
    target = tmp_path / ".env"
    write_env(target)
    text = target.read_text().replace("S3_SECRET_ACCESS_KEY=", "S3_SECRET_ACESS_KEY=")
    target.write_text(text)
    monkeypatch.setenv("ENV_FILE", str(target))
    with pytest.raises(UserError, match="unknown setting S3_SECRET_ACESS_KEY"):
        load_env()


def test_load_env_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ENV_FILE", str(tmp_path / "none"))
    with pytest.raises(UserError, match="make env"):
        load_env()


def test_load_env_placeholder(tmp_path, monkeypatch):
    target = tmp_path / ".env"
    target.write_text(ENV_EXAMPLE.read_text())
    monkeypatch.setenv("ENV_FILE", str(target))
    with pytest.raises(UserError, match="still set to CHANGE_ME"):
        load_env()


def test_load_env_environment_overrides(tmp_path, monkeypatch):
    target = tmp_path / ".env"
    write_env(target)
    monkeypatch.setenv("ENV_FILE", str(target))
    monkeypatch.setenv("S3_BUCKET", "other-bucket")
    assert load_env()["S3_BUCKET"] == "other-bucket"

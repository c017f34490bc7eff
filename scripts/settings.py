"""Settings in one place: `.env` for endpoints and secrets, params.yaml for the study."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
PARAMS_FILE = ROOT / "params.yaml"
PLACEHOLDER = "CHANGE_ME"
ENV_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def parse_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=value lines; blank lines and `#` comments are skipped."""
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = ENV_LINE.match(line)
        if not match:
            raise UserError(f"{path}:{number}: invalid line; expected KEY=value")
        key, value = match.groups()
        values[key] = value.strip().strip('"').strip("'")
    return values


def env_path() -> Path:
    return Path(os.environ.get("ENV_FILE", ROOT / ".env"))


def load_env() -> dict[str, str]:
    """Return the `.env` settings, overridden by the process environment.

    Every key of .env.example must be present and filled in; a key in .env
    that .env.example lacks is reported, since it is most likely misspelt.
    """
    path = env_path()
    if not path.is_file():
        raise UserError(f"{path}: settings file not found; run `make env` to create it")
    expected = parse_env_file(ENV_EXAMPLE)
    values = parse_env_file(path)

    unknown = sorted(set(values) - set(expected))
    if unknown:
        raise UserError(
            f"{path}: unknown setting {', '.join(unknown)}; compare the spelling "
            f"with .env.example"
        )
    for key in expected:
        if key in os.environ:
            values[key] = os.environ[key]
    missing = [key for key in expected if not values.get(key)]
    if missing:
        raise UserError(f"{path}: missing setting {', '.join(missing)}; copy it from .env.example")
    unset = [key for key in expected if values[key] == PLACEHOLDER]
    if unset:
        raise UserError(
            f"{path}: {', '.join(unset)} still set to {PLACEHOLDER}; "
            f"delete .env and run `make env` to generate secrets"
        )
    return values


@dataclass(frozen=True)
class Settings:
    """Endpoints, credentials and paths that every stage shares."""

    s3_endpoint: str
    s3_region: str
    s3_bucket: str
    s3_force_path_style: bool
    s3_access_key_id: str
    s3_secret_access_key: str
    lakefs_endpoint: str
    lakefs_access_key_id: str
    lakefs_secret_access_key: str
    lakefs_repository: str
    lakefs_storage_prefix: str
    dvc_remote_prefix: str
    state_dir: Path
    dvc_workspace: Path

    @property
    def lakefs_storage_namespace(self) -> str:
        return f"s3://{self.s3_bucket}/{self.lakefs_storage_prefix}/{self.lakefs_repository}"

    @property
    def dvc_remote_url(self) -> str:
        return f"s3://{self.s3_bucket}/{self.dvc_remote_prefix}"


def resolve_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def load_settings() -> Settings:
    env = load_env()
    return Settings(
        s3_endpoint=env["S3_ENDPOINT"],
        s3_region=env["S3_REGION"],
        s3_bucket=env["S3_BUCKET"],
        s3_force_path_style=env["S3_FORCE_PATH_STYLE"].lower() == "true",
        s3_access_key_id=env["S3_ACCESS_KEY_ID"],
        s3_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        lakefs_endpoint=env["LAKEFS_ENDPOINT"],
        lakefs_access_key_id=env["LAKEFS_ACCESS_KEY_ID"],
        lakefs_secret_access_key=env["LAKEFS_SECRET_ACCESS_KEY"],
        lakefs_repository=env["LAKEFS_REPOSITORY"],
        lakefs_storage_prefix=env["LAKEFS_STORAGE_PREFIX"],
        dvc_remote_prefix=env["DVC_REMOTE_PREFIX"],
        state_dir=resolve_path(env["STATE_DIR"]),
        dvc_workspace=resolve_path(env["DVC_WORKSPACE"]),
    )


def load_params(path: Path = PARAMS_FILE) -> dict:
    """Return params.yaml as a dict."""
    if not path.is_file():
        raise UserError(f"{path}: parameter file not found; restore it from git")
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def shell_exports(values: dict[str, str]) -> str:
    """Return `export KEY='value'` lines for a shell script to eval."""
    import shlex

    return "".join(f"export {key}={shlex.quote(value)}\n" for key, value in sorted(values.items()))


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Check .env and print it as shell exports.")
    parser.add_argument("--check", action="store_true", help="only check, print nothing")
    args = parser.parse_args(argv)
    values = load_env()
    if not args.check:
        print(shell_exports(values), end="")


if __name__ == "__main__":
    from scripts.errors import run_main, setup_logging

    setup_logging()
    run_main(main)

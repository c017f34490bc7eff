"""Shared fixtures: project copies with their own .env, and real MinIO and lakeFS."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_SAMPLE = ROOT.parent / "shared" / "data" / "athletes-real-sample.csv"
LOCALHOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


def project_files() -> list[str]:
    """Return the files git tracks plus the untracked ones it does not ignore."""
    output = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [name for name in output.split("\0") if name and (ROOT / name).is_file()]


def copy_project(dest: Path) -> Path:
    """Copy the working tree (as a fresh clone would hold it) and link .venv and tools."""
    for name in project_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for linked in (".venv", "tools"):
        if (ROOT / linked).exists():
            (dest / linked).symlink_to(ROOT / linked)
    return dest


def write_test_env(project: Path, **overrides: str) -> dict[str, str]:
    """Write project/.env with random secrets and free loopback ports; return its values."""
    from scripts.env_file import render_env
    from scripts.settings import parse_env_file

    minio_port, console_port, lakefs_port = free_port(), free_port(), free_port()
    values = {
        "S3_ENDPOINT": f"http://{LOCALHOST}:{minio_port}",
        "MINIO_ADDRESS": f"{LOCALHOST}:{minio_port}",
        "MINIO_CONSOLE_ADDRESS": f"{LOCALHOST}:{console_port}",
        "LAKEFS_ENDPOINT": f"http://{LOCALHOST}:{lakefs_port}",
        "LAKEFS_ADDRESS": f"{LOCALHOST}:{lakefs_port}",
        **overrides,
    }
    lines = []
    for line in render_env((ROOT / ".env.example").read_text()).splitlines():
        key = line.partition("=")[0]
        lines.append(f"{key}={values[key]}" if key in values and not line.startswith("#") else line)
    (project / ".env").write_text("\n".join(lines) + "\n")
    return parse_env_file(project / ".env")


def clean_environment() -> dict[str, str]:
    """Return os.environ without the settings that would override a project's .env."""
    from scripts.settings import parse_env_file

    setting_keys = set(parse_env_file(ROOT / ".env.example")) | {"ENV_FILE"}
    return {key: value for key, value in os.environ.items() if key not in setting_keys}


def run(project: Path, *command: str, check: bool = True, env: dict | None = None, timeout: int = 600):
    """Run a command in a project copy with the test's Python first on PATH."""
    process_env = clean_environment()
    process_env["PATH"] = f"{Path(sys.executable).parent}:{process_env['PATH']}"
    process_env["PYTHON"] = sys.executable
    process_env.update(env or {})
    result = subprocess.run(
        command, cwd=project, env=process_env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}"
        )
    return result


def python(project: Path, module: str, *args: str, check: bool = True):
    return run(project, sys.executable, "-m", module, *args, check=check)


@pytest.fixture(scope="session")
def services_project(tmp_path_factory):
    """A project copy whose MinIO and lakeFS run for the whole test session."""
    project = copy_project(tmp_path_factory.mktemp("services") / "project")
    write_test_env(project)
    python(project, "scripts.services", "up")
    try:
        yield project
    finally:
        python(project, "scripts.services", "down", check=False)

"""Start, stop and report the native MinIO and lakeFS processes.

Each service runs in its own session with its log, pid file and data in the
state folder, so it outlives the make call that started it, and `down`
stops exactly the processes `up` started.
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts.errors import UserError, run_main, setup_logging
from scripts.settings import ROOT, load_env, load_settings, resolve_path
from scripts.storage import ensure_bucket

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 15
POLL_INTERVAL_S = 0.3


@dataclass(frozen=True)
class Service:
    name: str
    health_url: str
    state_dir: Path

    @property
    def pid_file(self) -> Path:
        return self.state_dir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.state_dir / f"{self.name}.log"


def find_binary(name: str, tools_dir: Path) -> str:
    """Return the path of `name` from the tools folder, else from PATH."""
    local = tools_dir / "bin" / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    found = shutil.which(name)
    if found:
        return found
    raise UserError(
        f"{name}: binary not found in {tools_dir}/bin or on PATH; run `make tools` "
        f"(builds it with Go), put a release binary there, or use RUNTIME=docker"
    )


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def read_pid(service: Service) -> int | None:
    """Return the pid from the pid file if that process is alive, else None."""
    try:
        pid = int(service.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def last_log_line(path: Path, max_chars: int = 200) -> str:
    """Return the last non-empty line of a log, shortened, such as `port is already in use`."""
    try:
        lines = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()]
    except FileNotFoundError:
        return "no log"
    return lines[-1][:max_chars] if lines else "empty log"


def wait_healthy(service: Service, process: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if is_healthy(service.health_url):
            return
        if process.poll() is not None:
            service.pid_file.unlink(missing_ok=True)
            raise UserError(
                f"{service.name} exited with status {process.returncode} during start-up "
                f"({last_log_line(service.log_file)}); see {service.log_file}"
            )
        time.sleep(POLL_INTERVAL_S)
    process.terminate()
    raise UserError(
        f"{service.name}: {service.health_url} not healthy after {timeout_s:.0f} s; "
        f"see {service.log_file}, or raise SERVICE_TIMEOUT_S in .env"
    )


def start(service: Service, command: list[str], env: dict[str, str], timeout_s: float) -> None:
    """Start one service unless its pid file names a live process; wait for health."""
    pid = read_pid(service)
    if pid is not None:
        if not is_healthy(service.health_url):
            raise UserError(
                f"{service.name} (pid {pid}) is running but {service.health_url} is not healthy; "
                f"see {service.log_file} or run `make services-down`"
            )
        log.info("%s already running (pid %d)", service.name, pid)
        return
    if is_healthy(service.health_url):
        raise UserError(
            f"{service.health_url} responds but no {service.name} was started from {service.state_dir}; "
            f"stop the other server or change its address in .env"
        )

    service.state_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(service.log_file, "ab") as log_handle:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=service.state_dir,
        )
    service.pid_file.write_text(f"{process.pid}\n")
    wait_healthy(service, process, timeout_s)
    log.info("%s started (pid %d) in %.1f s", service.name, process.pid, time.monotonic() - started)


def stop(service: Service) -> None:
    """Stop the process named by the pid file: SIGTERM, then SIGKILL after a timeout."""
    pid = read_pid(service)
    if pid is None:
        service.pid_file.unlink(missing_ok=True)
        log.info("%s not running", service.name)
        return
    os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline and read_pid(service) is not None:
        time.sleep(POLL_INTERVAL_S)
        reap(pid)
    if read_pid(service) is not None:
        log.warning("%s (pid %d) ignored SIGTERM for %d s; sending SIGKILL", service.name, pid, STOP_TIMEOUT_S)
        os.killpg(pid, signal.SIGKILL)
        reap(pid)
    service.pid_file.unlink(missing_ok=True)
    log.info("%s stopped (pid %d)", service.name, pid)


def reap(pid: int) -> None:
    """Collect the exit status if the process is our child, so it leaves no zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def http_url(address: str, path: str) -> str:
    return f"http://{address}{path}"


def services(env: dict[str, str]) -> tuple[Service, Service]:
    state_dir = resolve_path(env["STATE_DIR"])
    minio = Service("minio", http_url(env["MINIO_ADDRESS"], "/minio/health/ready"), state_dir)
    lakefs = Service("lakefs", http_url(env["LAKEFS_ADDRESS"], "/_health"), state_dir)
    return minio, lakefs


def minio_command(env: dict[str, str], binary: str) -> tuple[list[str], dict[str, str]]:
    data_dir = resolve_path(env["STATE_DIR"]) / "minio-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        binary, "server", str(data_dir),
        "--address", env["MINIO_ADDRESS"],
        "--console-address", env["MINIO_CONSOLE_ADDRESS"],
    ]  # fmt: skip
    process_env = {
        "MINIO_ROOT_USER": env["S3_ACCESS_KEY_ID"],
        "MINIO_ROOT_PASSWORD": env["S3_SECRET_ACCESS_KEY"],
        "MINIO_BROWSER_REDIRECT": "off",
        "MINIO_UPDATE": "off",
    }
    return command, process_env


def lakefs_command(env: dict[str, str], binary: str) -> tuple[list[str], dict[str, str]]:
    """Return lakeFS's command and settings: local KV metadata, S3 blockstore on MinIO."""
    metadata_dir = resolve_path(env["STATE_DIR"]) / "lakefs-metadata"
    process_env = {
        "LAKEFS_LISTEN_ADDRESS": env["LAKEFS_ADDRESS"],
        "LAKEFS_DATABASE_TYPE": "local",
        "LAKEFS_DATABASE_LOCAL_PATH": str(metadata_dir),
        "LAKEFS_BLOCKSTORE_TYPE": "s3",
        "LAKEFS_BLOCKSTORE_S3_ENDPOINT": env["S3_ENDPOINT"],
        "LAKEFS_BLOCKSTORE_S3_REGION": env["S3_REGION"],
        "LAKEFS_BLOCKSTORE_S3_FORCE_PATH_STYLE": env["S3_FORCE_PATH_STYLE"],
        "LAKEFS_BLOCKSTORE_S3_DISCOVER_BUCKET_REGION": "false",
        "LAKEFS_BLOCKSTORE_S3_CREDENTIALS_ACCESS_KEY_ID": env["S3_ACCESS_KEY_ID"],
        "LAKEFS_BLOCKSTORE_S3_CREDENTIALS_SECRET_ACCESS_KEY": env["S3_SECRET_ACCESS_KEY"],
        "LAKEFS_AUTH_ENCRYPT_SECRET_KEY": env["LAKEFS_ENCRYPT_SECRET_KEY"],
        "LAKEFS_INSTALLATION_USER_NAME": env["LAKEFS_ADMIN_USER"],
        "LAKEFS_INSTALLATION_ACCESS_KEY_ID": env["LAKEFS_ACCESS_KEY_ID"],
        "LAKEFS_INSTALLATION_SECRET_ACCESS_KEY": env["LAKEFS_SECRET_ACCESS_KEY"],
        # Nothing leaves this machine: no usage statistics, no version check.
        "LAKEFS_STATS_ENABLED": "false",
        "LAKEFS_SECURITY_CHECK_LATEST_VERSION": "false",
        "LAKEFS_LOGGING_FORMAT": "text",
    }
    return [binary, "run"], process_env


def check_lakefs_credentials(env: dict[str, str]) -> None:
    """Log in to the lakeFS API with the keys from .env; fail naming the keys."""
    from scripts.lakefs_client import check_credentials  # lakefs-sdk loads slowly

    check_credentials(env["LAKEFS_ENDPOINT"], env["LAKEFS_ACCESS_KEY_ID"], env["LAKEFS_SECRET_ACCESS_KEY"])


def up() -> None:
    env = load_env()
    settings = load_settings()
    timeout_s = float(env["SERVICE_TIMEOUT_S"])
    tools_dir = resolve_path(env["TOOLS_DIR"])
    minio, lakefs = services(env)

    command, process_env = minio_command(env, find_binary("minio", tools_dir))
    start(minio, command, process_env, timeout_s)
    ensure_bucket(settings)

    command, process_env = lakefs_command(env, find_binary("lakefs", tools_dir))
    start(lakefs, command, process_env, timeout_s)
    check_lakefs_credentials(env)

    print(f"lakeFS UI:     {env['LAKEFS_ENDPOINT']}  (user {env['LAKEFS_ADMIN_USER']}, keys in .env)")
    print(f"MinIO console: http://{env['MINIO_CONSOLE_ADDRESS']}  (keys S3_* in .env)")
    print(f"MinIO S3 API:  {env['S3_ENDPOINT']}  bucket {env['S3_BUCKET']}")


def down() -> None:
    env = load_env()
    minio, lakefs = services(env)
    stop(lakefs)
    stop(minio)


def status() -> int:
    """Print one line per service; return 0 only when both are running and healthy."""
    env = load_env()
    healthy = 0
    for service in services(env):
        pid = read_pid(service)
        ok = is_healthy(service.health_url)
        state = "healthy" if ok else "not answering"
        running = f"pid {pid}" if pid else "not started here"
        print(f"{service.name:7s} {running:18s} {state:14s} {service.health_url}")
        healthy += ok and pid is not None
    return 0 if healthy == 2 else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "status"], help="what to do")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.action == "up":
        up()
    elif args.action == "down":
        down()
    elif status() != 0:
        raise SystemExit(1)


if __name__ == "__main__":
    setup_logging()
    run_main(main)

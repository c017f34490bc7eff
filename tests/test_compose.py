"""Static checks of the docker runtime against the settings both runtimes share.

Nothing here needs a Docker engine: the checks read docker-compose.yml,
docker/Dockerfile, .env.example, the Makefile and the native service code.
Each checker returns a list of problems, and each has a test that feeds it
a bad example, so every check is shown to fail when it should.
"""

import os
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT
from scripts.services import lakefs_command, minio_command
from scripts.settings import ENV_EXAMPLE, parse_env_file

COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
MAKEFILE = ROOT / "Makefile"
NATIVE_SERVICES = ROOT / "scripts" / "services.py"
NATIVE_SETTINGS = ROOT / "scripts" / "settings.py"

LOOPBACK = "127.0.0.1"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|ACCESS_KEY|ROOT_USER")
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message} and ${VAR?message}.
# `$${...}` is an escaped dollar for the container's shell, not a reference.
VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
# A whole value that is one reference without a default, so nothing is inline.
SECRET_REFERENCE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$")
ENV_READ = re.compile(r"""env\[["']([A-Z][A-Z0-9_]*)["']\]""")
MAKEFILE_DOTENV = re.compile(r"\$\(call dotenv,([A-Z][A-Z0-9_]*)\)")

# Compose variables that the Makefile exports and that are not settings of .env.
MAKEFILE_VARIABLES = {"STACK_S3_ENDPOINT", "TRAINER_UID", "TRAINER_GID"}
# Settings the native service code reads that have no counterpart in the stack.
NATIVE_ONLY = {
    "TOOLS_DIR": "the images replace the built binaries",
    "STATE_DIR": "named volumes hold the service state",
    "SERVICE_TIMEOUT_S": "the healthchecks decide when a service is ready",
}
# lakeFS settings whose value must differ inside a container.
LAKEFS_CONTAINER_ONLY = {
    "LAKEFS_LISTEN_ADDRESS": "the container listens on all its interfaces; the host port binds LAKEFS_ADDRESS",
    "LAKEFS_DATABASE_LOCAL_PATH": "the metadata lives on a named volume",
    "LAKEFS_BLOCKSTORE_S3_ENDPOINT": "containers reach MinIO by service name (STACK_S3_ENDPOINT)",
}
# Makefile recipe lines that may run on the host under RUNTIME=docker.
HOST_STEPS = {
    "scripts/render_slides.sh": "renders slides with LibreOffice, which the trainer image lacks",
}
PIP_OPTIONS_WITH_VALUE = {
    "-r", "--requirement", "-c", "--constraint", "-i", "--index-url",
    "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix",
    "--root", "--platform", "--python-version", "--implementation", "--abi",
    "--root-user-action", "--progress-bar", "--cache-dir", "--src",
    "--config-settings", "--global-option", "--log", "--timeout", "--retries",
}  # fmt: skip


# --------------------------------------------------------------------------- #
# Readers                                                                     #
# --------------------------------------------------------------------------- #


def load_compose() -> dict:
    with open(COMPOSE_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def env_example() -> dict[str, str]:
    return parse_env_file(ENV_EXAMPLE)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Resolve compose's ${...} forms with env, as `docker compose config` does."""

    def resolve(match: re.Match) -> str:
        name, operator, argument = match.groups()
        current = env.get(name)
        if operator in (":-", ":?") and not current:
            current = None
        if current is not None:
            return current
        if operator and operator.endswith("-"):
            return argument
        raise KeyError(f"{name} is not set ({argument or 'no default'})")

    return VARIABLE.sub(resolve, value).replace("$$", "$")


def variable_names(text: str) -> set[str]:
    return {match.group(1) for match in VARIABLE.finditer(text)}


def environment_of(service: dict) -> dict[str, str]:
    """Return a service's environment as a dict, from either compose syntax."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        pairs = (item.partition("=") for item in environment)
        return {key: value for key, _, value in pairs}
    return dict(environment)


def referenced_setting(value) -> str | None:
    """Return VAR when the whole value is one ${VAR...} reference, else None."""
    match = VARIABLE.fullmatch(str(value))
    return match.group(1) if match else None


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """Return (INSTRUCTION, arguments) pairs with continuation lines joined."""
    instructions = []
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


# --------------------------------------------------------------------------- #
# Checkers: each returns a list of problems                                   #
# --------------------------------------------------------------------------- #


def image_reference_problem(reference: str) -> str | None:
    """Return why an image reference is not pinned, or None when it is."""
    if "@sha256:" in reference:
        return None
    last_part = reference.rsplit("/", 1)[-1]
    if ":" not in last_part:
        return f"{reference}: no tag, so it means latest"
    tag = last_part.rsplit(":", 1)[1]
    if tag == "latest":
        return f"{reference}: the latest tag is not a pin"
    if "$" in tag:
        return f"{reference}: the tag comes from a variable"
    return None


def image_problems(services: dict, dockerfile_text: str) -> list[str]:
    problems = []
    for name, service in services.items():
        if "image" in service:
            problem = image_reference_problem(str(service["image"]))
            if problem:
                problems.append(f"service {name}: {problem}")
        elif "build" not in service:
            problems.append(f"service {name}: neither image nor build")
    for keyword, arguments in dockerfile_instructions(dockerfile_text):
        if keyword != "FROM":
            continue
        reference = [word for word in arguments.split() if not word.startswith("--")][0]
        problem = image_reference_problem(reference)
        if problem:
            problems.append(f"Dockerfile FROM {problem}")
    return problems


def port_problems(services: dict, env: dict[str, str]) -> list[str]:
    """Return every published port that does not bind to 127.0.0.1 with env's values."""
    problems = []
    for name, service in services.items():
        for port in service.get("ports", []):
            if isinstance(port, dict):
                host_ip = interpolate(str(port.get("host_ip", "")), env)
                port_text = str(port)
            else:
                port_text = interpolate(str(port), env)
                parts = port_text.split("/")[0].split(":")
                host_ip = parts[0] if len(parts) == 3 else ""
            if host_ip != LOOPBACK:
                problems.append(f"service {name}: port {port_text} binds to {host_ip or 'every interface'}")
    return problems


def one_shot_services(services: dict) -> set[str]:
    """Return services that others wait for to complete: they run and exit."""
    one_shot = set()
    for service in services.values():
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, dict):
            for dependency, options in depends_on.items():
                if (options or {}).get("condition") == "service_completed_successfully":
                    one_shot.add(dependency)
    return one_shot


def long_running_services(services: dict) -> set[str]:
    """Return services that `up` starts and that keep running.

    A service in a profile is started only on request (the trainer, through
    `docker compose run`), and a one-shot service exits when done.
    """
    run_only = {name for name, service in services.items() if service.get("profiles")}
    return set(services) - run_only - one_shot_services(services)


def healthcheck_problems(services: dict) -> list[str]:
    problems = []
    long_running = long_running_services(services)
    for name in sorted(long_running):
        healthcheck = services[name].get("healthcheck") or {}
        test = healthcheck.get("test")
        if not test or healthcheck.get("disable") or test in (["NONE"], "NONE"):
            problems.append(f"service {name}: long-running but no healthcheck")
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, list):
            depends_on = {dependency: {} for dependency in depends_on}
        for dependency, options in depends_on.items():
            condition = (options or {}).get("condition", "service_started")
            if dependency in long_running and condition != "service_healthy":
                problems.append(f"service {name}: waits for {dependency} with {condition}, not service_healthy")
    return problems


def inline_secret_problems(services: dict) -> list[str]:
    """Return secret-named values that are not a plain ${VAR} reference."""
    problems = []
    for name, service in services.items():
        values = environment_of(service)
        build = service.get("build")
        if isinstance(build, dict):
            values.update(build.get("args") or {})
        for key, value in values.items():
            if SECRET_NAME.search(key) and not SECRET_REFERENCE.match(str(value)):
                problems.append(f"service {name}: {key} is set inline instead of from .env")
    return problems


def pip_install_problems(dockerfile_text: str) -> list[str]:
    """Return pip installs that install anything but requirements.txt."""
    problems = []
    installs = 0
    for keyword, arguments in dockerfile_instructions(dockerfile_text):
        if keyword != "RUN":
            continue
        for command in re.split(r"&&|\|\||;", arguments):
            words = shlex.split(command)
            for other in ("uv", "pipx", "conda", "poetry", "easy_install"):
                if other in words:
                    problems.append(f"RUN {command.strip()}: installs with {other}")
            if "install" not in words or not any(re.fullmatch(r"pip3?(\.\d+)?", word) for word in words):
                continue
            installs += 1
            problems.extend(pip_arguments_problems(words[words.index("install") + 1 :], command.strip()))
    if installs == 0:
        problems.append("no pip install of requirements.txt")
    return problems


def pip_arguments_problems(arguments: list[str], command: str) -> list[str]:
    problems = []
    requirement_files = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        option, equals, inline_value = word.partition("=")
        if option in PIP_OPTIONS_WITH_VALUE:
            value = inline_value if equals else arguments[index + 1]
            index += 1 if equals else 2
            if option in ("-r", "--requirement"):
                requirement_files.append(value)
            elif option in ("-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links"):
                problems.append(f"RUN {command}: {option} changes what is installed")
            continue
        if word in ("-e", "--editable") or not word.startswith("-"):
            problems.append(f"RUN {command}: installs {word} beside requirements.txt")
        index += 1
    if [path.rsplit("/", 1)[-1] for path in requirement_files] != ["requirements.txt"]:
        problems.append(f"RUN {command}: reads {requirement_files or 'no file'}, not exactly requirements.txt")
    return problems


# --------------------------------------------------------------------------- #
# The compose file itself                                                     #
# --------------------------------------------------------------------------- #


def compose_validator() -> list[str] | None:
    """Return the command that validates a compose file, or None if none is installed."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def run_compose_config(env_file) -> subprocess.CompletedProcess:
    validator = compose_validator()
    if validator is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    command = [*validator, "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config", "--quiet"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_compose_config_valid():
    result = run_compose_config(ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr


def test_compose_config_needs_secrets(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = run_compose_config(empty)
    assert result.returncode != 0
    assert "S3_ACCESS_KEY_ID" in result.stderr or "make env" in result.stderr, result.stderr


def test_compose_services():
    assert set(load_compose()["services"]) == {"minio", "minio-init", "lakefs", "trainer"}


# --------------------------------------------------------------------------- #
# Pinned images                                                               #
# --------------------------------------------------------------------------- #


def test_images_pinned():
    assert image_problems(load_compose()["services"], DOCKERFILE.read_text()) == []


def test_lakefs_image_matches_native_version():
    native = re.search(r'LAKEFS_VERSION="\$\{LAKEFS_VERSION:-v([0-9.]+)\}"', (ROOT / "scripts" / "build_services.sh").read_text())
    assert native, "LAKEFS_VERSION not found in scripts/build_services.sh"
    assert load_compose()["services"]["lakefs"]["image"] == f"treeverse/lakefs:{native.group(1)}"


@pytest.mark.parametrize(
    "reference",
    ["quay.io/minio/minio", "treeverse/lakefs:latest", "localhost:5000/trainer", "python:${PYTHON_TAG}"],
)
def test_image_check_rejects_unpinned(reference):
    assert image_problems({"x": {"image": reference}}, "") != []


def test_image_check_rejects_unpinned_from():
    assert image_problems({}, "FROM python:3.11-slim AS base\nFROM python\n") != []


@pytest.mark.parametrize("reference", ["registry:5000/lakefs:1.84.0", "python@sha256:" + "0" * 64])
def test_image_check_accepts_pins(reference):
    assert image_problems({"x": {"image": reference}}, "") == []


# --------------------------------------------------------------------------- #
# Ports on 127.0.0.1                                                          #
# --------------------------------------------------------------------------- #


def test_ports_bind_loopback():
    assert port_problems(load_compose()["services"], env_example()) == []


def test_ports_publish_host_settings():
    """Host addresses come from .env, so both runtimes listen at the same place."""
    services = load_compose()["services"]
    published = {name: {referenced_setting(str(port).rsplit(":", 1)[0]) for port in service.get("ports", [])}
                 for name, service in services.items()}  # fmt: skip
    assert published["minio"] == {"MINIO_ADDRESS", "MINIO_CONSOLE_ADDRESS"}
    assert published["lakefs"] == {"LAKEFS_ADDRESS"}


@pytest.mark.parametrize(
    "port",
    ["9000:9000", "0.0.0.0:9000:9000", "${MINIO_ADDRESS}:9000", {"target": 9000, "published": 9000}],
)
def test_port_check_rejects_open_ports(port):
    env = {"MINIO_ADDRESS": "9000"}
    assert port_problems({"x": {"ports": [port]}}, env) != []


def test_port_check_accepts_loopback():
    env = {"MINIO_ADDRESS": "127.0.0.1:9000"}
    ports = ["${MINIO_ADDRESS}:9000", {"target": 9001, "published": 9001, "host_ip": "127.0.0.1"}]
    assert port_problems({"x": {"ports": ports}}, env) == []


# --------------------------------------------------------------------------- #
# Healthchecks and start order                                                #
# --------------------------------------------------------------------------- #


def test_long_running_services_have_healthchecks():
    assert healthcheck_problems(load_compose()["services"]) == []


def test_long_running_services_are_minio_and_lakefs():
    assert long_running_services(load_compose()["services"]) == {"minio", "lakefs"}


def test_lakefs_waits_for_bucket():
    depends_on = load_compose()["services"]["lakefs"]["depends_on"]
    assert depends_on["minio-init"]["condition"] == "service_completed_successfully"


def test_healthcheck_check_rejects_missing():
    services = {"db": {"image": "x:1"}}
    assert healthcheck_problems(services) != []


def test_healthcheck_check_rejects_started_condition():
    services = {
        "db": {"image": "x:1", "healthcheck": {"test": ["CMD", "true"]}},
        "app": {"image": "y:1", "healthcheck": {"test": ["CMD", "true"]}, "depends_on": ["db"]},
    }
    assert healthcheck_problems(services) != []


# --------------------------------------------------------------------------- #
# Secrets only from .env                                                      #
# --------------------------------------------------------------------------- #


def test_no_inline_secrets():
    assert inline_secret_problems(load_compose()["services"]) == []


@pytest.mark.parametrize(
    "environment",
    [
        {"MINIO_ROOT_PASSWORD": "hunter22"},
        {"LAKEFS_AUTH_ENCRYPT_SECRET_KEY": "${LAKEFS_ENCRYPT_SECRET_KEY:-fallback}"},
        ["MINIO_ROOT_USER=admin"],
        {"AWS_ACCESS_KEY_ID": "prefix-${S3_ACCESS_KEY_ID}"},
    ],
)
def test_secret_check_rejects_inline(environment):
    assert inline_secret_problems({"x": {"image": "x:1", "environment": environment}}) != []


def test_secret_check_accepts_references():
    environment = {"MINIO_ROOT_USER": "${S3_ACCESS_KEY_ID}", "MINIO_ROOT_PASSWORD": "${S3_SECRET_ACCESS_KEY:?run make env}"}
    assert inline_secret_problems({"x": {"image": "x:1", "environment": environment}}) == []


def test_image_build_context_only_requirements():
    """The build context contains requirements.txt alone, so .env never enters the image."""
    rules = [line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert rules == ["*", "!requirements.txt"]


def test_dockerfile_copies_only_requirements():
    copies = [arguments for keyword, arguments in dockerfile_instructions(DOCKERFILE.read_text()) if keyword in ("COPY", "ADD")]
    assert copies == ["requirements.txt /tmp/requirements.txt"]


# --------------------------------------------------------------------------- #
# The trainer image installs requirements.txt and nothing else               #
# --------------------------------------------------------------------------- #


def test_trainer_installs_only_requirements():
    assert pip_install_problems(DOCKERFILE.read_text()) == []


def test_trainer_runs_as_non_root():
    users = [arguments for keyword, arguments in dockerfile_instructions(DOCKERFILE.read_text()) if keyword == "USER"]
    assert users, "the Dockerfile sets no USER, so the trainer would run as root"
    assert users[-1] not in ("root", "0")


def test_trainer_image_has_git():
    assert re.search(r"apt-get install[^&]*\bgit\b", DOCKERFILE.read_text())


@pytest.mark.parametrize(
    "run",
    [
        "RUN pip install -r requirements.txt requests",
        "RUN pip install numpy",
        "RUN python -m pip install -e .",
        "RUN pip install -r /tmp/other.txt",
        "RUN pip install -r requirements.txt \\\n    && pip install --index-url https://example.invalid/simple torch",
        "RUN uv pip install -r requirements.txt && uv pip install rich",
        "RUN apt-get install -y git",
    ],
)
def test_pip_check_rejects_extra_packages(run):
    assert pip_install_problems(f"FROM python:3.11.14-slim-bookworm\n{run}\n") != []


def test_pip_check_accepts_requirements():
    run = "RUN pip install --no-cache-dir --no-deps --root-user-action=ignore -r /tmp/requirements.txt && pip check"
    assert pip_install_problems(f"FROM python:3.11.14-slim-bookworm\n{run}\n") == []


# --------------------------------------------------------------------------- #
# One set of settings for both runtimes                                       #
# --------------------------------------------------------------------------- #


def native_settings_read() -> set[str]:
    """Return the .env keys that scripts/settings.py and scripts/services.py read."""
    return set(ENV_READ.findall(NATIVE_SETTINGS.read_text())) | set(ENV_READ.findall(NATIVE_SERVICES.read_text()))


def docker_settings_read() -> set[str]:
    """Return the settings the docker runtime reads.

    These are the compose references, the trainer's overrides and the keys the
    Makefile reads to fill in compose variables.
    """
    compose = load_compose()
    referenced = variable_names(COMPOSE_FILE.read_text()) - MAKEFILE_VARIABLES
    overridden = set(environment_of(compose["services"]["trainer"]))
    read_by_makefile = set(MAKEFILE_DOTENV.findall(MAKEFILE.read_text())) - {"STATE_DIR"}
    return referenced | overridden | read_by_makefile


def test_compose_variables_in_env_example():
    unknown = variable_names(COMPOSE_FILE.read_text()) - set(env_example()) - MAKEFILE_VARIABLES
    assert unknown == set(), "compose reads variables that .env.example lacks"


def test_makefile_exports_compose_variables():
    makefile = MAKEFILE.read_text()
    compose = COMPOSE_FILE.read_text()
    for name in MAKEFILE_VARIABLES:
        assert re.search(rf"^export {name} :?=", makefile, re.MULTILINE), f"Makefile does not export {name}"
        assert re.search(rf"\$\{{{name}:-[^}}]+\}}", compose), f"{name} has no default for plain docker compose"


def test_native_settings_in_env_example():
    assert native_settings_read() - set(env_example()) == set()


def test_trainer_overrides_are_settings():
    """scripts/settings.py takes only .env.example keys from the environment."""
    trainer = environment_of(load_compose()["services"]["trainer"])
    assert set(trainer) - set(env_example()) == set()
    assert set(trainer) == {"S3_ENDPOINT", "LAKEFS_ENDPOINT", "DVC_WORKSPACE"}


def test_native_service_settings_used_by_docker():
    native_service_keys = set(ENV_READ.findall(NATIVE_SERVICES.read_text()))
    missing = native_service_keys - docker_settings_read() - set(NATIVE_ONLY)
    assert missing == set(), "settings of the native services that the docker runtime ignores"


def test_docker_settings_read_natively():
    assert docker_settings_read() - native_settings_read() == set()


def test_native_only_settings_unused_by_docker():
    assert docker_settings_read() & set(NATIVE_ONLY) == set()


def marked_env() -> dict[str, str]:
    """Return .env.example's keys, each set to a marker naming the key."""
    return {key: f"<{key}>" for key in env_example()}


def compare_with_native(native: dict[str, str], compose: dict, exempt: dict[str, str]) -> list[str]:
    """Compare a service's settings with the native process's, key by key.

    A native value that is a setting's marker must be a ${SETTING} reference in
    compose; any other native value must be the same literal.
    """
    problems = []
    if set(native) != set(compose):
        problems.append(f"keys differ: native only {sorted(set(native) - set(compose))}, "
                        f"compose only {sorted(set(compose) - set(native))}")  # fmt: skip
    for key in sorted(set(native) & set(compose)):
        if key in exempt:
            continue
        marker = re.fullmatch(r"<([A-Z0-9_]+)>", native[key])
        if marker:
            if referenced_setting(compose[key]) != marker.group(1):
                problems.append(f"{key}: native reads {marker.group(1)}, compose sets {compose[key]!r}")
        elif str(compose[key]) != native[key]:
            problems.append(f"{key}: native sets {native[key]!r}, compose sets {compose[key]!r}")
    return problems


def test_lakefs_settings_match_native(tmp_path):
    env = {**marked_env(), "STATE_DIR": str(tmp_path)}
    _, native = lakefs_command(env, "lakefs")
    compose = environment_of(load_compose()["services"]["lakefs"])
    assert compare_with_native(native, compose, LAKEFS_CONTAINER_ONLY) == []


def test_minio_settings_match_native(tmp_path):
    env = {**marked_env(), "STATE_DIR": str(tmp_path)}
    _, native = minio_command(env, "minio")
    compose = environment_of(load_compose()["services"]["minio"])
    assert compare_with_native(native, compose, {}) == []


def test_native_comparison_rejects_drift():
    native = {"LAKEFS_BLOCKSTORE_S3_REGION": "<S3_REGION>", "LAKEFS_STATS_ENABLED": "false", "EXTRA": "1"}
    compose = {"LAKEFS_BLOCKSTORE_S3_REGION": "us-east-1", "LAKEFS_STATS_ENABLED": False}
    assert len(compare_with_native(native, compose, {})) == 3


# --------------------------------------------------------------------------- #
# Makefile: every step runs in the trainer under RUNTIME=docker               #
# --------------------------------------------------------------------------- #


def make_dry_run(*arguments: str, env: dict[str, str] | None = None) -> list[str]:
    """Return the commands `make -n -B` prints, every target taken as out of date."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def is_step(line: str) -> bool:
    return bool(re.search(r"python -m scripts\.|scripts/[\w.-]+\.sh", line))


def test_docker_steps_run_in_trainer():
    steps = [line for line in make_dry_run("all", "RUNTIME=docker") if is_step(line)]
    assert steps, "make -n all printed no steps"
    outside = [line for line in steps if "docker compose" not in line or " run --rm " not in line or " trainer " not in line]
    outside = [line for line in outside if not any(script in line for script in HOST_STEPS)]
    assert outside == [], "steps that would run on the host under RUNTIME=docker"


def test_native_steps_skip_docker():
    lines = make_dry_run("all", "RUNTIME=native")
    assert [line for line in lines if "docker" in line] == []


def test_docker_lakefs_up_waits_for_health():
    lines = make_dry_run("lakefs-up", "RUNTIME=docker")
    assert any(re.search(r"docker compose .*\bup -d --wait\b", line) for line in lines)


def test_docker_lakefs_up_prints_no_secret():
    """Secrets set to markers in the environment, which overrides .env, stay out of the output."""
    markers = {key: f"marker-{key.lower()}" for key in env_example() if SECRET_NAME.search(key)}
    lines = make_dry_run("lakefs-up", "RUNTIME=docker", env={**os.environ, **markers})
    messages = [line for line in lines if line.startswith("echo")]
    assert len(messages) == 2, "lakefs-up prints no lakeFS and MinIO URLs"
    for key, marker in markers.items():
        assert not any(marker in line for line in lines), f"{key} is printed"


def test_down_volumes_needs_confirmation():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        # CONFIRM= on the command line wins over a CONFIRM=yes in the environment.
        ["make", "--no-print-directory", "down-volumes", "RUNTIME=docker", "CONFIRM="],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "CONFIRM=yes" in result.stderr


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("http://127.0.0.1:9000", "http://minio:9000"),
        ("http://localhost:9100", "http://minio:9000"),
        ("https://s3.example.test", "https://s3.example.test"),
    ],
)
def test_stack_s3_endpoint(endpoint, expected):
    """A loopback S3_ENDPOINT means the stack's MinIO, and any other is used as it is."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "--no-print-directory", "--eval", "print-stack-s3-endpoint: ; @echo $(STACK_S3_ENDPOINT)",
         "print-stack-s3-endpoint", "RUNTIME=docker", f"S3_ENDPOINT={endpoint}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


# --------------------------------------------------------------------------- #
# Shell inside the compose file                                               #
# --------------------------------------------------------------------------- #


def test_minio_init_script_shellcheck():
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed")
    entrypoint = load_compose()["services"]["minio-init"]["entrypoint"]
    assert entrypoint[:2] == ["/bin/sh", "-c"]
    script = entrypoint[2].replace("$$", "$")
    result = subprocess.run(["shellcheck", "--shell=sh", "-"], input=script, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout

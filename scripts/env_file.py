"""Create .env from .env.example with fresh random secrets; never overwrite one."""

import argparse
import logging
import os
import secrets
import string
import tempfile
from pathlib import Path

from scripts.errors import run_main, setup_logging
from scripts.settings import ENV_EXAMPLE, PLACEHOLDER, env_path

log = logging.getLogger(__name__)

ALPHANUMERIC_UPPER = string.ascii_uppercase + string.digits


def random_value(key: str) -> str:
    """Return a random secret shaped like the credential that `key` names."""
    if key.endswith("ACCESS_KEY_ID"):
        # Access key ids look like AWS ones: 20 upper-case letters and digits.
        return "AKIA" + "".join(secrets.choice(ALPHANUMERIC_UPPER) for _ in range(16))
    return secrets.token_urlsafe(30)


def render_env(template: str) -> str:
    """Replace each KEY=CHANGE_ME line of the template with a random value."""
    lines = []
    for line in template.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#") and value.strip() == PLACEHOLDER:
            line = f"{key}={random_value(key)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_env(target: Path, template_path: Path = ENV_EXAMPLE) -> bool:
    """Write target from the template unless it exists; return whether it wrote."""
    if target.exists():
        log.info("%s exists; leaving it unchanged", target)
        return False
    content = render_env(template_path.read_text(encoding="utf-8"))
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".env.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(content)
    os.chmod(temp_name, 0o600)
    os.replace(temp_name, target)
    log.info("wrote %s with new random secrets (mode 600)", target)
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="target file (default: .env, or $ENV_FILE)")
    args = parser.parse_args(argv)
    write_env(args.out or env_path())


if __name__ == "__main__":
    setup_logging()
    run_main(main)

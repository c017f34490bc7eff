"""The error type for failures a user can fix, and the wrapper that reports it."""

import logging
import sys
from collections.abc import Callable

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class UserError(Exception):
    """A failure with a one-line message naming what failed and what to do."""


def setup_logging(verbose: bool = False) -> None:
    """Log to stderr at INFO (DEBUG when verbose), one line per record."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format=LOG_FORMAT)
    for noisy in ("botocore", "urllib3", "boto3", "s3transfer", "matplotlib", "h5py"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_main(main: Callable[[list[str] | None], None], argv: list[str] | None = None) -> None:
    """Run a stage's main(); a UserError becomes one `error:` line and exit status 1."""
    try:
        main(argv)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)

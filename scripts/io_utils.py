"""Atomic writes: a temporary file in the target folder, then a rename."""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(temp_path), then rename it to path; on error remove the temp file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temp_name))
        os.chmod(temp_name, 0o666 & ~current_umask())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: dict) -> None:
    """Write data as sorted, indented JSON; an unchanged file keeps its mtime for make."""
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    atomic_write(path, write)


def file_md5(path: Path) -> str:
    """Return the hex MD5 of a file, read in 1 MiB chunks."""
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_csv(path: Path, df) -> None:
    """Write a pandas DataFrame as CSV without its index, atomically."""
    atomic_write(path, lambda temp: df.to_csv(temp, index=False, lineterminator="\n"))


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)

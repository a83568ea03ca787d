"""Writing files so that an interrupted run leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

ENV_DATA_DIR = "IDLIB_DATA_DIR"


def default_data_dir() -> Path:
    """Where the data is when no folder is given: ``$IDLIB_DATA_DIR``, else the installed copy.

    A wheel carries the data inside the package; an editable install of a checkout
    finds the repository's own ``data/`` folder instead.
    """
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    packaged = Path(__file__).parent / "data"
    if (packaged / "events.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


#: Data files larger than this are refused before parsing: the YAML tree of a 200 MB file would
#: not fit in memory. ``IDLIB_MAX_FILE_MB`` raises the limit for very large datasets.
DEFAULT_MAX_FILE_MB = 192


def max_file_bytes() -> int:
    """The size limit of a data file in bytes: ``$IDLIB_MAX_FILE_MB`` when it is a positive number, else the default."""
    raw = os.environ.get("IDLIB_MAX_FILE_MB", "")
    try:
        limit = int(float(raw) * 1024 * 1024) if raw else 0
    except (ValueError, OverflowError):  # "abc", "nan", "inf"
        limit = 0
    return limit if limit > 0 else DEFAULT_MAX_FILE_MB * 1024 * 1024


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permissions the new file gets: the old file's, else what ``open()`` would give."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _temp_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.[0-9a-f]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # someone else's process, or not a pid at all
        return True
    return True


def sweep_stale_temps(path: Path) -> list[Path]:
    """Remove temporary files that writers of ``path`` left when they were killed outright.

    A normal failure removes its own temporary file; only a writer stopped by SIGKILL or a
    power cut cannot. Each temporary file carries its writer's process id, so only files
    of writers that no longer run are removed, never one that is being written.
    """
    pattern = _temp_pattern(path)
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            match = pattern.match(entry.name)
            if match and not _alive(int(match.group(1))):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened, hence best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    Readers see the old file or the new one, never a mix. A failure (or Ctrl-C) removes the
    temporary file; one left by a writer killed outright is removed by the next write (see
    :func:`sweep_stale_temps`). The new file keeps the permissions of the one it replaces.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    mode = _mode_for(path)
    import secrets  # here, not at the top: every command imports this module, few write a file

    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)

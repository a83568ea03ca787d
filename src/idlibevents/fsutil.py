"""Writing files so that an interrupted run leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path


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

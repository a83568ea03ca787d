"""fsutil.atomic_write: the old file or the new one, never half, and no temporary file left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from idlibevents import fsutil
from idlibevents.fsutil import atomic_write

OLD = "old content\n" * 1000


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "events.yaml"
    atomic_write(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    atomic_write(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert _listing(target.parent) == ["events.yaml"]


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.yaml", "x\n")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("failing", ["fchmod", "fsync", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(OLD, encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, "new content\n" * 1000)
    assert target.read_text(encoding="utf-8") == OLD
    assert _listing(tmp_path) == ["events.yaml"]


def test_an_interrupt_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(OLD, encoding="utf-8")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new\n")
    assert target.read_text(encoding="utf-8") == OLD
    assert _listing(tmp_path) == ["events.yaml"]


def test_a_writer_killed_mid_way_leaves_the_old_file_and_the_next_write_sweeps_its_temp(tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    target.write_text(OLD, encoding="utf-8")
    # The child writes 50 MB, then stops inside fsync (the payload is in the temporary file,
    # not yet renamed) and says so; the parent kills it there with SIGKILL, which no handler
    # can catch, so the child cannot clean up after itself.
    script = textwrap.dedent(
        f"""
        import os, time
        from idlibevents import fsutil

        def stall(fd):
            print("ready", flush=True)
            time.sleep(60)

        os.fsync = stall
        fsutil.atomic_write({str(target)!r}, b"new" * (50 * 1024 * 1024 // 3))
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:  # pragma: no cover - only if an assertion above failed
            child.kill()
        if child.stdout is not None:
            child.stdout.close()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD  # the old file, whole
    leftovers = [name for name in _listing(tmp_path) if name != "events.yaml"]
    assert leftovers == [f".events.yaml.{child.pid}." + leftovers[0].split(".")[-2] + ".tmp"]
    assert (tmp_path / leftovers[0]).stat().st_size == 50 * 1024 * 1024 // 3 * 3

    atomic_write(target, "newer\n")  # the next write removes what the killed writer left
    assert target.read_text(encoding="utf-8") == "newer\n"
    assert _listing(tmp_path) == ["events.yaml"]


def test_the_temp_of_a_running_writer_is_not_swept(tmp_path: Path) -> None:
    target = tmp_path / "events.yaml"
    mine = tmp_path / f".events.yaml.{os.getpid()}.abcdef.tmp"  # this process is alive
    mine.write_text("being written", encoding="utf-8")
    other = tmp_path / ".notes.yaml.1.abcdef.tmp"  # another file's temp
    other.write_text("x", encoding="utf-8")
    atomic_write(target, "x\n")
    assert mine.exists()
    assert other.exists()
    assert fsutil.sweep_stale_temps(target) == []

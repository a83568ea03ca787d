"""The idlibevents benchmark: is ``idlib`` fast to start and fast at scale?

One command measures everything and writes bench/results.md::

    python bench/run.py            # full run: 150, 10,000 and 100,000 events (about 15 minutes)
    python bench/run.py --quick    # 150, 1,000 and 5,000 events, fewer runs; writes bench/out/results-quick.md
    python bench/run.py --setup    # first install jq, DuckDB and check-jsonschema (bench/setup.sh)

Run it with the Python that has idlibevents installed (``/work/venv/bin/python``): the
start-up baseline is that same interpreter's ``python3 -c pass``.

Every measurement is a whole process, as a user would run it: its wall time from spawn to
exit, and its peak resident memory as the kernel reports it for that one child (``wait4``).
Each row runs once to warm up (disk cache, bytecode; any cache the command keeps of its own)
and then several times; the table gives the median and the range. Every ratio is against a
baseline measured in the same run on the same data, so that the goals hold on any machine:
``python3 -c pass`` for start-up, jq and DuckDB for queries and totals over the same events
exported as JSON (and CSV), check-jsonschema with our schemas for validation. See
bench/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402 - bench/ is not a package; generate.py sits beside this file

PLACE_NAME = "Saraqib"  # the place of goal 1 (shipped data) and of goal 2 (synthetic data)
PLACE_ID = "saraqib"
SEED = 8
LOADER_DEFAULT_MB = 192  # src/idlibevents/loading.py DEFAULT_MAX_FILE_MB


# --------------------------------------------------------------------------- measuring


@dataclass
class Sample:
    """One run of one command."""

    wall: float
    maxrss_mb: float
    code: int
    timed_out: bool
    tree_mb: float = 0.0  # peak of the summed RSS of the command and its child processes (sampled), when asked for
    cpu: float | None = None  # user + system seconds of the command and the children it waited for (from the launcher)


@dataclass
class Spec:
    """A command to measure and how: runs after a warm-up, a time budget, a hard timeout."""

    key: str
    label: str
    argv: list[str]
    events: str
    runs: int
    warmup: bool = True
    timeout: float = 300.0
    budget: float = 150.0  # stop repeating once the measured runs have taken this long (at least one run)
    before_each: Callable[[], None] | None = None
    expect_code: int = 0  # the exit code of a good run (1 for a validation that must find problems)
    tree: bool = False  # also sample the summed RSS of the process tree (a command that forks workers)
    tty: bool = False  # stdout is a terminal (a pseudo-terminal of 100 columns), as for a person at a prompt


@dataclass
class Measurement:
    """What a row measured."""

    spec: Spec
    samples: list[Sample] = field(default_factory=list)
    stdout: Path | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.samples) and self.error is None

    @property
    def timed_out(self) -> bool:
        return any(s.timed_out for s in self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def low(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def high(self) -> float:
        return max(s.wall for s in self.samples)

    @property
    def cpu(self) -> float | None:
        """Median CPU seconds (user + system, all processes) of the runs, when the launcher measured it."""
        values = [s.cpu for s in self.samples if s.cpu is not None]
        return statistics.median(values) if values else None

    @property
    def peak_mb(self) -> float:
        """The peak memory of the row: of the summed process tree where sampled, else of the one process."""
        return max(max(s.maxrss_mb, s.tree_mb) for s in self.samples)


def build_launcher(out: Path) -> Path | None:
    """Compile bench/spawn.c into bench/out/spawn (once); None when there is no C compiler."""
    source, binary = BENCH / "spawn.c", out / "spawn"
    if binary.is_file() and binary.stat().st_mtime >= source.stat().st_mtime:
        return binary
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        return None
    done = subprocess.run([compiler, "-O2", "-o", str(binary), str(source)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"could not build the launcher ({done.stderr.strip()[-200:]}); memory will be measured from Python", file=sys.stderr)
        return None
    return binary


#: The launcher, when built: main() sets it.
LAUNCHER: Path | None = None


def tree_rss_kb(root: int) -> int:
    """The summed resident memory of a process and all its descendants, from /proc (0 once gone)."""
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
                pending.extend(int(x) for x in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


class TreeSampler:
    """Samples the summed RSS of a process tree every 20 ms, in a thread, until stopped.

    The kernel's peak (``wait4``) is that of the largest single process; a command that forks
    workers holds several at once, so its memory is their sum, which only sampling can see.
    """

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            self._stop.wait(0.02)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def run_once(argv: Sequence[str], stdout: Path, stderr: Path, env: dict[str, str], timeout: float, tree: bool = False, tty: bool = False) -> Sample:
    """One run of ``argv``: its wall time, its own peak RSS, its exit code; killed at ``timeout``.

    Through bench/spawn.c when it is built (exact memory, no launcher start-up in the time);
    otherwise spawned from here and reaped with ``wait4``, whose peak RSS then cannot be
    below this runner's own RSS (a forked child starts from its parent's). ``tree`` also
    samples the summed RSS of the process tree; ``tty`` gives the command a terminal.
    """
    if tty:
        return _run_in_terminal(argv, stdout, stderr, env, timeout)
    with stdout.open("wb") as out, stderr.open("wb") as err:
        if LAUNCHER is not None:
            report = stdout.with_suffix(".rusage")
            report.unlink(missing_ok=True)
            proc = subprocess.Popen([str(LAUNCHER), str(report), str(timeout), *argv], stdout=out, stderr=err, env=env, cwd=REPO)
            sampler = TreeSampler(proc.pid) if tree else None
            try:
                proc.wait(timeout + 60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            tree_mb = sampler.stop() if sampler else 0.0
            try:
                wall_s, rss_kb, code_s, killed_s, cpu_s = report.read_text(encoding="ascii").split()
            except (OSError, ValueError):
                return Sample(wall=timeout, maxrss_mb=0.0, code=proc.returncode or 1, timed_out=True)
            return Sample(
                wall=float(wall_s), maxrss_mb=int(rss_kb) / 1024, code=int(code_s), timed_out=killed_s == "1", tree_mb=tree_mb, cpu=float(cpu_s)
            )
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, env=env, cwd=REPO, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by wait4; tell Popen so it does not wait again
    return Sample(wall=wall, maxrss_mb=usage.ru_maxrss / 1024, code=code, timed_out=killed.is_set())


def _run_in_terminal(argv: Sequence[str], stdout: Path, stderr: Path, env: dict[str, str], timeout: float) -> Sample:
    """One run with a pseudo-terminal of 100 columns as stdout; what it draws is copied to ``stdout``.

    Timed from here (spawn to exit, with a blocking wait), so it includes this runner's spawn
    cost (well under 1 ms against the tens of ms measured); memory is not the point of such a row.
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the command is done
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    terminal_env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
    with stderr.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=slave, stderr=err, env=terminal_env, cwd=REPO, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        # A blocking wait, killed by a timer at the timeout (as run_once does without the
        # launcher): Popen.wait(timeout) polls with sleeps doubling up to 50 ms, which made a
        # 75 ms command measure 114 ms (the exit is seen at the next poll: 63.5 or 113.5 ms).
        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        timer.cancel()
        timed_out = killed.is_set()
    os.close(slave)
    reader.join(5)
    os.close(master)
    stdout.write_bytes(b"".join(chunks))
    return Sample(wall=wall, maxrss_mb=0.0, code=code, timed_out=timed_out)


def measure(spec: Spec, env: dict[str, str], logs: Path) -> Measurement:
    """Warm up, then run up to ``spec.runs`` times within ``spec.budget`` seconds."""
    result = Measurement(spec)
    stdout, stderr = logs / f"{spec.key}.out", logs / f"{spec.key}.err"
    result.stdout = stdout
    print(f"  {spec.label} [{spec.events}] ...", end="", flush=True, file=sys.stderr)
    if spec.warmup:
        if spec.before_each:
            spec.before_each()
        warm = run_once(spec.argv, stdout, stderr, env, spec.timeout, spec.tree, spec.tty)
        if warm.timed_out or warm.code != spec.expect_code:
            result.samples.append(warm)
            result.error = f"timed out after {spec.timeout:.0f} s" if warm.timed_out else f"exit {warm.code}: {_tail(stderr)}"
            print(f" {result.error}", file=sys.stderr)
            return result
    spent = 0.0
    while len(result.samples) < spec.runs and (not result.samples or spent < spec.budget):
        if spec.before_each:
            spec.before_each()
        sample = run_once(spec.argv, stdout, stderr, env, spec.timeout, spec.tree, spec.tty)
        result.samples.append(sample)
        spent += sample.wall
        if sample.timed_out or sample.code != spec.expect_code:
            result.error = f"timed out after {spec.timeout:.0f} s" if sample.timed_out else f"exit {sample.code}: {_tail(stderr)}"
            break
    shown = result.error or f"median {result.median:.3f} s over {len(result.samples)} run(s), peak {result.peak_mb:.0f} MB"
    print(f" {shown}", file=sys.stderr)
    return result


def _tail(path: Path, chars: int = 300) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[-chars:].replace("\n", " | ")
    except OSError:
        return ""


class Toucher:
    """Makes "a change" to a data file before each run: rewrites a trailing comment line.

    A validator that caches its results (by content or by modification time) must then do the
    work again, which is what "first run after a change" measures. ``restore`` puts the file back.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        with self.path.open("r+b") as handle:
            handle.truncate(self.size)
            handle.seek(self.size)
            handle.write(f"# bench: change {self.count} at {time.time():.6f}\n".encode())

    def restore(self) -> None:
        with self.path.open("r+b") as handle:
            handle.truncate(self.size)


# --------------------------------------------------------------------------- data


@dataclass
class DataSet:
    """One generated size: its data folder and the same events as JSON and CSV."""

    events: int
    folder: Path
    json: Path
    events_csv: Path
    claims_csv: Path
    manifest: dict[str, Any]
    export_seconds: float | None
    export_how: str


def prepare(events: int, out: Path, idlib: Path, env: dict[str, str], regenerate: bool) -> DataSet:
    """Generate the data folder (unless an identical one is there) and its JSON and CSV exports."""
    folder = out / f"data-{events}"
    manifest_path = folder / "manifest.json"
    manifest: dict[str, Any] | None = None
    if manifest_path.is_file() and not regenerate:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("generator_version") != generate.generator_fingerprint() or manifest.get("seed") != SEED or manifest.get("events") != events:
            manifest = None
        else:
            events_yaml = folder / "events.yaml"
            if events_yaml.stat().st_size > manifest["events_yaml_bytes"]:  # a run stopped before restoring it
                with events_yaml.open("r+b") as handle:
                    handle.truncate(manifest["events_yaml_bytes"])
    if manifest is None:
        print(f"  generating {events} events ...", end="", flush=True, file=sys.stderr)
        if folder.exists():
            shutil.rmtree(folder)
        manifest = generate.generate(folder, events, SEED)
        print(f" {manifest['seconds']} s, {manifest['events_yaml_bytes'] / 1e6:.1f} MB", file=sys.stderr)
    exports = out / f"exports-{events}"
    stamp_path = exports / "stamp.json"
    stamp = {"manifest": manifest}
    json_path, events_csv, claims_csv = exports / "events.json", exports / "events.csv", exports / "claims.csv"
    if stamp_path.is_file() and json.loads(stamp_path.read_text(encoding="utf-8")).get("manifest") == manifest and json_path.is_file():
        previous = json.loads(stamp_path.read_text(encoding="utf-8"))
        return DataSet(events, folder, json_path, events_csv, claims_csv, manifest, previous.get("export_seconds"), previous.get("export_how", "?"))
    exports.mkdir(parents=True, exist_ok=True)
    print(f"  exporting {events} events to JSON and CSV ...", end="", flush=True, file=sys.stderr)
    started = time.perf_counter()
    done = subprocess.run(
        [str(idlib), "export", "json", "--data-dir", str(folder), "-o", str(json_path), "--force"], env=env, cwd=REPO, capture_output=True, timeout=900, check=False
    )
    seconds: float | None = time.perf_counter() - started
    how = "idlib export json"
    if done.returncode != 0 or not json_path.is_file():
        # No usable `idlib export json`: the same events read with PyYAML's C loader.
        import yaml

        with (folder / "events.yaml").open(encoding="utf-8") as handle:
            records = yaml.load(handle, Loader=yaml.CSafeLoader)
        json_path.write_text(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        seconds, how = None, "PyYAML CSafeLoader dump (idlib export json failed: " + done.stderr.decode(errors="replace").strip()[-120:] + ")"
    write_csvs(json_path, events_csv, claims_csv)
    print(f" {seconds or 0:.1f} s", file=sys.stderr)
    stamp_path.write_text(json.dumps({**stamp, "export_seconds": seconds, "export_how": how}, indent=2) + "\n", encoding="utf-8")
    return DataSet(events, folder, json_path, events_csv, claims_csv, manifest, seconds, how)


def prepare_shipped(out: Path, idlib: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """The shipped data exported as CSV and SQLite, for the peers of goal 1 (csvgrep, sqlite-utils)."""
    folder = out / "shipped"
    shutil.rmtree(folder, ignore_errors=True)  # idlib export never replaces a file it was not told to (--force)
    folder.mkdir(parents=True)
    events_csv, database = folder / "events.csv", folder / "idlib.db"
    for path, kind in ((events_csv, "csv"), (database, "sqlite")):
        subprocess.run([str(idlib), "export", kind, "-o", str(path)], env=env, cwd=REPO, capture_output=True, timeout=300, check=True)
    return events_csv, database


def prepare_with_error(d: DataSet, out: Path) -> tuple[Path, str]:
    """A copy of a data folder with one error deep in one record two thirds of the way in (a negative count).

    The other files are links to the originals. Returns the folder and the problem's path.
    """
    folder = out / f"data-{d.events}-error"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for kind in ("places.yaml", "actors.yaml", "sources.yaml", "infobox.yaml"):
        os.link(d.folder / kind, folder / kind)
    text = (d.folder / "events.yaml").read_text(encoding="utf-8")
    at = text.index("count: ", len(text) * 2 // 3) + len("count: ")
    (folder / "events.yaml").write_text(text[:at] + "-" + text[at:], encoding="utf-8")
    record = text.count("\n- id:", 0, at) - 1 + (1 if text.startswith("- id:") else 0)
    return folder, f"events[{record}]"


def prepare_duplicates(out: Path, target_mb: float = 120.0) -> tuple[Path, int, int]:
    """The shipped events.yaml repeated to ``target_mb``: every id is then a duplicate (the issue's 120 MB file).

    Returns the folder, the number of events and the number of duplicates it must report.
    """
    folder = out / "data-duplicates"
    shipped = (REPO / "data" / "events.yaml").read_text(encoding="utf-8")
    copies = int(target_mb * 1e6 // len(shipped.encode())) + 1
    per_copy = shipped.count("\n- id:") + (1 if shipped.startswith("- id:") else 0)
    events_yaml = folder / "events.yaml"
    if not events_yaml.is_file() or events_yaml.stat().st_size != len(shipped.encode()) * copies:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for kind in ("places.yaml", "actors.yaml", "sources.yaml", "infobox.yaml"):
            shutil.copyfile(REPO / "data" / kind, folder / kind)
        with events_yaml.open("w", encoding="utf-8") as handle:
            for _ in range(copies):
                handle.write(shipped)
    return folder, per_copy * copies, per_copy * (copies - 1)


def write_csvs(json_path: Path, events_csv: Path, claims_csv: Path) -> None:
    """The JSON export flattened for DuckDB's CSV reader: one row per event, one row per claim."""
    records: list[dict[str, Any]] = json.loads(json_path.read_text(encoding="utf-8"))
    with events_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "places", "location_precision", "event_type", "sub_event_type", "actors", "unverified", "aggregates", "summary"])
        for e in records:
            actors = ";".join(f"{a['actor']}:{a['role']}" for a in e.get("actors", []))
            writer.writerow(
                [
                    e["id"],
                    e["date"],
                    ";".join(e["places"]),
                    e["location_precision"],
                    e["event_type"],
                    e["sub_event_type"],
                    actors,
                    e.get("unverified", False),
                    ";".join(e.get("aggregates", [])),
                    e["summary"],
                ]
            )
    with claims_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id", "date", "outcome", "group", "count", "qualifier", "source", "unverified", "within_claim"])
        for e in records:
            for c in e.get("claims", []):
                writer.writerow(
                    [
                        e["id"],
                        e["date"],
                        c["outcome"],
                        c["group"],
                        c.get("count"),
                        c["qualifier"],
                        c.get("source"),
                        c.get("unverified", False),
                        c.get("within_claim"),
                    ]
                )


# --------------------------------------------------------------------------- tools and versions


def find_duckdb() -> list[str] | None:
    """The DuckDB command: the native binary the duckdb-cli wheel ships, else ``duckdb`` on PATH."""
    spec = importlib.util.find_spec("duckdb_cli")
    if spec is not None and spec.origin:
        native = Path(spec.origin).parent / "duckdb"
        if native.is_file() and os.access(native, os.X_OK):
            return [str(native)]
    found = shutil.which("duckdb") or (str(Path(sys.executable).parent / "duckdb") if (Path(sys.executable).parent / "duckdb").is_file() else None)
    return [found] if found else None


def tool_path(name: str, *folders: Path) -> str | None:
    for folder in (*folders, Path(sys.executable).parent):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which(name)


def _version_of(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else f"exit {done.returncode}"


def machine_facts(jq: str | None, duckdb: list[str] | None, check_jsonschema: str | None) -> list[tuple[str, str]]:
    """The machine, the interpreter and every package and tool version the numbers depend on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    packages = []
    for name in (
        "idlibevents",
        "pydantic",
        "pydantic-core",
        "typer",
        "click",
        "rich",
        "PyYAML",
        "duckdb",
        "duckdb-cli",
        "check-jsonschema",
        "jsonschema",
        "ruamel.yaml",
    ):
        try:
            packages.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            packages.append(f"{name} (not installed)")
    try:
        import yaml

        packages.append("libyaml C loader: " + ("yes" if hasattr(yaml, "CSafeLoader") else "no"))
    except ImportError:
        pass
    commit = _version_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        ("Date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Machine", f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {memory} memory, {cpu}"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"),
        ("Packages", ", ".join(packages)),
        ("jq", _version_of([jq, "--version"]) if jq else "not found"),
        ("DuckDB CLI", _version_of([*duckdb, "--version"]) if duckdb else "not found"),
        ("check-jsonschema", _version_of([check_jsonschema, "--version"]) if check_jsonschema else "not found"),
        ("Code", f"git {commit}" + (" plus uncommitted changes" if dirty else "")),
        (
            "Launcher",
            "bench/spawn.c (wall time from fork to wait4; the command's own peak RSS)"
            if LAUNCHER
            else "none (no C compiler): spawned from Python; peak RSS cannot be below the runner's own",
        ),
    ]


# --------------------------------------------------------------------------- the rows


@dataclass
class Row:
    """One line of the table: a measurement, or a growth ratio, with its goal if it has one."""

    ident: str
    what: str
    events: str
    runs: str = ""
    median: str = ""
    spread: str = ""
    cpu: str = ""
    peak: str = ""
    baseline: str = ""
    ratio: str = ""
    goal: str = ""
    verdict: str = ""


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}×" if x < 10 else f"{x:.1f}×"


def measurement_row(ident: str, m: Measurement, baseline: Measurement | None = None) -> Row:
    row = Row(ident, m.spec.label, m.spec.events, runs=str(len(m.samples)))
    if not m.samples:
        row.median = m.error or "not run"
        return row
    if m.timed_out:
        row.median = f"> {m.spec.timeout:.0f} (timed out)"
        row.peak = f"≥ {m.peak_mb:.0f}"
    elif m.error:
        row.median = f"failed: {m.error}"
    else:
        row.median = fmt_s(m.median)
        row.spread = f"{fmt_s(m.low)}–{fmt_s(m.high)}"
        row.cpu = fmt_s(m.cpu) if m.cpu is not None else ""
        row.peak = "–" if m.spec.tty else f"{m.peak_mb:.0f}" + (" (all processes)" if m.spec.tree else "")
    if baseline is not None:
        row.baseline = baseline.spec.label
        if m.ok and baseline.ok:
            row.ratio = fmt_ratio(m.median / baseline.median)
            if m.cpu and baseline.cpu:  # the work done, which a busy machine does not stretch: for reading, not judged
                row.ratio += f" (CPU {fmt_ratio(m.cpu / baseline.cpu)})"
        elif m.ok and baseline.timed_out:
            row.ratio = f"< {fmt_ratio(m.median / baseline.spec.timeout)}"
    return row


def judge_at_most(value: float, limit: float, unit: str = "×") -> str:
    """'met' or 'NOT met', with how far from the limit."""
    if value <= limit:
        return f"met ({value / limit:.2f} of the limit)"
    return f"NOT met: {value / limit:.2f}× the limit ({value:.2f}{unit} vs {limit:g}{unit})"


def judge_validation(m: Measurement, scan: Measurement, ratio: float, memory_mb: float) -> str:
    """Goal 2: time as a ratio to libyaml's scan of the same file, and the peak of all the processes."""
    if not m.ok or not scan.ok:
        return "not measured"
    return f"time {judge_at_most(m.median / scan.median, ratio)}; memory {judge_at_most(m.peak_mb, memory_mb, ' MB')}"


def judge_faster(m: Measurement, baseline: Measurement) -> str:
    if not m.ok:
        return "not measured"
    if baseline.timed_out:
        return f"met (baseline took over {baseline.spec.timeout:.0f} s)" if m.median < baseline.spec.timeout else "unknown: both slow"
    if not baseline.ok:
        return "no baseline"
    ratio = m.median / baseline.median
    return f"met ({ratio:.2f}× the baseline's time)" if ratio < 1 else f"NOT met: {ratio:.1f}× slower than the baseline"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark idlib against python3 -c pass, jq, DuckDB and check-jsonschema; write bench/results.md.")
    parser.add_argument(
        "--quick", action="store_true", help="Small sizes (150, 1000, 5000 events) and fewer runs, for development; writes bench/out/results-quick.md."
    )
    parser.add_argument("--setup", action="store_true", help="Run bench/setup.sh first (apt-get jq; pip duckdb, duckdb-cli, check-jsonschema).")
    parser.add_argument("--sizes", default=None, help="Comma-separated event counts, smallest first (default 150,10000,100000).")
    parser.add_argument("--runs", type=int, default=None, help="Measured runs per row below 50,000 events (default 5 start-up rows get 10; --quick 3).")
    parser.add_argument("--large-runs", type=int, default=3, help="Measured runs per row at 50,000 events or more (default 3).")
    parser.add_argument("--timeout", type=float, default=300.0, help="Seconds before one run is killed (default 300).")
    parser.add_argument(
        "--schema-timeout", type=float, default=200.0, help="Seconds before one check-jsonschema run over the largest size is killed (default 200)."
    )
    parser.add_argument("--regenerate", action="store_true", help="Regenerate the data even when bench/out has it.")
    parser.add_argument(
        "--results", type=Path, default=None, help="Where to write the results (default bench/results.md; bench/out/results-quick.md with --quick)."
    )
    args = parser.parse_args(argv)

    if args.setup:
        subprocess.run(["bash", str(BENCH / "setup.sh")], env={**os.environ, "PYTHON": sys.executable}, check=True)
    sizes = [int(s) for s in (args.sizes or ("150,1000,5000" if args.quick else "150,10000,100000")).split(",")]
    if len(sizes) != 3 or sorted(sizes) != sizes:
        parser.error("--sizes takes three event counts, smallest first (the smallest is the base for growth ratios)")
    runs = args.runs or (3 if args.quick else 5)
    startup_runs = args.runs or (5 if args.quick else 10)
    results_path = args.results or (BENCH / "out" / "results-quick.md" if args.quick else BENCH / "results.md")
    out = BENCH / "out"
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    global LAUNCHER
    LAUNCHER = build_launcher(out)
    python = sys.executable
    idlib = Path(python).parent / "idlib"
    if not idlib.is_file():
        found = shutil.which("idlib")
        if found is None:
            parser.error("no idlib command beside this Python or on PATH: run with the Python that has idlibevents installed")
        idlib = Path(found)
    jq, duckdb, check_jsonschema = shutil.which("jq"), find_duckdb(), tool_path("check-jsonschema")
    missing = [name for name, found in (("jq", jq), ("duckdb", duckdb), ("check-jsonschema", check_jsonschema)) if not found]
    if missing:
        print(f"missing baseline tools: {', '.join(missing)}; run: python bench/run.py --setup", file=sys.stderr)
        return 1
    assert jq is not None and duckdb is not None and check_jsonschema is not None

    # Measured commands run as a user's would: the installed data, and compiled modules cached
    # (PYTHONDONTWRITEBYTECODE, set on some machines, would make every start compile afresh).
    env = {k: v for k, v in os.environ.items() if k not in ("IDLIB_DATA_DIR", "PYTHONSTARTUP", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE")}
    env["NO_COLOR"] = "1"
    # idlib's cache of validated data (README.md, "Speed") goes with the rest of the run's files.
    env["IDLIB_CACHE_DIR"] = str(out / "cache")
    env.pop("IDLIB_NO_CACHE", None)
    total_started = time.perf_counter()
    load_before = os.getloadavg()

    print("preparing data", file=sys.stderr)
    data = {n: prepare(n, out, idlib, env, args.regenerate) for n in sizes}
    biggest_mb = max(d.manifest["events_yaml_bytes"] for d in data.values()) / 1048576
    if biggest_mb > LOADER_DEFAULT_MB:
        env["IDLIB_MAX_FILE_MB"] = str(int(biggest_mb) + 64)  # the loader refuses larger files by default

    measured: dict[str, Measurement] = {}
    error_paths: dict[int, str] = {}

    def run(spec: Spec) -> Measurement:
        measured[spec.key] = measure(spec, env, logs)
        return measured[spec.key]

    print("start-up (shipped data)", file=sys.stderr)
    shipped_csv, shipped_db = prepare_shipped(out, idlib, env)
    peers_bin = BENCH / "out" / "peers" / "bin"
    csvgrep, sqlite_utils = tool_path("csvgrep", peers_bin), tool_path("sqlite-utils", peers_bin)
    shipped = "140 (shipped)"
    run(Spec("python", "python3 -c pass", [python, "-c", "pass"], "–", startup_runs))
    run(Spec("help", "idlib --help", [str(idlib), "--help"], "–", startup_runs))
    run(Spec("ids-shipped", f"idlib query --place {PLACE_NAME} --format ids", [str(idlib), "query", "--place", PLACE_NAME, "--format", "ids"], shipped, startup_runs))
    run(
        Spec(
            "month-shipped",
            "idlib casualties --month 2011-12 --format json",
            [str(idlib), "casualties", "--month", "2011-12", "--format", "json"],
            shipped,
            startup_runs,
        )
    )
    run(Spec("table-shipped", f"idlib query --place {PLACE_NAME} (table, in a terminal)", [str(idlib), "query", "--place", PLACE_NAME], shipped, startup_runs, tty=True))
    if csvgrep:
        run(Spec("csvgrep-shipped", "csvgrep: the same events in our CSV", [csvgrep, "-c", "places", "-r", f"(^|; ){PLACE_ID}(;|$)", str(shipped_csv)], shipped, startup_runs))
    if sqlite_utils:
        sql = f"SELECT event_id FROM event_places WHERE place_id = '{PLACE_ID}' ORDER BY event_id"
        run(Spec("sqlite-utils-shipped", "sqlite-utils query: the same events in our SQLite", [sqlite_utils, "query", str(shipped_db), sql], shipped, startup_runs))
    run(Spec("validate-shipped", "idlib validate", [str(idlib), "validate"], shipped, startup_runs))

    schema_files = [(REPO / "schemas" / f"{kind}.schema.json", kind) for kind in ("places", "actors", "sources", "events", "infobox")]
    for n in sizes:
        d = data[n]
        large = n >= 50000
        k = runs if not large else args.large_runs
        label_n = f"{n:,}"
        print(f"{label_n} events", file=sys.stderr)
        folder = str(d.folder)
        run(
            Spec(
                f"query-{n}",
                f"idlib query --place {PLACE_NAME} --format json",
                [str(idlib), "query", "--place", PLACE_NAME, "--format", "json", "--data-dir", folder],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        run(
            Spec(
                f"jq-{n}",
                "jq: events whose places contain the id",
                [jq, f'[.[] | select(any(.places[]; . == "{PLACE_ID}"))]', str(d.json)],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        run(
            Spec(
                f"duckdb-query-json-{n}",
                "DuckDB: the same query over the JSON",
                [*duckdb, "-json", "-c", f"SELECT * FROM read_json('{d.json}') WHERE list_contains(places, '{PLACE_ID}')"],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        run(
            Spec(
                f"duckdb-query-csv-{n}",
                "DuckDB: the same query over the CSV",
                [*duckdb, "-json", "-c", f"SELECT * FROM read_csv('{d.events_csv}') WHERE list_contains(string_split(places, ';'), '{PLACE_ID}')"],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        run(
            Spec(
                f"casualties-{n}",
                "idlib casualties --by month --format json",
                [str(idlib), "casualties", "--by", "month", "--format", "json", "--data-dir", folder],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        group_by = 'SELECT substr(date, 1, 7) AS month, c."group" AS "group", c.outcome AS outcome, count(*) AS claims, sum(c.count) AS total FROM (SELECT date, unnest(claims) AS c FROM read_json(\'{}\')) GROUP BY ALL ORDER BY ALL'
        run(
            Spec(
                f"duckdb-tally-json-{n}",
                "DuckDB: GROUP BY month over unnested claims (JSON)",
                [*duckdb, "-json", "-c", group_by.format(d.json)],
                label_n,
                k,
                timeout=args.timeout,
            )
        )
        group_by_csv = f"SELECT substr(date, 1, 7) AS month, \"group\", outcome, count(*) AS claims, sum(count) AS total FROM read_csv('{d.claims_csv}') GROUP BY ALL ORDER BY ALL"
        run(
            Spec(
                f"duckdb-tally-csv-{n}", "DuckDB: GROUP BY month over the claims CSV", [*duckdb, "-json", "-c", group_by_csv], label_n, k, timeout=args.timeout
            )
        )
        toucher = Toucher(d.folder / "events.yaml")
        try:
            run(
                Spec(
                    f"validate-{n}",
                    "idlib validate (after a change)",
                    [str(idlib), "validate", "--data-dir", folder],
                    label_n,
                    k,
                    warmup=not large,
                    timeout=args.timeout,
                    before_each=toucher,
                    tree=True,
                )
            )
            run(
                Spec(
                    f"scan-{n}",
                    "libyaml alone: yaml.parse (C loader) of events.yaml",
                    [python, str(BENCH / "yaml_scan.py"), str(d.folder / "events.yaml")],
                    label_n,
                    k,
                    warmup=not large,
                    timeout=args.timeout,
                )
            )
            if n == sizes[-1]:
                error_folder, error_path = prepare_with_error(d, out)
                error_paths[n] = error_path
                run(
                    Spec(
                        f"validate-error-{n}",
                        f"idlib validate, one error ({error_path}.claims[…].count)",
                        [str(idlib), "validate", "--data-dir", str(error_folder)],
                        label_n,
                        k,
                        warmup=False,
                        timeout=args.timeout,
                        expect_code=1,
                        tree=True,
                    )
                )
                continue  # check-jsonschema takes minutes here and is no goal's baseline: smaller sizes only
            chain = " && ".join(f"{check_jsonschema} --schemafile {schema} {d.folder / (kind + '.yaml')}" for schema, kind in schema_files)
            run(
                Spec(
                    f"check-jsonschema-{n}",
                    "check-jsonschema, our 5 schemas (after a change)",
                    ["sh", "-c", f"set -e; {chain}"],
                    label_n,
                    k,
                    warmup=n <= 1000,
                    timeout=args.schema_timeout if n == sizes[-1] else args.timeout,
                    budget=30.0,
                    before_each=toucher,
                )
            )
        finally:
            toucher.restore()

    print("duplicates file", file=sys.stderr)
    dup_folder, dup_events, dup_expected = prepare_duplicates(out, 12.0 if args.quick else 120.0)
    dup_label = f"{dup_events:,} (shipped ×{dup_events // max(1, dup_events - dup_expected)})"
    dup_env_mb = (dup_folder / "events.yaml").stat().st_size / 1048576
    if dup_env_mb > LOADER_DEFAULT_MB and "IDLIB_MAX_FILE_MB" not in env:
        env["IDLIB_MAX_FILE_MB"] = str(int(dup_env_mb) + 64)
    run(
        Spec(
            "validate-dups",
            f"idlib validate, every id a duplicate ({(dup_folder / 'events.yaml').stat().st_size / 1e6:.0f} MB)",
            [str(idlib), "validate", "--data-dir", str(dup_folder)],
            dup_label,
            args.large_runs,
            warmup=False,
            timeout=args.timeout,
            expect_code=1,
            tree=True,
        )
    )
    run(
        Spec(
            "scan-dups",
            "libyaml alone: yaml.parse (C loader) of that events.yaml",
            [python, str(BENCH / "yaml_scan.py"), str(dup_folder / "events.yaml")],
            dup_label,
            args.large_runs,
            warmup=False,
            timeout=args.timeout,
        )
    )
    dup_reported = -1
    with contextlib.suppress(OSError):
        dup_reported = sum(1 for line in (logs / "validate-dups.err").read_text(encoding="utf-8", errors="replace").splitlines() if ": duplicate id " in line)

    # ------------------------------------------------------------------ the table
    rows: list[Row] = []
    m = measured
    rows.append(measurement_row("1a", m["python"]))
    peers = [m[key] for key in ("csvgrep-shipped", "sqlite-utils-shipped") if key in m]
    for ident, key, limit, against_peers in (
        ("1b", "help", 7, False),
        ("1c", "ids-shipped", 9, True),
        ("1d", "month-shipped", 9, True),
        ("1e", "table-shipped", 12, False),
    ):
        row = measurement_row(ident, m[key], m["python"])
        row.goal = f"Goal 1: ≤ {limit}× python3 -c pass" + (" and faster than csvgrep and sqlite-utils" if against_peers else "")
        if m[key].ok:
            parts = [judge_at_most(m[key].median / m["python"].median, limit)]
            if against_peers:
                parts += [f"vs {peer.spec.label.split(':')[0]} " + judge_faster(m[key], peer) for peer in peers] or ["peers not installed (bench/setup.sh)"]
            row.verdict = "; ".join(parts)
        else:
            row.verdict = "not measured"
        rows.append(row)
    for ident, key in (("1f", "csvgrep-shipped"), ("1g", "sqlite-utils-shipped")):
        if key in m:
            rows.append(measurement_row(ident, m[key], m["python"]))
    rows.append(measurement_row("1h", m["validate-shipped"], m["python"]))

    big = sizes[-1]
    big_label = f"{big:,}"
    for n in sizes:
        prefix = f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
        is_big = n == big
        letter = iter("abcdefghijk")
        query = measurement_row(f"{prefix}-{next(letter)}", m[f"query-{n}"], m[f"jq-{n}"])
        if is_big:
            query.goal = "For reference (issue 8): faster than jq; peak < 300 MB"
            query.verdict = (
                judge_faster(m[f"query-{n}"], m[f"jq-{n}"])
                + "; memory "
                + (judge_at_most(m[f"query-{n}"].peak_mb, 300, " MB") if m[f"query-{n}"].samples else "not measured")
            )
        rows.append(query)
        rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"jq-{n}"]))
        rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"duckdb-query-json-{n}"]))
        rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"duckdb-query-csv-{n}"]))
        tally = measurement_row(f"{prefix}-{next(letter)}", m[f"casualties-{n}"], m[f"duckdb-tally-json-{n}"])
        if is_big:
            tally.goal = "Goal 3: faster than DuckDB (JSON); peak ≤ 300 MB"
            tally.verdict = (
                judge_faster(m[f"casualties-{n}"], m[f"duckdb-tally-json-{n}"])
                + "; memory "
                + (judge_at_most(m[f"casualties-{n}"].peak_mb, 300, " MB") if m[f"casualties-{n}"].samples else "not measured")
            )
        rows.append(tally)
        rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"duckdb-tally-json-{n}"]))
        rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"duckdb-tally-csv-{n}"]))
        scan = m[f"scan-{n}"]
        val = measurement_row(f"{prefix}-{next(letter)}", m[f"validate-{n}"], scan)
        if is_big:
            val.goal = "Goal 2: ≤ 1.25× libyaml's scan, ≤ 1 GB (all processes)"
            val.verdict = judge_validation(m[f"validate-{n}"], scan, 1.25, 1024)
        rows.append(val)
        rows.append(measurement_row(f"{prefix}-{next(letter)}", scan))
        if f"validate-error-{n}" in m:
            bad = measurement_row(f"{prefix}-{next(letter)}", m[f"validate-error-{n}"], scan)
            bad.goal = "Goal 2: ≤ 1.25× libyaml's scan, ≤ 1 GB (all processes), one problem reported"
            bad.verdict = judge_validation(m[f"validate-error-{n}"], scan, 1.25, 1024)
            with contextlib.suppress(OSError):
                reported = [line for line in (logs / f"validate-error-{n}.err").read_text(encoding="utf-8").splitlines() if error_paths[n] in line]
                bad.verdict += f"; reported: {reported[0].strip() if len(reported) == 1 else f'{len(reported)} lines (expected 1)'}"
            rows.append(bad)
        if f"check-jsonschema-{n}" in m:
            rows.append(measurement_row(f"{prefix}-{next(letter)}", m[f"check-jsonschema-{n}"], m[f"validate-{n}"]))
    dup_scan = m["scan-dups"]
    dup_row = measurement_row("2a", m["validate-dups"], dup_scan)
    dup_row.goal = "Goal 2: ≤ 20 s, ≤ 1.25× libyaml's scan, ≤ 1.5 GB (all processes), every duplicate reported"
    dup_row.verdict = judge_validation(m["validate-dups"], dup_scan, 1.25, 1536)
    if m["validate-dups"].ok:
        dup_row.verdict += "; time " + judge_at_most(m["validate-dups"].median, 20, " s")
    dup_row.verdict += f"; duplicates reported {dup_reported:,} of {dup_expected:,}" + (" (all)" if dup_reported == dup_expected else " (NOT all)")
    rows.append(dup_row)
    rows.append(measurement_row("2b", dup_scan))

    # Growth from the middle size to the largest, both as raw ratios and net of the smallest size
    # (the fixed cost of start-up and reference files), against the ratio of event counts.
    small, mid = sizes[0], sizes[1]
    size_ratio = (big - small) / (mid - small)
    allowed = size_ratio * 1.10
    for offset, (key, what) in enumerate(
        (("query", "idlib query --format json"), ("casualties", "idlib casualties --by month"), ("validate", "idlib validate"))
    ):
        a, b, base = m[f"{key}-{mid}"], m[f"{key}-{big}"], m[f"{key}-{small}"]
        row = Row(f"5{'abc'[offset]}", f"growth of {what}", f"{mid:,} → {big_label}")
        if a.ok and b.ok and base.ok:
            t_raw, m_raw = b.median / a.median, b.peak_mb / a.peak_mb
            # Net of the smallest size only when the middle size is clearly slower than it: on a busy
            # machine the smallest size's run can be as slow as the middle one's, and noise over
            # noise gives any ratio at all. Then the raw ratio is shown and judged instead.
            t_net_ok = a.median - base.median >= max(0.05, 0.25 * base.median)
            t_net = (b.median - base.median) / (a.median - base.median) if t_net_ok else t_raw
            # Below a few MB of growth at the middle size, the net memory ratio is noise over noise.
            m_net = (b.peak_mb - base.peak_mb) / (a.peak_mb - base.peak_mb) if a.peak_mb - base.peak_mb >= 5 else None
            m_net_text = f"{m_net:.2f}×" if m_net is not None else "n/a"
            row.median = f"{fmt_s(a.median)} → {fmt_s(b.median)}"
            row.peak = f"{a.peak_mb:.0f} → {b.peak_mb:.0f}"
            t_net_text = f"{t_net:.2f}×" if t_net_ok else "n/a: judged raw"
            row.ratio = f"time {t_raw:.2f}× (net {t_net_text}), memory {m_raw:.2f}× (net {m_net_text})"
            row.goal = f"Goal 5: net growth ≤ {size_ratio:.2f}× (+10%) for {big / mid:g}× the events"
            worst = max(t_net, m_net or 0.0)
            if worst <= allowed:
                row.verdict = f"met (time {'net ' if t_net_ok else 'raw '}{t_net:.2f}×, memory net {m_net_text})"
            else:
                which = "time" if t_net >= (m_net or 0.0) else "memory"
                row.verdict = f"NOT met: net {which} grows {worst:.2f}× for {size_ratio:.2f}× the events ({worst / size_ratio:.2f}× linear)"
        else:
            row.verdict = "not measured"
        rows.append(row)

    header = ["#", "Measurement", "Events", "Runs", "Median s", "Min–max s", "CPU s", "Peak RSS MB", "Ratio to", "Ratio", "Goal", "Result"]
    table = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        cells = [r.ident, r.what, r.events, r.runs, r.median, r.spread, r.cpu, r.peak, r.baseline, r.ratio, r.goal, r.verdict]
        table.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    table_text = "\n".join(table)
    print(table_text)
    goal_lines = [f"- **{r.goal}** — {r.what}" + (f" ({r.events} events)" if r.events != "–" else "") + f": {r.verdict}" for r in rows if r.goal]

    # Sanity: idlib, jq and DuckDB must select the same events, or the comparison means nothing.
    checks = []
    for n in sizes:
        counts = {}
        for key, name in ((f"query-{n}", "idlib"), (f"jq-{n}", "jq"), (f"duckdb-query-json-{n}", "DuckDB JSON"), (f"duckdb-query-csv-{n}", "DuckDB CSV")):
            got = measured[key]
            try:
                text = got.stdout.read_text(encoding="utf-8") if got.ok and got.stdout else ""
                counts[name] = str(len(json.loads(text))) if text.strip() else "0"
            except (OSError, ValueError):
                counts[name] = "?"
        agree = len(set(counts.values())) == 1
        checks.append(f"- {n:,} events: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + (" (agree)" if agree else " (DISAGREE)"))
    shipped_counts = {}
    for key, name, count in (
        ("ids-shipped", "idlib --format ids", lambda t: len(t.split())),
        ("csvgrep-shipped", "csvgrep", lambda t: max(0, len(list(csv.reader(t.splitlines()))) - 1)),
        ("sqlite-utils-shipped", "sqlite-utils", lambda t: len(json.loads(t)) if t.strip() else 0),
    ):
        got = measured.get(key)
        try:
            shipped_counts[name] = str(count(got.stdout.read_text(encoding="utf-8"))) if got and got.ok and got.stdout else "not run"
        except (OSError, ValueError):
            shipped_counts[name] = "?"
    agree = len(set(shipped_counts.values())) == 1
    checks.insert(0, "- shipped data: " + ", ".join(f"{k} {v}" for k, v in shipped_counts.items()) + (" (agree)" if agree else " (DISAGREE)"))

    facts = machine_facts(jq, duckdb, check_jsonschema)
    for name, path in (("csvkit", csvgrep), ("sqlite-utils", sqlite_utils)):
        facts.append((name, _version_of([path, "--version"]) + f" ({path})" if path else "not installed (bench/setup.sh)"))
    load_after = os.getloadavg()
    # The load at the end counts this run's own processes (validate uses both cores): judge by the start.
    loaded = load_before[0] > 0.7
    facts.append(
        (
            "Load average (1, 5, 15 min)",
            f"{' / '.join(f'{x:.2f}' for x in load_before)} at the start, {' / '.join(f'{x:.2f}' for x in load_after)} at the end (other processes share the machine)",
        )
    )
    sizes_lines = []
    for n in sizes:
        d = data[n]
        stats = d.manifest.get("stats", {})
        json_mb = d.json.stat().st_size / 1e6
        export = f"{d.export_seconds:.1f} s" if d.export_seconds is not None else "n/a"
        sizes_lines.append(
            f"- {n:,} events: {stats.get('claims', '?'):,} claims ({stats.get('vague_claims', 0):,} vague, {stats.get('within_claims', 0):,} subsets), "
            f"{stats.get('aggregate_events', 0):,} aggregate events, {d.manifest['places']:,} places; events.yaml {d.manifest['events_yaml_bytes'] / 1e6:.1f} MB, "
            f"JSON {json_mb:.1f} MB ({d.export_how}, {export}); generated in {d.manifest['seconds']} s (seed {d.manifest['seed']})"
        )
    total = time.perf_counter() - total_started
    text = "\n".join(
        [
            "# Benchmark results" + (" (quick run: goals judged at the sizes given, not the real ones)" if args.quick else ""),
            "",
            "Written by `python bench/run.py`"
            + (" --quick" if args.quick else "")
            + f" in {total / 60:.1f} minutes; see [README.md](README.md) for what each row means.",
            "",
            *(
                [
                    f"**A loaded machine**: the load average was {load_before[0]:.2f} at the start (and {load_after[0]:.2f} at the end, this run's own processes included) on "
                    f"{len(os.sched_getaffinity(0))} cores, so other processes shared the cores during the run. Ratios to baselines "
                    "measured in the same minutes hold better than seconds, but a command that uses both cores (validate) gains less than "
                    "it would on an idle machine.",
                    "",
                ]
                if loaded
                else []
            ),
            *(f"- **{k}**: {v}" for k, v in facts),
            *(["- **IDLIB_MAX_FILE_MB**: " + env["IDLIB_MAX_FILE_MB"]] if "IDLIB_MAX_FILE_MB" in env else []),
            "- **IDLIB_CACHE_DIR**: bench/out/cache (idlib's cache of validated data: see the README, \"Speed\")",
            "",
            "## Data",
            "",
            *sizes_lines,
            "",
            "## Goals",
            "",
            *goal_lines,
            "",
            "## Results",
            "",
            "Times are wall-clock seconds of the whole process (median of the runs after one warm-up; no warm-up for",
            f"validation at {big_label} events or for check-jsonschema above 1,000 events, whose files are already cached). Peak RSS is the largest",
            "of the runs; where it says \"all processes\", it is the peak of the summed RSS of the command and the processes it forked",
            "(sampled every 20 ms), since the kernel's own peak is that of the largest single process. Ratio is this row's median over",
            "the named row's median, measured in the same run. The terminal row runs under a pseudo-terminal of 100 columns.",
            "CPU s is the median user + system time of the command and of the processes it forked (from the launcher's wait4): the",
            "work done, which a busy machine stretches into more wall time when it runs on two cores at once.",
            "",
            table_text,
            "",
            "Same selection (events in each query's output):",
            "",
            *checks,
            "",
        ]
    )
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(text, encoding="utf-8")
    print(f"\nwrote {results_path} ({total / 60:.1f} minutes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

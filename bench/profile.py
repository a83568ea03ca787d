"""Where idlib's time goes: import times and cProfile of the benchmark's slowest paths.

    python bench/profile.py              # writes bench/profile.md (needs bench/out/data-100000: run bench/run.py first)
    python bench/profile.py --events 10000

Three views, each a separate process like the benchmark's rows:

1. ``python -X importtime`` of ``idlib query --place Saraqib`` on the shipped data: which
   imports the start-up pays for, by cumulative time of each top-level package.
2. cProfile of the same command: the functions with the most cumulative and own time.
3. cProfile of ``idlib validate`` on the largest generated folder.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "profile"

_IMPORT = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("IDLIB_DATA_DIR", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")}
    env["NO_COLOR"] = "1"
    return env


def import_times(argv: list[str], top: int = 20) -> list[str]:
    """Top-level imports by cumulative microseconds, and the slowest single modules by own time."""
    env = environment()
    subprocess.run([sys.executable, *argv], env=env, cwd=REPO, capture_output=True, check=False)  # warm the .pyc cache
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], env=env, cwd=REPO, capture_output=True, text=True, check=False)
    rows: list[tuple[int, int, int, str]] = []
    for line in done.stderr.splitlines():
        match = _IMPORT.match(line)
        if match:
            self_us, cumulative, indent, name = int(match.group(1)), int(match.group(2)), len(match.group(3)), match.group(4)
            rows.append((self_us, cumulative, indent, name))
    if not rows:
        return ["(no import times: " + done.stderr.strip()[-200:] + ")"]
    shallowest = min(indent for _, _, indent, _ in rows)
    total = sum(self_us for self_us, _, _, _ in rows)
    by_top: dict[str, int] = defaultdict(int)
    for self_us, _, _, name in rows:
        by_top[name.split(".")[0]] += self_us
    lines = [f"Total import time {total / 1000:.0f} ms over {len(rows)} modules.", "", "| Top-level package | ms (all its modules, own time) |", "|---|---|"]
    lines += [f"| {name} | {us / 1000:.1f} |" for name, us in sorted(by_top.items(), key=lambda kv: -kv[1])[:top]]
    lines += ["", "| Imported at top level | cumulative ms |", "|---|---|"]
    firsts = sorted(((c, n) for _, c, i, n in rows if i == shallowest), reverse=True)[:top]
    lines += [f"| {name} | {cumulative / 1000:.1f} |" for cumulative, name in firsts]
    return lines


def profile(argv: list[str], name: str, top: int = 25) -> list[str]:
    """cProfile of one whole command (as ``python -m cProfile -m idlibevents ...``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    stats_path = OUT / f"{name}.prof"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m", "idlibevents", *argv],
        env=environment(),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if not stats_path.is_file():
        return [f"(profile failed: exit {done.returncode}: {done.stderr.strip()[-300:]})"]
    stats = pstats.Stats(str(stats_path))
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in entries.items():
        where = filename.replace(str(REPO) + "/", "").replace(str(Path(sys.prefix)) + "/lib/python3.11/site-packages/", "")
        where = re.sub(r"^.*/lib/python3\.\d+/", "", where)
        rows.append((cumtime, tottime, calls, f"{where}:{line}({func})"))
    lines = [f"Wall time under the profiler {wall:.1f} s; profiled total {total:.1f} s; exit {done.returncode}.", ""]
    lines += ["By cumulative time:", "", "| cumulative s | own s | calls | function |", "|---|---|---|---|"]
    lines += [f"| {c:.2f} | {t:.2f} | {n} | `{f}` |" for c, t, n, f in sorted(rows, reverse=True)[:top]]
    lines += ["", "By own time:", "", "| own s | cumulative s | calls | function |", "|---|---|---|---|"]
    lines += [f"| {t:.2f} | {c:.2f} | {n} | `{f}` |" for c, t, n, f in sorted(rows, key=lambda r: -r[1])[:top]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile idlib's start-up and its validation of a large generated folder; write bench/profile.md.")
    parser.add_argument("--events", type=int, default=100000, help="Which generated folder to validate (bench/out/data-EVENTS; default 100000).")
    parser.add_argument("--output", type=Path, default=BENCH / "profile.md")
    args = parser.parse_args(argv)
    folder = BENCH / "out" / f"data-{args.events}"
    if not (folder / "events.yaml").is_file():
        parser.error(f"{folder} has no events.yaml: run bench/run.py (or bench/generate.py --events {args.events}) first")
    idlib = Path(sys.executable).parent / "idlib"
    query = [str(idlib), "query", "--place", "Saraqib"]
    sections = [
        "# Where the time goes",
        "",
        f"Written by `python bench/profile.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; cProfile slows pure-Python code down, so",
        "read its seconds as shares, and the benchmark's table (results.md) for real times.",
        "",
        "## 1. Imports of `idlib query --place Saraqib` (shipped data), `python -X importtime`",
        "",
        *import_times(query),
        "",
        "## 2. cProfile of `idlib query --place Saraqib` (shipped data)",
        "",
        *profile(["query", "--place", "Saraqib"], "query-shipped"),
        "",
        f"## 3. cProfile of `idlib validate` at {args.events:,} events",
        "",
        *profile(["validate", "--data-dir", str(folder)], f"validate-{args.events}"),
        "",
    ]
    args.output.write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

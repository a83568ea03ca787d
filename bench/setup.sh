#!/usr/bin/env bash
# Installs what the benchmark's baselines need, into this machine and the current Python environment:
#   jq (Debian package), DuckDB (the Python module and the duckdb-cli command) and check-jsonschema (PyPI).
# Usage: bash bench/setup.sh            (uses the python3 on PATH)
#        PYTHON=/work/venv/bin/python bash bench/setup.sh
set -euo pipefail
PYTHON="${PYTHON:-python3}"
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
if ! command -v jq >/dev/null 2>&1; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends jq
fi
"$PYTHON" -m pip install --quiet duckdb duckdb-cli check-jsonschema
# The peers users compare idlib with (goal 1 of issue 12), in a venv of their own so that their
# dependencies never change the project's: csvkit's csvgrep and sqlite-utils.
PEERS="$(dirname "$0")/out/peers"
if [ ! -x "$PEERS/bin/csvgrep" ] || [ ! -x "$PEERS/bin/sqlite-utils" ]; then
  "$PYTHON" -m venv "$PEERS"
  "$PEERS/bin/pip" install --quiet csvkit sqlite-utils
fi
echo "jq: $(jq --version)"
echo "duckdb: $("$PYTHON" -c 'import duckdb; print(duckdb.__version__)')"
echo "check-jsonschema: $("$PYTHON" -m check_jsonschema --version 2>/dev/null || true)"
echo "csvkit: $("$PEERS/bin/csvgrep" --version 2>&1 || true)"
echo "sqlite-utils: $("$PEERS/bin/sqlite-utils" --version 2>&1 || true)"

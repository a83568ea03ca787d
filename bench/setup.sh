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
echo "jq: $(jq --version)"
echo "duckdb: $("$PYTHON" -c 'import duckdb; print(duckdb.__version__)')"
echo "check-jsonschema: $("$PYTHON" -m check_jsonschema --version 2>/dev/null || true)"

#!/usr/bin/env bash
# Compares transliteration v2 with v1 (= anyascii) on every name list of PyPI faker,
# per script; prints a Markdown table (see README.md beside this file).
# Uses the Python binding's venv (bash bindings-python/scripts/test.sh makes it) and
# a throwaway venv for faker and anyascii.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="$ROOT/bindings-python/.venv/bin/python"
[ -x "$PY" ] || { echo "run bash bindings-python/scripts/test.sh first (it builds the binding into bindings-python/.venv)" >&2; exit 1; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install -q faker==40.63.0 anyascii==0.3.3
SITE="$("$TMP/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
PYTHONPATH="$SITE" "$PY" "$ROOT/benches/names/compare.py"

#!/usr/bin/env bash
# The provider schema checks: every golden request of providers.json against the
# vendored official schemas (schemas/), offline. Creates .venv here when missing,
# installs requirements.txt, runs check.py; ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv 2>/dev/null \
    || { apt-get update -q && apt-get install -y --no-install-recommends python3-venv && python3 -m venv .venv; } \
    || { echo "cannot create a venv"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt; then
  echo "pip install failed"; echo "0 passed, 1 failed"; exit 1
fi
exec .venv/bin/python check.py

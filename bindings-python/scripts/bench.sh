#!/usr/bin/env bash
# The Python benchmark (not a test): installs nanoid into bindings-python/.venv,
# builds the extension in release mode and runs benches/python/bench.py, which
# prints a markdown table. Extra arguments go to bench.py (e.g. --repeat 1).
set -euo pipefail
# shellcheck source=venv.sh
source "$(dirname "$0")/venv.sh"
setup_venv nanoid==2.0.0
cd "$BINDING"
maturin develop --release --quiet >&2
exec "$PY" "$BINDING/../benches/python/bench.py" "$@"

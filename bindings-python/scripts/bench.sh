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
# The core's own generate_all rate, printed beside the binding's (make bench has built it already).
(cd "$BINDING/.." && cargo build -q --release -p promocode-benches --bin measure >&2) || echo "measure did not build" >&2
exec "$PY" "$BINDING/../benches/python/bench.py" "$@"

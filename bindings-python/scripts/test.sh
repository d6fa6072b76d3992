#!/usr/bin/env bash
# The Python suite, self-contained and idempotent: creates bindings-python/.venv if
# missing, installs the pinned tools, builds the extension into it (maturin develop),
# runs pytest (every shared vector, the README examples, hypothesis, threads,
# stubtest + mypy) and mypy.stubtest, and ends with one "N passed, N failed" line.
# Extra arguments go to pytest (e.g. -k vectors).
set -uo pipefail

summary() { echo "$1 passed, $2 failed"; }

# shellcheck source=venv.sh
source "$(dirname "$0")/venv.sh"
if ! setup_venv; then
  echo "could not set up bindings-python/.venv" >&2
  summary 0 1
  exit 1
fi
cd "$BINDING" || exit 1

echo "--- building the extension (maturin develop)"
if ! maturin develop --quiet; then
  echo "maturin develop failed" >&2
  summary 0 1
  exit 1
fi

echo "--- pytest"
log="$(mktemp)"
"$PY" -m pytest tests -q -p no:cacheprovider "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
last="$(grep -E '(passed|failed|error|no tests ran)' "$log" | tail -n 1)"
rm -f "$log"
passed=$(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ failed' <<<"$last" | grep -oE '[0-9]+' || echo 0)
errors=$(grep -oE '[0-9]+ errors?' <<<"$last" | grep -oE '[0-9]+' || echo 0)
failed=$((failed + errors))
status=0
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  failed=$((failed + 1)); status=1
elif [ "$rc" -ne 0 ]; then
  [ "$failed" -eq 0 ] && failed=1
  status=1
fi

echo "--- mypy.stubtest promocode"
if (cd "$(mktemp -d)" && "$PY" -m mypy.stubtest promocode); then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

summary "$passed" "$failed"
exit $status

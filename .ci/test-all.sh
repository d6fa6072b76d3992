#!/usr/bin/env bash
# Every suite, one after the other; each one installs what it needs. Ends with one
# "N passed, N failed" line (the sum), and fails when any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
total_p=0; total_f=0; status=0
run() {
  local name=$1; shift
  echo "=== $name"
  local log out rc
  log=$(mktemp)
  # Stream the suite's output and keep a copy for its summary line (`tee
  # /dev/stderr` would reopen, and truncate, a log file that stderr points to).
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  out=$(tail -n 1 "$log")
  rm -f "$log"
  local p f
  p=$(grep -oE '[0-9]+ passed' <<<"$out" | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE '[0-9]+ failed' <<<"$out" | grep -oE '[0-9]+' || echo 0)
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  total_p=$((total_p + ${p:-0})); total_f=$((total_f + ${f:-0}))
  [ "$rc" -eq 0 ] || status=1
  echo "=== $name: ${p:-0} passed, ${f:-0} failed"
}
run rust bash .ci/test-rust.sh
for suite in bindings-python bindings-node bindings-wasm; do
  if [ -x "$suite/scripts/test.sh" ] || [ -f "$suite/scripts/test.sh" ]; then
    run "$suite" bash "$suite/scripts/test.sh"
  fi
done
# The Node suite against both WASM builds runs inside bindings-wasm/scripts/test.sh.
run fuzz bash fuzz/ci.sh
run "provider schemas" bash core/tests/providers/check.sh
run oracles bash oracles/run.sh
echo "$total_p passed, $total_f failed"
exit $status

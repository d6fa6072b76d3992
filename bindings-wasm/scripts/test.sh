#!/usr/bin/env bash
# Tests promocode-wasm (`make test` runs this): builds if needed, runs the Node
# binding's whole suite (every shared vector, hostile.json, the README examples,
# hostile input) against both builds — pkg-node (PROMOCODE_IMPL=wasm) and the
# browser package pkg (PROMOCODE_IMPL=wasm-web) — then this package's own tests
# (test/api.test.mjs), the preview module's (the shared vectors and
# test/preview.test.mjs) and the real-browser test of the preview page (Debian
# Chromium + playwright-core; screenshots in bindings-wasm/test-output/).
# Ends with `N passed, N failed`; nonzero on failure.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"

stale() {
  [ ! -f pkg/promocode_wasm_bg.wasm ] || [ ! -f pkg/promocode_preview_bg.wasm ] || [ ! -f pkg-node/index.js ] || [ ! -x node_modules/.bin/wasm-opt ] ||
    [ -n "$(find src js Cargo.toml ../core/src ../core/Cargo.toml ../bindings-node/index.d.ts -newer pkg/promocode_wasm_bg.wasm -type f 2>/dev/null | head -1)" ]
}
if stale; then
  bash scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "[test-wasm] installing Debian chromium (apt)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

passed=0
failed=0
# `node --test FILE...` with a closing `N passed, N failed` line.
node-test() {
  local tap status=0
  tap="$(mktemp)"
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@" || status=$?
  local p f s
  p="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
  f="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
  s="$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
  rm -f "$tap"
  if [ "${s:-0}" != 0 ]; then echo "${p:-0} passed, ${f:-1} failed, $s skipped"; else echo "${p:-0} passed, ${f:-1} failed"; fi
  return "$status"
}
runner() { # name command...
  local name="$1"; shift
  local log
  log="$(mktemp)"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local line
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -1)"
  rm -f "$log"
  if [ -z "$line" ]; then
    echo "[test-wasm] $name did not report a result (exit $status)"
    failed=$((failed + 1))
    return
  fi
  local p f
  p="${line%% passed*}"
  f="${line#*passed, }"; f="${f%% failed*}"
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then failed=$((failed + 1)); fi
}

echo "== Node: the Node binding's suite against pkg-node and pkg =="
runner node-suite-pkg-node env PROMOCODE_IMPL=wasm bash ../bindings-node/scripts/test.sh
runner node-suite-pkg env PROMOCODE_IMPL=wasm-web bash ../bindings-node/scripts/test.sh
echo "== Node: the shared vectors against the preview module (pkg/preview.js) =="
preview-vectors() { (export PROMOCODE_IMPL=wasm-preview && node-test ../bindings-node/test/vectors.test.mjs); }
runner vectors-preview preview-vectors
echo "== Node: this package's own tests (test/api.test.mjs, test/preview.test.mjs) =="
runner api node-test test/api.test.mjs test/preview.test.mjs
echo "== Browser: preview page in Chromium =="
CHROMIUM="$CHROMIUM" runner browser node test/browser.test.mjs

echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]

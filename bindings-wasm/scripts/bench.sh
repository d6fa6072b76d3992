#!/usr/bin/env bash
# The WASM part of the cross-language benchmark: promocode-wasm in Node against
# npm referral-codes 3.0.0, side by side (benches/js/bench-wasm.mjs), then the
# preview page's first refresh after load in Chromium (scripts/first-refresh.mjs).
# Builds first if needed. Pass --quick for a 100k-code smoke run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$HERE/pkg-node/index.js" ] || [ ! -d "$HERE/node_modules/referral-codes" ] ||
  [ -n "$(find "$HERE/src" "$HERE/js" "$HERE/../core/src" -newer "$HERE/pkg-node/promocode_wasm_bg.wasm" -type f 2>/dev/null | head -1)" ]; then
  bash "$HERE/scripts/build.sh"
fi
node "$HERE/../benches/js/bench-wasm.mjs" "$@"
# The preview page's first refresh after load, in Chromium (scripts/first-refresh.mjs).
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  node "$HERE/scripts/first-refresh.mjs" --runs "$([ "${1:-}" = --quick ] && echo 3 || echo 7)"
else
  echo "(no Chromium at ${CHROMIUM:-/usr/bin/chromium}: the preview page's first refresh is not measured)"
fi

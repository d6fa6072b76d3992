#!/usr/bin/env bash
# The WASM part of the cross-language benchmark: promocode-wasm in Node against
# npm referral-codes 3.0.0, side by side (benches/js/bench-wasm.mjs). Builds first
# if needed. Pass --quick for a 100k-code smoke run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$HERE/pkg-node/index.js" ] || [ ! -d "$HERE/node_modules/referral-codes" ] ||
  [ -n "$(find "$HERE/src" "$HERE/js" "$HERE/../core/src" -newer "$HERE/pkg-node/promocode_wasm_bg.wasm" -type f 2>/dev/null | head -1)" ]; then
  bash "$HERE/scripts/build.sh"
fi
exec node "$HERE/../benches/js/bench-wasm.mjs" "$@"

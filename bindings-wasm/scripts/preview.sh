#!/usr/bin/env bash
# Serves the live preview page (`make preview`): bindings-wasm/www/ plus the
# browser package pkg/ on 127.0.0.1, port $PORT or any free one; prints the URL.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$HERE/pkg/promocode_preview_bg.wasm" ] || [ -n "$(find "$HERE/src" "$HERE/js" "$HERE/../core/src" -newer "$HERE/pkg/promocode_preview_bg.wasm" -type f 2>/dev/null | head -1)" ]; then
  bash "$HERE/scripts/build.sh"
fi
exec node "$HERE/scripts/serve.mjs"

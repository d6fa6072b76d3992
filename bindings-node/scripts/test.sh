#!/usr/bin/env bash
# Builds the Node binding and runs its whole test suite with Node's built-in runner:
# every shared vector, the README examples, hostile input, the example and the
# TypeScript checks. Idempotent; needs only Rust stable and Node 18+/npm.
#
#   bindings-node/scripts/test.sh                      # napi build (release) + tests
#   PROMOCODE_IMPL=wasm bindings-node/scripts/test.sh  # same tests against
#                                                      # bindings-wasm/pkg-node (no napi build)
#   PROMOCODE_IMPL=wasm-web bindings-node/scripts/test.sh  # ... against the browser
#                                                      # build bindings-wasm/pkg
#
# Ends with a plain "N passed, N failed[, N skipped]" line; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

impl="${PROMOCODE_IMPL:-napi}"
case "$impl" in
  napi|node)
    echo "== npm install" >&2
    npm install --no-audit --no-fund --loglevel=error
    echo "== napi build --release" >&2
    npm run --silent build
    ;;
  wasm|wasm-web)
    echo "== npm install (typescript, for the type check against the WASM build)" >&2
    npm install --no-audit --no-fund --loglevel=error
    pkg=pkg-node; [ "$impl" = wasm-web ] && pkg=pkg
    if [ ! -f "../bindings-wasm/$pkg/index.js" ]; then
      echo "PROMOCODE_IMPL=$impl: ../bindings-wasm/$pkg/index.js is missing; build the WASM package first" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
    ;;
  *)
    echo "PROMOCODE_IMPL=$impl: use napi, wasm or wasm-web" >&2
    echo "0 passed, 1 failed"
    exit 1
    ;;
esac

tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
PROMOCODE_IMPL="$impl" node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  test/*.test.mjs || status=$?

count() { sed -n "s/^# $1 \([0-9][0-9]*\)$/\1/p" "$tap" | tail -n 1; }
passed="$(count pass)"
failed="$(count fail)"
skipped="$(count skipped)"
if [ -z "$passed" ] || [ -z "$failed" ]; then
  echo "the test runner printed no summary (exit status $status)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$status" -eq 0 ] && [ "$failed" -ne 0 ]; then status=1; fi
if [ "${skipped:-0}" -ne 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"

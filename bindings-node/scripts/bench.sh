#!/usr/bin/env bash
# Benchmark (not a test): installs benches/js (referral-codes, voucher-code-generator),
# builds the Node binding in release mode and runs benches/js/bench.mjs, which prints
# a markdown table of codes/s and ratios against referral-codes.
#
#   bindings-node/scripts/bench.sh                       # the napi package
#   PROMOCODE_IMPL=napi,wasm bindings-node/scripts/bench.sh   # also the WASM build's Node package
#   BENCH_N=100000 BENCH_RUNS=1 bindings-node/scripts/bench.sh  # a quick run
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"

echo "== npm install (benches/js)" >&2
(cd "$root/benches/js" && npm install --no-audit --no-fund --loglevel=error) >&2

case ",${PROMOCODE_IMPL:-napi}," in
  *,napi,*|*,node,*)
    echo "== napi build --release" >&2
    (cd "$here" && npm install --no-audit --no-fund --loglevel=error && npm run --silent build) >&2
    ;;
esac
case ",${PROMOCODE_IMPL:-napi}," in
  *,wasm,*)
    echo "== wasm build (pkg-node)" >&2
    bash "$root/bindings-wasm/scripts/build.sh" >&2
    ;;
esac

echo "== bench" >&2
exec node --expose-gc "$root/benches/js/bench.mjs"

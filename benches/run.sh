#!/usr/bin/env bash
# `make bench`: the criterion suite and the cross-language comparison, in one run.
# Writes benches/RESULTS.md (every table, plus the machine it ran on) and copies the
# tables into README.md between the bench markers.
#   BENCH_QUICK=1 make bench   # 100k items, one run each, no criterion (a smoke run)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/benches/RESULTS.md"
tmp="$(mktemp -d)"
if [ -n "${BENCH_QUICK:-}" ]; then export N=100000 RUNS=1 BENCH_N=100000 BENCH_RUNS=1 TYPOS=500; fi

{
  echo "# Benchmark results"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`make bench\`; every ratio compares rows of the same run."
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(rustc --version); Python $(python3 -c 'import platform; print(platform.python_version())'); Node $(node --version 2>/dev/null || echo 'not installed')"
  echo
} > "$tmp/head.md"

echo "== core (measure)" >&2
cargo run -q --release -p promocode-benches --bin measure > "$tmp/core.md" || echo "_core measurement failed_" > "$tmp/core.md"
echo "== store (sqlite + a throwaway postgresql)" >&2
(
  source .ci/pg.sh
  pg_start >&2 && export PROMOCODE_BENCH_PG=$PROMOCODE_TEST_PG
  trap pg_stop EXIT
  cargo run -q --release -p promocode-benches --bin store
) > "$tmp/store.md" || echo "_store measurement failed_" > "$tmp/store.md"
echo "== typo lookup (issue 16)" >&2
cargo run -q --release -p promocode-benches --bin typos > "$tmp/typos.md" || echo "_typo evaluation failed_" > "$tmp/typos.md"
echo "== python" >&2
bash bindings-python/scripts/bench.sh > "$tmp/python.md" || echo "_python benchmark failed_" > "$tmp/python.md"
echo "== node + wasm" >&2
impls=napi
[ -f bindings-wasm/scripts/build.sh ] && impls=napi,wasm
PROMOCODE_IMPL=$impls bash bindings-node/scripts/bench.sh > "$tmp/js.md" || echo "_js benchmark failed_" > "$tmp/js.md"
echo "== wasm preview page (Chromium)" >&2
if [ -f bindings-wasm/pkg/promocode_wasm_bg.wasm ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  node bindings-wasm/scripts/first-refresh.mjs --runs "$([ -n "${BENCH_QUICK:-}" ] && echo 3 || echo 7)" > "$tmp/preview.md" ||
    echo "_preview page measurement failed_" > "$tmp/preview.md"
else
  echo "_not measured: needs the wasm build (bindings-wasm/pkg) and Chromium_" > "$tmp/preview.md"
fi
if [ -z "${BENCH_QUICK:-}" ]; then
  echo "== criterion" >&2
  cargo bench -q -p promocode-benches --bench core 2>&1 | grep -E '^[a-z_]+/|time:|thrpt:' > "$tmp/criterion.txt" || true
fi

{
  cat "$tmp/head.md"
  echo "## Core (Rust)"; echo; cat "$tmp/core.md"; echo
  echo "## Program store (Rust)"; echo; cat "$tmp/store.md"; echo
  cat "$tmp/typos.md"; echo
  echo "## Python"; echo; cat "$tmp/python.md"; echo
  echo "## Node and WASM (in Node)"; echo; cat "$tmp/js.md"; echo
  echo "## WASM preview page (Chromium)"; echo; cat "$tmp/preview.md"; echo
  if [ -s "$tmp/criterion.txt" ]; then echo "## Criterion"; echo; echo '```'; cat "$tmp/criterion.txt"; echo '```'; fi
} > "$out"
# Issue 17's table first: each target with this run's figure, read from the tables above.
if python3 benches/issue17.py "$out" > "$tmp/issue17.md"; then
  { cat "$tmp/head.md"; cat "$tmp/issue17.md"; echo; tail -n +"$(($(wc -l < "$tmp/head.md") + 1))" "$out"; } > "$tmp/all.md"
  cp "$tmp/all.md" "$out"
fi

python3 - "$out" "$root/README.md" <<'PY'
import re, sys
results, readme = open(sys.argv[1]).read(), open(sys.argv[2]).read()
body = results.split("\n", 2)[2].split("## Criterion")[0].strip()
# In the README these sit under "## Performance": one heading level down, no blank runs.
body = re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)
body = re.sub(r"\n{3,}", "\n\n", body)
block = "<!-- bench:start -->\n" + body + "\n<!-- bench:end -->"
readme = re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda _: block, readme, flags=re.S)
open(sys.argv[2], "w").write(readme)
PY
cat "$out"

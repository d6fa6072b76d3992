#!/usr/bin/env bash
# Checks the seeds (`cargo test`), then runs every fuzz target for FUZZ_SECONDS
# seconds (default 30), one after the other, from the committed seeds plus the
# local corpus (fuzz/corpus/<target>, not committed), with the dictionary. Ends
# with one "N passed, N failed" line: a target passes when it ran its time
# without a crash.
#
#   FUZZ_SECONDS=600 bash fuzz/ci.sh            # longer runs
#   FUZZ_TARGETS="text coupon" bash fuzz/ci.sh  # some targets only
#   FUZZ_SANITIZER=address bash fuzz/ci.sh      # default: none (see README)
#
# Installs cargo-fuzz (and the nightly toolchain) when missing.
set -uo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-30}
targets=${FUZZ_TARGETS:-"format_build render text coupon generator"}
sanitizer=${FUZZ_SANITIZER:-none}
ntargets=$(wc -w <<<"$targets")

give_up() {
  echo "fuzz: $1"
  echo "0 passed, $ntargets failed"
  exit 1
}

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal || give_up "could not install the nightly toolchain"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz || give_up "could not install cargo-fuzz"
fi

build=(cargo +nightly fuzz build --sanitizer "$sanitizer")
echo "fuzz: ${build[*]}"
"${build[@]}" || give_up "the fuzz targets do not build"

logs=target/fuzz-logs
mkdir -p "$logs"
passed=0
failed=0
# The committed seeds still decode to the cases in src/seeds.rs and pass their checks.
echo "=== fuzz seeds: cargo test"
if cargo +nightly test -q >"$logs/seeds.log" 2>&1; then
  passed=$((passed + 1))
  echo "fuzz seeds: passed ($(grep -oE '[0-9]+ passed' "$logs/seeds.log" | awk '{s += $1} END {print s}') tests)"
else
  failed=$((failed + 1))
  echo "fuzz seeds: FAILED; log: fuzz/$logs/seeds.log"
  tail -30 "$logs/seeds.log"
fi
for t in $targets; do
  mkdir -p "corpus/$t"
  log="$logs/$t.log"
  echo "=== fuzz $t: ${seconds}s"
  cargo +nightly fuzz run --sanitizer "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- \
    -dict=promocode.dict -max_total_time="$seconds" -timeout=30 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  corpus=$(find "corpus/$t" -type f | wc -l)
  stats="${runs:-?} runs, ${speed:-?} exec/s, cov ${cov:-?}, corpus $corpus"
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz $t: passed ($stats)"
  else
    failed=$((failed + 1))
    echo "fuzz $t: FAILED (exit $rc; $stats); log: fuzz/$log"
    # The panic message, the crashing input and its reproducer (the input's Debug).
    grep -E -A3 "panicked at|invariant broken" "$log" | head -20
    artifact=$(grep -oE 'artifacts/[^ ]+' "$log" | tail -1)
    if [ -n "$artifact" ] && [ -f "$artifact" ]; then
      echo "--- crashing input: fuzz/$artifact; reproducer:"
      cargo +nightly fuzz fmt --sanitizer "$sanitizer" "$t" "$artifact" 2>&1 | sed -n '/Output of/,$p' | tail -n +2
    fi
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

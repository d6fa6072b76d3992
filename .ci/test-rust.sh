#!/usr/bin/env bash
# The Rust suites: formatting, clippy, and every test of the Rust crates.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
source .ci/pg.sh
ensure_rust_components
status=0
# The store tests write to a real PostgreSQL: a throwaway server for this run.
pg_start || { echo "could not start PostgreSQL for the store tests" >&2; status=1; }
trap pg_stop EXIT
cargo fmt --all -- --check || { echo "rustfmt: run \`cargo fmt --all\`"; status=1; }
cargo clippy -q --all-targets -- -D warnings || status=1
log=$(mktemp)
cargo test --all-targets 2>&1 | tee "$log" | grep -E '^(test result|error|failures|---- )' ; [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
cargo test --doc 2>&1 | tee -a "$log" | grep -E '^(test result|error|failures)' ; [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
counts=$(cargo_counts < "$log")
rm -f "$log"
failed=${counts#*passed, }; failed=${failed%% failed}
if [ "$status" -ne 0 ] && [ "$failed" = "0" ]; then counts="${counts%%, *}, 1 failed"; fi
echo "$counts"
exit $status

# Shared helpers for the test scripts: count results and print one summary line.

# Sums "N passed" / "N failed" from cargo's "test result:" lines on stdin.
cargo_counts() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
       END { printf "%d passed, %d failed\n", p, f }'
}

ensure_rust_components() {
  command -v rustup >/dev/null && rustup component add clippy rustfmt >/dev/null 2>&1 || true
}

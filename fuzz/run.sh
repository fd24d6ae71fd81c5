#!/usr/bin/env bash
# Runs every fuzz target for 10 minutes or 1,000,000 executions, whichever
# comes first, starting from the committed seeds. Needs cargo-fuzz and a
# nightly toolchain (`cargo install cargo-fuzz`; RUSTUP_TOOLCHAIN=nightly).
#
# Usage: fuzz/run.sh [TARGET...]      Env: SECONDS_PER_TARGET=600 RUNS=1000000
set -euo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || { echo "skipped: cargo-fuzz is not installed (cargo install cargo-fuzz)"; exit 0; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest unsafe_scan workflow_yaml)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== $target"
  cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="${SECONDS_PER_TARGET:-600}" -runs="${RUNS:-1000000}" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 | tail -n 25
done

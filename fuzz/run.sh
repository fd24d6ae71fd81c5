#!/usr/bin/env bash
# Runs every fuzz target for 10 minutes or 1,000,000 executions, whichever
# comes first, starting from the committed seeds. Release build with debug
# assertions, so an arithmetic overflow is a crash too. Needs cargo-fuzz and a
# nightly toolchain (`cargo install cargo-fuzz`, `rustup toolchain install nightly`).
# A crash, hang or out-of-memory input is copied to
# ../fixtures/fuzz-regressions/<target>/, which tests/fuzz_regressions.rs replays.
#
# Usage: fuzz/run.sh [TARGET...]      Env: SECONDS_PER_TARGET=600 RUNS=1000000
set -uo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || { echo "skipped: cargo-fuzz is not installed (cargo install cargo-fuzz)"; exit 0; }
rustup run nightly rustc --version >/dev/null 2>&1 || { echo "skipped: no nightly toolchain (rustup toolchain install nightly)"; exit 0; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest unsafe_scan workflow_yaml)
status=0
mkdir -p logs
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  # Inputs of earlier runs were kept in ../fixtures already; report only this run's.
  rm -f artifacts/"$target"/{crash,timeout,oom,leak,slow-unit}-*
  log="logs/$target.log"
  started=$(date +%s)
  cargo +nightly fuzz run --debug-assertions "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="${SECONDS_PER_TARGET:-600}" -runs="${RUNS:-1000000}" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - started ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  corpus=$(ls "corpus/$target" | wc -l)
  found=()
  for artifact in artifacts/"$target"/{crash,timeout,oom,leak,slow-unit}-*; do
    [ -e "$artifact" ] || continue
    mkdir -p "../fixtures/fuzz-regressions/$target"
    cp "$artifact" "../fixtures/fuzz-regressions/$target/"
    found+=("$(basename "$artifact")")
  done
  if [ "$rc" -eq 0 ] && [ ${#found[@]} -eq 0 ]; then
    echo "$target: ok, ${execs:-?} executions in ${took} s, corpus ${corpus} inputs"
  else
    status=1
    echo "$target: FAILED (exit $rc) after ${execs:-?} executions in ${took} s; kept ${found[*]:-no input} (log: fuzz/$log)"
  fi
done
exit "$status"

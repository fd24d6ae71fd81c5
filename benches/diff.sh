#!/usr/bin/env bash
# `cargo secure diff` against a warm single run on the largest corpus case
# (nushell-0.31.0, 660 packages), offline, paired: each pair times one warm
# scan and one diff back to back, so both see the same machine load. The case
# is copied into a git repository; the base is its commit, the head the
# working tree with one unrelated change. Prints every pair and the median
# ratio diff / scan (the issue's bound: at most 2).
#
# CARGO_SECURE_BIN=path uses a binary already built (e.g. a debug one);
# otherwise a release build is made. RUNS=N pairs (default 5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
case_dir="$shared/corpus/${CASE:-nushell-0.31.0}"
runs="${RUNS:-5}"
[ -d "$case_dir" ] || { echo "skipped: $case_dir is absent"; exit 0; }
command -v git >/dev/null || { echo "skipped: git is not installed"; exit 0; }
bin="${CARGO_SECURE_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin="$root/target/release/cargo-secure"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$case_dir" "$work/repo"
cd "$work/repo"
git init -q
git add -A
git -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false commit -qm base
echo "An unrelated change." >> CASE.md
export CARGO_SECURE_CACHE_DIR="$work/cache"
common=(--offline --quiet --no-zizmor --db "$shared/advisory-db" --format json)
now() { date +%s.%N; }
# Warm the caches: a scan for the head, a diff for the base.
"$bin" secure "${common[@]}" >/dev/null || true
"$bin" secure diff --base HEAD "${common[@]}" >/dev/null || true
ratios=()
for i in $(seq "$runs"); do
  t0=$(now)
  "$bin" secure "${common[@]}" >/dev/null || true
  t1=$(now)
  "$bin" secure diff --base HEAD "${common[@]}" >/dev/null || true
  t2=$(now)
  scan=$(echo "$t1 - $t0" | bc -l)
  diff=$(echo "$t2 - $t1" | bc -l)
  ratio=$(echo "$diff / $scan" | bc -l)
  ratios+=("$ratio")
  printf 'pair %d: scan %.2f s, diff %.2f s, ratio %.2f\n' "$i" "$scan" "$diff" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'median ratio diff / warm scan: %.2f (%s pairs)\n' "$median" "$runs"

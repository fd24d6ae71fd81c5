#!/usr/bin/env bash
# cargo secure at scale, on a real complete checkout (the workspace's own
# sources included, unlike ../shared/corpus's stubs), side by side in one run:
#   warm  cargo secure, every layer, --offline, JSON, caches filled
#   audit cargo audit --no-fetch --no-yanked on the same Cargo.lock (the peer)
#   cold  cargo secure --no-cache (no metadata, unsafe-code or file results kept)
#   meta  cargo metadata alone, as cargo secure runs it (its own target dir)
# run in turn, round by round, so each ratio is the median of the rounds' own
# ratios and the machine's drifting speed does not skew it. Then the peak
# memory of a cold run and of cargo metadata, whether cold and warm output
# are byte-identical, and, with --all-workspaces, what scoring every
# workspace of the repository costs.
#
# The issue's checkout is deno v2.9.5 (commit 17fadf33a8df), 1,133 packages
# and 82 members, from a local git copy of denoland/deno:
#   git archive 17fadf33a8df -- . ':(exclude)cli/tsc/00_typescript.js' \
#     ':(exclude)tests/registry/npm/@types/node/registry.json' | tar -x -C DIR
#   (cd DIR && cargo fetch --locked)
#
# Usage: benches/scale.sh CHECKOUT        (skips with a message when absent)
# Env:   RUNS=10  CARGO_AUDIT=/path/to/cargo-audit  SHARED=/path/to/shared
#        CARGO_SECURE_BIN=/path/to/cargo-secure (default: a release build)
set -euo pipefail

skip() { echo "skipped: $*" >&2; exit 0; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-10}"
checkout="${1:-}"
[ -n "$checkout" ] || skip "no checkout given (usage: benches/scale.sh CHECKOUT)"
[ -f "$checkout/Cargo.lock" ] || skip "$checkout has no Cargo.lock"
checkout="$(cd "$checkout" && pwd)"
[ -d "$shared/advisory-db" ] || skip "$shared/advisory-db is absent"
audit="${CARGO_AUDIT:-$(command -v cargo-audit || true)}"
if [ -z "$audit" ] || [ ! -x "$audit" ]; then
  echo "cargo-audit not found (cargo install --locked cargo-audit, or CARGO_AUDIT=): the peer is left out" >&2
  audit=
fi

if [ -z "${CARGO_SECURE_BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  CARGO_SECURE_BIN="$root/target/release/cargo-secure"
fi
bin="$CARGO_SECURE_BIN"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A private copy: cargo-audit takes a lock file in its DB directory.
# Times preserved: a database fetched earlier, not one written a moment ago
# (a run keeps nothing that changed in the last two seconds).
cp -rp "$shared/advisory-db" "$work/advisory-db"
host=$(rustc -vV | sed -n 's/^host: //p')
cargo_bin=$(cd / && rustup which cargo 2>/dev/null || command -v cargo)
rustc_bin=$(cd / && rustup which rustc 2>/dev/null || command -v rustc)
args="secure --offline --quiet --format json --db $work/advisory-db --manifest-path $checkout/Cargo.toml"

warm="CARGO_SECURE_CACHE_DIR=$work/cache $bin $args > $work/warm.json"
cold="CARGO_SECURE_CACHE_DIR=$work/cold $bin $args --no-cache > $work/cold.json"
meta="CARGO_TARGET_DIR=$work/cargo-target RUSTC=$rustc_bin $cargo_bin metadata --offline --locked --format-version 1 --filter-platform $host --manifest-path $checkout/Cargo.toml > /dev/null"
peer="(cd $checkout && $audit audit --no-fetch --no-yanked --db $work/advisory-db --file Cargo.lock --json > /dev/null)"
all="CARGO_SECURE_CACHE_DIR=$work/all $bin $args --all-workspaces > $work/all.json"

# Fill the caches (and cargo's record of rustc) once; warm up the page cache.
for command in "$warm" "$cold" "$meta" "$all"; do sh -c "$command" || true; done
[ -n "$audit" ] && { sh -c "$peer" || true; }
packages=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workspace"]["lockfile_packages"])' "$work/warm.json")
members=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["workspace"]["members"]))' "$work/warm.json")
echo "$(basename "$checkout"): $packages packages, $members members; $runs rounds"

python3 - "$runs" "$warm" "$cold" "$meta" "$all" "$peer" "${audit:+yes}" <<'PY'
import statistics, subprocess, sys, time
runs, warm, cold, meta, every, peer, have_peer = int(sys.argv[1]), *sys.argv[2:]
commands = {"warm": warm, "cold": cold, "cargo metadata": meta, "all workspaces, warm": every}
if have_peer:
    commands["cargo-audit"] = peer
rounds = []
for _ in range(runs):
    walls = {}
    for name, command in commands.items():
        start = time.perf_counter()
        subprocess.run(command, shell=True, check=False)
        walls[name] = time.perf_counter() - start
    rounds.append(walls)
median = lambda name: statistics.median(r[name] for r in rounds)
paired = lambda a, b: statistics.median(r[a] / r[b] for r in rounds)
print("medians: " + ", ".join(f"{n} {median(n) * 1000:.0f} ms" for n in commands))
if have_peer:
    print(f"warm / cargo-audit = {paired('warm', 'cargo-audit'):.2f}x paired (goal <= 1.0x)")
print(f"cold / cargo metadata = {paired('cold', 'cargo metadata'):.2f}x paired (goal <= 1.3x)")
print(f"all workspaces / one workspace, warm = {paired('all workspaces, warm', 'warm'):.2f}x paired")
PY

/usr/bin/time -v sh -c "$cold" 2> "$work/cold-time.txt" || true
/usr/bin/time -v sh -c "$meta" 2> "$work/meta-time.txt" || true
peak() { awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); printf "%.0f", $2 / 1024}' "$1"; }
echo "peak memory: cargo secure cold $(peak "$work/cold-time.txt") MiB, cargo metadata $(peak "$work/meta-time.txt") MiB (goal: at most 1.2x cargo metadata's)"
sh -c "$warm" || true
if cmp -s "$work/cold.json" "$work/warm.json"; then
  echo "cold and warm JSON are byte-identical"
else
  echo "cold and warm JSON DIFFER:"; diff <(python3 -m json.tool "$work/cold.json") <(python3 -m json.tool "$work/warm.json") | head -20
  exit 1
fi

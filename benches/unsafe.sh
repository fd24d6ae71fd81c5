#!/usr/bin/env bash
# Side-by-side benchmark of unsafe-code accounting on a large corpus workspace:
#   (a) cargo secure, cold (--no-cache: no metadata and no unsafe-code results cached);
#       cargo's record of what rustc said about the host, which cargo secure keeps
#       under its own directory, is there as after any earlier run on the machine
#   (a') cargo secure's first run on the machine: a new, empty cache directory
#   (b) cargo secure, warm (cache filled by a previous run)
#   (c) cargo-geiger 0.13 (builds the graph; needs a writable copy; skipped if not installed)
#   (d) rg --count-matches '\bunsafe\b' over the same packages' directories: the lexical floor
#   (e) cargo metadata alone, as cargo secure runs it (its target directory outside
#       the workspace, holding cargo's record of rustc): part of (a), for reference
# then (a), (a'), (d) and (e) again in turn, round by round, for paired ratios that the
# machine's drifting speed does not skew, peak memory of (a) with /usr/bin/time -v,
# and the ratios the issue asks for.
#
# Usage: benches/unsafe.sh [CASE] [GEIGER_MANIFEST_SUBDIR]
#   CASE defaults to alacritty-0.5.0; geiger runs on the `alacritty` member
#   (it refuses virtual manifests). Dependencies must be downloaded first:
#   cargo fetch --locked --manifest-path ../shared/corpus/CASE/Cargo.toml
# Env: RUNS=10 (cargo-secure and rg; cargo-geiger runs GEIGER_RUNS=1 times,
#      each in a fresh copy so it builds from scratch as a user's first run does;
#      GEIGER_RUNS=0 leaves it out)
set -euo pipefail

skip() { echo "skipped: $*" >&2; exit 0; }

CASE=${1:-alacritty-0.5.0}
MEMBER=${2:-alacritty}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$ROOT/../shared
[ -d "$SHARED" ] || SHARED=$ROOT/../../shared
[ -d "$SHARED/corpus/$CASE" ] || skip "$SHARED/corpus/$CASE is absent"
CORPUS=$(cd "$SHARED/corpus/$CASE" && pwd)
command -v hyperfine >/dev/null || skip "hyperfine is not installed (apt-get install hyperfine)"
command -v rg >/dev/null || skip "ripgrep is not installed (apt-get install ripgrep)"
RUNS=${RUNS:-10}
GEIGER_RUNS=${GEIGER_RUNS:-1}
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN=$ROOT/target/release/cargo-secure

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export CARGO_SECURE_DB=$WORK/no-db
ARGS="secure --offline --quiet --allow-unmeasured advisories --format json --manifest-path $CORPUS/Cargo.toml"

HOST=$(rustc -vV | sed -n 's/^host: //p')
# cargo and rustc as cargo secure runs them: the toolchain's binaries, not rustup's proxies.
CARGO_BIN=$(cd / && rustup which cargo 2>/dev/null || command -v cargo)
RUSTC_BIN=$(cd / && rustup which rustc 2>/dev/null || command -v rustc)
# The directories of every package in the resolved graph, for rg.
cargo metadata --offline --locked --format-version 1 --manifest-path "$CORPUS/Cargo.toml" \
  | python3 -c 'import json,sys,os; [print(os.path.dirname(p["manifest_path"])) for p in json.load(sys.stdin)["packages"]]' \
  > "$WORK/dirs"
PACKAGES=$(wc -l < "$WORK/dirs")
echo "$CASE: $PACKAGES packages in the resolved graph"

# Fill the warm cache once.
CARGO_SECURE_CACHE_DIR=$WORK/cache "$BIN" $ARGS > /dev/null || true

COMMANDS=(
  -n "cargo-secure cold" "CARGO_SECURE_CACHE_DIR=$WORK/cold $BIN $ARGS --no-cache > /dev/null || true"
  -n "cargo-secure first run" "d=\$(mktemp -d) && CARGO_SECURE_CACHE_DIR=\$d $BIN $ARGS --no-cache > /dev/null; rm -rf \$d"
  -n "cargo-secure warm" "CARGO_SECURE_CACHE_DIR=$WORK/cache $BIN $ARGS > /dev/null || true"
  -n "rg floor" "xargs -a $WORK/dirs rg --count-matches '\\bunsafe\\b' -t rust > /dev/null || true"
  -n "cargo metadata" "CARGO_TARGET_DIR=$WORK/cargo-target RUSTC=$RUSTC_BIN $CARGO_BIN metadata --offline --locked --format-version 1 --filter-platform $HOST --manifest-path $CORPUS/Cargo.toml > /dev/null"
)
GEIGER=$(command -v cargo-geiger || true)
[ "$GEIGER_RUNS" = 0 ] && GEIGER= && echo "GEIGER_RUNS=0: skipping (c)"
[ -z "$GEIGER" ] && [ "$GEIGER_RUNS" != 0 ] && [ -x /tmp/peers/geiger/bin/cargo-geiger ] && GEIGER=/tmp/peers/geiger/bin/cargo-geiger
if [ -n "$GEIGER" ]; then
  COMMANDS+=(-n "cargo-geiger" "cd $WORK/geiger-ws/$MEMBER && $GEIGER geiger --offline --output-format Json > /dev/null 2>&1 || true")
else
  echo "cargo-geiger not found (PATH or /tmp/peers/geiger/bin): skipping (c)"
fi

# cargo-secure and rg: warm page cache, RUNS runs each.
hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$WORK/times.json" "${COMMANDS[@]:0:15}"
# cargo-geiger: a fresh copy of the workspace for every run (no target/ left over).
if [ -n "$GEIGER" ]; then
  hyperfine --runs "$GEIGER_RUNS" --style basic --export-json "$WORK/geiger.json" \
    --prepare "rm -rf $WORK/geiger-ws && cp -r $CORPUS $WORK/geiger-ws" "${COMMANDS[@]:15:3}"
  python3 - "$WORK/times.json" "$WORK/geiger.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a["results"] += b["results"]
json.dump(a, open(sys.argv[1], "w"))
PY
fi

# Paired ratios: the machine's speed drifts while hyperfine runs one command
# after another, so cold, rg and cargo metadata also run in turn, round by
# round, and each ratio is the median of the rounds' own ratios.
python3 - "$WORK/paired.json" "$RUNS" "${COMMANDS[2]}" "${COMMANDS[5]}" "${COMMANDS[11]}" "${COMMANDS[14]}" <<'PY'
import json, subprocess, sys, time
out, runs, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rounds = []
for _ in range(runs):
    walls = []
    for command in commands:
        start = time.perf_counter()
        subprocess.run(command, shell=True, check=False)
        walls.append(time.perf_counter() - start)
    rounds.append(walls)
json.dump(rounds, open(out, "w"))
PY

CARGO_SECURE_CACHE_DIR=$WORK/cold /usr/bin/time -v "$BIN" $ARGS --no-cache > /dev/null 2> "$WORK/time.txt" || true
PEAK_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$WORK/time.txt")

python3 - "$WORK/times.json" "$PEAK_KB" "$PACKAGES" "$WORK/paired.json" <<'PY'
import json, statistics, sys
times = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
peak_mb = int(sys.argv[2]) / 1024
rounds = json.load(open(sys.argv[4]))
paired = lambda a, b: statistics.median(r[a] / r[b] for r in rounds)
cold, warm, rg = times["cargo-secure cold"], times["cargo-secure warm"], times["rg floor"]
print(f"medians: cold {cold * 1000:.0f} ms, first run {times['cargo-secure first run'] * 1000:.0f} ms, warm {warm * 1000:.1f} ms, rg {rg * 1000:.1f} ms, peak memory {peak_mb:.0f} MB, {sys.argv[3]} packages")
print(f"cold / rg = {paired(0, 2):.2f}x, paired over {len(rounds)} rounds (goal <= 3x)")
print(f"  cargo metadata alone / rg = {paired(3, 2):.2f}x; cold / cargo metadata alone = {paired(0, 3):.2f}x")
print(f"  first run on the machine / rg = {paired(1, 2):.2f}x (cargo asks rustc about the host three times)")
print(f"warm = {warm:.3f} s (goal < 0.2 s for 400+ packages)")
print(f"peak = {peak_mb:.0f} MB (goal < 200 MB)")
if "cargo-geiger" in times:
    print(f"geiger / cold = {times['cargo-geiger'] / cold:.1f}x faster (goal >= 20x)")
PY

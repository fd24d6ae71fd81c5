#!/usr/bin/env bash
# The posture and supply-chain layers on this repository: their own cost
# (the repository walk and CI discovery they share, plus each layer), read
# from `cargo secure -v` stage timings over RUNS warm runs, beside the whole
# run's wall time. Goal: the two layers under 50 ms.
#
# OpenSSF Scorecard (`scorecard --local`), the reference for the posture
# checks, is a Go program published on GitHub only; it is skipped when it is
# not on PATH.
#
# Usage: benches/posture.sh [WORKSPACE]     (default: this repository)
# Env:   RUNS=20  SHARED=/path/to/shared
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-$root}"
runs="${RUNS:-20}"
shared="${SHARED:-$root/../shared}"
db_args=()
[ -d "$shared/advisory-db" ] && db_args=(--db "$shared/advisory-db")

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
secure="$root/target/release/cargo-secure"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  (cd "$target" && "$secure" secure --offline -v "${db_args[@]}" --format json 2>>"$log" >/dev/null) || true
  echo "wall $(( ($(date +%s%N) - start) / 1000 ))" >>"$log"
done

python3 - "$log" <<'PY'
import statistics, sys
walls, layers = [], []
for line in open(sys.argv[1]):
    if line.startswith("wall "):
        walls.append(int(line.split()[1]) / 1000)
    elif line.startswith("timings: "):
        stages = {}
        for part in line[len("timings: "):].strip().split(", "):
            name, took, _unit = part.rsplit(" ", 2)
            stages[name] = float(took)
        layers.append(stages.get("repository files and CI", 0) + stages.get("supply-chain", 0) + stages.get("posture", 0))
wall, two = statistics.median(walls), statistics.median(layers)
print(f"posture + supply-chain (incl. repository walk): median {two:.1f} ms over {len(layers)} runs (goal < 50 ms)")
print(f"whole cargo secure run: median {wall:.1f} ms; the two layers are {two / wall:.0%} of it")
PY
command -v scorecard >/dev/null || echo "skipped: OpenSSF scorecard is not on PATH (a Go binary published on GitHub only)"

#!/usr/bin/env bash
# cargo secure (all layers) against cargo-audit alone on the largest corpus
# lockfile (nushell-0.31.0), warm, offline, with a private copy of the shared
# advisory DB (cargo-audit takes a lock file in its DB directory).
#
# Usage: benches/advisories.sh            (builds cargo-secure in release first)
# Env:   CARGO_AUDIT=/path/to/cargo-audit  SHARED=/path/to/shared  RUNS=10
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
case_dir="$shared/corpus/nushell-0.31.0"
runs="${RUNS:-10}"

skip() { echo "skipped: $*" >&2; exit 0; }

command -v hyperfine >/dev/null || skip "hyperfine is not installed (https://github.com/sharkdp/hyperfine)"
[ -d "$case_dir" ] || skip "$case_dir is absent"
audit="${CARGO_AUDIT:-$(command -v cargo-audit || true)}"
[ -n "$audit" ] && [ -x "$audit" ] || skip "cargo-audit not found on PATH (set CARGO_AUDIT=/path/to/cargo-audit)"

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
secure="$root/target/release/cargo-secure"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$shared/advisory-db" "$work/advisory-db"
json="$work/out"

cd "$case_dir"
hyperfine --warmup 2 --runs "$runs" --ignore-failure --export-json "$json.json" \
  -n cargo-secure "$secure secure --offline --quiet --db $work/advisory-db --format json" \
  -n cargo-audit "$audit audit --no-fetch --no-yanked --db $work/advisory-db --file Cargo.lock --json"

python3 - "$json.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
secure, audit = results["cargo-secure"], results["cargo-audit"]
ratio = secure["mean"] / audit["mean"]
print(f"cargo-secure {secure['mean']*1000:.0f} ms, cargo-audit {audit['mean']*1000:.0f} ms: ratio {ratio:.2f} (goal <= 1.00)")
PY

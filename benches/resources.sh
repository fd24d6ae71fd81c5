#!/usr/bin/env bash
# Peak memory and wall time of a full offline cargo secure run on the largest
# corpus workspace (nushell-0.31.0, 660 packages), cold (empty caches) and warm,
# from /usr/bin/time -v. Skips with a message when a piece is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
case_dir="$shared/corpus/nushell-0.31.0"
[ -d "$case_dir" ] || { echo "skipped: $case_dir is absent"; exit 0; }
[ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time is not installed (apt-get install time)"; exit 0; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
for mode in cold warm; do
  (cd "$case_dir" && CARGO_SECURE_CACHE_DIR="$cache" /usr/bin/time -v "$root/target/release/cargo-secure" \
    secure --offline --quiet --db "$shared/advisory-db" --format json >/dev/null) 2>"$cache/time.txt" || true
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$cache/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$cache/time.txt")
  echo "$mode: peak RSS $((rss / 1024)) MiB, wall $wall"
done

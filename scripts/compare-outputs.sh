#!/usr/bin/env bash
# Byte-for-byte comparison of two cargo-secure binaries' outputs: every
# fixture workspace and every ../shared/corpus case, in every format (human
# without colour, json, sarif, markdown, github), the release checklist, the
# explain texts and the JSON Schema. Run it before each commit of a change
# that must not change behaviour:
#
#   cp target/debug/cargo-secure /tmp/before      # at the commit before
#   ... change, cargo build ...
#   scripts/compare-outputs.sh /tmp/before target/debug/cargo-secure
#
# Offline, with a fixed date and a private cache per binary; exits 1 and
# prints the differing files when the outputs differ.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
before=$(realpath "${1:?usage: $0 BEFORE_BINARY [AFTER_BINARY]}")
after=$(realpath "${2:-target/debug/cargo-secure}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_SECURE_TODAY=2026-11-23 CARGO_TERM_COLOR=never NO_COLOR=1
unset CARGO_SECURE_DB CARGO_SECURE_DB_URL

cases=()
while IFS= read -r lock; do
  cases+=("$(dirname "$lock")")
done < <(find fixtures -name Cargo.lock -not -path 'fixtures/hostile/*' | sort)
if [ -d ../shared/corpus ]; then
  for dir in ../shared/corpus/*/; do cases+=("${dir%/}"); done
fi

snapshot() {
  local bin=$1 out=$2
  export CARGO_SECURE_CACHE_DIR=$out.cache
  mkdir -p "$out"
  for dir in "${cases[@]}"; do
    local name db=$repo/fixtures/advisory-db
    name=$(echo "$dir" | tr '/.' '__')
    case $dir in ../shared/*) db=$repo/../shared/advisory-db ;; esac
    for format in human json sarif markdown github; do
      local rc=0
      (cd "$dir" && "$bin" secure --offline --db "$db" --format "$format" --color never) \
        >"$out/$name.$format" 2>"$out/$name.$format.stderr" || rc=$?
      echo "exit $rc" >>"$out/$name.$format"
    done
    for format in json markdown; do
      local rc=0
      (cd "$dir" && "$bin" secure release --offline --db "$db" --format "$format") \
        >"$out/$name.release.$format" 2>&1 || rc=$?
      echo "exit $rc" >>"$out/$name.release.$format"
    done
  done
  "$bin" secure explain >"$out/explain" 2>&1 || true
  "$bin" secure explain 2>/dev/null | grep -oE '^[a-z][a-z0-9/-]+' | while read -r code; do
    "$bin" secure explain "$code" >"$out/explain.${code//\//_}" 2>&1 || true
  done
  "$bin" secure schema >"$out/schema" 2>&1 || true
}

snapshot "$before" "$work/before"
snapshot "$after" "$work/after"
# Timings and the cache statistics may differ between runs; nothing else may.
if diff -r -x '*.cache' "$work/before" "$work/after" >"$work/diff"; then
  echo "identical: $(find "$work/after" -type f | wc -l) outputs of ${#cases[@]} workspaces"
else
  head -n 80 "$work/diff"
  echo "outputs differ"
  exit 1
fi

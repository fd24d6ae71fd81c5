#!/usr/bin/env bash
# Validates cargo-secure's SARIF output with Microsoft's SARIF Multitool.
#
#   scripts/validate-sarif.sh [FILE.sarif ...]
#
# With no file, renders the fixture workspace `fixtures/outputs/basic` with the
# debug binary and validates that. Fails when the Multitool reports any error
# or warning (notes are shown with --notes but never fail).
#
# The Multitool is found as $SARIF_MULTITOOL, else `sarif-multitool` on PATH,
# else in node_modules (`npm install @microsoft/sarif-multitool`), else via
# `npx --offline @microsoft/sarif-multitool`. It runs offline.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
levels=(Error Warning)
files=()
for arg in "$@"; do
    case "$arg" in
        --notes) levels=(Error Warning Note) ;;
        *) files+=("$arg") ;;
    esac
done

multitool=()
if [[ -n "${SARIF_MULTITOOL:-}" ]]; then
    multitool=("$SARIF_MULTITOOL")
elif command -v sarif-multitool >/dev/null 2>&1; then
    multitool=(sarif-multitool)
else
    for dir in "$root/node_modules" "${NODE_PATH:-/nonexistent}" /tmp/peers/node_modules; do
        candidate="$dir/@microsoft/sarif-multitool-linux/Sarif.Multitool"
        if [[ -x "$candidate" ]]; then
            multitool=("$candidate")
            break
        fi
    done
fi
if [[ ${#multitool[@]} -eq 0 ]]; then
    multitool=(npx --offline --yes @microsoft/sarif-multitool)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ${#files[@]} -eq 0 ]]; then
    (cd "$root" && cargo build --quiet)
    out="$work/basic.sarif"
    status=0
    CARGO_SECURE_DB="$work/no-db" CARGO_SECURE_TODAY=2026-11-23 \
        "$root/target/debug/cargo-secure" secure --offline --color never --quiet \
        --manifest-path "$root/fixtures/outputs/basic/Cargo.toml" \
        --allow-unmeasured advisories --format sarif --output "$out" || status=$?
    if [[ $status -ge 2 ]]; then
        echo "cargo secure failed with exit code $status" >&2
        exit "$status"
    fi
    files=("$out")
fi

failed=0
for file in "${files[@]}"; do
    log="$work/$(basename "$file").validation.sarif"
    output="$("${multitool[@]}" validate "$file" --output "$log" --level "${levels[@]}" 2>&1)" || failed=1
    printf '%s\n' "$output"
    if grep -Eq ': (error|warning) [A-Z]+[0-9]+' <<<"$output"; then
        failed=1
    fi
done
if [[ $failed -ne 0 ]]; then
    echo "SARIF validation found errors or warnings" >&2
    exit 1
fi
echo "SARIF validation: no errors, no warnings"

#!/usr/bin/env bash
# Validates cargo secure's SBOMs with the reference validators from PyPI,
# offline: CycloneDX 1.6 with cyclonedx-python-lib's strict JSON validator
# (`pip install 'cyclonedx-python-lib[json-validation]'`), SPDX 2.3 with
# spdx-tools' `pyspdxtools -i FILE` (`pip install spdx-tools`).
#
#   scripts/validate-sbom.sh [FILE.cdx.json | FILE.spdx.json ...]
#
# With no file, renders the SBOM in both formats of fixtures/sbom,
# fixtures/advisories/scopes and every case of ../shared/corpus (when there)
# with the debug binary, and validates each. Prints one line per document and
# the total; exits 1 on any error. Skips, saying so, when a validator is missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.local/bin:$PATH"

have_cdx=1
python3 -c 'import cyclonedx.validation.json' 2>/dev/null || have_cdx=0
have_spdx=1
command -v pyspdxtools >/dev/null 2>&1 || have_spdx=0
if [[ $have_cdx -eq 0 && $have_spdx -eq 0 ]]; then
    echo "skipped: neither cyclonedx-python-lib[json-validation] nor spdx-tools is installed"
    exit 0
fi
[[ $have_cdx -eq 1 ]] || echo "note: cyclonedx-python-lib is not installed: CycloneDX documents are not validated"
[[ $have_spdx -eq 1 ]] || echo "note: spdx-tools is not installed: SPDX documents are not validated"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    (cd "$root" && cargo build --locked --quiet)
    bin="$root/target/debug/cargo-secure"
    [[ -n "${CARGO_TARGET_DIR:-}" ]] && bin="$CARGO_TARGET_DIR/debug/cargo-secure"
    db="$root/fixtures/advisory-db"
    [[ -d "$root/../shared/advisory-db" ]] && db="$(cd "$root/../shared/advisory-db" && pwd)"
    cases=("$root/fixtures/sbom" "$root/fixtures/advisories/scopes")
    if [[ -d "$root/../shared/corpus" ]]; then
        for case in "$root"/../shared/corpus/*/; do cases+=("$(cd "$case" && pwd)"); done
    else
        echo "note: no ../shared/corpus: only the fixtures are validated"
    fi
    for case in "${cases[@]}"; do
        name="$(basename "$case")"
        for format in cyclonedx spdx; do
            out="$work/$name.$([[ $format == cyclonedx ]] && echo cdx || echo spdx).json"
            if ! SOURCE_DATE_EPOCH=1767225600 "$bin" secure sbom --offline --quiet --color never \
                --manifest-path "$case/Cargo.toml" --db "$db" --format "$format" \
                --output "$out" 2>"$work/$name.err"; then
                echo "FAIL $name ($format): cargo secure sbom failed: $(head -n 1 "$work/$name.err")"
                echo "$name $format" >>"$work/failed"
                continue
            fi
            files+=("$out")
        done
    done
fi

documents=0
errors=0
skipped=0
for file in "${files[@]}"; do
    documents=$((documents + 1))
    case "$file" in
        *.cdx.json)
            if [[ $have_cdx -eq 0 ]]; then skipped=$((skipped + 1)); continue; fi
            count=$(python3 - "$file" <<'PY'
import sys
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
with open(sys.argv[1]) as f:
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(f.read(), all_errors=True)
errors = list(errors or [])
for error in errors:
    print(error, file=sys.stderr)
print(len(errors))
PY
) ;;
        *.spdx.json)
            if [[ $have_spdx -eq 0 ]]; then skipped=$((skipped + 1)); continue; fi
            if output=$(pyspdxtools -i "$file" 2>&1); then
                count=0
            else
                echo "$output" >&2
                count=$(printf '%s\n' "$output" | grep -c . || true)
                [[ $count -gt 0 ]] || count=1
            fi ;;
        *) echo "unknown kind (expected .cdx.json or .spdx.json): $file" >&2; exit 2 ;;
    esac
    printf '%-8s %s (%s error(s))\n' "$([[ $count -eq 0 ]] && echo ok || echo FAIL)" "$(basename "$file")" "$count"
    errors=$((errors + count))
done
failed=0
[[ -f "$work/failed" ]] && failed=$(wc -l <"$work/failed")
echo "$documents documents, $errors errors, $skipped not validated, $failed not rendered"
[[ $errors -eq 0 && $failed -eq 0 ]]

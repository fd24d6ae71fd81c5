#!/usr/bin/env bash
# Opens `cargo secure --format html` in headless Chromium with the network
# disabled, saves screenshots at 1280x900 and 390x844 (phone), and checks in
# the rendered DOM that every layer bar is drawn and that the findings count
# equals the JSON report's.
#
# usage: scripts/check-html.sh WORKSPACE_DIR [OUT_DIR] [-- extra cargo-secure args]
# e.g.   scripts/check-html.sh ../shared/corpus/fd-8.2.1 /tmp/html -- --db "$PWD/../shared/advisory-db" --offline
# (cargo secure runs inside WORKSPACE_DIR: give paths in the extra arguments as absolute ones)
set -euo pipefail

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "check-html: skipped: no chromium on PATH (apt-get install chromium)" >&2
  exit 0
fi
dir=${1:?usage: check-html.sh WORKSPACE_DIR [OUT_DIR] [-- args]}
out=${2:-$(mktemp -d)}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
bin=${CARGO_SECURE:-${CARGO_TARGET_DIR:-target}/debug/cargo-secure}
mkdir -p "$out"
out=$(cd "$out" && pwd)
dir=$(cd "$dir" && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

(cd "$dir" && "$bin" secure --quiet "$@" --format html --output "$out/report.html") || [ $? -eq 1 ]
(cd "$dir" && "$bin" secure --quiet "$@" --format json --output "$out/report.json") || [ $? -eq 1 ]

chrome() {
  # A proxy that does not exist stands in for "network disabled": any
  # request the page made would fail, and the page must not need one.
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --user-data-dir="$(mktemp -d)" "$@" "file://$out/report.html" 2>/dev/null
}
chrome --screenshot="$out/desktop.png" --window-size=1280,900
chrome --screenshot="$out/phone.png" --window-size=390,844
chrome --dump-dom > "$out/dom.html"

expected_layers=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["layers"]))' "$out/report.json")
expected_findings=$(python3 -c 'import json,sys; print(sum(len(l["findings"]) for l in json.load(open(sys.argv[1]))["layers"]))' "$out/report.json")
bars=$(grep -o '<g class="bar ' "$out/dom.html" | wc -l)
count=$(grep -o 'id="findings-count" data-count="[0-9]*"' "$out/dom.html" | grep -o '[0-9]*"$' | tr -d '"')
items=$(grep -o '<li class="finding ' "$out/dom.html" | wc -l)
shown=$(grep -o '<output id="shown"[^>]*>[^<]*' "$out/dom.html" | sed 's/.*>//')

fail=0
[ "$bars" -eq "$expected_layers" ] || { echo "check-html: $bars layer bars, the JSON report has $expected_layers layers" >&2; fail=1; }
[ "$count" = "$expected_findings" ] || { echo "check-html: the page counts $count findings, the JSON report $expected_findings" >&2; fail=1; }
[ "$items" -eq "$expected_findings" ] || { echo "check-html: $items findings listed, the JSON report has $expected_findings" >&2; fail=1; }
[ "$shown" = "$expected_findings of $expected_findings shown" ] || { echo "check-html: the script did not run (filter output: '$shown')" >&2; fail=1; }
[ -s "$out/desktop.png" ] && [ -s "$out/phone.png" ] || { echo "check-html: no screenshot" >&2; fail=1; }
[ $fail -eq 0 ] && echo "check-html: ok: $bars layer bars, $count findings; screenshots in $out"
exit $fail

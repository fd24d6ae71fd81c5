#!/usr/bin/env bash
# Lists every program cargo secure starts and every connection it makes, found
# by tracing rather than by reading the code (docs/hardening.md's inventory
# comes from it).
#
#   scripts/trace-processes.sh hostile   an armed copy of fixtures/hostile (every
#                                        trap live, a 401 registry on loopback):
#                                        online and offline scans in every format,
#                                        release, sbom, bin, init, baseline, explain, fetch
#   scripts/trace-processes.sh suite     the whole test suite (cargo test --locked)
#   scripts/trace-processes.sh all       both (the default)
#
# CARGO_SECURE_BIN=PATH traces another build (an older one, to compare).
# Needs strace (apt-get install strace), python3, git and cc; skips with a
# message without strace. Exits 1 when a traced run started a program by bare
# name, from inside the checkout, or with the checkout as its working
# directory (the trusted cargo excepted), or when a trap wrote its marker.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
mode=${1:-all}

if ! command -v strace >/dev/null; then
  echo "skipped: strace is not installed (apt-get install strace)"
  exit 0
fi
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${CARGO_SECURE_BIN:-}" ]; then
  bin=$(realpath "$CARGO_SECURE_BIN")
else
  cargo build --locked --quiet
  bin=$repo/target/debug/cargo-secure
fi
failed=0

trace() {
  local log=$1
  shift
  strace -f -qq -s 512 -e trace=execve,chdir,fchdir,connect,clone,clone3,fork,vfork -o "$log" "$@" \
    >/dev/null 2>"$log.stderr" || true
}

report() {
  local name=$1 log=$2 root=${3:-}
  echo
  echo "### $name"
  local args=("$log")
  [ -n "$root" ] && args+=(--root "$root" --cwd "$root")
  python3 "$repo/scripts/trace_report.py" "${args[@]}" || failed=1
}

arm() {
  local root=$1 port=$2
  cp -r "$repo/fixtures/hostile" "$root"
  chmod +x "$root"/{wrap.sh,fake-rustc.sh,cred.sh,cred-global.sh,git-trap.sh} "$root"/toolchain/bin/*
  printf '[toolchain]\npath = "%s"\n' "$root/toolchain" >"$root/rust-toolchain.toml"
  sed -i "s/@PORT@/$port/g" "$root/.cargo/config.toml" "$root/Cargo.lock"
  (cd "$root" && cc -shared -fPIC -o trap.so trap.c) || echo "  (no cc: the LD_PRELOAD trap is not armed)"
  local g=(git -C "$root" -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false)
  "${g[@]}" init -q
  "${g[@]}" add -A
  "${g[@]}" commit -qm hostile
  printf '*.rs filter=trapclean\ntoolchain/** filter=trapprocess\n' >"$root/.gitattributes"
  "${g[@]}" add .gitattributes
  "${g[@]}" commit -qm attributes
  "${g[@]}" config filter.trapclean.clean "sh ./git-trap.sh filter-clean"
  "${g[@]}" config filter.trapprocess.process "sh ./git-trap.sh filter-process"
  "${g[@]}" config core.fsmonitor "sh ./git-trap.sh fsmonitor"
  echo "// changed after the commit" >>"$root/app/src/lib.rs"
  sleep 1
  touch "$root/macros/src/lib.rs" "$root/toolchain/bin/rustc"
}

hostile() {
  # A registry that answers 401, as one whose config.json says auth-required.
  cat >"$work/registry.py" <<'EOF'
import http.server, sys
class Unauthorized(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(401)
        self.send_header("www-authenticate", 'Cargo login_url="http://127.0.0.1/login"')
        self.send_header("content-length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Unauthorized)
print(server.server_address[1], flush=True)
for _ in range(500):
    server.handle_request()
EOF
  python3 "$work/registry.py" >"$work/port" &
  server=$!
  for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
  local port root=$work/hostile
  port=$(cat "$work/port")
  arm "$root" "$port"
  local db=$repo/fixtures/advisory-db
  export CARGO_SECURE_CACHE_DIR=$work/cache CARGO_SECURE_DB=$work/advisory-db
  unset CARGO RUSTUP_TOOLCHAIN RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER
  local n=0
  run() {
    n=$((n + 1))
    (cd "$root" && trace "$work/trace.$n" "$bin" "$@")
    report "cargo-secure $*" "$work/trace.$n" "$root"
  }
  for format in human json sarif markdown github; do
    run secure --no-cache --format "$format" --db "$db"
    run secure --offline --no-cache --format "$format" --db "$db"
  done
  run secure --db "$db" -v
  run secure release --db "$db"
  run secure release --offline --db "$db"
  run secure sbom --db "$db"
  run secure sbom --offline --format spdx --db "$db"
  run secure bin --offline --db "$db" "$bin"
  run secure init --force --db "$db"
  run secure baseline --offline --db "$db"
  run secure explain yanked
  run secure fetch
  run secure --offline -v
  echo
  local markers
  markers=$(find "$root" -name 'MARKER-*' -printf '%f ')
  if [ -n "$markers" ]; then
    echo "!! traps sprang: $markers"
    failed=1
  else
    echo "no trap sprang"
  fi
}

suite() {
  trace "$work/suite" cargo test --locked
  report "cargo test --locked (every cargo-secure process the tests start)" "$work/suite"
}

case $mode in
  hostile) hostile ;;
  suite) suite ;;
  all) hostile; suite ;;
  *) echo "usage: $0 [hostile|suite|all]" >&2; exit 2 ;;
esac
exit $failed

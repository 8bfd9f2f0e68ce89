#!/usr/bin/env bash
# "Record an idea" round trip in Chromium (issue 22, section 5): starts `heard serve --demo` on
# a fresh folder on 127.0.0.1, invites a facilitator, and runs benches/staff-record.mjs.
# Usage: bash benches/staff-record.sh [ideas=200]   (HEARD_BIN picks the binary; default: the
# release build, made if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
ideas="${1:-200}"
bin="${HEARD_BIN:-target/release/heard}"
[ -x "$bin" ] || cargo build --release
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund)
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$bin" serve --data "$dir/data" --demo --listen 127.0.0.1:0 > "$dir/out" 2> "$dir/err" &
pid=$!
for _ in $(seq 1 200); do grep -q 'serving' "$dir/out" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/.* at \(http:[^ ]*\)\/ (API.*/\1/p' "$dir/out" | head -1)"
[ -n "$url" ] || { cat "$dir/out" "$dir/err"; exit 1; }
link="$("$bin" invite --data "$dir/data" --role facilitator --name "Bench Facilitator" --public-url "$url" 2>/dev/null | sed -n 's/^link //p')"
HEARD_URL="$url" HEARD_INVITE="$link" HEARD_IDEAS="$ideas" node benches/staff-record.mjs

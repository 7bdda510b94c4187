#!/usr/bin/env bash
# Browser test of the web page of `newskg serve`: builds a store from examples/articles, serves
# it on a free loopback port, drives headless Chromium through the page (check.mjs, with
# playwright-core from npm and the system's Chromium) and saves screenshots.
#
#   tests/browser/run.sh            # needs a release build, Node.js and Chromium
#
# NEWSKG_BIN picks the binary (default: $CARGO_TARGET_DIR/release/newskg or target/release/newskg),
# CHROMIUM the browser (default: chromium on the PATH), BROWSER_TEST_OUT where screenshots go.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin="${NEWSKG_BIN:-${CARGO_TARGET_DIR:-target}/release/newskg}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
out="${BROWSER_TEST_OUT:-${CARGO_TARGET_DIR:-target}/browser-test}"
if [ ! -x "$bin" ]; then echo "browser test: no binary at $bin (cargo build --release, or set NEWSKG_BIN)" >&2; exit 2; fi
if [ -z "$chromium" ]; then echo "browser test: Chromium not found (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; fi
command -v node >/dev/null || { echo "browser test: Node.js not found" >&2; exit 2; }

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" build -q examples/articles --store "$work/kg.db" >/dev/null
"$bin" serve --store "$work/kg.db" --bind 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "browser test: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

mkdir -p "$out"
echo "== browser test against $url with $chromium"
node tests/browser/check.mjs "$url" "$chromium" "$(cd "$out" && pwd)"

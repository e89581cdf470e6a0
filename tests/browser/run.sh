#!/usr/bin/env bash
# Browser tests: headless Chromium (Debian's package) driven by playwright-core.
# Installs what is missing (chromium via apt, playwright-core via npm), builds
# mujaz, then runs every *.mjs test here. Exit status 0 only if all pass.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "browser tests: installing Debian's chromium" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null 2>&1 || {
    $sudo apt-get update -qq >/dev/null 2>&1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  }
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
(cd "$repo" && cargo build --release --quiet)
bin="${CARGO_TARGET_DIR:-$repo/target}/release/mujaz"

status=0
for t in "$here"/*.mjs; do
  echo "== $(basename "$t")"
  node "$t" "$bin" "$repo/tests/fixtures/basic" || status=1
done
exit $status

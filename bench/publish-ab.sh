#!/usr/bin/env bash
# Benchmark: the one-article publish of two mujaz binaries, in the same run.
# Each binary gets its own copy of a built site (so each keeps its own
# caches); then, after one warm-up pair, ROUNDS pairs of "remove the new
# article, build, add it dated now, time the build", old and new in turn.
# Prints each publish's time and the files it wrote. A benchmark, not a test:
# the machine's speed drifts, so compare the two columns of one run.
#
#   bench/publish.sh 10000                 # makes /tmp/mujaz-publish-bench/n10000
#   bench/publish-ab.sh OLD_BIN NEW_BIN [SITE]
#
# With SITE_A and SITE_B set, those two built sites are used as they are,
# OLD_BIN on SITE_A: at 200,000 articles a copy is gigabytes, so make the
# two once (`cp -al SITE SITE_A`: hard links; mujaz replaces files, never
# writes into them) and use them for every pair of binaries.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/new-article.sh"
OLD=${1:?old mujaz binary}; NEW=${2:?new mujaz binary}
SITE=${3:-/tmp/mujaz-publish-bench/n10000}
ROUNDS=${ROUNDS:-5}
if [ -n "${SITE_A:-}" ] && [ -n "${SITE_B:-}" ]; then
  A=$SITE_A; B=$SITE_B
else
  [ -d "$SITE/content" ] || { echo "bench: no built site at $SITE (run bench/publish.sh first)" >&2; exit 2; }
  A=$SITE-a; B=$SITE-b
  rm -rf "$A" "$B"
  cp -a "$SITE" "$A"; cp -a "$SITE" "$B"
fi
for s in "$A" "$B"; do
  [ -d "$s/content" ] || { echo "bench: no site at $s" >&2; exit 2; }
done
publish() { # bin site -> "seconds files-written"
  local bin=$1 site=$2
  rm -f "$site/content/articles/zz-new.md"
  "$bin" build --root "$site" >/dev/null 2>&1
  sleep 1.2
  new_article "$site"
  local t1 t2 line
  t1=$(date +%s.%N)
  line=$("$bin" build --root "$site" 2>&1 | grep '^built' || true)
  t2=$(date +%s.%N)
  python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])), end=' ')" "$t1" "$t2"
  sed -E 's/.*\(([0-9]+) written.*/\1/' <<<"$line"
}
publish "$OLD" "$A" >/dev/null; publish "$NEW" "$B" >/dev/null
printf '| round | old | new |\n|---|---|---|\n'
for r in $(seq 1 "$ROUNDS"); do
  printf '| %s | %s | %s |\n' "$r" "$(publish "$OLD" "$A")" "$(publish "$NEW" "$B")"
done

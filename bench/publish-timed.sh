#!/usr/bin/env bash
# Benchmark: one binary on a built site (bench/publish.sh makes one; any
# generated corpus will do): a whole build (its time and peak memory with
# GNU time), then ROUNDS publishes of one article, each timed, with the
# build's own stage timings (RUST_LOG=mujaz=debug) of the last one. The
# first build of a new binary parses every article (the caches are kept
# per program). A benchmark, not a test: the machine's speed drifts, so
# compare binaries run in turn in the same run.
#
#   bench/publish-timed.sh BIN SITE [ROUNDS]
set -u
source "$(dirname "${BASH_SOURCE[0]}")/new-article.sh"
BIN=${1:?mujaz binary}; SITE=${2:?built site}; ROUNDS=${3:-2}
[ -d "$SITE/content" ] || { echo "bench: no site at $SITE" >&2; exit 2; }
rm -f "$SITE/content/articles/zz-new.md"
/usr/bin/time -f "whole build: %e s, peak %M KiB" "$BIN" build --root "$SITE" 2>&1 | grep -E "^built|whole build|rror" | head -5
for _ in $(seq 1 "$ROUNDS"); do
  sleep 1.2; new_article "$SITE"
  t1=$(date +%s.%N)
  RUST_LOG=mujaz=debug "$BIN" build --root "$SITE" > /tmp/publish-timed.log 2>&1
  t2=$(date +%s.%N)
  python3 -c "import sys; print('publish: %.3f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t1" "$t2"
  grep '^built' /tmp/publish-timed.log
  rm -f "$SITE/content/articles/zz-new.md"
  "$BIN" build --root "$SITE" >/dev/null 2>&1
done
grep '^debug' /tmp/publish-timed.log

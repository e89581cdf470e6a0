#!/usr/bin/env bash
# Benchmark: full-build wall time and peak memory of `mujaz build` against Hugo
# on the same generated Arabic corpus, in the same run, for each N given
# (default: 1000 10000 100000). A benchmark, not a test: it prints figures.
#
#   bench/hugo-compare.sh [N ...]
#
# It uses the shared benchmark kit (BENCH_KIT, default ../shared/bench, whose
# compare.sh generates the corpus with gen_corpus.py and times both tools in
# turn: 1 warm-up + 3 timed runs each), installs Hugo 0.168.0 into a venv if
# HUGO is not set, and builds mujaz in release mode. The mujaz site gets
# bench/skeleton/site.yaml (no search index: Hugo builds none). Each N's table is printed
# and kept in $WORK_ROOT/nN/summary.md (default WORK_ROOT=/tmp/mujaz-bench).
# MUJAZ_BIN picks another mujaz binary, MUJAZ_SKELETON another site.yaml
# folder, HUGO another Hugo (bench/hugo-pagefind-compare.sh sets all three).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

KIT=${BENCH_KIT:-../shared/bench}
[ -x "$KIT/compare.sh" ] || { echo "bench: no compare.sh in $KIT (set BENCH_KIT)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

# shellcheck source=bench/hugo.sh
. bench/hugo.sh  # the scripts run from the repository root (cd above)
export HUGO

cargo build --release --quiet
# Every timed run a cold build: the content cache and the page record are
# removed first (a second build of the same site would parse nothing).
export MUJAZ_BIN="${MUJAZ_BIN:-$PWD/target/release/mujaz}"
export MUJAZ="$PWD/bench/cold-mujaz.sh"
# Same work as Hugo's skeleton: no search index (measured separately).
export MUJAZ_SKELETON="${MUJAZ_SKELETON:-$PWD/bench/skeleton}"

WORK_ROOT=${WORK_ROOT:-/tmp/mujaz-bench}
for n in "${@:-1000 10000 100000}"; do
  for N in $n; do
    WORK="$WORK_ROOT/n$N" "$KIT/compare.sh" "$N"
    echo
  done
done

#!/usr/bin/env bash
# Benchmark: publishing one article on a built site. Builds a generated
# corpus of N articles (../shared/bench/gen_corpus.py, or GEN=path), then
# adds one article dated now (after all others) (two tags the corpus uses) and
# builds again; prints the time and the files written by that second build,
# the way a newsroom publishes every few minutes. A benchmark, not a test.
#
#   bench/publish.sh [N ...]        (default: 1000 10000)
#   SEARCH=off bench/publish.sh 10000
#   CACHE=off bench/publish.sh 10000  (the publish without the caches a build
#                                      keeps: .mujaz/cache/{content,pages})
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/new-article.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GEN=${GEN:-../shared/bench/gen_corpus.py}
[ -f "$GEN" ] || { echo "bench: no corpus generator at $GEN (set GEN=)" >&2; exit 2; }
cargo build --release --quiet
BIN=${MUJAZ:-$PWD/target/release/mujaz}
WORK=${WORK_ROOT:-/tmp/mujaz-publish-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
printf '| articles | search | caches | full build | publish one | files written | unchanged |\n|---|---|---|---|---|---|---|\n'
for n in "${SIZES[@]}"; do
  site=$WORK/n$n
  rm -rf "$site"; mkdir -p "$site"
  python3 "$GEN" -n "$n" --seed 1 --layout mujaz "$site" >/dev/null
  printf 'title: Bench\nbase_url: https://bench.example/\nsearch: %s\n' "$([ "${SEARCH:-on}" = off ] && echo false || echo true)" > "$site/site.yaml"
  t0=$(date +%s.%N)
  "$BIN" build --root "$site" >/dev/null 2>&1
  t1=$(date +%s.%N)
  new_article "$site"
  [ "${CACHE:-on}" = off ] && rm -rf "$site/.mujaz/cache/content" "$site/.mujaz/cache/pages"
  line=$("$BIN" build --root "$site" 2>&1 | grep '^built' || true)
  t2=$(date +%s.%N)
  written=$(sed -E 's/.*\(([0-9]+) written.*/\1/' <<<"$line")
  unchanged=$(sed -E 's/.*, ([0-9]+) unchanged.*/\1/' <<<"$line")
  python3 - "$n" "${SEARCH:-on}" "${CACHE:-on}" "$t0" "$t1" "$t2" "$written" "$unchanged" <<'PY'
import sys
n, search, cache, t0, t1, t2, w, u = sys.argv[1:]
print(f"| {n} | {search} | {cache} | {float(t1)-float(t0):.2f} s | {float(t2)-float(t1):.2f} s | {w} | {u} |")
PY
done

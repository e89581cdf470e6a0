#!/usr/bin/env bash
# Benchmark: what the search index adds to a build. For each site given
# (e.g. corpora from ../shared/bench/gen_corpus.py --layout mujaz), builds it
# into fresh folders with `search: false` and `search: true` (RUNS times each,
# in turn) and prints the medians of wall time and peak memory, and the size
# of the index (pagefind/). A benchmark, not a test.
#
#   bench/search-cost.sh SITE [SITE ...]      (RUNS=3 by default)
#   PART_SIZE=2500 bench/search-cost.sh SITE  (articles per index part;
#                                             the default is mujaz's own)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet
bin="$PWD/target/release/mujaz"
runs=${RUNS:-3}
med() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for site in "$@"; do
  n=$(find "$site/content" -name '*.md' | wc -l)
  work=$(mktemp -d)
  cfg="$site/site.yaml"
  [ -e "$cfg" ] && cp "$cfg" "$work/site.yaml.orig"
  for i in $(seq "$runs"); do
    for search in false true; do
      printf 'base_url: https://example.org/\nsearch: %s\n' "$search" >"$cfg"
      [ -n "${PART_SIZE:-}" ] && printf 'search_part_size: %s\n' "$PART_SIZE" >>"$cfg"
      sync; sleep 2
      /usr/bin/time -f '%e %M' -o "$work/t" "$bin" build --root "$site" --output "$work/out-$search-$i" -q
      echo "$search $(cat "$work/t")" >>"$work/runs"
    done
  done
  if [ -e "$work/site.yaml.orig" ]; then cp "$work/site.yaml.orig" "$cfg"; else rm -f "$cfg"; fi
  off_wall=$(awk '$1=="false" {print $2}' "$work/runs" | med); on_wall=$(awk '$1=="true" {print $2}' "$work/runs" | med)
  off_mem=$(awk '$1=="false" {print $3/1024}' "$work/runs" | med); on_mem=$(awk '$1=="true" {print $3/1024}' "$work/runs" | med)
  files=$(find "$work/out-true-1/pagefind" -type f | wc -l)
  size=$(du -sk "$work/out-true-1/pagefind" | awk '{printf "%.1f", $1/1024}')
  bytes=$(find "$work/out-true-1/pagefind" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}')
  echo "| $n | $off_wall | $on_wall | $(awk -v a="$on_wall" -v b="$off_wall" 'BEGIN {printf "%.2f", a-b}') | $(printf '%.0f' "$off_mem") | $(printf '%.0f' "$on_mem") | $files | $bytes ($size on disk) |"
  rm -rf "$work"
done

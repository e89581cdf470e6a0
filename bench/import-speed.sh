#!/usr/bin/env bash
# Benchmark: `mujaz import` wall time and peak memory on N generated
# scraped-page seeds (bench/gen_seeds.py), for each N given (default:
# 1000 5000 10000), so that the cost per seed can be compared across sizes
# (it should stay flat: import is linear in the input). A benchmark, not a
# test: it prints figures.
#
#   bench/import-speed.sh [N ...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
BIN=$PWD/target/release/mujaz
WORK=${WORK_ROOT:-/tmp/mujaz-import-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000 10000)
printf '| seeds | total size | wall time | per seed | peak memory |\n|---|---|---|---|---|\n'
for n in "${SIZES[@]}"; do
  site=$WORK/n$n
  rm -rf "$site"; mkdir -p "$site/content"
  python3 bench/gen_seeds.py "$n" "$site/seeds"
  size=$(du -sh "$site/seeds" | cut -f1)
  /usr/bin/time -f '%e %M' -o "$site/time.txt" "$BIN" -q import --root "$site" >/dev/null 2>&1
  read -r secs kib < "$site/time.txt"
  per=$(python3 -c "print(f'{1000*$secs/$n:.2f} ms')")
  printf '| %s | %s | %.2f s | %s | %s MiB |\n' "$n" "$size" "$secs" "$per" "$((kib / 1024))"
done

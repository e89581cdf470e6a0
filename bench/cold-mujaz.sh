#!/usr/bin/env bash
# `mujaz build …` as a cold build, for benchmarks: the caches a build keeps
# under the site's .mujaz/ (parsed articles, the record of written pages)
# are removed first, so that every timed run does a whole build's work, as
# Hugo's does (bench/hugo-compare.sh points compare.sh's MUJAZ here).
# Photo renditions are left cached (the benchmark corpus has none).
#
#   MUJAZ_BIN=target/release/mujaz bench/cold-mujaz.sh build --root SITE --output DIR
set -euo pipefail
root=
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = --root ] && root=${args[$((i + 1))]}
done
[ -z "$root" ] || rm -rf "$root/.mujaz/cache/content" "$root/.mujaz/cache/pages"
exec "${MUJAZ_BIN:?set MUJAZ_BIN to the mujaz binary}" "$@"

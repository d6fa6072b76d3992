# Sourced by test.sh and bench.sh. `setup_venv [extra packages]` creates
# bindings-python/.venv when missing and installs the pinned tools (plus any extra
# packages) into it. Sets BINDING, VENV, PY; exports VIRTUAL_ENV (maturin develop
# installs there) and puts the venv first on PATH.
BINDING="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$BINDING/.venv"
PY="$VENV/bin/python"

setup_venv() {
  if [ ! -x "$PY" ]; then
    "${PYTHON:-python3}" -m venv "$VENV" || return 1
  fi
  export VIRTUAL_ENV="$VENV"
  export PATH="$VENV/bin:$PATH"
  "$PY" -m pip install -q --disable-pip-version-check -r "$BINDING/scripts/requirements-dev.txt" "$@"
}

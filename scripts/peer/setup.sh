#!/usr/bin/env bash
# Create (idempotently) the peer venv .venv-peer/ at the repo root with
# cs-demand-model==0.5.1, the differential-test peer. The peer needs
# pandas<2 and numpy<2 (pandas 1.5.3 has wheels for Python <=3.11 only).
# Prints the venv's python path on success; exits non-zero on failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv-peer"
PY="${PEER_PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3

ver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$ver" in
  3.10|3.11) ;;
  *) echo "setup.sh: need Python 3.10 or 3.11 for the peer, got $ver ($PY)" >&2; exit 1 ;;
esac

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"

# Already installed at the right version? Then nothing to do.
if ! "$VENV/bin/python" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
sys.exit(0 if m.version("cs-demand-model") == "0.5.1" else 1)
PY
then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    'cs-demand-model==0.5.1' 'pandas>=1.5,<2' 'numpy<2'
fi

# Smoke test: the library API and the bundled sample import.
"$VENV/bin/python" -c 'import cs_demand_model, cs_demand_model_samples' >/dev/null
echo "$VENV/bin/python"

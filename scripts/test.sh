#!/usr/bin/env bash
# Every check the project has, in one command, on a fresh machine:
# formatting, lints, Rust unit/integration/doc tests, docs, the Python
# extension built into a local venv, pytest, and every example.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (core, then with the Python bindings)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features python -- -D warnings

step "Rust tests (unit, integration, property, doc)"
cargo test

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

step "the core builds without pyo3"
if cargo tree -e normal --prefix none | grep -q '^pyo3'; then
    echo "pyo3 is in the default dependency tree" >&2
    exit 1
fi

step "Python venv, extension and tests"
VENV="${SUFFICIENCY_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.9,<2' pytest pandas mypy matplotlib polars nbclient ipykernel
"$VENV/bin/maturin" develop --release --quiet
"$VENV/bin/pytest" tests/python -q

step "the .pyi stubs match the extension (mypy stubtest)"
STUBTEST_CONFIG="$(mktemp)"
printf '[mypy]\nignore_missing_imports = True\n' > "$STUBTEST_CONFIG"
"$VENV/bin/python" -m mypy.stubtest sufficiency --mypy-config-file "$STUBTEST_CONFIG"
rm -f "$STUBTEST_CONFIG"

step "examples: the main job, then every example against its goldens (examples/golden/)"
cargo run --quiet --release --example snapshot > /dev/null
"$VENV/bin/python" examples/snapshot.py > /dev/null
# After an intended change to the numbers: .venv/bin/python scripts/examples.py --refresh
"$VENV/bin/python" scripts/examples.py

step "notebooks, executed top to bottom (examples/notebooks/)"
"$VENV/bin/python" scripts/run_notebooks.py

step "synthetic authorities: calibration of every named profile (fails outside tolerance)"
cargo run --quiet --release --example calibration

step "synthetic returns pass the public DfE validator (csc-validator-be-903, own venv)"
SYNTH_DIR="$(mktemp -d)"
trap 'rm -rf "$SYNTH_DIR"' EXIT
"$VENV/bin/python" -c "import sys, sufficiency as sf; sf.synthetic_authority('england-median', seed=0, years=5).write_ssda903(sys.argv[1])" "$SYNTH_DIR"
python3 scripts/validate_903.py "$SYNTH_DIR/2025" --year 2025 --la E08000007

step "demand engine against the public cs-demand-model 0.5.1 (own venv): parity and backtest"
# The peer needs Python 3.10 or 3.11 (pandas 1.5 has no wheels for newer
# Pythons). Where neither exists the comparison cannot run: say so loudly.
PEER_PY=""
for py in python3.11 python3.10 python3; do
    if command -v "$py" > /dev/null && "$py" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 10), (3, 11)))'; then
        PEER_PY="$py"
        break
    fi
done
if [ -n "$PEER_PY" ]; then
    PEER_PYTHON="$PEER_PY" bash scripts/peer/setup.sh > /dev/null
    "$VENV/bin/python" scripts/peer/compare.py
else
    echo "SKIPPED: no Python 3.10 or 3.11 on this machine, which cs-demand-model 0.5.1 needs; install one to run the comparison"
fi

step "summary"
echo "all steps: 12 passed, 0 failed"

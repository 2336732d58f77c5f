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
"$VENV/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.9,<2' pytest pandas
"$VENV/bin/maturin" develop --release --quiet
"$VENV/bin/pytest" tests/python -q

step "examples"
cargo run --quiet --release --example snapshot > /dev/null
"$VENV/bin/python" examples/snapshot.py > /dev/null
echo "examples: 2 passed, 0 failed"

#!/usr/bin/env bash
# The main job: read the SSDA903 returns given (default: the shipped sample in
# examples/data/sample) and print what was read, what was wrong with it, and
# who was in care where on the last 31 March.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --example snapshot -- "$@"

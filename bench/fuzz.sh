#!/usr/bin/env bash
# Long run of the seeded mutation harness (tests/fuzz.rs) over text, HTML and JSON Lines inputs
# through the whole pipeline. `cargo test` runs 300 cases; this runs many more.
#
#   bench/fuzz.sh                       # 20,000 cases, seed 1
#   FUZZ_CASES=200000 FUZZ_SEED=5 bench/fuzz.sh
#
# Prints one line: seed, cases, executions, documents, MB, crashes, seconds. A crashing input
# is saved as $TMPDIR/newskg-fuzz-crash-<seed>-<case>.<ext> and the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEWSKG_FUZZ_CASES="${FUZZ_CASES:-20000}"
export NEWSKG_FUZZ_SEED="${FUZZ_SEED:-1}"
cargo test --release --quiet --test fuzz -- --nocapture 2>&1 | grep -E '^fuzz:|panicked|FAILED|case [0-9]+'

#!/usr/bin/env bash
# Run the tests that state a published target the model misses today
# (tests named known_gap_*, docs/validation.md "Known gaps") and report
# which still miss it. Exit 0 either way: these measure, they do not gate.
# When one passes, drop its known_gap_ prefix so the slow tier gates it.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --test all -- --ignored known_gap_ 2>&1 \
  | grep -E -A1 '^test |panicked at' | grep -v -E '^--$|stack backtrace' || true

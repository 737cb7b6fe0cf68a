#!/bin/sh
# Runs every fuzz target for a bounded time, one after the other, on one core.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET]   (default 600)
# Needs cargo-fuzz (`cargo install cargo-fuzz`); works on the stable toolchain.
set -eu
seconds="${1:-600}"
cd "$(dirname "$0")"
# cargo-fuzz passes nightly-only flags to rustc (-Zsanitizer, -Cpasses=sancov…):
# RUSTC_BOOTSTRAP lets the stable compiler accept them.
export RUSTC_BOOTSTRAP=1
for target in compare scenario; do
    echo "== $target for ${seconds}s"
    # One process (libFuzzer's default): the machine is shared.
    cargo fuzz run "$target" --sanitizer none --debug-assertions -- \
        -max_total_time="$seconds" -print_final_stats=1
done

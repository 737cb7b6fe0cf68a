#!/usr/bin/env bash
# Runs every benchmark and prints its figures (nothing is asserted).
#
#   scripts/bench.sh            all of them (about 10 minutes on 2 cores)
#   scripts/bench.sh xml        only some: xml, xml_memory, overhead, scale, reference
#
# Figures depend on the machine and on what else runs on it: take them when the load
# average is low (the script prints it before and after) and record them in
# BENCHMARKS.md together with the machine. WBXCONF_BENCH_SCENARIOS shortens the scale
# bench (default 10000 scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."

benches=("$@")
if [ ${#benches[@]} -eq 0 ]; then
  benches=(xml xml_memory overhead scale reference)
fi

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
}

machine
# Build first, so compiling does not overlap any measurement.
cargo bench --no-run "${benches[@]/#/--bench=}" 2>&1 | tail -n 3
for b in "${benches[@]}"; do
  echo
  echo "== $b  ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg))"
  cargo bench --quiet --bench "$b"
done
echo
machine

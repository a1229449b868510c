#!/usr/bin/env bash
# make bench: the main comparison table, then each analyser's own micro-benchmark.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
python3 "$here/bench.py" "$bin"
for b in pii_bench.sh dedup_bench.sh scope_bench.sh; do
  [ -x "$here/$b" ] || [ -f "$here/$b" ] || continue
  echo; echo "== $b"; bash "$here/$b" "$bin" || echo "bench: $b failed"
done

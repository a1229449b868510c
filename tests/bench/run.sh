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
echo; echo "== formats_bench.py (the 64 MB corpus as Parquet, .jsonl.zst and .csv.zst)"
python3 "$here/formats_bench.py" "$bin" 64 || echo "bench: formats_bench.py failed"
if [ -f "$here/merge_bench.sh" ]; then # 200 shards keep it to a minute; the note used 1,000
  echo; echo "== merge_bench.sh (200 shards)"; bash "$here/merge_bench.sh" "$bin" 200 || echo "bench: merge_bench.sh failed"
fi

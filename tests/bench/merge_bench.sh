#!/usr/bin/env bash
# merge_bench.sh - `dataprov merge` of many small shard results: time and peak RSS.
# Usage: bash tests/bench/merge_bench.sh /path/to/dataprov [SHARDS=1000] [RECORDS=200]
# Generates SHARDS small JSONL shards (RECORDS records each, a shared sentence pool so
# duplicates cross shards, a test split leaking from train), scans each with GNU parallel,
# then times the merge with /usr/bin/time and checks its counts against one scan of all.
set -euo pipefail
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${2:-1000}
R=${3:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$out"

python3 - "$N" "$R" <<'PY'
import json, os, random, sys
n, r = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(1)
pool = [f"shared sentence {i} of the pool" for i in range(5000)]
os.makedirs("shards")
for k in range(n):
    split = "test" if k % 10 == 0 else "train"
    with open(f"shards/s{k:05d}.jsonl", "w") as f:
        for i in range(r):
            t = rng.choice(pool) if rng.random() < 0.3 else f"unique text {k} {i} {rng.random()}"
            f.write(json.dumps({"text": t, "split": split}) + "\n")
PY
echo "== $N shards x $R records ($(du -sh shards | cut -f1))"
start=$(date +%s.%N)
ls shards | parallel -j "$(nproc)" "$BIN" scan -q --progress=never -j 1 shards/{} -o parts/{.}
echo "scan of the shards (GNU parallel, $(nproc) jobs): $(echo "$(date +%s.%N) - $start" | bc) s"
du -sh parts | awk '{print "shard results on disk: " $1}'
du -shc parts/*/state | tail -1 | awk '{print "of which state/ side files: " $1}'

/usr/bin/time -f "merge: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
	"$BIN" merge -q --progress=never -o card parts/*
"$BIN" scan -q --progress=never shards -o ref || true
python3 - <<'PY'
import json
a = json.load(open("card/report.json")); b = json.load(open("ref/report.json"))
for x in (a, b):
    x["dedup"].pop("spilled_runs", None)
print("merged report equals one scan of all shards:", a == b)
d = a["dedup"]
print("records", a["records"]["total"], "exact duplicates", d["exact"]["duplicates"],
      "leakage", [(l["split"], l["exact"]) for l in d["leakage"]])
PY
/usr/bin/time -f "one scan of all shards: %e s wall, peak RSS %M KiB" \
	"$BIN" scan -q --progress=never shards -o ref2 || true

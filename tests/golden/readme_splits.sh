#!/usr/bin/env bash
# readme_splits.sh - the splits a dataset README's `configs` declare decide the split of the
# files they name (names that suggest none, or another one): records by split, members'
# splits, and the leakage of test records into train are measured from them; an archive
# named there gives its split to every member; a folder without configs keeps the splits
# its file names suggest.
# Usage: bash tests/golden/readme_splits.sh /path/to/dataprov
set -euo pipefail
bin=${1:?usage: readme_splits.sh /path/to/dataprov}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "readme_splits: $*" >&2; exit 1; }

mkdir -p "$tmp/ds/data" "$tmp/ds/more"
cat > "$tmp/ds/README.md" <<'EOF2'
---
license: mit
configs:
- config_name: default
  data_files:
  - split: train
    path:
    - data/part-0*.jsonl
    - more/*.tar
  - split: test
    path: data/part-1.jsonl
---
# A dataset whose file names say nothing of its splits
EOF2
python3 - "$tmp/ds" <<'PY'
import io, json, sys, tarfile
d = sys.argv[1]
recs = [json.dumps({"text": "note %d on cooking rice" % i}) + "\n" for i in range(100)]
open(d + "/data/part-00.jsonl", "w").write("".join(recs[:80]))
open(d + "/data/part-1.jsonl", "w").write("".join(recs[70:]))        # 10 of 30 also in train
open(d + "/data/test-notes.jsonl", "w").write(recs[99])              # named test, not declared
body = "".join(recs[:5]).encode()
with tarfile.open(d + "/more/shards.tar", "w") as t:
    ti = tarfile.TarInfo("validation-0.jsonl")                      # named validation, in train
    ti.size = len(body)
    t.addfile(ti, io.BytesIO(body))
PY
"$bin" scan -q "$tmp/ds" -o "$tmp/out" || fail "scan exit $?"
python3 - "$tmp/out/report.json" "$tmp/ds" <<'PY' || fail "splits from the README configs"
import json, sys
r, root = json.load(open(sys.argv[1])), sys.argv[2]
split = {m["origin"][len(root) + 1:]: m["split"] for m in r["members"]}
assert split["data/part-00.jsonl"] == "train", split
assert split["data/part-1.jsonl"] == "test", split
assert split["data/test-notes.jsonl"] == "test", split            # its name, as before
assert split["more/shards.tar!/validation-0.jsonl"] == "train", split
by = {k: v["records"] for k, v in r["records"]["by_split"].items()}
assert by == {"train": 85, "test": 31}, by
leak = [g for g in r["gaps"] if g["id"] == "leakage"]
assert leak, [g["id"] for g in r["gaps"]]
PY
# without the configs the same files have no declared split: part-00 and part-1 suggest none
sed -i '/^configs:/,/^---$/{/^---$/!d}' "$tmp/ds/README.md"
"$bin" scan -q "$tmp/ds" -o "$tmp/out2" || fail "scan without configs exit $?"
python3 - "$tmp/out2/report.json" "$tmp/ds" <<'PY' || fail "splits without configs"
import json, sys
r, root = json.load(open(sys.argv[1])), sys.argv[2]
split = {m["origin"][len(root) + 1:]: m["split"] for m in r["members"]}
assert split["data/part-00.jsonl"] is None and split["data/part-1.jsonl"] is None, split
assert split["more/shards.tar!/validation-0.jsonl"] == "validation", split
PY
echo "readme_splits: ok"

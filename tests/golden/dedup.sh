#!/usr/bin/env bash
# dedup.sh - golden test: a generated corpus with known duplicate, normalised-duplicate and
# leakage counts (jsonl.zst in tar.gz, jsonl.gz, CSV in zip) must give exactly those numbers
# in report.json, with the default memory and with a --dedup-memory small enough to spill.
# Usage: bash dedup.sh /path/to/dataprov   (env DP_SRC = source dir)
set -euo pipefail

BIN=${1:?usage: dedup.sh /path/to/dataprov}
SRC=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

if ! "$BIN" scan --help >/dev/null 2>&1; then
	echo "SKIP: '$BIN scan --help' failed: the scan command is not available yet"
	exit 0
fi
for tool in python3 zstd; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 0; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$SRC/tests/scripts/gen_dedup_corpus.py" "$work/corpus" "$work/expected.json"

# check OUTDIR LABEL [want_spill]: compare report.json's dedup section with the expectation.
check() {
	python3 - "$1/report.json" "$work/expected.json" "$2" "${3:-0}" <<'PY'
import json, sys
rep, exp, label, want_spill = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
d = json.load(open(rep))["dedup"]
e = json.load(open(exp))
bad = []
def cmp(path, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (path, got, want))
for level in ("exact", "normalized"):
    for k, v in e[level].items():
        cmp("%s.%s" % (level, k), d[level].get(k), v)
cmp("files.duplicates", d["files"].get("duplicates"), e["files"]["duplicates"])
leak = {x["split"]: x for x in d["leakage"]}
for split, want in e["leakage"].items():
    got = leak.get(split, {})
    for k, v in want.items():
        cmp("leakage.%s.%s" % (split, k), got.get(k), v)
    if got.get("against") != "train":
        bad.append("leakage.%s.against: %r" % (split, got.get("against")))
if d["exact"]["clusters"] and d["exact"]["clusters"][0]["count"] < 2:
    bad.append("exact.clusters[0].count < 2")
if want_spill and not d.get("spilled_runs"):
    bad.append("spilled_runs: expected > 0 with a tiny --dedup-memory")
if bad:
    print("FAIL (%s):\n  %s" % (label, "\n  ".join(bad)))
    sys.exit(1)
print("ok (%s): exact %d dups, normalized %d dups, leakage %s, spilled_runs %s" % (
    label, d["exact"]["duplicates"], d["normalized"]["duplicates"],
    {s: (x["exact"], x["normalized"]) for s, x in leak.items()}, d.get("spilled_runs")))
PY
}

# findings OUTDIR: one "duplicate" line per duplicate record, each naming its original.
findings() {
	local want got
	want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"])' \
		"$work/expected.json")
	got=$(zstd -dc "$1/findings.jsonl.zst" | grep -c '"type":"duplicate"' || true)
	if [ "$got" != "$want" ]; then
		echo "FAIL: $got duplicate findings, want $want"
		exit 1
	fi
	if zstd -dc "$1/findings.jsonl.zst" | grep '"type":"duplicate"' |
		grep -v '"original_origin":"' | grep -q .; then
		echo "FAIL: a duplicate finding without original_origin"
		exit 1
	fi
	echo "ok: $got duplicate findings"
}

"$BIN" scan "$work/corpus" -o "$work/out1" --threads 2 >/dev/null
check "$work/out1" "default memory"
findings "$work/out1"

"$BIN" scan "$work/corpus" -o "$work/out2" --threads 2 --dedup-memory 64K >/dev/null
check "$work/out2" "--dedup-memory 64K" 1
findings "$work/out2"
cmp <(zstd -dc "$work/out1/findings.jsonl.zst" | grep '"type":"duplicate"') \
	<(zstd -dc "$work/out2/findings.jsonl.zst" | grep '"type":"duplicate"') ||
	{ echo "FAIL: findings differ when spilling"; exit 1; }

"$BIN" scan "$work/corpus" -o "$work/out3" --threads 1 >/dev/null
python3 - "$work/out1/report.json" "$work/out3/report.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["dedup"] for p in sys.argv[1:3])
a.pop("spilled_runs", None); b.pop("spilled_runs", None)
if a != b:
    print("FAIL: dedup section differs between --threads 2 and --threads 1")
    sys.exit(1)
print("ok: same dedup section with 1 and 2 threads")
PY

# Cluster previews are masked on about 160 characters before the cut at 80, whatever the
# bytes per character or the white space: an address across the cut is never half shown.
python3 - "$work/pv.jsonl" <<'PY'
import json, sys
texts = ["\u65e5" * 50 + " mail maria.garcia@gmail.com now",          # 3-byte characters
         "a" + " " * 150 + "maria.garcia@gmail.com tail",               # a long space run
         "\U0001F600" * 38 + " jo.smith@fastmail.fm please"]              # 4-byte characters
with open(sys.argv[1], "w") as f:
    for t in texts:
        for _ in range(3):
            f.write(json.dumps({"text": t}) + "\n")
PY
"$BIN" scan -q "$work/pv.jsonl" -o "$work/pv" --threads 1 >/dev/null
python3 - "$work/pv/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["dedup"]["exact"]["clusters"]
shown = [c.get("preview", "") for c in r]
bad = [p for p in shown if "maria" in p or "garcia" in p or "jo.smith" in p or "fastmail" in p]
if len(shown) != 3 or bad or not all("*" in p for p in shown):
    print("FAIL: cluster previews leak or miss the masked address: %r" % shown)
    sys.exit(1)
print("ok: previews masked across the cut (%s)" % " | ".join(p[-24:] for p in shown))
PY
echo "PASS"

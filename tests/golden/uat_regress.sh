#!/usr/bin/env bash
# uat_regress.sh - regressions found by the acceptance test as a user: a record's license
# value holding an email is masked in report.json, the card and a merge of shard scans
# (it was copied verbatim into licenses.fields.by_value); the license-field gaps read
# "an unknown" / "an unrecognized" license field.
# Usage: bash tests/golden/uat_regress.sh /path/to/dataprov
set -euo pipefail
bin=${1:?usage: uat_regress.sh /path/to/dataprov}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "uat_regress: $*" >&2; exit 1; }

mkdir -p "$tmp/a" "$tmp/b"
cat > "$tmp/a/part.jsonl" <<'J'
{"text": "first record", "license": "ask jane.roe@example-corp.com for a license"}
{"text": "second record", "license": "unknown"}
{"text": "third record", "license": "mit"}
J
cat > "$tmp/b/part.jsonl" <<'J'
{"text": "fourth record", "license": "ask jane.roe@example-corp.com for a license"}
J
"$bin" scan -q "$tmp/a" "$tmp/b" -o "$tmp/all" || fail "scan exit $?"
"$bin" scan -q "$tmp/a" -o "$tmp/pa" || fail "scan a"
"$bin" scan -q "$tmp/b" -o "$tmp/pb" || fail "scan b"
"$bin" merge -q -o "$tmp/m" "$tmp/pa" "$tmp/pb" || fail "merge exit $?"
for f in all/report.json all/DATACARD.md all/croissant.json all/spdx.json m/report.json \
	 m/DATACARD.md; do
	! grep -q 'jane.roe@example-corp.com' "$tmp/$f" || fail "raw email in $f"
done
python3 - "$tmp" <<'PY' || fail "by_value check"
import json, sys
for d in ("all", "m"):
    f = json.load(open(sys.argv[1] + "/%s/report.json" % d))["licenses"]["fields"]
    v = {x["value"]: (x["class"], x["records"]) for x in f["by_value"]}
    assert v.get("ask j***@e***.com for a license") == ("unrecognized", 2), v
    assert (f["unrecognized"], f["unknown"], f["mapped"]) == (2, 1, 1), f
PY
grep -q '1 of 4 records (25.0%) have an unknown license field' "$tmp/all/DATACARD.md" ||
	fail "unknown gap wording"
grep -q '2 of 4 records (50.0%) have an unrecognized license field' "$tmp/all/DATACARD.md" ||
	fail "unrecognized gap wording"
echo "uat_regress: ok"

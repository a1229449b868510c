#!/usr/bin/env bash
# pii_scan.sh - `dataprov scan` with the PII analyser: report.json `pii`, redacted findings
# lines, raw values only with --findings-raw, the same result with 1 and 2 threads, --rules
# overrides, and a catastrophic user rule reported in pii.limit_hits.
# Usage: bash tests/golden/pii_scan.sh /path/to/dataprov
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "pii_scan: $*" >&2; exit 1; }
command -v zstd >/dev/null || { echo "pii_scan: zstd not found, skipped"; exit 0; }

mkdir -p "$tmp/in"
cat > "$tmp/in/a.jsonl" <<'J'
{"id": 1, "text": "mail john@acme.org or call +1-984-182-0190"}
{"id": 2, "text": "nothing to see, version 1.2.3.4, commit 3f786850e387550fdab836ed7e6dc881de23001b"}
{"id": 3, "text": "card 4242 4242 4242 4242 and SSN 460-89-9847"}
J
cat > "$tmp/in/b.jsonl" <<'J'
{"id": 4, "text": "AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH and the docs key AKIAIOSFODNN7EXAMPLE"}
{"id": 5, "text": "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}
J
"$bin" scan "$tmp/in" -o "$tmp/o1" --threads 1 -q
"$bin" scan "$tmp/in" -o "$tmp/o2" --threads 2 -q
"$bin" scan "$tmp/in" -o "$tmp/o3" --findings-raw -q

python3 - "$tmp" <<'PY' || fail "report check failed"
import json, sys
t = sys.argv[1]
r1 = json.load(open(t + "/o1/report.json"))["pii"]
r2 = json.load(open(t + "/o2/report.json"))["pii"]
assert r1 == r2, "thread count changed the pii section"
got = {x["id"]: (x["findings"], x["records"]) for x in r1["rules"] if x["findings"]}
want = {"email": (1, 1), "phone-intl": (1, 1), "credit-card": (1, 1), "us-ssn": (1, 1),
        "aws-access-key-id": (1, 1), "github-token": (1, 1)}
assert got == want, got
assert r1["records_with_findings"] == 4 and r1["findings"] == 6, r1
assert [m["origin"].rsplit("/", 1)[-1] for m in r1["members"]] == ["a.jsonl", "b.jsonl"]
ids = [x["id"] for x in r1["rules"]]
assert ids == sorted(ids)
raw = json.dumps(r1)  # the pii section (other sections are other analysers' business)
for secret in ("john@acme.org", "AKIAQWERTYUIOPASDFGH", "4242 4242", "460-89-9847"):
    assert secret not in raw, secret
PY
zstd -dcq "$tmp/o1/findings.jsonl.zst" > "$tmp/f1"
zstd -dcq "$tmp/o3/findings.jsonl.zst" > "$tmp/f3"
grep -q '"field":"text","offset":5,"length":13,"rule":"email","category":"pii","severity":"medium","preview":"j\*\*\*@a\*\*\*.org"}' "$tmp/f1" ||
	fail "email finding line"
grep -q '"preview":"\*\*\*\* \*\*\*\* \*\*\*\* 4242"' "$tmp/f1" || fail "card preview"
! grep -q '"value"' "$tmp/f1" || fail "raw value without --findings-raw"
grep -q '"value":"AKIAQWERTYUIOPASDFGH"' "$tmp/f3" || fail "no raw value with --findings-raw"

# a user rule replaces a built-in one (same id) and a catastrophic one is reported
cat > "$tmp/user.rules" <<'R'
rule email
  trigger keyword never-there-qz
  pattern never-there-qz
rule slow
  trigger keyword aa
  pattern (a+)+$
R
python3 -c "print('{\"text\": \"' + 'a' * 50000 + 'b\"}')" > "$tmp/in/c.jsonl"
"$bin" scan "$tmp/in" -o "$tmp/o4" --rules "$tmp/user.rules" 2> "$tmp/err" || true
grep -q 'rule slow hit the PCRE2 match/depth limit' "$tmp/err" || fail "no limit warning"
python3 - "$tmp" <<'PY' || fail "override/limit check failed"
import json, sys
p = json.load(open(sys.argv[1] + "/o4/report.json"))["pii"]
rules = {x["id"]: x for x in p["rules"]}
assert rules["email"]["findings"] == 0
assert p["limit_hits"] == [{"rule": "slow", "count": 1}], p["limit_hits"]
PY
echo "pii_scan: ok"

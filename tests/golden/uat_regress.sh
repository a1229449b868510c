#!/usr/bin/env bash
# uat_regress.sh - regressions found by the acceptance test as a user: a record's license
# value holding an email is masked in report.json, the card and a merge of shard scans
# (it was copied verbatim into licenses.fields.by_value); the license-field gaps read
# "an unknown" / "an unrecognized" license field; a rule's exclude words stop at a sentence
# end (a phone number ending one sentence was dropped for an ISBN cited in the next); a
# shard scan without records (an empty or header-only file) merges (merge exited 4); a
# README's configs whose files name no split are kept in the card header (were dropped); a
# zip member corrupt from its first bytes counts as failed, not skipped; an input libarchive
# cannot open (gzip header, then garbage) still gets the SHA-256 and size of all its bytes;
# bytes after a gzip stream are reported (they were ignored without a word);
# IPv4 documentation ranges (RFC 5737), git@host SSH remotes and addresses under the
# reserved .test/.example/.invalid/.localhost names are not personal data; field names
# match ignoring ASCII case (a CSV "License" column was no license field); a git clone's
# .git directory (LFS objects: a second copy of the data) and .cache/huggingface (download
# metadata) are listed as skipped, not read;
# Git LFS pointer files and UTF-16 text are not read as garbage records: formats
# git-lfs-pointer and utf-16-text, unread-records gap with what to do (and the no-license
# gap says which files were searched, not "0 scanned members"); a README
# declaring a list of Hub license ids keeps that list in the card header (was dropped); a
# list-valued license field counts all its values (only the first was read); unparseable
# date values shown as examples are PII-masked; field paths made of addresses are masked
# and left out of croissant.json.
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
# a shard without records merges, and the merge equals one scan of all shards
mkdir -p "$tmp/e"
: > "$tmp/e/empty.jsonl"
printf 'id,text\n' > "$tmp/e/header.csv"
"$bin" scan -q "$tmp/e/empty.jsonl" -o "$tmp/pe1" || fail "scan empty"
"$bin" scan -q "$tmp/e/header.csv" -o "$tmp/pe2" || fail "scan header-only"
"$bin" scan -q "$tmp/a/part.jsonl" -o "$tmp/pe3" || fail "scan part"
"$bin" scan -q "$tmp/a/part.jsonl" "$tmp/e/empty.jsonl" "$tmp/e/header.csv" -o "$tmp/eall" ||
	fail "scan all"
"$bin" merge -q -o "$tmp/em" "$tmp/pe1" "$tmp/pe2" "$tmp/pe3" || fail "merge with empty shards: exit $?"
"$bin" merge -q -o "$tmp/em1" "$tmp/pe1" || fail "merge of one empty shard: exit $?"
cmp -s "$tmp/eall/report.json" "$tmp/em/report.json" || fail "merge differs from one scan"

# declared configs kept when no split is measured from the file names (data_files as a list
# of split entries, or as one path pattern)
mkdir -p "$tmp/hf/data"
printf '{"text": "one"}\n' > "$tmp/hf/data/part-a.jsonl"
printf '{"text": "two"}\n' > "$tmp/hf/data/part-b.jsonl"
cat > "$tmp/hf/README.md" <<'Y'
---
license: mit
configs:
- config_name: default
  data_files:
  - split: train
    path: data/part-a.jsonl
  - split: test
    path:
    - "data/part-b.*"
- config_name: all
  data_files: "data/*.jsonl"
---
# hf
Y
"$bin" scan -q "$tmp/hf" -o "$tmp/hfo" || fail "hf scan"
python3 - "$tmp/hfo/DATACARD.md" <<'PY' || fail "declared configs not kept in the card header"
import sys
text = open(sys.argv[1]).read()
head = text.split("---\n")[1]
try:
    import yaml
except ImportError:
    yaml = None
want = [{"config_name": "default", "data_files": [{"split": "train", "path": "data/part-a.jsonl"},
        {"split": "test", "path": ["data/part-b.*"]}]},
        {"config_name": "all", "data_files": "data/*.jsonl"}]
if yaml:
    assert yaml.safe_load(head)["configs"] == want, head
else:
    assert "  - split: test\n    path:\n    - \"data/part-b.*\"\n" in head, head
PY

# a corrupt zip member between good ones: failed (members_failed), named, the rest read
python3 - "$tmp/z.zip" <<'PY'
import io, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("good1.jsonl", '{"text": "good one"}\n' * 3)
    z.writestr("bad.jsonl", "".join('{"text": "bad %d"}\n' % i for i in range(50)))
    z.writestr("good2.jsonl", '{"text": "good two"}\n')
data = bytearray(b.getvalue())
info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("bad.jsonl")
start = info.header_offset + 30 + len(info.filename) + len(info.extra)
for k in range(10, 40):
    data[start + k] ^= 0x5A
open(sys.argv[1], "wb").write(bytes(data))
PY
rc=0
"$bin" scan -q "$tmp/z.zip" -o "$tmp/zo" || rc=$?
[ "$rc" = 3 ] || fail "corrupt zip member: exit $rc, want 3"
python3 - "$tmp/zo/report.json" <<'PY' || fail "corrupt zip member counts"
import json, sys
r = json.load(open(sys.argv[1]))
c = r["coverage"]
assert (c["members_failed"], c["members_skipped"], c["records"]) == (1, 0, 4), c
m = {x["origin"].rsplit("!/", 1)[1]: x for x in r["members"]}
assert m["bad.jsonl"]["status"] == "unreadable", m["bad.jsonl"]
assert any("bad.jsonl" in e for e in r["inputs"][0]["errors"]), r["inputs"]
PY

# bytes after the end of a gzip stream (gzip -t: "trailing garbage ignored") are named
printf '{"text": "gz row"}\n' | gzip -c > "$tmp/trail.jsonl.gz"
head -c 5000 /dev/zero | tr '\0' 'x' >> "$tmp/trail.jsonl.gz"
rc=0
"$bin" scan -q "$tmp/trail.jsonl.gz" -o "$tmp/tro" || rc=$?
[ "$rc" = 3 ] || fail "gzip trailing bytes: exit $rc, want 3"
grep -q '5000 bytes after the end of the gzip stream, not read' "$tmp/tro/report.json" ||
	fail "gzip trailing bytes not named"
printf '{"text": "gz row"}\n' | gzip -c > "$tmp/clean.jsonl.gz"
"$bin" scan -q "$tmp/clean.jsonl.gz" -o "$tmp/tro2" || fail "clean gzip: exit $?"

# an input that cannot be opened (a gzip header, then a reserved deflate block type): sha256
# and bytes of the whole file (were of its first 256 KiB)
python3 -c "
import sys
open(sys.argv[1], 'wb').write(b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03' + b'\xff' * (3 << 20))
" "$tmp/garbage.jsonl.gz"
rc=0
"$bin" scan -q "$tmp/garbage.jsonl.gz" -o "$tmp/go" || rc=$?
[ "$rc" = 3 ] || fail "garbage gzip: exit $rc, want 3"
python3 - "$tmp/go/report.json" "$tmp/garbage.jsonl.gz" <<'PY' || fail "garbage gzip: sha256/bytes"
import hashlib, json, os, sys
i = json.load(open(sys.argv[1]))["inputs"][0]
data = open(sys.argv[2], "rb").read()
assert i["bytes"] == len(data), (i["bytes"], len(data))
assert i["sha256"] == hashlib.sha256(data).hexdigest(), i
assert i["status"] == "partial" and "cannot read" in i["errors"][0], i
PY

# capitalised CSV columns: Text is the text, License the license field
mkdir -p "$tmp/cap"
printf 'id,Text,License\n1,hello there,MIT\n2,world,cc-by-4.0\n' > "$tmp/cap/a.csv"
"$bin" scan -q "$tmp/cap" -o "$tmp/capo" || fail "capitalised columns scan"
python3 - "$tmp/capo/report.json" <<'PY' || fail "capitalised columns"
import json, sys
r = json.load(open(sys.argv[1]))
f = r["licenses"]["fields"]
assert (f["records"], f["mapped"], f["missing"]) == (2, 2, 0), f
assert r["scope"]["lengths"]["bytes"]["total"] == len("hello there") + len("world"), r["scope"]["lengths"]
assert "no-license" not in [g["id"] for g in r["gaps"]]
PY

# a git clone with LFS objects: .git is skipped and named, records are not counted twice
mkdir -p "$tmp/clone/data" "$tmp/clone/.git/lfs/objects/ab/cd" "$tmp/clone/sub/.git"
printf '{"text": "row %d"}\n' 1 2 3 > "$tmp/clone/data/train.jsonl"
cp "$tmp/clone/data/train.jsonl" "$tmp/clone/.git/lfs/objects/ab/cd/abcd0123"
printf 'ref: refs/heads/main\n' > "$tmp/clone/.git/HEAD"
printf 'x\n' > "$tmp/clone/sub/.git/HEAD"
mkdir -p "$tmp/clone/.cache/huggingface/download"
printf '0123abcd\n' > "$tmp/clone/.cache/huggingface/download/train.jsonl.metadata"
rc=0
"$bin" scan -q "$tmp/clone" -o "$tmp/cloneo" || rc=$?
[ "$rc" = 0 ] || fail "git clone: exit $rc, want 0 (.git is no part of the dataset: not a partial read)"
python3 - "$tmp/cloneo" <<'PY' || fail "git clone counts"
import json, sys
r = json.load(open(sys.argv[1] + "/report.json"))
assert r["records"]["total"] == 3 and r["dedup"]["exact"]["duplicates"] == 0, r["records"]
sk = [i["path"].rsplit("/", 2)[-2:] for i in r["inputs"] if i["status"] == "excluded"]
assert sk == [[".cache", "huggingface"], ["clone", ".git"], ["sub", ".git"]], sk
c = r["coverage"]
assert c["inputs_excluded"] == 3 and c["inputs_skipped"] == 0, c
assert "coverage" not in [g["id"] for g in r["gaps"]], r["gaps"]
cr = json.load(open(sys.argv[1] + "/croissant.json"))
assert [d["name"].rsplit("/", 1)[-1] for d in cr["distribution"] if d["@type"] == "cr:FileObject"] == ["train.jsonl"], cr["distribution"]
assert ".git" not in open(sys.argv[1] + "/spdx.json").read()
card = open(sys.argv[1] + "/DATACARD.md").read()
assert "Everything was read." in card and "Left out as no part of the dataset" in card, card
PY
# a symbolic link is still skipped: a partial read (exit 3), a coverage gap
ln -s "$tmp/clone/data/train.jsonl" "$tmp/clone/link.jsonl"
rc=0
"$bin" scan -q "$tmp/clone" -o "$tmp/cloneo2" || rc=$?
[ "$rc" = 3 ] || fail "skipped symlink: exit $rc, want 3"
rm "$tmp/clone/link.jsonl"
"$bin" scan -q "$tmp/clone/.git" -o "$tmp/gito" || fail "a named .git is scanned"

# Git LFS pointers in place of the data (a clone without git lfs pull)
mkdir -p "$tmp/lfs/data"
for f in train-0.parquet valid.jsonl; do
	printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%064d\nsize 4242\n' 7 \
		> "$tmp/lfs/data/$f"
done
printf '{"text": "a real row"}\n' > "$tmp/lfs/data/test.jsonl"
"$bin" scan -q "$tmp/lfs" -o "$tmp/lfso" || fail "lfs scan: exit $?"
python3 - "$tmp/lfso/report.json" <<'PY' || fail "lfs pointers"
import json, sys
r = json.load(open(sys.argv[1]))
c = r["coverage"]
assert c["undecoded_formats"] == [{"format": "git-lfs-pointer", "members": 2, "bytes": 258}], c
assert c["records"] == 1 and c["records_malformed"] == 0, c
g = [x for x in r["gaps"] if x["id"] == "unread-records"]
assert g and "git lfs pull" in g[0]["message"], g
PY
grep -q 'git-lfs-pointer: 2 member(s).*run git lfs pull' "$tmp/lfso/DATACARD.md" || fail "lfs card"

# UTF-16 CSV (Excel "Unicode text"): not read as NUL-ridden fields
mkdir -p "$tmp/u16"
python3 -c "
import sys
open(sys.argv[1], 'wb').write('\ufeffid,text,license\r\n1,hello,mit\r\n'.encode('utf-16-le'))
" "$tmp/u16/a.csv"
"$bin" scan -q "$tmp/u16" -o "$tmp/u16o" || fail "utf-16 scan: exit $?"
python3 - "$tmp/u16o/report.json" <<'PY' || fail "utf-16 text"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["members"][0]["format"] == "utf-16-text" and r["records"]["total"] == 0, r["members"]
g = [x for x in r["gaps"] if x["id"] == "unread-records"]
assert g and "iconv -f UTF-16 -t UTF-8" in g[0]["message"], g
n = [x["message"] for x in r["gaps"] if x["id"] == "no-license"]
assert n and "in the 0 license, notice, README, metadata or source files read" in n[0], n
PY

# a declared list of licenses stays in the card header
mkdir -p "$tmp/ll"
printf -- '---\nlicense:\n- mit\n- apache-2.0\n---\n# ll\n' > "$tmp/ll/README.md"
printf '{"text": "a", "license": "mit"}\n' > "$tmp/ll/train.jsonl"
"$bin" scan -q "$tmp/ll" -o "$tmp/llo" || fail "license list scan"
python3 - "$tmp/llo/DATACARD.md" <<'PY' || fail "declared license list not in the card header"
import sys
head = open(sys.argv[1]).read().split("---\n")[1]
assert "license:\n- mit\n- apache-2.0\n" in head, head
PY

# a list-valued license field: every value, as an AND
mkdir -p "$tmp/lv"
printf '{"text": "a", "licenses": ["mit", "apache-2.0"]}\n{"text": "b", "licenses": ["cc-by-4.0"]}\n' \
	> "$tmp/lv/a.jsonl"
"$bin" scan -q "$tmp/lv" -o "$tmp/lvo" || fail "license list field scan"
python3 - "$tmp/lvo/report.json" <<'PY' || fail "license list field"
import json, sys
f = json.load(open(sys.argv[1]))["licenses"]["fields"]
v = {x["value"]: x.get("spdx") for x in f["by_value"]}
assert v == {"mit, apache-2.0": "MIT AND Apache-2.0", "cc-by-4.0": "CC-BY-4.0"}, v
assert (f["records"], f["mapped"]) == (2, 2), f
PY

# unparseable dates are shown masked
mkdir -p "$tmp/dt"
printf '{"text": "a", "date": "ask jo.leaky@corpmail.com"}\n{"text": "b", "date": "call +44 20 7946 0958"}\n' \
	> "$tmp/dt/a.jsonl"
"$bin" scan -q "$tmp/dt" -o "$tmp/dto" || fail "dates scan"
! grep -q 'jo.leaky@corpmail.com\|7946 0958' "$tmp/dto/report.json" "$tmp/dto/DATACARD.md" ||
	fail "raw PII in date examples"
python3 - "$tmp/dto/report.json" <<'PY' || fail "date examples"
import json, sys
ex = json.load(open(sys.argv[1]))["scope"]["dates"]["unparseable_examples"]
assert ex == ["ask j***@c***.com", "call +** ** **** **58"], ex
PY

# JSON keys that are addresses: masked field paths, not in croissant.json
mkdir -p "$tmp/keys"
printf '{"text": "a", "votes": {"jo.leaky@corpmail.com": 1, "ann.leaky@corpmail.com": 2}}\n' \
	> "$tmp/keys/a.jsonl"
"$bin" scan -q "$tmp/keys" -o "$tmp/keyso" || fail "keys scan"
for f in report.json DATACARD.md croissant.json; do
	! grep -q 'leaky@corpmail' "$tmp/keyso/$f" || fail "raw address in a field path in $f"
done
python3 - "$tmp/keyso/report.json" "$tmp/keyso/croissant.json" <<'PY' || fail "masked field paths"
import json, sys
f = json.load(open(sys.argv[1]))["scope"]["schema"]["fields"]
assert [(x["path"], x.get("masked")) for x in f] == [("text", None), ("votes", None),
    ("v***@c***.com", True), ("v***@c***.com", True)], f
ids = [x["@id"] for x in json.load(open(sys.argv[2]))["recordSet"][0]["field"]]
assert ids == ["records-1/text"], ids
PY

# exclude words: the ISBN labels its own number, not the phone of the previous sentence
out=$("$bin" rules test builtin 'Office: (646) 795-5803. ISBN 0-306-40615-2 is cited.' || true)
printf '%s\n' "$out" | grep -q $'^8\t14\tphone-nanp\t' || fail "phone before an ISBN sentence: $out"
! printf '%s\n' "$out" | grep -q '0-306-40615-2' || fail "ISBN flagged: $out"
! "$bin" rules test builtin 'Cited as ISBN 0-306-40615-2 in the notes.' >/dev/null ||
	fail "ISBN flagged"
! "$bin" rules test builtin 'Upgraded to version 1.2.3.4 today.' >/dev/null ||
	fail "version quad flagged"
# RFC 5737 documentation addresses are not flagged; a public address next to them is
out=$("$bin" rules test builtin 'See 192.0.2.1, 198.51.100.7 and 203.0.113.9; ours is 81.2.69.160.' || true)
[ "$(printf '%s\n' "$out" | grep -c $'\tipv4\t')" = 1 ] || fail "documentation IPs: $out"
printf '%s\n' "$out" | grep -q '81.2.69.160' || fail "public IP missed: $out"
# git SSH remotes and reserved domains are not emails; a person's address still is
out=$("$bin" rules test builtin 'clone git@github.com:o/r.git, write a@b.test or me@corp-mail.com' || true)
[ "$(printf '%s\n' "$out" | grep -c $'\temail\t')" = 1 ] || fail "email allow-list: $out"
printf '%s\n' "$out" | grep -q 'me@corp-mail.com' || fail "email missed: $out"
# unparseable date and URL examples are masked by the run's own --rules, not only the
# built-in ones (the scope report compiled the defaults)
cat > "$tmp/emp.rules" <<'RULES'
rule employee-id
  category    pii
  severity    high
  description Employee number
  trigger     keyword EMP-
  pattern     (?<![A-Z0-9])EMP-[0-9]{6}(?![0-9])
RULES
printf '{"text": "a", "date": "ask EMP-123456", "url": "see EMP-654321"}\n' > "$tmp/emp.jsonl"
"$bin" scan -q --rules "$tmp/emp.rules" "$tmp/emp.jsonl" -o "$tmp/empo" || fail "scan with --rules"
if grep -q 'EMP-123456\|EMP-654321' "$tmp/empo/report.json" "$tmp/empo/DATACARD.md"; then
	fail "a --rules value shown unmasked in a date or URL example"
fi
grep -q 'unparseable_examples' "$tmp/empo/report.json" || fail "no date examples"
# a repository's README, LICENSE, .gitattributes and dataset_info.json are documentation:
# read for licenses and declared metadata, no records (a 2-row dataset counted 6)
mkdir -p "$tmp/repo/data"
printf -- '---\nlicense: mit\n---\n# Notes\n' > "$tmp/repo/README.md"
printf 'MIT License\n\nCopyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' > "$tmp/repo/LICENSE"
printf '*.parquet filter=lfs\n' > "$tmp/repo/.gitattributes"
printf '{"splits": {"train": {"num_examples": 2}}}' > "$tmp/repo/dataset_info.json"
printf '{"text":"one"}\n{"text":"two"}\n' > "$tmp/repo/data/train.jsonl"
printf '{"text":"MIT License text"}\n' > "$tmp/repo/data/license_texts.jsonl"
"$bin" scan -q "$tmp/repo" -o "$tmp/repoo" || fail "scan of a repo layout"
python3 - "$tmp/repoo/report.json" <<'PY' || fail "documentation members"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["records"]["total"] == 3, r["records"]
fmt = {m["origin"].rsplit("/", 1)[-1]: (m["format"], m["records"]) for m in r["members"]}
for name in ("README.md", "LICENSE", ".gitattributes", "dataset_info.json"):
    assert fmt[name] == ("documentation", 0), fmt
assert fmt["license_texts.jsonl"] == ("jsonl", 1), fmt
assert any(d["spdx"] == "MIT" and d["origin"].endswith("/LICENSE") for d in r["licenses"]["detections"])
assert "split-sizes" not in [g["id"] for g in r["gaps"]], r["gaps"]
PY
# with --format every text member is read: a corpus of READMEs is still records
mkdir -p "$tmp/readmes/a" "$tmp/readmes/b"
printf '# Project a\n' > "$tmp/readmes/a/README.md"
printf '# Project b\n' > "$tmp/readmes/b/README.md"
"$bin" scan -q --format text "$tmp/readmes" -o "$tmp/readmeso" || fail "README corpus scan"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["records"]["total"] == 2, r["records"]' \
	"$tmp/readmeso/report.json" || fail "a README corpus with --format text has its records"
# a README with several configs keeps them in the card header (they were merged into one
# measured "default" config with both languages' files under train), and no dataset_info
# with a "default" config's sizes is invented for them
mkdir -p "$tmp/mc/en" "$tmp/mc/fr"
printf '{"text":"hello there"}\n' > "$tmp/mc/en/train.jsonl"
printf '{"text":"bonjour"}\n' > "$tmp/mc/fr/train.jsonl"
cat > "$tmp/mc/README.md" <<'Y'
---
license: mit
configs:
- config_name: en
  data_files:
  - split: train
    path: en/train.jsonl
- config_name: fr
  data_files:
  - split: train
    path: fr/train.jsonl
---
# Two languages
Y
"$bin" scan -q "$tmp/mc" -o "$tmp/mco" || fail "multi-config scan"
python3 - "$tmp/mco/DATACARD.md" <<'PY' || fail "multi-config card header"
import sys, yaml
head = yaml.safe_load(open(sys.argv[1]).read().split("---\n")[1])
assert [c["config_name"] for c in head["configs"]] == ["en", "fr"], head["configs"]
assert head["configs"][1]["data_files"] == [{"split": "train", "path": "fr/train.jsonl"}], head
assert "dataset_info" not in head, head
PY
# a split field's value that is no split name (an address, a phone number) is counted
# under "(unrecognized)", never shown: split names are printed in the report and card
printf '{"text":"a","split":"train"}\n{"text":"b","split":"jane.doe@corp-mail.com"}\n{"text":"c","split":"555 123 4567"}\n{"text":"d","split":"held-out v2"}\n' > "$tmp/sp.jsonl"
"$bin" scan -q "$tmp/sp.jsonl" -o "$tmp/spo" || fail "split field scan"
python3 - "$tmp/spo/report.json" <<'PY' || fail "split field values"
import json, sys
r = json.load(open(sys.argv[1]))
by = {k: v["records"] for k, v in r["records"]["by_split"].items()}
assert by == {"train": 1, "(unrecognized)": 2, "held-out v2": 1}, by
PY
if grep -q 'jane.doe@corp-mail.com\|555 123 4567' "$tmp/spo/report.json" "$tmp/spo/DATACARD.md"; then
	fail "a split field's PII value is shown"
fi
echo "uat_regress: ok"

#!/usr/bin/env python3
"""The Arrow IPC reader: a datasets.save_to_disk folder (an .arrow shard in the streaming
format, dataset_info.json, state.json) is read as records, with no unread-records gap; its
license column and the PII in its text are found; a file written by arrow_gen.py reads as
the same records as the same rows in JSONL (fields, duplicates, PII, licenses), plain or in
a tar.gz; broken files are named, counted and do not stop the scan."""
import json
import os
import shutil
import sys
import tarfile

from lib import check, finish, members, run, scan, tmpdir

SRC = os.environ.get("DP_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "scripts"))
import arrow_gen  # noqa: E402

FIX = os.path.join(SRC, "fixtures", "arrow")
D = tmpdir()
os.chdir(D)


def pii_counts(rep):
    return {r["id"]: (r["findings"], r["records"]) for r in rep["pii"]["rules"] if r["findings"]}


def fields(rep):
    """Types, counts and distinct values of every field; a float's text differs between
    JSON writers (2.0 or 2), so for score only its types and counts."""
    return {f["path"]: (f["types"], f.get("item_types"), f["records"],
                        f["distinct"] if f["path"] != "score" else 0)
            for f in rep["scope"]["schema"]["fields"]}


# ---- a save_to_disk folder ----
shutil.copytree(os.path.join(FIX, "hf_save"), "hf_save")
code, rep, err = scan(["hf_save"], "o-hf")
m = members(rep)
shard = m["hf_save/data-00000-of-00001.arrow"]
check(code == 0 and shard["format"] == "arrow" and shard["records"] == 25 and shard["status"] == "ok",
      f"hf: the .arrow shard is read, 25 records ({code}, {shard}, {err})")
check(rep["coverage"]["records"] == 25 and m["hf_save/state.json"]["format"] == "documentation",
      f"hf: state.json is the folder's metadata, no record ({rep['coverage']['records']})")
check(rep["coverage"]["undecoded_formats"] == [] and
      not [g for g in rep["gaps"] if g["id"] == "unread-records"],
      f"hf: no unread-records gap ({[g['id'] for g in rep['gaps']]})")
lic = {v["value"]: v["records"] for v in rep["licenses"]["fields"]["by_value"]}
check(lic == {"cc-by-4.0": 7, "apache-2.0": 6, "cc-by-nc-4.0": 6, "mit": 6},
      f"hf: the license column's values are counted ({lic})")
check(pii_counts(rep).get("email") == (7, 4), f"hf: the emails in the texts are found ({pii_counts(rep)})")
f = fields(rep)
check(f.get("messages.role", ({}, 0, 0))[0] == {"string": 50} and f["id"][0] == {"number": 25},
      f"hf: list<struct> and int64 columns are fields ({sorted(f)})")

# ---- the same rows as JSONL: the same findings ----
arrow_gen.big(1, "twin")
os.rename("twin/bench.jsonl", "twin-jsonl.jsonl")
code, ref, err = scan(["twin-jsonl.jsonl"], "o-ref")
code2, rep, err2 = scan(["twin/bench.arrow"], "o-twin")
check(code == 0 and code2 == 0 and rep["coverage"]["records"] == ref["coverage"]["records"] > 1000,
      f"twin: as many records as the JSONL ({rep['coverage']['records']}, {ref['coverage']['records']}, {err2})")
check(fields(rep) == fields(ref), "twin: the same fields, types and distinct counts")
check(pii_counts(rep) == pii_counts(ref) and pii_counts(rep).get("email", (0, 0))[0] > 0,
      f"twin: the same PII ({pii_counts(rep)} vs {pii_counts(ref)})")
check(rep["licenses"]["fields"] == ref["licenses"]["fields"], "twin: the same license values")
check(rep["dedup"]["exact"]["duplicates"] == ref["dedup"]["exact"]["duplicates"] and
      rep["records"]["text_bytes"] == ref["records"]["text_bytes"],
      "twin: the same duplicates and text bytes")

# ---- inside an archive, and every fixture format ----
with tarfile.open("shards.tar.gz", "w:gz") as t:
    for i, name in enumerate(("basic.arrows", "basic.arrow", "legacy.arrows", "zstd.arrow",
                              "lz4.arrows", "nested.arrows", "dict_delta.arrows", "empty.arrow")):
        t.add(os.path.join(FIX, name), arcname=f"data/{i}-{name}")  # no shared stem: no WebDataset
code, rep, err = scan(["shards.tar.gz"], "o-tar")
recs = {k.rsplit("/", 1)[-1]: v["records"] for k, v in members(rep).items()}
check(code == 0 and recs == {"0-basic.arrows": 4, "1-basic.arrow": 4, "2-legacy.arrows": 4,
                             "3-zstd.arrow": 4, "4-lz4.arrows": 2, "5-nested.arrows": 2,
                             "6-dict_delta.arrows": 5, "7-empty.arrow": 0},
      f"tar: every format read inside a tar.gz ({code}, {recs}, {err})")

# ---- a stream on standard input: known by its first message, not its name ----
with open(os.path.join(FIX, "basic.arrows"), "rb") as fh:
    code, so, se = run(["scan", "--progress=never", "-q", "-", "-o", "o-stdin"], stdin=fh.read())
with open("o-stdin/report.json") as fh:
    rep = json.load(fh)
check(code == 0 and [(m["format"], m["records"]) for m in rep["members"]] == [("arrow", 4)],
      f"stdin: an Arrow stream on standard input is read ({code}, {rep['members']}, {se})")

# ---- broken files: named, counted, the scan goes on ----
os.mkdir("bad")
for name in ("corrupt.arrows", "truncated.arrows", "bigendian.arrows"):
    shutil.copy(os.path.join(FIX, name), "bad/" + name)
with open("bad/zz-good.jsonl", "w") as fh:
    fh.write('{"text": "still read"}\n')
code, rep, err = scan(["bad"], "o-bad")
m = members(rep)
notes = " ".join(rep["coverage"]["malformed_examples"])
check(code == 3 and m["bad/zz-good.jsonl"]["records"] == 1,
      f"broken: the scan goes on and exits 3 ({code}, {err})")
check(m["bad/corrupt.arrows"]["records"] == 4 and m["bad/corrupt.arrows"]["status"] != "ok" and
      "message 3, column text: buffer 1 out of bounds" in notes,
      f"broken: a corrupt batch is named and skipped ({m['bad/corrupt.arrows']}, {notes[:300]})")
check(m["bad/truncated.arrows"]["records"] == 3 and m["bad/truncated.arrows"]["status"] != "ok" and
      "cut short" in notes, f"broken: a truncated file is named ({notes[:300]})")
check(m["bad/bigendian.arrows"]["records"] == 0 and "big-endian" in notes,
      f"broken: big-endian data is refused ({notes[:300]})")

# ---- --format another reader: an Arrow file stays unread, and says so ----
code, rep, err = scan(["hf_save"], "o-fmt", ["-q", "--format", "jsonl"])
check(rep["coverage"]["undecoded_formats"] == [{"format": "arrow", "members": 1, "bytes": 9872}],
      f"format: with --format jsonl the shard is counted unread ({rep['coverage']['undecoded_formats']})")

shutil.rmtree(D, ignore_errors=True)
finish("arrow")

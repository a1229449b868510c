#!/usr/bin/env python3
"""The Parquet reader: files written by our own writer (parquet_gen.py) in every codec, page
version and encoding it knows are read as the same records as their JSONL twin (same
duplicates, PII findings, license-field counts, field types); list and struct columns are
flattened to JSON-like paths; binary columns are not read as text; broken files are named,
counted and do not stop the scan."""
import gzip
import io
import json
import os
import shutil
import tarfile

from lib import check, finish, members, scan, tmpdir
from parquet_gen import (OPTIONAL, REQUIRED, T_BOOL, T_BYTES, T_DOUBLE, T_INT32, T_INT64, Col,
                         Group, list_of, page_flood, rle_bomb, string, write)

D = tmpdir()
os.chdir(D)

SCHEMA = [Col("id", T_INT64, REQUIRED), string("text"), Col("score", T_DOUBLE), Col("ok", T_BOOL),
          Col("n", T_INT32), list_of("tags", string("x")),
          list_of("messages", Group("element", [string("role"), string("content")])),
          Group("meta", [string("url"), string("license")]),
          Group("image", [Col("bytes", T_BYTES), string("path")])]
LICENSES = ["cc-by-4.0", "CC BY-NC 4.0", "mit", "apache-2.0", "unknown", "", "my own terms"]


def row(i):
    return {"id": i,
            "text": None if i % 7 == 3 else
            f"record {i % 900} about things, mail bob{i % 1300}@mailhost.de or call +49 30 1234 {i % 100:04d}",
            "score": None if i % 5 == 0 else i / 4, "ok": i % 2 == 0, "n": -i,
            "tags": None if i % 11 == 0 else [] if i % 13 == 0 else ["a", "b" * (i % 3)],
            "messages": [{"role": "user", "content": f"question {i % 450}"},
                         {"role": "assistant", "content": None if i % 3 else "answer"}],
            "meta": None if i % 17 == 0 else {"url": f"https://site{i % 10}.example.org/p",
                                              "license": LICENSES[i % len(LICENSES)]},
            "image": {"bytes": b"\x89PNG\r\n\x1a\n carol@hidden.de " + bytes([i % 256]),
                      "path": f"img{i}.png"}}


ROWS = [row(i) for i in range(2100)]


def twin(rows, path):
    """The same rows as JSONL, without the binary column (JSON has no bytes)."""
    with open(path, "w") as f:
        for r in rows:
            r = dict(r)
            r["image"] = {"path": r["image"]["path"]}
            f.write(json.dumps(r) + "\n")


FLAT = ("id", "n", "score", "ok", "text", "meta.url", "meta.license")


def flat_fields(rep):
    """Types and distinct values of the flat columns (numbers decoded by every encoding). The
    distinct count is an estimate over the value's text: a float's text differs between JSON
    writers (2.0 or 2), so for score only its types are compared."""
    return {f["path"]: (f["types"], f["distinct"] if f["path"] != "score" else 0)
            for f in rep["scope"]["schema"]["fields"] if f["path"] in FLAT}


def fields_of(rep):
    return sorted(f["path"] for f in rep["scope"]["schema"]["fields"])


def pii_counts(rep):
    return {r["id"]: (r["findings"], r["records"]) for r in rep["pii"]["rules"]}


twin(ROWS, "twin.jsonl")
code, ref, err = scan(["twin.jsonl"], "o-twin", ["-q"])
check(code == 0 and ref["coverage"]["records"] == 2100, f"twin: the JSONL twin scans ({err})")

# ---- every codec, page version and encoding gives the twin's numbers ----
VARIANTS = [(codec, pv, enc) for codec in ("none", "snappy", "gzip", "zstd") for pv in (1, 2)
            for enc in ("dict", "plain")]
VARIANTS += [(codec, pv, enc) for codec in ("lz4_raw", "snappy") for pv in (1, 2)
             for enc in ("delta", "front")]  # DELTA_*, BYTE_STREAM_SPLIT
for codec, pv, enc in VARIANTS:
    name = f"t-{codec}-v{pv}-{enc}.parquet"
    write(name, SCHEMA, ROWS, codec=codec, page_version=pv, dictionary=enc == "dict",
          group_rows=800, page_values=300, encoding="delta" if enc in ("delta", "front") else "plain",
          front=enc == "front")
    code, rep, err = scan([name], "o-" + name, ["-q"])
    cov = rep["coverage"] if rep else {}
    check(code == 0 and cov.get("records") == 2100 and cov.get("members_failed") == 0,
          f"{name}: 2100 records, nothing failed ({code}, {err}, {cov.get('malformed_examples')})")
    check(rep["dedup"]["exact"] == ref["dedup"]["exact"] and
          rep["dedup"]["normalized"]["duplicates"] == ref["dedup"]["normalized"]["duplicates"],
          f"{name}: exact and normalized duplicates as in the twin")
    check(pii_counts(rep) == pii_counts(ref), f"{name}: PII findings per rule as in the twin")
    check(flat_fields(rep) == flat_fields(ref) and len(flat_fields(rep)) == len(FLAT),
          f"{name}: types and distinct values of the flat columns as in the twin "
          f"({ {k: (v, flat_fields(ref).get(k)) for k, v in flat_fields(rep).items() if v != flat_fields(ref).get(k)} })")
    check(rep["licenses"]["fields"] == ref["licenses"]["fields"],
          f"{name}: license-field counts (mapped, unknown, missing, unrecognized) as in the twin")

# ---- parquet-mr (Spark, Hive) v1 pages: the levels a column lacks are declared BIT_PACKED ----
write("t-mr.parquet", SCHEMA, ROWS, codec="snappy", page_version=1, group_rows=800,
      page_values=300, mr_levels=True)
code, rep, err = scan(["t-mr.parquet"], "o-t-mr", ["-q"])
check(code == 0 and rep["coverage"]["records"] == 2100 and flat_fields(rep) == flat_fields(ref) and
      pii_counts(rep) == pii_counts(ref),
      f"parquet-mr pages: absent levels declared BIT_PACKED are no reason to refuse a column "
      f"({code}, {rep['coverage']['malformed_examples'][:2]})")

# ---- unsigned integers (UINT_32, UINT_64: numpy's uint32/uint64 columns) ----
for enc in ("plain", "delta"):
    write(f"uint-{enc}.parquet", [Col("u32", T_INT32, REQUIRED, 13), Col("u64", T_INT64, REQUIRED, 14)],
          [{"u32": -1 if i % 2 else 5, "u64": -2 if i % 2 else 7} for i in range(20)], codec="none",
          encoding=enc)
    code, rep, _ = scan([f"uint-{enc}.parquet"], f"o-uint-{enc}", ["-q"])
    vals = {f["path"]: sorted(v["value"] for v in f.get("values", [])) for f in rep["scope"]["schema"]["fields"]}
    check(code == 0 and vals.get("u32") == ["4294967295", "5"] and vals.get("u64") == ["18446744073709551614", "7"],
          f"uint-{enc}: unsigned integers are not shown as negative ones ({code}, {vals})")

# ---- DECIMAL columns stored as integers: the scale places the point ----
price, cents = Col("price", T_INT64, REQUIRED, 5), Col("cents", T_INT32, REQUIRED, 5)
price.scale, cents.scale = 2, 3
write("decimal.parquet", [price, cents],
      [{"price": [1234, -5, 1200, 0][i % 4], "cents": [7, -2147483648, 1000, 0][i % 4]} for i in range(20)],
      codec="none")
code, rep, _ = scan(["decimal.parquet"], "o-decimal", ["-q"])
vals = {f["path"]: sorted(v["value"] for v in f.get("values", [])) for f in rep["scope"]["schema"]["fields"]}
check(code == 0 and vals.get("price") == ["-0.05", "0", "12", "12.34"] and
      vals.get("cents") == ["-2147483.648", "0", "0.007", "1"],
      f"decimal: integers of a DECIMAL column are shown with their scale ({code}, {vals})")

# ---- byte-array columns without a string label (Impala, old Hive): text when all text ----
write("unlabelled.parquet", [Col("id", T_INT64, REQUIRED), Col("note", T_BYTES), Col("blob", T_BYTES)],
      [{"id": i, "note": None if i == 3 else f"call me, dana{i}@mailhost.de\tok",
        "blob": bytes([0x89, 0, i % 256]) + b"erin@hidden.de"} for i in range(20)], codec="snappy")
code, rep, err = scan(["unlabelled.parquet"], "o-unlabelled", ["-q"])
f = {x["path"]: x["types"] for x in rep["scope"]["schema"]["fields"]}
check(code == 0 and f.get("note") == {"string": 19, "null": 1} and "blob" not in f and
      pii_counts(rep).get("email", (0, 0))[0] == 19,
      f"unlabelled: a text column without a label is read, a bytes column is not ({f}, {pii_counts(rep).get('email')})")

# ---- a file over --parquet-memory: read again from disk, one row group at a time ----
write("big-groups.parquet", SCHEMA, ROWS, codec="none", dictionary=False, group_rows=100,
      page_values=100)
size = os.path.getsize("big-groups.parquet")
code, rep, err = scan(["big-groups.parquet"], "o-direct", ["-q", "--parquet-memory", "64K"])
check(size > 64 * 1024 and code == 0 and rep["coverage"]["records"] == 2100 and
      rep["dedup"]["exact"] == json.loads(json.dumps(ref["dedup"]["exact"]).replace("twin.jsonl", "big-groups.parquet"))
      and pii_counts(rep) == pii_counts(ref) and flat_fields(rep) == flat_fields(ref),
      f"direct: a {size}-byte file over --parquet-memory 64K reads as its twin ({code}, {err})")
code, rep, err = scan(["big-groups.parquet"], "o-direct-small", ["-q", "--parquet-memory", "8K"])
notes = " ".join(rep["coverage"]["malformed_examples"])
check(code == 3 and rep["coverage"]["records"] == 0 and "over --parquet-memory" in notes,
      f"direct: row groups whose pages exceed --parquet-memory are named, not read ({code}, {notes[:200]})")
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    data = open("big-groups.parquet", "rb").read()
    ti = tarfile.TarInfo("big-groups.parquet")
    ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
open("big.tar", "wb").write(buf.getvalue())
code, rep, err = scan(["big.tar"], "o-direct-tar", ["--parquet-memory", "64K"])
check(code == 3 and rep["coverage"]["records"] == 0 and "inside an archive" in err,
      f"direct: an archived file over --parquet-memory is not read, and says why ({code}, {err})")

# ---- what the records look like ----
rep = json.load(open("o-t-snappy-v1-dict.parquet/report.json"))
fields = {f["path"]: f for f in rep["scope"]["schema"]["fields"]}
check(set(fields) >= {"id", "text", "score", "ok", "n", "tags", "messages.role", "messages.content",
                      "meta.url", "meta.license", "image.path"},
      f"paths: list and struct columns are flattened without wrapper levels ({sorted(fields)})")
check("image.bytes" not in fields, "paths: a binary column is not read as a field")
write("nullbytes.parquet", [Group("image", [Col("bytes", T_BYTES), string("path")]),
                            Col("stamp", 3), Col("hash", 7)],
      [{"image": {"bytes": None if i % 3 else b"\x89PNG", "path": f"{i}.png"}, "stamp": None, "hash": None}
       for i in range(30)], codec="none")
code, rep2, _ = scan(["nullbytes.parquet"], "o-nullbytes", ["-q"])
check(code == 0 and fields_of(rep2) == ["image.path"],
      f"paths: the nulls of binary, INT96 and fixed-length columns are left out with their values "
      f"(no field that looks always null) ({code}, {fields_of(rep2)})")
check(fields["messages.role"]["types"] == {"string": 4200},
      f"lists: every element of every row counts ({fields['messages.role']['types']})")
check(fields["text"]["types"] == {"string": 1800, "null": 300} and
      fields["score"]["types"] == {"number": 1680, "null": 420} and fields["ok"]["types"] == {"bool": 2100},
      "types: strings, numbers, booleans and nulls of flat columns")
check(pii_counts(rep).get("email", (0, 0))[0] > 0, "pii: the emails in the text column are found")
check(pii_counts(rep) == pii_counts(ref),
      "binary: the email inside the image bytes is not read (the twin has no bytes and the same findings)")

# ---- broken files: named, counted, the rest read ----
good = open("t-snappy-v1-dict.parquet", "rb").read()
os.makedirs("bad")
open("bad/truncated.parquet", "wb").write(good[:-100])
flip = bytearray(good)
for k in range(200, 260):  # inside the first column chunks' pages
    flip[k] ^= 0x5A
open("bad/corrupt-pages.parquet", "wb").write(bytes(flip))
write("bad/brotli.parquet", SCHEMA[:2], ROWS[:50], codec="brotli")
open("bad/zz-good.jsonl", "w").write('{"text":"still read"}\n')
code, rep, err = scan(["bad"], "o-bad")
m = members(rep)
check(code == 3 and m["bad/zz-good.jsonl"]["records"] == 1,
      f"broken: the scan goes on and exits 3 (input not read completely) ({code}, {err})")
check(m["bad/truncated.parquet"]["status"] != "ok" and "truncated" in err,
      f"broken: a truncated file is named as such ({m['bad/truncated.parquet']['status']}, {err})")
notes = " ".join(rep["coverage"]["malformed_examples"])
check(m["bad/brotli.parquet"]["status"] != "ok" and "brotli compression not supported" in notes,
      f"broken: an unsupported codec is named with its column ({notes[:300]})")
check(m["bad/brotli.parquet"]["records"] == 0 and "no column could be read; its 50 rows are not counted" in notes,
      "broken: rows of which no column can be decoded are not counted as records, and the note says so")
write("bad/half.parquet", [Col("id", T_INT64, REQUIRED), string("text")], ROWS[:50], codec="none")
half = bytearray(open("bad/half.parquet", "rb").read())
at = half.find(b"record 0 about")
half[at - 40:at + 40] = bytes(80)  # the text column's first page: its header and values zeroed
open("bad/half.parquet", "wb").write(bytes(half))
code, rep2, _ = scan(["bad/half.parquet"], "o-half", ["-q"])
check(code == 3 and members(rep2)["bad/half.parquet"]["records"] == 50 and
      fields_of(rep2) == ["id"],
      f"broken: rows still count with the columns that could be decoded ({code}, {rep2['coverage']['malformed_examples']})")
check(m["bad/corrupt-pages.parquet"]["status"] != "ok" and "column" in notes,
      "broken: corrupt pages are named by column and leave the member partly read")
check(rep["coverage"]["members_failed"] >= 3, "broken: the three broken members are counted")

# ---- a file that names far more rows than its bytes hold: --max-ratio bounds them ----
rle_bomb("bomb.parquet", 30000, 20)  # 20 row groups sharing one RLE run of 30,000 rows
size = os.path.getsize("bomb.parquet")
code, rep, _ = scan(["bomb.parquet"], "o-bomb", ["-q"])
notes = " ".join(rep["coverage"]["malformed_examples"])
allowed = max(1 << 20, 1000 * size) // 32  # the decoded bytes allowed, at 32 bytes a row
check(code == 3 and 30000 <= rep["coverage"]["records"] <= allowed and "--max-ratio" in notes,
      f"bomb: a {size}-byte file decodes no more than --max-ratio (1000) times its size "
      f"({code}, {rep['coverage']['records']} records, {notes[:300]})")
code, rep, _ = scan(["bomb.parquet"], "o-bomb2", ["-q", "--max-ratio", "1000000"])
check(code == 0 and rep["coverage"]["records"] == 600000,
      f"bomb: with --max-ratio raised every row group is read ({code}, {rep['coverage']['records']})")

page_flood("flood.parquet", 2000, 1000)  # 1000 row groups re-reading the same 2001 pages
size = os.path.getsize("flood.parquet")
code, rep, _ = scan(["flood.parquet"], "o-flood", ["-q"])
notes = " ".join(rep["coverage"]["malformed_examples"])
check(code == 3 and 0 < rep["coverage"]["records"] < 1000 and "--max-ratio" in notes,
      f"flood: pages read again by every row group count against --max-ratio too "
      f"({size} bytes, {code}, {rep['coverage']['records']} records, {notes[:300]})")
code, rep, _ = scan(["flood.parquet"], "o-flood2", ["-q", "--max-ratio", "1000000"])
check(code == 0 and rep["coverage"]["records"] == 1000,
      f"flood: with --max-ratio raised every row group is read ({code}, {rep['coverage']['records']})")

# ---- inside an archive, and sniffed without the extension ----
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as t:
    for name in ("data/train-00000.parquet", "data/noext"):
        ti = tarfile.TarInfo(name)
        ti.size = len(good)
        t.addfile(ti, io.BytesIO(good))
open("shards.tar.gz", "wb").write(gzip.compress(buf.getvalue()))
code, rep, err = scan(["shards.tar.gz"], "o-tar", ["-q"])
m = members(rep)
check(code == 0 and m["shards.tar.gz!/data/train-00000.parquet"]["records"] == 2100 and
      m["shards.tar.gz!/data/noext"]["format"] == "parquet" and rep["coverage"]["records"] == 4200,
      f"archive: parquet members of a tar.gz are read, with or without the extension ({err})")
check(rep["coverage"]["members_undecoded"] == 0 and not [g for g in rep["gaps"] if g["id"] == "unread-records"],
      "archive: read parquet is not reported as unread")
shutil.rmtree(D, ignore_errors=True)
finish("parquet")

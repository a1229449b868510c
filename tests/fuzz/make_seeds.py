#!/usr/bin/env python3
"""Write the seed corpora under fixtures/fuzz/<target>/ (small files, committed). Run again
after changing it; crash reproducers added by hand (crash-*) are left alone."""
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(SRC, "fixtures", "fuzz")
REC = b'{"text":"hello \\u00e9 world","license":"cc-by-4.0","url":"https://example.org/a","id":1}\n'


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def sh(cmd, data):
    return subprocess.run(cmd, input=data, stdout=subprocess.PIPE, check=True).stdout


def tar(entries, fmt=tarfile.GNU_FORMAT):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=fmt) as t:
        for n, d in entries:
            ti = tarfile.TarInfo(n)
            ti.size = len(d)
            t.addfile(ti, io.BytesIO(d))
    return b.getvalue()


def zipped(entries, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for n, d in entries:
            z.writestr(n, d)
    return b.getvalue()


# record readers (the first byte of each input picks the block size)
for name, data in {
    "basic": REC * 3,
    "nested": b'{"meta":{"a":[1,2,{"b":"c"}],"t":true,"n":null},"text":"x\\ny\\t\\"q\\"\\ud83d\\ude00"}\n',
    "bad": b'{"text":"a"}\n{"text":\n{broken\n[1,2]\n"str"\n{"a":1}{"b":2}\n\n  \n',
    "escapes": b'{"text":"\\u0000\\ud800\\udfff\\uDBFF\\\\\\/","x":"\xff\xfe"}\r\n',
    "numbers": b'{"a":-0.0e+10,"b":1e999,"c":123456789012345678901234567890}\n',
}.items():
    put("jsonl", name, b"\x07" + data)
for name, data in {
    "array": b'[{"text":"a"},{"text":"b","meta":{"x":[1,2]}}]',
    "object": b'{"data":[{"text":"a"}],"version":1}',
    "bad": b'[{"text":"a"},{"text":}, 3, "s", [1]]',
    "ws": b'  \n [ ] ',
}.items():
    put("json", name, b"\x05" + data)
for name, data in {
    "basic": b'id,text,license\n1,hello,mit\n2,"quoted, comma",apache-2.0\n',
    "multiline": b'id,text\n1,"line one\nline two ""quoted"""\n2,x\n',
    "bad": b'a,b\n1,"open\n2,3,4,5\n,,\n"x"y,z\r\n',
    "bom": b'\xef\xbb\xbftext\n\xff\n',
}.items():
    put("csv", name, b"\x0b" + data)
    put("tsv", name, b"\x0b" + data.replace(b",", b"\t"))
# the fast JSON line parser against yajl (raw bytes: one line, no block-size byte)
for name, data in {
    "record": REC.rstrip(b"\n"),
    "nested": b'{"a":{"b":[[],{}],"c":[1,-2.5e+3,0.0]},"t":true,"f":false,"n":null}',
    "escapes": rb'{"s":"\\\"\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00\u0000"}',
    "bad": rb'{"a":01,"b":1.,"c":"\x","d":tru} {}',
}.items():
    put("jsonline", name, data)
put("text", "basic", b"\x03Hello world.\nSecond line\r\n\n\xff\xfe bad bytes\n")

# archives: one of each format and filter, nested, and cut short
put("archive", "plain.jsonl", REC)
put("archive", "tar", tar([("a.jsonl", REC), ("b.csv", b"text\nx\n")]))
put("archive", "pax", tar([("\u00e9t\u00e9.jsonl", REC)], tarfile.PAX_FORMAT))
put("archive", "tgz", gzip.compress(tar([("a.jsonl", REC)])))
put("archive", "zip", zipped([("d/a.jsonl", REC), ("d/b.txt", b"hi")]))
put("archive", "zip-stored", zipped([("a.jsonl", REC)], zipfile.ZIP_STORED))
put("archive", "gz", gzip.compress(REC))
put("archive", "zst", sh(["zstd", "-q", "-c"], REC))
put("archive", "xz", sh(["xz", "-c"], REC))
put("archive", "bz2", sh(["bzip2", "-c"], REC))
put("archive", "lz4", sh(["lz4", "-q", "-c"], REC))
put("archive", "nested", gzip.compress(tar([("in.zip", zipped([("x.jsonl.zst", sh(["zstd", "-q", "-c"], REC))]))])))
put("archive", "cut-tar", tar([("a.jsonl", REC * 20)])[:700])
put("archive", "cut-gz", gzip.compress(REC * 20)[:60])
put("archive", "cpio", sh(["sh", "-c", "cd \"$(mktemp -d)\" && cat > a.jsonl && echo a.jsonl | cpio -o -H newc 2>/dev/null"], REC)
    if subprocess.run(["sh", "-c", "command -v cpio"], stdout=subprocess.DEVNULL).returncode == 0 else REC)
try:
    d = subprocess.run(["mktemp", "-d"], stdout=subprocess.PIPE, check=True).stdout.decode().strip()
    with open(os.path.join(d, "a.jsonl"), "wb") as f:
        f.write(REC)
    subprocess.run(["7z", "a", "-bso0", "-bsp0", os.path.join(d, "s.7z"), os.path.join(d, "a.jsonl")], check=True)
    put("archive", "7z", open(os.path.join(d, "s.7z"), "rb").read())
except (OSError, subprocess.CalledProcessError):
    print("make_seeds: no 7z, skipping the 7-Zip seed", file=sys.stderr)

# rule files
builtin = open(os.path.join(SRC, "src", "rules", "builtin.embed"), encoding="utf-8").read()
rules = ["rule " + r for r in builtin.split("\nrule ")[1:]]
for i, r in enumerate(rules[:6]):
    put("rules", f"builtin-{i}", r)
put("rules", "evil", "rule evil\n  category pii\n  severity low\n  description x\n  trigger at-sign\n"
    "  window 64 64\n  pattern (?:[a-z@]+)+!\n")
put("rules", "keywords", "rule k\n  category secret\n  severity high\n  description k\n"
    "  trigger keyword-nocase token secret\n  pattern (?i)token[=:]\\s?([A-Za-z0-9]{8,40})\n  group 1\n"
    "  validator entropy 3.0\n  context required 16 key api\n  exclude 8 test\n  stop abc\n"
    "  allow x{8}\n  priority 10\n  preview prefix\n")

# SPDX expressions
for i, e in enumerate(["MIT", "Apache-2.0 OR MIT", "(GPL-2.0-only WITH Classpath-exception-2.0) AND BSD-3-Clause",
                       "GPL-2.0+", "LicenseRef-foo AND DocumentRef-x:LicenseRef-y", "mit or (apache-2.0 and ((cc-by-4.0)))",
                       "MIT AND", "((((MIT))))", "MIT WITH"]):
    put("spdx", f"expr-{i}", e)

# license texts
mit = open(os.path.join(SRC, "licenses", "MIT.txt"), encoding="utf-8").read() \
    if os.path.exists(os.path.join(SRC, "licenses", "MIT.txt")) else "Permission is hereby granted, free of charge"
put("license", "mit", mit[:4000])
put("license", "tag", "// SPDX-License-Identifier: Apache-2.0 OR MIT\nint x;\n")
put("license", "reference", "This dataset is licensed under the Creative Commons Attribution 4.0 "
    "International License (https://creativecommons.org/licenses/by/4.0/).\n")
put("license", "notice", "Licensed under the Apache License, Version 2.0 (the \"License\");\nyou may not "
    "use this file except in compliance with the License.\nCopyright 2020 Someone\n")
put("license", "value", "cc-by-nc-sa-4.0")

# YAML: card headers and --declared files
put("yaml", "card", "---\nlicense: cc-by-4.0\nlanguage:\n- en\n- fr\ntask_categories: [text-generation]\n"
    "dataset_info:\n  features:\n  - name: text\n    dtype: string\n---\n# Title\n")
put("yaml", "declared", "name: demo\nlicense: MIT\nsource: https://example.org\nsplits:\n  train: 10\n"
    "anchors: &a [1, 2]\nalias: *a\nmulti: |\n  line\n  two\n")
put("yaml", "bad", "---\nkey: [unclosed\n---\n")
put("yaml", "deep", "a: " + "[" * 40 + "]" * 40 + "\n")

# report.json as written by a scan of the seeds above
rep = os.path.join(SRC, "build", "fuzz", "seed-report")
binary = next((p for p in [os.path.join(SRC, "build", d, "dataprov") for d in ("release", "hard", "lead")]
               if os.path.exists(p)), None)
if binary:
    subprocess.run([binary, "scan", "-q", "--progress=never", os.path.join(OUT, "archive"), "-o", rep],
                   env=dict(os.environ, DATAPROV_DATADIR=SRC))
    if os.path.exists(os.path.join(rep, "report.json")):
        put("report", "scan", open(os.path.join(rep, "report.json"), "rb").read())
put("report", "minimal", json.dumps({"format": "dataprov-report/1", "inputs": [], "coverage": {}}))
put("report", "odd", json.dumps({"format": "dataprov-report/1", "inputs": [{"path": "\u001b[31m|x|", "bytes": -1}],
                                 "members": "no", "coverage": {"limits_hit": [{"limit": 3}]}, "scope": [],
                                 "licenses": {"summary": [{}]}, "pii": {"rules": [None]}}))

# The reader targets take their first byte as the feeding block size (reader_harness.h):
# a Parquet seed must begin with one, or the reader sees "AR1" and refuses every seed.
HARNESS_BLOCK = b"\x3f"

# Parquet: small files of our own writer (tests/golden/parquet_gen.py), one per codec and
# page version, with flat, list and struct columns and a dictionary
def parquet_seeds():
    import tempfile
    sys.path.insert(0, os.path.join(SRC, "tests", "golden"))
    import parquet_gen as pq
    schema = [pq.Col("id", pq.T_INT64, pq.REQUIRED), pq.string("text"), pq.Col("ok", pq.T_BOOL),
              pq.list_of("tags", pq.string("x")), pq.Group("meta", [pq.string("license")])]
    rows = [{"id": i, "text": None if i == 2 else "row %d mail a%d@b.de" % (i, i), "ok": i % 2 == 0,
             "tags": ["t", "u"] if i % 2 else [], "meta": {"license": "mit"}} for i in range(12)]
    with tempfile.TemporaryDirectory() as d:
        for codec in ("none", "snappy", "gzip", "zstd"):
            for pv in (1, 2):
                path = os.path.join(d, "p.parquet")
                pq.write(path, schema, rows, codec=codec, page_version=pv, dictionary=pv == 1,
                         group_rows=5, page_values=4)
                put("parquet", "%s-v%d" % (codec, pv), HARNESS_BLOCK + open(path, "rb").read())
        for front in (False, True):  # DELTA_* and BYTE_STREAM_SPLIT values, LZ4_RAW pages
            path = os.path.join(d, "p.parquet")
            schema2 = schema + [pq.Col("score", pq.T_DOUBLE)]
            rows2 = [dict(r, score=r["id"] / 3) for r in rows]
            pq.write(path, schema2, rows2, codec="lz4_raw", page_version=2, encoding="delta",
                     front=front, group_rows=5, page_values=4)
            put("parquet", "delta-front" if front else "delta",
                HARNESS_BLOCK + open(path, "rb").read())


parquet_seeds()


# WARC: the fixtures of tests/scripts/warc_gen.py, decompressed (the reader sees what
# libarchive decoded), each also cut short
def warc_seeds():
    d = os.path.join(SRC, "fixtures", "warc")
    for name in sorted(os.listdir(d)):
        data = open(os.path.join(d, name), "rb").read()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        stem = name.split(".")[0]
        put("warc", stem, HARNESS_BLOCK + data)
        put("warc", stem + "-cut", b"\x05" + data[:len(data) * 2 // 3])


warc_seeds()


# TFRecord: the data of every frame of the fixtures of tests/scripts/tfrecord_gen.py, in
# the target's own record list (16-bit length, data: it frames them with good CRCs), and
# two files as they are (second byte odd: fed unframed)
def tfrecord_seeds():
    import struct
    d = os.path.join(SRC, "fixtures", "tfrecord")
    for name in sorted(os.listdir(d)):
        data = open(os.path.join(d, name), "rb").read()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        stem = name.split(".")[0]
        out, o = b"", 0
        while o + 12 <= len(data):
            n = struct.unpack("<Q", data[o:o + 8])[0]
            frame = data[o + 12:o + 12 + n]
            out += struct.pack("<H", min(len(frame), 0x7FFF)) + frame[:0x7FFF]
            o += 16 + n
        put("tfrecord", stem, b"\x3f\x00" + out)
        if stem in ("bad_crc", "truncated"):
            put("tfrecord", stem + "-raw", b"\x05\x01" + data)


tfrecord_seeds()


# Arrow IPC: the fixtures of tests/scripts/arrow_gen.py (stream and file formats, every
# column type, dictionaries, ZSTD and LZ4_FRAME bodies, broken files), fed in large blocks,
# and the basic stream again in 5-byte blocks
def arrow_seeds():
    d = os.path.join(SRC, "fixtures", "arrow")
    for name in sorted(os.listdir(d)):
        if os.path.isfile(os.path.join(d, name)):
            put("arrow", name.replace(".", "-"), HARNESS_BLOCK + open(os.path.join(d, name), "rb").read())
    put("arrow", "basic-small-blocks", b"\x04" + open(os.path.join(d, "basic.arrows"), "rb").read())


arrow_seeds()

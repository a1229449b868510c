#!/usr/bin/env python3
"""Foundation CLI tests: every input format, nested archives, and every bad input of
issue 2, each generated here (no committed blobs), each checked for its message, its
count in the report, the rest of the scan going on, and the exit code."""
import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import zipfile

from lib import check, finish, inputs, members, run, scan, tmpdir

D = tmpdir()
os.chdir(D)
REC = b"".join(b'{"text":"record %d","license":"mit"}\n' % i for i in range(10))
_rng = __import__("random").Random(7)
NOISY = b"".join(b'{"text":"%s"}\n' % "".join(_rng.choice("abcdefghij klmnop") for _ in range(200)).encode()
                 for _ in range(4000))  # compresses poorly, so a cut loses only the tail


def sh(*cmd, data=None):
    return subprocess.run(cmd, input=data, check=True, stdout=subprocess.PIPE).stdout


def tar_bytes(entries, mode="w"):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def write(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data)


# ---- formats ----
os.makedirs("fmt")
write("fmt/plain.jsonl", REC)
write("fmt/a.jsonl.gz", gzip.compress(REC))
write("fmt/a.jsonl.bz2", sh("bzip2", "-c", data=REC))
write("fmt/a.jsonl.xz", sh("xz", "-c", data=REC))
write("fmt/a.jsonl.zst", sh("zstd", "-q", "-c", data=REC))
write("fmt/a.jsonl.lz4", sh("lz4", "-q", "-c", data=REC))
write("fmt/t.tar", tar_bytes([("x/a.jsonl", REC), ("x/b.csv", b"text\nx\ny\n")]))
write("fmt/t.tar.xz", sh("xz", "-c", data=tar_bytes([("a.jsonl", REC)])))
with zipfile.ZipFile("fmt/z.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("in/a.jsonl", REC)
    z.writestr("in/c.txt", b"hello")
sh("7z", "a", "-bso0", "-bsp0", "fmt/s.7z", "fmt/plain.jsonl")
write("fmt/n7.tar", tar_bytes([("inner/s.7z", open("fmt/s.7z", "rb").read())]))
wds = []
for i in range(4):  # a WebDataset shard: jpg + json + txt per sample key
    wds += [(f"s/{i:06d}.jpg", b"\xff\xd8\xff\xe0" + bytes(40)),
            (f"s/{i:06d}.json", json.dumps({"url": f"https://img.example.com/{i}", "license": "cc-by-4.0"}).encode()),
            (f"s/{i:06d}.txt", f"caption {i}".encode())]
write("fmt/wds.tar", tar_bytes(wds))
write("fmt/txtfirst.tar", tar_bytes([(f"{i}.txt", b"cap %d" % i) for i in range(3)] +
                                    [("3.txt", b"c3"), ("3.cls", b"1")]))
write("fmt/arr.json", json.dumps([{"text": "a"}, {"text": "b"}]).encode())
write("fmt/t.tsv", b"text\tlabel\nx\t1\n")
write("fmt/img.bin", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
code, rep, err = scan(["fmt"], "o-fmt")
check(code == 0, f"formats: exit 0 (got {code}: {err})")
ins = inputs(rep)
for name, recs in [("plain.jsonl", 10), ("a.jsonl.gz", 10), ("a.jsonl.bz2", 10),
                   ("a.jsonl.xz", 10), ("a.jsonl.zst", 10), ("a.jsonl.lz4", 10),
                   ("t.tar", 12), ("t.tar.xz", 10), ("z.zip", 11), ("s.7z", 10), ("n7.tar", 10),
                   ("arr.json", 2), ("t.tsv", 1), ("img.bin", 0), ("wds.tar", 4), ("txtfirst.tar", 5)]:
    check(ins["fmt/" + name]["records"] == recs,
          f"formats: {name} has {recs} records (got {ins['fmt/' + name]['records']})")
check(ins["fmt/a.jsonl.zst"]["compression"] == "zstd", "formats: zstd compression named")
check(ins["fmt/t.tar.xz"]["container"] == "tar" and ins["fmt/t.tar.xz"]["compression"] == "xz",
      "formats: tar.xz container and compression")
m = members(rep)
check("fmt/a.jsonl.gz!/a.jsonl" in m, "formats: compressed file gets a level named without .gz")
check(m["fmt/img.bin"]["kind"] == "binary" and m["fmt/img.bin"]["format"] == "png",
      "formats: a PNG is inventoried as binary, not read")
check(len(ins["fmt/plain.jsonl"]["sha256"]) == 64, "formats: sha256 present")
check(m["fmt/wds.tar!/s/000000.jpg"]["records"] == 1 and m["fmt/wds.tar!/s/000000.jpg"]["format"] == "jpeg",
      "formats: a WebDataset sample is one record, on its first member")
check(m["fmt/txtfirst.tar!/0.txt"]["format"] == "text" and m["fmt/txtfirst.tar!/3.cls"]["format"] == "text",
      "formats: a tar of plain text files is not mistaken for a WebDataset")
import hashlib
check(ins["fmt/a.jsonl.zst"]["sha256"] == hashlib.sha256(open("fmt/a.jsonl.zst", "rb").read()).hexdigest(),
      "formats: sha256 is of the file's bytes")

check(rep["coverage"]["members_undecoded"] == 0 and rep["coverage"]["undecoded_formats"] == [],
      "formats: a PNG is not a data format whose records went unread")

# ---- data formats without a reader: inventoried, and the card says their records went unread
write("tab/data.tar", tar_bytes([("train-00000-of-00002.avro", b"Obj\x01" + bytes(304)),
                                 ("train-00001-of-00002.avro", b"Obj\x01" + bytes(104)),
                                 ("cache/part-0.orc", b"ORC" + bytes(61)),
                                 ("db.sqlite", b"SQLite format 3\0" + bytes(84)),
                                 ("notes.jsonl", REC)]))
code, rep, err = scan(["tab/data.tar"], "o-tab")
cov = rep["coverage"]
check(code == 0 and cov["records"] == 10, f"data formats: the JSONL beside them is read ({code}, {err})")
check(cov["members_undecoded"] == 4, f"data formats: 4 members undecoded (got {cov['members_undecoded']})")
check(cov["undecoded_formats"] == [{"format": "avro", "members": 2, "bytes": 416},
                                   {"format": "orc", "members": 1, "bytes": 64},
                                   {"format": "sqlite", "members": 1, "bytes": 100}],
      f"data formats: members and bytes per format ({cov['undecoded_formats']})")
gap = [g for g in rep["gaps"] if g["id"] == "unread-records"]
check(len(gap) == 1 and gap[0]["severity"] == "high" and "avro 2" in gap[0]["message"] and
      len(gap[0]["evidence"]) == 4 and gap[0]["evidence"][0]["origin"].endswith(".avro"),
      f"data formats: an unread-records gap with each member as evidence ({gap})")
card = open("o-tab/DATACARD.md", encoding="utf-8").read()
check("Everything was read" not in card and "- avro: 2 member(s), 416 bytes" in card,
      "data formats: the card lists them under what could not be read")
code, _, _ = scan(["tab/data.tar"], "o-tab2", ["-q", "--fail-on", "unread-records"])
check(code == 1, f"data formats: --fail-on unread-records fails the run (exit {code})")

# ---- a table whose first column is named FEA1 (Feather v1's magic) is text, a Feather file is not
write("tab/fea.tar", tar_bytes([("features", b"FEA1,FEA2,label\n0.5,0.7,cat\n0.1,0.2,dog\n"),
                                ("table.feather", b"FEA1" + bytes(4) + b"\x01\x02" + bytes(50) + b"FEA1")]))
code, rep, err = scan(["tab/fea.tar"], "o-fea", ["-q"])
fmt = {m["origin"].rsplit("/", 1)[-1]: m["format"] for m in rep["members"]}
check(code == 0 and rep["coverage"]["records"] == 2 and fmt.get("features") == "csv" and
      fmt.get("table.feather") == "feather" and rep["coverage"]["members_undecoded"] == 1,
      f"data formats: a CSV beginning FEA1 is read, a Feather file is not ({code}, {fmt}, {err})")

# ---- --format reads text members only: images and Parquet files stay binary ----
write("fmtover/data", REC)
write("fmtover/pic.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
write("fmtover/t.parquet", b"PAR1" + bytes(64) + b"PAR1")
code, rep, err = scan(["fmtover"], "o-fmtover", ["-q", "--format", "jsonl"])
m = members(rep)
check(code == 0 and m["fmtover/data"]["records"] == 10 and rep["coverage"]["records_malformed"] == 0 and
      m["fmtover/pic.png"]["kind"] == "binary" and m["fmtover/t.parquet"]["kind"] == "binary",
      f"--format jsonl: the extensionless data is read, the PNG and the Parquet file are not ({code}, {err})")

# ---- --format lines: a plain-text corpus, one record per line ----
write("lines/corpus.txt", b"the cat sat\r\nthe cat sat\n\nmail joe.bloggs@mailhost.de\n")
code, rep, err = scan(["lines/corpus.txt"], "o-lines", ["-q", "--format", "lines"])
check(code == 0 and rep["coverage"]["records"] == 3 and rep["dedup"]["exact"]["duplicates"] == 1,
      f"lines: three records, one an exact duplicate ({code}, {err})")
code, rep, err = scan(["lines/corpus.txt"], "o-lines-default", ["-q"])
check(rep["coverage"]["records"] == 1, "lines: without --format lines a text file is one record")

# ---- nested three deep: zip in tar.gz holding a .jsonl.zst ----
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as z:
    z.writestr("deep/data.jsonl.zst", sh("zstd", "-q", "-c", data=REC * 3))
write("nest/outer.tar.gz", gzip.compress(tar_bytes([("inner.zip", inner.getvalue())])))
code, rep, err = scan(["nest/outer.tar.gz"], "o-nest")
check(code == 0, f"nested: exit 0 (got {code}: {err})")
origin = "nest/outer.tar.gz!/inner.zip!/deep/data.jsonl.zst!/data.jsonl"
check(origin in members(rep), f"nested: origin chain {origin}")
check(rep["records"]["total"] == 30, f"nested: 30 records (got {rep['records']['total']})")

# ---- bad inputs ----
os.makedirs("bad")
write("bad/good.jsonl", REC)
write("bad/trunc.jsonl.gz", gzip.compress(NOISY)[:-400])
write("bad/trunc.jsonl.zst", sh("zstd", "-q", "-c", data=NOISY)[:-400])
write("bad/trunc.tar", tar_bytes([("a.jsonl", REC), ("b.jsonl", NOISY)])[:40000])
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("one.jsonl", REC * 20)
    z.writestr("two.jsonl", REC)
raw = bytearray(zb.getvalue())
raw[60:90] = b"\xff" * 30  # corrupt the first member's deflate data
write("bad/corrupt.zip", bytes(raw))
write("bad/utf8.jsonl", b'{"text":"bad \xff\xfe bytes"}\n{"text":"ok"}\n')
write("bad/nul.jsonl", b'{"text":"a\x00b"}\n{"text":"ok"}\n')
write("bad/empty.jsonl", b"")
write("bad/empty.tar", tar_bytes([]))
write("bad/deep.jsonl", b'{"d":' + b"[" * 200000 + b"]" * 200000 + b"}\n" + b'{"text":"after"}\n')
write("bad/huge.jsonl", b'{"text":"' + b"x" * (3 << 20) + b'"}\n{"text":"next"}\n')
write("bad/quote.csv", b'id,text\n1,"open quote\n2,fine\n')
write("bad/blob.dat", bytes(range(256)) * 4)
hostile = tar_bytes([("../escape.txt", b"up"), ("/abs/path.txt", b"abs"),
                     ("new\nline\x1b[31m.txt", b"nl"), ("bad\xff\xfe.txt".encode("latin-1").decode("latin-1"), b"x")])
write("bad/hostile.tar", hostile)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
    ti = tarfile.TarInfo("real.jsonl"); ti.size = len(REC); t.addfile(ti, io.BytesIO(REC))
    ti = tarfile.TarInfo("sym.jsonl"); ti.type = tarfile.SYMTYPE; ti.linkname = "/etc/passwd"; t.addfile(ti)
    ti = tarfile.TarInfo("hard.jsonl"); ti.type = tarfile.LNKTYPE; ti.linkname = "real.jsonl"; t.addfile(ti)
write("bad/links.tar", buf.getvalue())
os.symlink("/etc/passwd", "bad/link-out")
code, rep, err = scan(["bad", "missing.jsonl"], "o-bad", extra=["--max-record-bytes", "1M"], timeout=300)
check(code == 3, f"bad: exit 3 (got {code})")
ins, m, cov = inputs(rep), members(rep), rep["coverage"]
check(ins["missing.jsonl"]["status"] == "unreadable" and "missing.jsonl" in ins["missing.jsonl"]["errors"][0],
      "bad: missing file is unreadable and named")
check("missing.jsonl" in err, "bad: missing file named on stderr")
check(ins["bad/good.jsonl"]["records"] == 10 and ins["bad/good.jsonl"]["status"] == "ok",
      "bad: a good input next to bad ones is fully read")
for name in ["trunc.jsonl.gz", "trunc.jsonl.zst", "trunc.tar"]:
    check(ins["bad/" + name]["status"] == "partial" and ins["bad/" + name]["errors"],
          f"bad: {name} is partial with an error")
    check(ins["bad/" + name]["records"] > 0, f"bad: {name} keeps the records before the cut")
check(ins["bad/corrupt.zip"]["status"] == "partial", "bad: corrupt zip is partial")
check(m.get("bad/corrupt.zip!/two.jsonl", {}).get("records") == 10,
      "bad: the good member after a corrupt zip member is still read")
check(cov["records_invalid_utf8"] >= 1 and ins["bad/utf8.jsonl"]["records"] == 2,
      "bad: invalid UTF-8 is counted and the record kept")
check(ins["bad/nul.jsonl"]["records"] >= 1, "bad: NUL bytes do not lose the member")
check(ins["bad/empty.jsonl"]["records"] == 0 and ins["bad/empty.jsonl"]["status"] == "ok",
      "bad: empty file is fine")
check(ins["bad/empty.tar"]["members"] == 0, "bad: empty archive has no members")
check(m["bad/deep.jsonl"]["records"] == 1 and m["bad/deep.jsonl"]["malformed"] == 1,
      "bad: a JSON line nested 200000 deep is malformed, bounded, and the next line read")
check(m["bad/huge.jsonl"]["records"] == 1 and cov["records_oversize"] >= 1,
      "bad: a line over --max-record-bytes is counted as oversize and the next line read")
check(any("huge.jsonl" in e and "max-record-bytes" in e for e in cov["malformed_examples"]),
      "bad: the oversize line is located")
check(m["bad/quote.csv"]["malformed"] == 1 and any("quote.csv" in e and "unterminated" in e
                                                    for e in cov["malformed_examples"]),
      "bad: an unbalanced CSV quote is counted with its line")
check(m["bad/blob.dat"]["kind"] == "binary", "bad: unknown binary bytes are inventoried, not read")
check("bad/hostile.tar!/../escape.txt" in m and "bad/hostile.tar!//abs/path.txt" in m,
      "bad: hostile names kept verbatim as data (never used as paths)")
check(not os.path.exists(os.path.join(D, "escape.txt")) and not os.path.exists("/abs/path.txt"),
      "bad: nothing written outside OUTDIR")
check("\x1b" not in err, "bad: no terminal escape reaches stderr")
check(m["bad/links.tar!/sym.jsonl"]["status"] == "skipped" and m["bad/links.tar!/hard.jsonl"]["status"] == "skipped",
      "bad: symlink and hardlink members are listed as skipped")
check(ins["bad/link-out"]["status"] == "skipped", "bad: a symlink in a walked folder is not followed")
card = open("o-bad/DATACARD.md", encoding="utf-8").read()
check("\x1b" not in card and "missing.jsonl" in card, "bad: the card lists what could not be read, escaped")
check(not any(n.startswith(".o-bad") for n in os.listdir(".")), "bad: no temporary directory left")

# ---- standard input, usage errors, output directory safety ----
code, so, se = run(["scan", "--progress=never", "-", "-o", "o-stdin"], stdin=REC)
check(code == 0 and json.load(open("o-stdin/report.json"))["records"]["total"] == 10,
      "stdin: '-' is read")
check(run(["scan", "fmt"])[0] == 2, "usage: missing -o exits 2")
check(run(["scan", "--bogus", "fmt", "-o", "x"])[0] == 2, "usage: unknown option exits 2")
check(run(["scan", "--max-depth", "abc", "fmt", "-o", "x"])[0] == 2, "usage: bad number exits 2")
write("bad.rules", b"rule bad\n  pattern (unclosed\n")
code, so, se = run(["scan", "--rules", "bad.rules", "fmt", "-o", "x"], timeout=30)
check(code == 2 and "bad.rules:1" in se and not os.path.exists("x"), "usage: a bad --rules file exits 2, naming its line")
os.makedirs("precious"); write("precious/keep.txt", b"mine")
code, so, se = run(["scan", "--progress=never", "fmt/plain.jsonl", "-o", "precious"])
check(code == 4 and os.path.exists("precious/keep.txt"), "outdir: a foreign directory is never replaced")
code, so, se = run(["scan", "--progress=never", "fmt/plain.jsonl", "-o", "o-fmt"])
check(code == 0 and json.load(open("o-fmt/report.json"))["coverage"]["inputs"] == 1,
      "outdir: a previous result is replaced")
code, so, se = run(["scan", "--progress=always", "fmt", "-o", "o-prog"])
check(code == 0 and "MB/s" in se and "records" in se, f"progress: --progress=always draws the line ({se[:80]!r})")
code, so, se = run(["scan", "fmt", "-o", "o-prog2"])
check(code == 0 and "MB/s" not in se, "progress: off by default when stderr is not a terminal")
code, so, se = run(["--version"])
check(code == 0 and so.startswith("dataprov "), "--version")
shutil.rmtree(D)
finish("foundation")

#!/usr/bin/env python3
"""The WARC/WET and TFRecord readers through the CLI: a folder of Common Crawl-like shards
(a multi-member WET.gz, a WARC.gz of response records) and TensorFlow shards (.tfrecord,
a TFDS-named shard, a gzipped one, one named like ImageNet's) is read record by record: the
domains come from the WARC urls, PII is found in the text (and not in image bytes), and
nothing is left as unread-records. Broken files are counted and located, and the good ones
next to them are still read. Fixtures: tests/scripts/warc_gen.py, tfrecord_gen.py."""
import os
import shutil

from lib import check, finish, members, scan, tmpdir

SRC = os.environ.get("DP_SRC") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WARC = os.path.join(SRC, "fixtures", "warc")
TF = os.path.join(SRC, "fixtures", "tfrecord")
D = tmpdir()
os.chdir(D)


def folder(name, files):
    os.makedirs(name)
    for src, dst in files:
        shutil.copy(src, os.path.join(name, dst))


folder("good", [(os.path.join(WARC, "wet.warc.wet.gz"), "CC-MAIN-1.warc.wet.gz"),
                (os.path.join(WARC, "crawl.warc.gz"), "CC-MAIN-1.warc.gz"),
                (os.path.join(TF, "text.tfrecord"), "text.tfrecord"),
                (os.path.join(TF, "train.tfrecord-00000-of-00002"), "mnist-train.tfrecord-00000-of-00002"),
                (os.path.join(TF, "shard.tfrecord.gz"), "shard.tfrecord.gz"),
                (os.path.join(TF, "train.tfrecord-00000-of-00002"), "train-00000-of-01024")])
code, rep, err = scan(["good"], "out")
check(code == 0, f"good shards: exit 0, got {code}: {err}")
m = members(rep)
want = {"good/CC-MAIN-1.warc.wet.gz!/CC-MAIN-1.warc.wet": ("warc", 9),
        "good/CC-MAIN-1.warc.gz!/CC-MAIN-1.warc": ("warc", 5),
        "good/text.tfrecord": ("tfrecord", 5),
        "good/mnist-train.tfrecord-00000-of-00002": ("tfrecord", 3),
        "good/shard.tfrecord.gz!/shard.tfrecord": ("tfrecord", 2),
        "good/train-00000-of-01024": ("tfrecord", 3)}
for origin, (fmt, records) in want.items():
    got = m.get(origin, {})
    check((got.get("format"), got.get("records")) == (fmt, records),
          f"{origin}: {fmt} with {records} records, got {got.get('format')} {got.get('records')}")
cov = rep["coverage"]
check(cov["records"] == 27, f"27 records, got {cov['records']}")
check(cov["members_undecoded"] == 0 and cov["undecoded_formats"] == [],
      f"nothing undecoded: {cov['members_undecoded']} {cov['undecoded_formats']}")
gaps = [g.get("id") for g in rep["gaps"]]
check("unread-records" not in gaps and "coverage" not in gaps, f"no unread-records gap: {gaps}")
dom = rep["scope"]["domains"]
# WARC: 8 WET pages on example.org, one on example.net; responses on example.com (4), a
# resource on ftp://files.example.org; TFRecord: tf0.example.com (1), tfshard*.example.net (8)
check(dom["records_with_url"] == 23, f"23 records with a url, got {dom['records_with_url']}")
top = {t["domain"]: t["records"] for t in dom["top"]}
check(top == {"example.org": 9, "example.net": 9, "example.com": 5}, f"domains: {top}")
pii = {r["id"]: r["findings"] for r in rep["pii"]["rules"] if r["findings"]}
# emails: 8 WET pages, 3 HTML pages, 1 Example (not the one inside its JPEG bytes);
# phones: 8 WET pages, 8 shard Examples
check(pii == {"email": 12, "phone-intl": 16}, f"PII found in the text: {pii}")
card = open("out/DATACARD.md", encoding="utf-8").read()
check("tfrecord" not in card.split("### What could not be read")[1].split("\n## ")[0]
      or "Everything was read" in card, "the card lists no unread TFRecord data")

folder("bad", [(os.path.join(WARC, "truncated.warc"), "truncated.warc"),
               (os.path.join(WARC, "corrupt.warc"), "corrupt.warc"),
               (os.path.join(TF, "bad_crc.tfrecord"), "bad_crc.tfrecord"),
               (os.path.join(TF, "truncated.tfrecord"), "truncated.tfrecord"),
               (os.path.join(WARC, "crlf.warc"), "crlf.warc")])
code, rep, err = scan(["bad"], "out2")
check(code == 3, f"broken shards: exit 3, got {code}")
m = members(rep)
want = {"bad/truncated.warc": (2, 2, "partial"), "bad/corrupt.warc": (3, 3, "partial"),
        "bad/bad_crc.tfrecord": (2, 1, "partial"), "bad/truncated.tfrecord": (2, 1, "partial"),
        "bad/crlf.warc": (3, 0, "ok")}
for origin, (records, bad, status) in want.items():
    got = m.get(origin, {})
    check((got.get("records"), got.get("malformed"), got.get("status")) == (records, bad, status),
          f"{origin}: {records} records, {bad} malformed, {status}; got {got.get('records')} "
          f"{got.get('malformed')} {got.get('status')}")
check("bad/truncated.warc: WARC record 2 at byte 319" in err, "the cut WARC record is named on stderr")
check("bad/bad_crc.tfrecord: TFRecord record 2 at byte 111: bad data CRC" in err,
      "the bad CRC is named on stderr")
check(rep["coverage"]["records_malformed"] == 7, f"7 malformed, got {rep['coverage']['records_malformed']}")

# the review's findings (warc_gen.py edge_records): an interim 100 Continue response, a
# folded Content-Type, two disagreeing Content-Lengths, a header cut by the next record and
# three lying lengths: 4 records read, 5 malformed, the first one's email found once
folder("edge", [(os.path.join(WARC, "edge.warc"), "edge.warc")])
code, rep, err = scan(["edge"], "out3")
m = members(rep).get("edge/edge.warc", {})
check((m.get("records"), m.get("malformed"), m.get("status")) == (4, 5, "partial"),
      f"edge.warc: 4 records, 5 malformed, partial; got {m.get('records')} "
      f"{m.get('malformed')} {m.get('status')} (exit {code})")
check("edge/edge.warc: WARC record 3 at byte 741" in err and
      "WARC record 4 at byte 1083: header cut short by the version line" in err,
      "the two lengths and the cut header are named on stderr")
pii = {r["id"]: r["findings"] for r in rep["pii"]["rules"] if r["findings"]}
check(pii == {"email": 1}, f"one email, in the payload after 100 Continue: {pii}")

finish("warc_tfrecord")

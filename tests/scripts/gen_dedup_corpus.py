#!/usr/bin/env python3
"""gen_dedup_corpus.py - a corpus with known duplicate and leakage counts for dedup tests.

Usage: gen_dedup_corpus.py OUTDIR EXPECTED.json [--records N] [--seed S]

Writes, under OUTDIR:
  train.tar.gz   data/train-00.jsonl.zst, data/train-01.jsonl.zst, blob.bin
  test.jsonl.gz  the test split
  extra.zip      valid.csv (columns id,text,split) and the same blob.bin again
Every JSONL record is {"id":..., "text":..., "split":...}. The expected numbers (what the
dedup section of report.json must say) are computed from the records themselves with the
documented rule, and the construction counts are written next to them for reference.
Needs the `zstd` command for the .zst shards; otherwise Python 3 standard library only.
"""
import argparse
import csv
import gzip
import io
import json
import os
import random
import subprocess
import tarfile
import unicodedata
import zipfile

WORDS = ("data provenance card corpus shard token license model train eval split "
         "river mountain quiet bright signal window paper garden engine music").split()


def norm(text):
    """The dedup normalisation rule, for the characters this generator uses."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def sentence(rng, i):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if i % 5 == 0:
        words.append("café")          # some non-ASCII text on the utf8proc path
    return "Record %d: %s." % (i, " ".join(words))


def variant(rng, text, k):
    """A text that differs in bytes but not after normalisation."""
    kinds = [
        lambda t: t.upper(),
        lambda t: "  " + t.replace(" ", "   ") + "\n",
        lambda t: t.replace("a", "Ａ").replace("e", "ｅ"),   # full-width letters
        lambda t: t.replace("fi", "ﬁ").title(),
        lambda t: t.replace(" ", "\u00a0", 2).swapcase(),
    ]
    return kinds[k % len(kinds)](text)


def build(rng, n):
    """Lists of (split, text) per shard, plus construction counts."""
    base = [sentence(rng, i) for i in range(n)]
    train, test, valid = [], [], []
    made = {"exact_copies": 0, "normalized_variants": 0, "test_leaked_exact": 0,
            "test_leaked_normalized_only": 0, "empty": 0, "whitespace_only": 0}
    for i, t in enumerate(base):
        (train if i % 4 else (test if i % 8 == 0 else valid)).append(t)
    pool = train[: n // 2]                        # originals that copies are drawn from
    for k in range(n // 5):                       # exact copies inside train
        train.append(rng.choice(pool))
        made["exact_copies"] += 1
    used = set()
    for k in range(n // 6):                       # normalised-only variants inside train
        t = rng.choice(pool)
        v = variant(rng, t, k)
        if v in used or v == t:
            continue
        used.add(v)
        train.append(v)
        made["normalized_variants"] += 1
    for k in range(n // 10):                      # test records copied from train
        test.append(rng.choice(pool))
        made["test_leaked_exact"] += 1
    for k in range(n // 12):                      # test records that leak only normalised
        v = variant(rng, rng.choice(pool), k + 1) + " "
        if v in used:
            continue
        used.add(v)
        test.append(v)
        made["test_leaked_normalized_only"] += 1
    for k in range(n // 20):                      # validation leaks too
        valid.append(rng.choice(pool))
    for s in (train, test, valid):
        s.append("")
        s.append(" \t ")
        made["empty"] += 1
        made["whitespace_only"] += 1
    for s in (train, test, valid):
        rng.shuffle(s)
    half = len(train) // 2
    shards = {"train-00": [("train", t) for t in train[:half]],
              "train-01": [("train", t) for t in train[half:]],
              "test": [("test", t) for t in test],
              "valid": [("validation", t) for t in valid]}
    return shards, made


def jsonl(rows, prefix):
    out = io.StringIO()
    for i, (split, text) in enumerate(rows):
        out.write(json.dumps({"id": "%s-%d" % (prefix, i), "text": text, "split": split},
                             ensure_ascii=False) + "\n")
    return out.getvalue().encode("utf-8")


def zstd_bytes(data):
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def tar_add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1700000000
    tar.addfile(info, io.BytesIO(data))


def write_corpus(outdir, shards, blob):
    os.makedirs(outdir, exist_ok=True)
    with tarfile.open(os.path.join(outdir, "train.tar.gz"), "w:gz") as tar:
        for name in ("train-00", "train-01"):
            tar_add(tar, "data/%s.jsonl.zst" % name, zstd_bytes(jsonl(shards[name], name)))
        tar_add(tar, "blob.bin", blob)
    with gzip.GzipFile(os.path.join(outdir, "test.jsonl.gz"), "wb", mtime=0) as f:
        f.write(jsonl(shards["test"], "test"))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "text", "split"])
    for i, (split, text) in enumerate(shards["valid"]):
        w.writerow(["valid-%d" % i, text, split])
    with zipfile.ZipFile(os.path.join(outdir, "extra.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("valid.csv", (2024, 1, 1, 0, 0, 0)), buf.getvalue())
        z.writestr(zipfile.ZipInfo("copy/blob.bin", (2024, 1, 1, 0, 0, 0)), blob)


def level_counts(texts, key):
    keys = [key(t) for t in texts]
    nonempty = [k for k in keys if k != ""]
    return {"records": len(nonempty), "unique": len(set(nonempty)),
            "duplicates": len(nonempty) - len(set(nonempty)),
            "empty": len(keys) - len(nonempty)}


def expected(shards):
    rows = [r for name in ("train-00", "train-01", "test", "valid") for r in shards[name]]
    texts = [t for _, t in rows]
    out = {"exact": level_counts(texts, lambda t: t),
           "normalized": level_counts(texts, norm),
           "files": {"duplicates": 1}, "leakage": {}}
    train = [t for s, t in rows if s == "train"]
    train_exact, train_norm = set(train), set(norm(t) for t in train)
    for split in ("test", "validation"):
        ev = [t for s, t in rows if s == split and t != ""]
        out["leakage"][split] = {
            "records": len(ev),
            "exact": sum(1 for t in ev if t in train_exact),
            "normalized": sum(1 for t in ev if norm(t) != "" and norm(t) in train_norm)}
    # One findings line per record that is a duplicate at either level: every non-empty
    # record except the first of each normalised cluster and the first of each exact
    # cluster whose text normalises to nothing (order does not change the count).
    nonempty = [t for t in texts if t != ""]
    out["findings"] = (len(nonempty) - len(set(norm(t) for t in nonempty if norm(t)))
                       - len(set(t for t in nonempty if norm(t) == "")))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("expected")
    ap.add_argument("--records", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    shards, made = build(rng, a.records)
    blob = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096))
    write_corpus(a.outdir, shards, blob)
    exp = expected(shards)
    exp["constructed"] = made
    with open(a.expected, "w", encoding="utf-8") as f:
        json.dump(exp, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Determinism: the same inputs scanned with 1, 2 and 4 threads give byte-identical
report.json, card and findings (issue 8). Inputs are many small files of uneven sizes so
that workers finish in different orders from run to run."""
import gzip
import hashlib
import json
import os
import random
import shutil
import subprocess

from lib import check, finish, run, tmpdir

D = tmpdir()
rng = random.Random(99)
os.makedirs(os.path.join(D, "in", "train"))
os.makedirs(os.path.join(D, "in", "test"))
pool = [f"Sentence number {i} about {rng.choice(['rivers', 'bread', 'stars'])}." for i in range(300)]
for k in range(14):
    lines = []
    for i in range(rng.randint(5, 400)):
        t = rng.choice(pool) if rng.random() < 0.3 else f"{rng.choice(pool)} unique {k}-{i}"
        if rng.random() < 0.05:
            t += f" mail me at user{i}@site{k}.org or call +1 415 555 {rng.randint(1000, 9999)}"
        if rng.random() < 0.03:
            t += " date 2021-13-45 and url ht!tp://bad"
        lines.append(json.dumps({"text": t, "url": f"https://s{k % 5}.example.org/{i}",
                                 "date": f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                 "license": rng.choice(["mit", "cc-by-4.0", "", "weird-license", "unknown"]),
                                 "lang": rng.choice(["en", "fr"]), "n": rng.randint(0, 9)}))
    split = "test" if k % 4 == 0 else "train"
    data = ("\n".join(lines) + "\n").encode()
    path = os.path.join(D, "in", split, f"part-{k:02d}.jsonl" + (".gz" if k % 3 == 0 else ""))
    with open(path, "wb") as f:
        f.write(gzip.compress(data, mtime=0) if k % 3 == 0 else data)
shutil.copytree(os.path.join(os.environ.get("DP_SRC", "."), "fixtures", "demo"), os.path.join(D, "in", "demo"))


def digest(outdir):
    h = {}
    for root, _, files in os.walk(outdir):
      for f in sorted(files):
        p = os.path.join(root, f)
        name = os.path.relpath(p, outdir)
        if name.startswith("state" + os.sep):
            continue  # merge side files: partial states in thread order; merge.py checks them
        data = open(p, "rb").read()
        if name.endswith(".zst"):
            data = subprocess.run(["zstd", "-dc", p], check=True, stdout=subprocess.PIPE).stdout
        h[name] = hashlib.sha256(data).hexdigest()
    return h


ref = None
for attempt in range(2):
    for n in (1, 2, 4):
        out = os.path.join(D, f"o{n}")
        shutil.rmtree(out, ignore_errors=True)
        code, so, se = run(["scan", "--progress=never", "-q", "--threads", str(n), os.path.join(D, "in"), "-o", out])
        check(code in (0, 3), f"threads {n}: scan ran (exit {code}) {se}")
        h = digest(out)
        if ref is None:
            ref = h
        for name in sorted(set(ref) | set(h)):
            check(ref.get(name) == h.get(name), f"threads {n} (round {attempt}): {name} identical to 1 thread")
        if h != ref and os.environ.get("KEEP"):
            shutil.copytree(out, f"{out}-mismatch-{attempt}")
print(D) if os.environ.get("KEEP") else shutil.rmtree(D)
finish("threads")

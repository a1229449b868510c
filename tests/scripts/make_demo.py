#!/usr/bin/env python3
"""Generate fixtures/demo: a small synthetic dataset for `make demo` and the golden tests.

Deterministic: fixed seed, fixed archive timestamps, so the committed bytes (and the
golden report) only change when this script does. Everything here is invented text.
"""
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tarfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "demo")

README = """---
license: cc-by-4.0
pretty_name: Demo Recipes
language:
- en
size_categories:
- n<1K
task_categories:
- text-generation
---

# Demo Recipes

A tiny synthetic corpus of cooking notes, made by dataprov's fixture script to show what
a scan reports. The training shards are JSONL inside a tar; the validation split is CSV.
"""

TOPICS = ["bread", "soup", "salad", "curry", "pasta", "stew", "pie", "rice", "tea", "jam"]
VERBS = ["stir", "simmer", "knead", "chop", "roast", "whisk", "fold", "season", "bake", "steep"]


def sentence(rng):
    t, v = rng.choice(TOPICS), rng.choice(VERBS)
    return f"To make {t}, {v} gently for {rng.randint(2, 40)} minutes and taste as you go."


def records(rng, n, split, start):
    out = []
    for i in range(n):
        text = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        rec = {"id": f"{split}-{start + i}", "text": text,
               "url": f"https://{rng.choice(['cooking.example.org', 'recipes.example.com', 'blog.example.net'])}/p/{start + i}",
               "license": rng.choice(["cc-by-4.0", "CC BY 4.0", "cc-by-4.0", ""]),
               "date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
        out.append(rec)
    return out


def jsonl(recs):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode()


def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    info.mode = 0o644
    info.uname = info.gname = "dataprov"
    tar.addfile(info, io.BytesIO(data))


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def main():
    rng = random.Random(20261126)
    os.makedirs(os.path.join(ROOT, "data"), exist_ok=True)
    train_a = records(rng, 40, "train", 0)
    train_b = records(rng, 40, "train", 40)
    train_b[3]["text"] = train_a[5]["text"]            # an exact duplicate across shards
    train_b[7]["text"] = train_a[9]["text"].upper()    # a duplicate after normalisation
    train_a[11]["text"] += " Questions to chef.demo@recipes-demo.net or +44 20 7946 0958."
    valid = records(rng, 12, "validation", 0)
    valid[2]["text"] = train_a[1]["text"]              # leaked into validation
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        add(tar, "train-00000.jsonl.zst", zstd(jsonl(train_a)))
        add(tar, "train-00001.jsonl.gz", gzip.compress(jsonl(train_b), mtime=0))
    with open(os.path.join(ROOT, "data", "train-shards.tar"), "wb") as f:
        f.write(buf.getvalue())
    with open(os.path.join(ROOT, "data", "validation.csv"), "w", newline="") as f:
        f.write("id,text,license\n")
        for r in valid:
            text = r["text"].replace('"', '""')
            f.write(f'{r["id"]},"{text}",{r["license"]}\n')
    with open(os.path.join(ROOT, "README.md"), "w") as f:
        f.write(README)
    with open(os.path.join(ROOT, "data", "notes.txt"), "w") as f:
        f.write("Collected from three invented cooking sites in 2023; see README.md.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""dataprov merge (issue 10): a corpus cut into k = 1, 3 and 16 shard scans merges into the
report one scan of all of it gives (byte for byte, but for the per-run spill count), with
exact cross-shard duplicate and leakage counts; merges of merges and shuffled shard orders
give identical bytes; the GNU parallel recipe of the README runs; the Slurm script parses."""
import gzip
import json
import os
import random
import shutil
import subprocess
import sys

from lib import BIN, check, finish, run, tmpdir

D = tmpdir()
SRC = os.environ.get("DP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
rng = random.Random(10)
os.makedirs(os.path.join(D, "shards"))
pool = [f"Shared sentence {i} about {rng.choice(['rivers', 'bread', 'stars', 'trains'])}."
        for i in range(200)]
train_texts = []
for k in range(16):
    lines = []
    split = "test" if k % 5 == 0 else "train"
    for i in range(1500 if k == 7 else rng.randint(40, 300)):  # 1500: sampled language ID
        if split == "test" and train_texts and rng.random() < 0.2:
            t = rng.choice(train_texts)           # leaked from another shard's train
        elif rng.random() < 0.25:
            t = rng.choice(pool)                  # duplicated within and across shards
        else:
            t = f"{rng.choice(pool)} unique {k}-{i}"
        if rng.random() < 0.3:
            t = t.upper() if rng.random() < 0.5 else "  " + t  # normalised duplicates
        if rng.random() < 0.05:
            t += f" mail user{i}@site{k}.org or call +1 415 555 {rng.randint(1000, 9999)}"
        if split == "train":
            train_texts.append(t)
        lines.append(json.dumps({
            "text": t, "split": split, "url": f"https://s{k % 5}.example.org/{i}",
            "date": rng.choice([f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                "2021-13-45"]),
            "license": rng.choice(["mit", "cc-by-4.0", "", "weird-license", f"custom-{k}"])}))
    data = ("\n".join(lines) + "\n").encode()
    name = f"part-{k:02d}.jsonl" + (".gz" if k % 3 == 0 else "")
    with open(os.path.join(D, "shards", name), "wb") as f:
        f.write(gzip.compress(data, mtime=0) if k % 3 == 0 else data)
# one archive shard too: members inside a tar, and a whole-file duplicate of part-01
shutil.copy(os.path.join(D, "shards", "part-01.jsonl"), os.path.join(D, "copy.jsonl"))
subprocess.run(["tar", "-cf", os.path.join(D, "shards", "part-16.tar"), "-C", D, "copy.jsonl"],
               check=True)
SHARDS = sorted(os.listdir(os.path.join(D, "shards")))
OPTS = ["--progress=never", "-q"]


def sh(args, **kw):
    return run(args + OPTS if args[0] in ("scan", "merge") else args, cwd=D, **kw)


def read(path, zst=False):
    p = os.path.join(D, path)
    if zst:
        return subprocess.run(["zstd", "-dcq", p], capture_output=True, check=True).stdout
    with open(p, "rb") as f:
        return f.read()


def comparable(path):
    """report.json without what depends on how the run was cut (spill files)."""
    rep = json.loads(read(path))
    rep.get("dedup", {}).pop("spilled_runs", None)
    return rep


code, _, err = sh(["scan", "shards", "-o", "ref"])
check(code in (0, 1, 3), f"reference scan exits {code}: {err}")
ref = comparable("ref/report.json")
check(ref["dedup"]["exact"]["duplicates"] > 0 and ref["dedup"]["normalized"]["duplicates"] >
      ref["dedup"]["exact"]["duplicates"], "the corpus has exact and normalised duplicates")
leak = {x["split"]: x for x in ref["dedup"]["leakage"]}
check(leak.get("test", {}).get("exact", 0) > 0, "the corpus leaks test records into train")
check(ref["dedup"]["files"]["duplicates"] == 1, "one whole-file duplicate")
check(ref["pii"]["findings"] > 0, "the corpus has PII findings")


def groups(k):
    """SHARDS cut into k consecutive groups."""
    n = len(SHARDS)
    return [SHARDS[i * n // k:(i + 1) * n // k] for i in range(k)]


for k in (1, 3, 16):
    parts = []
    for g, names in enumerate(groups(k)):
        out = f"k{k}/part{g:02d}"
        code, _, err = sh(["scan"] + [f"shards/{x}" for x in names] + ["-o", out])
        check(code in (0, 1, 3), f"k={k}: scan of group {g} exits {code}: {err}")
        parts.append(out)
    code, _, err = sh(["merge", "-o", f"k{k}/merged"] + parts)
    check(code in (0, 1, 3), f"k={k}: merge exits {code}: {err}")
    got = comparable(f"k{k}/merged/report.json")
    for key in ref:
        check(got.get(key) == ref[key], f"k={k}: report.json '{key}' equals one scan's")
    check(got["dedup"]["leakage"] == ref["dedup"]["leakage"], f"k={k}: exact leakage counts")
    check(read(f"k{k}/merged/findings.jsonl.zst", True) == read("ref/findings.jsonl.zst", True),
          f"k={k}: findings (duplicates recomputed across shards) equal one scan's")
    check(read(f"k{k}/merged/DATACARD.md") == read("ref/DATACARD.md"),
          f"k={k}: DATACARD.md equals one scan's")

# merge of merges, and any order: the same bytes
P = [f"k16/part{g:02d}" for g in range(16)]
sh(["merge", "-o", "mm/a"] + P[:5])
sh(["merge", "-o", "mm/b"] + P[5:11])
code, _, err = sh(["merge", "-o", "mm/ab"] + ["mm/b", "mm/a"] + P[11:])
check(code in (0, 1, 3), f"merge of merges exits {code}: {err}")
shuffled = P[:]
random.Random(3).shuffle(shuffled)
code, _, err = run(["merge", "-q", "-o", "mm/shuffled", "--from", "-"], cwd=D,
                   stdin=("\n".join(shuffled) + "\n").encode())
check(code in (0, 1, 3), f"merge --from - exits {code}: {err}")
for name in ("report.json", "DATACARD.md", "croissant.json", "spdx.json"):
    base = read(f"k16/merged/{name}")
    check(read(f"mm/ab/{name}") == base, f"merge of merges: identical {name}")
    check(read(f"mm/shuffled/{name}") == base, f"shuffled shard order: identical {name}")
check(read("mm/ab/findings.jsonl.zst", True) == read("k16/merged/findings.jsonl.zst", True),
      "merge of merges: identical findings")

# spills: with a tiny --dedup-memory every shard's table and log spill runs, and a merge of
# 40 shard results has more runs than one k-way pass opens (32), so it merges in passes
os.makedirs(os.path.join(D, "many"))
for k in range(40):
    with open(os.path.join(D, "many", f"m{k:02d}.jsonl"), "w") as f:
        for i in range(60):
            t = rng.choice(pool) if rng.random() < 0.4 else f"many {k} {i}"
            f.write(json.dumps({"text": t, "split": "test" if k % 7 == 0 else "train"}) + "\n")
LOW = ["--dedup-memory", "64K"]
sh(["scan", "many", "-o", "many-ref"] + LOW)
many = []
for k in range(40):
    sh(["scan", f"many/m{k:02d}.jsonl", "-o", f"many-parts/m{k:02d}"] + LOW)
    many.append(f"many-parts/m{k:02d}")
code, _, err = sh(["merge", "-o", "many-merged"] + LOW + many)
check(code in (0, 1, 3), f"merge of 40 spilled shards exits {code}: {err}")
check(json.loads(read("many-ref/report.json"))["dedup"]["spilled_runs"] > 0,
      "the low-memory scan spilled runs")
check(comparable("many-merged/report.json") == comparable("many-ref/report.json"),
      "40 spilled shards (multi-pass merge): report.json equals one scan's")
check(read("many-merged/findings.jsonl.zst", True) == read("many-ref/findings.jsonl.zst", True),
      "40 spilled shards: findings equal one scan's")

# a shard scanned with other options is refused
sh(["scan", "shards/part-01.jsonl", "--text-field", "url", "-o", "odd"])
code, _, err = sh(["merge", "-o", "bad", "odd", P[0]])
check(code == 4 and "options" in err and not os.path.exists(os.path.join(D, "bad")),
      f"a shard with other options is refused ({code}: {err.strip()})")

code, _, err = sh(["merge", "-o", "twice", P[0], P[1], P[0]])
check(code == 4 and "twice" in err, f"a shard given twice is refused ({code}: {err.strip()})")

# the README's GNU parallel recipe, verbatim but for the binary's path
bindir = os.path.dirname(os.path.abspath(BIN))
env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
recipe = ("parallel dataprov scan -q {} -o parts/{/.} ::: shards/* && "
          "dataprov merge -q -o card parts/*")
p = subprocess.run(["bash", "-c", recipe], cwd=D, env=env, capture_output=True, timeout=600)
check(p.returncode in (0, 1, 3), f"GNU parallel recipe exits {p.returncode}: {p.stderr[-500:]}")
if os.path.exists(os.path.join(D, "card", "report.json")):
    got = comparable("card/report.json")
    check(got == ref, "GNU parallel recipe: report.json equals one scan's")

# the Slurm job-array script parses
slurm = os.path.join(SRC, "tests", "scripts", "slurm-scan.sh")
p = subprocess.run(["bash", "-n", slurm], capture_output=True)
check(p.returncode == 0, f"bash -n {slurm}: {p.stderr}")

if not os.environ.get("DP_KEEP"):
    shutil.rmtree(D, ignore_errors=True)
finish("merge")

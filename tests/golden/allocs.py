#!/usr/bin/env python3
"""No malloc per record in the steady state (issue 8): count heap allocations with
valgrind for a scan of N and of 4N records; the extra records must cost (almost) no
extra allocations. The one exception is inside CLD2: each language-ID call (scope
samples records for it) allocates internally, so with scope on the bound is one
allocation per record at most. Skips, saying why, when valgrind is not installed."""
import json
import os
import re
import shutil
import subprocess
import sys

from lib import BIN, check, finish, tmpdir

if not shutil.which("valgrind"):
    print("allocs: SKIPPED: valgrind is not installed")
    sys.exit(0)
D = tmpdir()


def corpus(n):
    path = os.path.join(D, f"c{n}.jsonl")
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"text": f"record {i} about rivers and bread {i % 97}",
                                "url": f"https://s{i % 7}.example.org/{i}", "license": "mit"}) + "\n")
    return path


def allocs(path, threads, analysers):
    out = os.path.join(D, "out")
    p = subprocess.run(["valgrind", "--tool=memcheck", "--leak-check=no", BIN, "scan", "-q",
                        "--progress=never", "--threads", str(threads), "--no-findings",
                        "--analysers", analysers, path, "-o", out],
                       capture_output=True, text=True, timeout=600)
    m = re.search(r"total heap usage: ([\d,]+) allocs", p.stderr)
    return int(m.group(1).replace(",", "")) if m else None


small, big = corpus(2000), corpus(8000)
for threads, analysers, bound in ((1, "dedup,licenses,pii,declared", 0.01), (2, "dedup,licenses,pii,declared", 0.01),
                                  (1, "all", 1.0), (2, "all", 1.0)):
    a, b = allocs(small, threads, analysers), allocs(big, threads, analysers)
    check(a is not None and b is not None, f"allocs: valgrind counted ({threads} threads, {analysers})")
    if a is not None and b is not None:
        per = (b - a) / 6000
        print(f"allocs: {threads} thread(s), analysers {analysers}: {a} allocs for 2000 records, "
              f"{b} for 8000: {per:.4f} per extra record")
        check(per < bound, f"allocs: {threads} thread(s), {analysers}: {per:.4f} per record < {bound}")
shutil.rmtree(D)
finish("allocs")

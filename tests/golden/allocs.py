#!/usr/bin/env python3
"""No malloc per record in the steady state (issue 8): count heap allocations with
valgrind for a scan of N and of 4N records; the extra records must cost (almost) no
extra allocations. Skips, saying why, when valgrind is not installed."""
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


def allocs(path, threads):
    out = os.path.join(D, "out")
    p = subprocess.run(["valgrind", "--tool=none", "--trace-children=no", "-q", "true"], capture_output=True)
    p = subprocess.run(["valgrind", "--tool=memcheck", "--leak-check=no", BIN, "scan", "-q",
                        "--progress=never", "--threads", str(threads), "--no-findings", path, "-o", out],
                       capture_output=True, text=True, timeout=600)
    m = re.search(r"total heap usage: ([\d,]+) allocs", p.stderr)
    return int(m.group(1).replace(",", "")) if m else None


small, big = corpus(2000), corpus(8000)
for threads in (1, 2):
    a, b = allocs(small, threads), allocs(big, threads)
    check(a is not None and b is not None, f"allocs: valgrind counted ({threads} threads)")
    if a is not None and b is not None:
        per = (b - a) / 6000
        print(f"allocs: {threads} thread(s): {a} allocs for 2000 records, {b} for 8000: "
              f"{per:.4f} per extra record")
        check(per < 0.05, f"allocs: no per-record malloc with {threads} thread(s) ({per:.4f} per record)")
shutil.rmtree(D)
finish("allocs")

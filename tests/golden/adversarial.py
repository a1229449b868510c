#!/usr/bin/env python3
"""Adversarial inputs (issue 9): every hostile case is generated here at test time (no
committed blobs), scanned next to a good input, and held to the same bounds: it finishes
within 30 s, peak RSS stays under 512 MB, stderr names the input, the event is counted in
report.json, the good input is still read, the exit code is the documented one (0 ok,
3 partial, 4 fatal, 128+N interrupted), and no partial output or temporary directory is
left behind. Under AddressSanitizer the time and memory bounds are scaled (shadow memory
and the quarantine are not ours).

Run: python3 adversarial.py /path/to/dataprov [CASE...]"""
import gzip
import io
import json
import os
import signal
import struct
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
import zlib

from lib import check, finish, tmpdir

BIN = os.path.abspath(sys.argv[1])
ONLY = set(sys.argv[2:])
D = tmpdir()
os.chdir(D)


def _sanitized():
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


ASAN = _sanitized()
TIME_LIMIT = 90.0 if ASAN else 30.0
RSS_LIMIT_MB = 1536 if ASAN else 512
GOOD = b"".join(b'{"text":"good record %d"}\n' % i for i in range(10))
ENV = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") +
           ":quarantine_size_mb=16:malloc_context_size=5")
TIMES = []


def write(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data)


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


class Result:
    def __init__(self, code, secs, rss_mb, out, err, rep):
        self.code, self.secs, self.rss_mb, self.out, self.err, self.rep = code, secs, rss_mb, out, err, rep


# A fresh interpreter runs dataprov and reports its peak RSS: wait4 in this (large) process
# would count this process's own high-water mark, which a child inherits at fork. The shim
# forwards SIGINT/SIGTERM and exits as the child did (by the same signal, if so).
SHIM = r"""
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
for s in (signal.SIGINT, signal.SIGTERM):
    signal.signal(s, lambda n, f: os.kill(pid, n))
while True:
    try:
        _, status, ru = os.wait4(pid, 0)
        break
    except InterruptedError:
        continue
with open(sys.argv[1], "w") as f:
    f.write(str(ru.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def measured(args, stdin=None, feeder=None, preexec=None, on_start=None, timeout=None):
    """Run dataprov with `args`, returning its exit code (128+N for a signal), wall time
    and peak RSS of the dataprov process, stdout and stderr."""
    timeout = timeout or TIME_LIMIT * 2
    so, se = open("stdout.txt", "w+b"), open("stderr.txt", "w+b")
    if os.path.exists("rss.txt"):
        os.unlink("rss.txt")
    t0 = time.monotonic()
    p = subprocess.Popen([sys.executable, "-c", SHIM, os.path.abspath("rss.txt"), BIN] + args,
                         stdin=stdin, stdout=so, stderr=se, preexec_fn=preexec, env=ENV,
                         start_new_session=True)
    if feeder:
        threading.Thread(target=feeder, args=(p,), daemon=True).start()
    if on_start:
        on_start(p)
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    secs = time.monotonic() - t0
    code = 128 - p.returncode if p.returncode < 0 else p.returncode
    so.seek(0)
    se.seek(0)
    out, err = so.read().decode(errors="replace"), se.read().decode(errors="replace")
    so.close()
    se.close()
    rss = int(open("rss.txt").read()) / 1024.0 if os.path.exists("rss.txt") else 0.0
    return code, secs, rss, out, err


def scan_case(name, paths, extra=(), expect=3, **kw):
    """Scan `paths` plus good.jsonl into out-NAME and check the common bounds."""
    write("good.jsonl", GOOD)
    out = "out-" + name
    args = ["scan", "--progress=never"] + list(extra) + list(paths) + ["good.jsonl", "-o", out]
    code, secs, rss, so, err = measured(args, **kw)
    TIMES.append((name, secs, rss))
    rep = None
    if os.path.exists(os.path.join(out, "report.json")):
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            rep = json.load(f)
    check(code == expect, f"{name}: exit {expect} (got {code}; stderr: {err[-600:]!r})")
    check(secs < TIME_LIMIT, f"{name}: finished in {secs:.1f} s (limit {TIME_LIMIT:.0f})")
    check(rss < RSS_LIMIT_MB, f"{name}: peak RSS {rss:.0f} MB (limit {RSS_LIMIT_MB})")
    check(no_leftovers(), f"{name}: no temporary directory left next to the output")
    clean_leftovers()
    if expect in (0, 3):
        check(rep is not None, f"{name}: report.json written")
        if rep:
            ins = {i["path"]: i for i in rep["inputs"]}
            check(ins.get("good.jsonl", {}).get("records") == 10 and
                  ins["good.jsonl"]["status"] == "ok",
                  f"{name}: the good input next to it is still fully read")
    else:
        check(not os.path.exists(out), f"{name}: no partial output directory")
    return Result(code, secs, rss, so, err, rep)


def no_leftovers(where="."):
    return not [n for n in os.listdir(where) if ".tmp-" in n or ".old-" in n]


def clean_leftovers():
    """Remove what a failed case left, so the next case is judged on its own."""
    import shutil
    for n in os.listdir("."):
        if ".tmp-" in n or ".old-" in n:
            shutil.rmtree(n, ignore_errors=True)


def limits(rep):
    return {x["limit"]: x["count"] for x in rep["coverage"]["limits_hit"]} if rep else {}


def inp(rep, path):
    return {i["path"]: i for i in rep["inputs"]}.get(path, {}) if rep else {}


def members(rep):
    return {m["origin"]: m for m in rep["members"]} if rep else {}


def named(r, path, what):
    """The input is named on stderr and in the report's errors for it."""
    check(path in r.err, f"{what}: stderr names {path}")


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---- expansion bombs ----

def deflate_zeros(mib):
    """Raw deflate of `mib` MiB of zeros, built from one flushed 1 MiB block repeated:
    cheap to make, gigabytes to decode."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert first == again
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc) if mib <= 64 else crc
    return first * mib + c.flush(), crc


def zip_one(name, comp, size, crc, method=8):
    """A zip archive holding one member given as already-compressed bytes."""
    n = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, method, 0, 0, crc, len(comp),
                        size, len(n), 0) + n
    cen = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, method, 0, 0, crc,
                      len(comp), size, len(n), 0, 0, 0, 0, 0, 0) + n
    end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 1, 1, len(cen), len(local) + len(comp), 0)
    return local + comp + cen + end


@case
def bomb_zip():
    comp, crc = deflate_zeros(3 * 1024)  # 3 GiB of zeros in ~3 MB
    write("bomb.zip", zip_one("zeros.jsonl", comp, 3 << 30, crc))
    r = scan_case("bomb_zip", ["bomb.zip"])
    check(limits(r.rep).get("max-ratio", 0) >= 1, "bomb_zip: max-ratio counted in coverage.limits_hit")
    check(inp(r.rep, "bomb.zip").get("status") == "partial", "bomb_zip: the bomb input is partial")
    named(r, "bomb.zip", "bomb_zip")
    check(r.rep and r.rep["coverage"]["bytes_decoded"] < (1 << 30),
          "bomb_zip: stopped long before the gigabytes were decoded")


@case
def bomb_zst():
    # zstd frames concatenate: one 256 MiB frame (a few KB) repeated 32 times = 8 GiB.
    # Not zeros: 512 zero bytes read as an empty tar, which would hide the bomb.
    # (Generated by a pipeline so this script stays small: a child's peak RSS as seen by
    # wait4 starts from the parent's high-water mark at fork.)
    frame = subprocess.run("head -c 268435456 /dev/zero | tr '\\0' a | zstd -q -19 -c",
                           shell=True, check=True, stdout=subprocess.PIPE).stdout
    write("bomb.jsonl.zst", frame * 32)
    r = scan_case("bomb_zst", ["bomb.jsonl.zst"])
    check(limits(r.rep).get("max-ratio", 0) >= 1, "bomb_zst: max-ratio counted in coverage.limits_hit")
    named(r, "bomb.jsonl.zst", "bomb_zst")


@case
def bomb_nested():
    # The ratio is checked on every open level: a bomb spread over a tar inside a gzip.
    comp, crc = deflate_zeros(1024)
    inner = zip_one("z.bin", comp, 1 << 30, crc)
    write("nested-bomb.tar.gz", gzip.compress(tar_bytes([("a.zip", inner)]), 1))
    r = scan_case("bomb_nested", ["nested-bomb.tar.gz"])
    check(limits(r.rep).get("max-ratio", 0) >= 1, "bomb_nested: max-ratio counted")


# ---- nesting, member counts ----

@case
def nest30():
    data = GOOD
    name = "leaf.jsonl"
    for i in range(30):
        data = tar_bytes([(name, data)]) if i % 2 == 0 else gzip.compress(data)
        name = f"level{i}.tar" if i % 2 == 0 else f"level{i}.tar.gz"
    write("nest30.tar", tar_bytes([(name, data)]))
    r = scan_case("nest30", ["nest30.tar"])
    check(limits(r.rep).get("max-depth", 0) >= 1, "nest30: max-depth counted in coverage.limits_hit")
    named(r, "nest30.tar", "nest30")
    r = scan_case("nest30_open", ["nest30.tar"], extra=["--max-depth", "40"], expect=0)
    check(inp(r.rep, "nest30.tar").get("records") == 10,
          "nest30_open: with --max-depth 40 the 30-deep leaf is read")


@case
def many_members():
    # Under ASan every member's allocations pass through the quarantine (~0.4 ms each), so
    # the sanitizer run uses a quarter of the members; the plain build reads all 100,000.
    count = 25000 if ASAN else 100000
    # Made by a child Python: this one stays small, so wait4's peak RSS (which starts from
    # the parent's high-water mark at fork) measures dataprov, not the generator.
    subprocess.run([sys.executable, "-c", "import sys, zipfile\n"
                    "with zipfile.ZipFile('many.zip', 'w', zipfile.ZIP_STORED) as z:\n"
                    "    for i in range(int(sys.argv[1])):\n"
                    "        z.writestr(zipfile.ZipInfo(f'm/{i:06d}.txt'), b'x%d\\n' % i)\n",
                    str(count)], check=True)
    r = scan_case("many_members", ["many.zip"], expect=0)
    check(inp(r.rep, "many.zip").get("members") == count, f"many_members: {count} members counted")
    r = scan_case("many_members_cap", ["many.zip"], extra=["--max-members", "1000"])
    check(limits(r.rep).get("max-members") == 1, "many_members_cap: max-members counted once")
    named(r, "many.zip", "many_members_cap")


# ---- names and links ----

HOSTILE = ["../../etc/evil.jsonl", "/abs/root.jsonl", "ok/\x1b]0;pwned\x07title.jsonl",
           "csi\x1b[2J\x1b[31mred.jsonl", "nl\nbreak\rcr.jsonl", "bidi\u202eldnoj.txt",
           "md|pipe|`tick`[link](javascript:x)<b>.jsonl", 'quote"back\\slash.jsonl',
           "del\x7fc1\x9b.jsonl", "x" * 5000 + ".jsonl", "dir/../../../up.jsonl", "nul\\x00.jsonl",
           "isolate\u2066x\u2069.jsonl", "\u200f\u061crtl.jsonl"]
CONTROLS = "\x1b\x07\x9b\r\x7f\u202e\u2066\u200f\u061c"


@case
def hostile_names():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for n in HOSTILE:
            ti = tarfile.TarInfo(n)
            body = GOOD + b"{not json\n"  # a bad line, so every name is shown on stderr and in the card
            ti.size = len(body)
            t.addfile(ti, io.BytesIO(body))
    write("hostile.tar", buf.getvalue())
    r = scan_case("hostile_names", ["hostile.tar"], expect=3)
    check(inp(r.rep, "hostile.tar").get("records") == 10 * len(HOSTILE),
          "hostile_names: every hostile member is read as data")
    check(r.err.count("hostile.tar!/") >= 5, "hostile_names: the members are named on stderr")
    for text, where in [(r.err, "stderr"), (r.out, "stdout")]:
        bad = [c for c in CONTROLS if c in text]
        check(not bad, f"hostile_names: no control or bidi characters on {where} ({bad!r})")
    card = open("out-hostile_names/DATACARD.md", encoding="utf-8").read() if r.rep else ""
    check("hostile.tar" in card and not [c for c in CONTROLS if c in card],
          "hostile_names: no control or bidi characters in DATACARD.md")
    check("[link](javascript" not in card and "<b>" not in card,
          "hostile_names: Markdown and HTML in member names are escaped")
    origins = set(members(r.rep))
    check("hostile.tar!/../../etc/evil.jsonl" in origins, "hostile_names: names kept verbatim in JSON")
    check(not os.path.exists("/etc/evil.jsonl") and not os.path.exists("/abs/root.jsonl")
          and not os.path.exists(os.path.join(D, "up.jsonl")),
          "hostile_names: nothing written where the names point")


@case
def links():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        ti = tarfile.TarInfo("real.jsonl"); ti.size = len(GOOD); t.addfile(ti, io.BytesIO(GOOD))
        for n, ty, target in [("s-etc", tarfile.SYMTYPE, "/etc/shadow"),
                              ("s-up", tarfile.SYMTYPE, "../../../../etc/passwd"),
                              ("h-etc", tarfile.LNKTYPE, "/etc/passwd"),
                              ("h-self", tarfile.LNKTYPE, "h-self"),
                              ("fifo", tarfile.FIFOTYPE, ""), ("dev", tarfile.CHRTYPE, "")]:
            ti = tarfile.TarInfo(n); ti.type = ty; ti.linkname = target; t.addfile(ti)
    write("links.tar", buf.getvalue())
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w") as z:
        zi = zipfile.ZipInfo("zlink")
        zi.create_system = 3
        zi.external_attr = (0o120777 << 16)
        z.writestr(zi, "/etc/passwd")
        z.writestr("zreal.jsonl", GOOD)
    write("links.zip", zb.getvalue())
    os.makedirs("lnk")
    os.symlink("/etc/passwd", "lnk/walked-link.jsonl")
    write("target.jsonl", GOOD)
    os.symlink("target.jsonl", "named-link.jsonl")
    r = scan_case("links", ["links.tar", "links.zip", "lnk", "named-link.jsonl"])
    check(inp(r.rep, "named-link.jsonl").get("records") == 10,
          "links: a symlink named on the command line is followed, as the walk promises")
    m = members(r.rep)
    for o in ["links.tar!/s-etc", "links.tar!/s-up", "links.tar!/h-etc", "links.tar!/h-self",
              "links.tar!/fifo", "links.tar!/dev"]:
        check(m.get(o, {}).get("status") == "skipped", f"links: {o} listed as skipped, not followed")
    # A streamed zip keeps the symlink bit in the central directory, read last: the link
    # member may be read as its own bytes (the target's name), never as the target.
    check(m.get("links.zip!/zlink", {}).get("status") in ("skipped", "ok"), "links: zip symlink member listed")
    check(inp(r.rep, "links.tar").get("records") == 10 and
          inp(r.rep, "links.zip").get("records", 0) in (10, 11),
          "links: the regular members next to links are read")
    check(inp(r.rep, "lnk/walked-link.jsonl").get("status") == "skipped",
          "links: a symlink met while walking a folder is not followed")
    check("root:" not in json.dumps(r.rep), "links: no link target content reached the report")


# ---- truncated and corrupt containers ----

NOISY = b"".join(b'{"text":"%08x %s"}\n' % (i, os.urandom(60).hex().encode()) for i in range(6000))


@case
def truncated():
    def sh(*cmd):
        return subprocess.run(cmd, input=NOISY, check=True, stdout=subprocess.PIPE).stdout
    write("t/cut.jsonl.gz", sh("gzip", "-c")[:-500])
    write("t/cut.jsonl.zst", sh("zstd", "-q", "-c")[:-500])
    write("t/cut.jsonl.xz", sh("xz", "-c")[:-500])
    write("t/cut.jsonl.bz2", sh("bzip2", "-1", "-c")[:-500])  # small blocks: the cut loses one
    write("t/cut.tar", tar_bytes([("a.jsonl", GOOD), ("b.jsonl", NOISY)])[:100000])
    write("t/cut-header.tar", tar_bytes([("a.jsonl", GOOD)])[:300])
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.jsonl", GOOD)
        z.writestr("b.jsonl", NOISY)
    write("t/cut.zip", zb.getvalue()[:len(zb.getvalue()) // 2])
    write("t/cut.tar.zst", subprocess.run(["zstd", "-q", "-c"], input=tar_bytes([("a.jsonl", NOISY)]),
                                          check=True, stdout=subprocess.PIPE).stdout[:-3000])
    r = scan_case("truncated", ["t"])
    for n in ["cut.jsonl.gz", "cut.jsonl.zst", "cut.jsonl.xz", "cut.jsonl.bz2", "cut.tar",
              "cut.zip", "cut.tar.zst"]:
        i = inp(r.rep, "t/" + n)
        check(i.get("status") == "partial" and i.get("errors"), f"truncated: {n} is partial with an error")
        check(i.get("records", 0) > 0, f"truncated: {n} keeps the records before the cut")
        named(r, "t/" + n, "truncated")
    check(inp(r.rep, "t/cut-header.tar").get("status") in ("partial", "unreadable"),
          "truncated: a tar cut inside its header is reported")
    check(r.rep and r.rep["coverage"]["members_failed"] >= 7, "truncated: failures counted in coverage")


@case
def truncated_keeps_all():
    """Every record decoded before a cut is read: libarchive's blocks are handed on as they
    come, so a cut stream loses only what the decompressor itself held (none for zstd,
    libarchive's gzip reader holds up to 64 KiB)."""
    big = b"".join(b'{"text":"%08x %s"}\n' % (i, os.urandom(40).hex().encode()) for i in range(40000))
    def cut(*cmd):
        z = subprocess.run(cmd, input=big, check=True, stdout=subprocess.PIPE).stdout
        return z[:len(z) // 2]
    zst, gz = cut("zstd", "-q", "-c"), cut("gzip", "-c")
    write("k/cut.jsonl.zst", zst)
    write("k/cut.jsonl.gz", gz)
    zst_out = subprocess.run(["zstd", "-dc"], input=zst, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
    gz_out = zlib.decompressobj(31).decompress(gz)
    r = scan_case("truncated_keeps_all", ["k"])
    got, want = inp(r.rep, "k/cut.jsonl.zst").get("records"), zst_out.count(b"\n")
    check(got == want, f"truncated_keeps_all: zstd: every line zstd -dc decodes is read "
                       f"({got} of {want})")
    got = inp(r.rep, "k/cut.jsonl.gz").get("records", 0)
    want = gz_out.count(b"\n")
    check(want - got <= 65536 // len(big.split(b"\n")[0]) + 1,
          f"truncated_keeps_all: gzip: at most 64 KiB lost before the cut ({got} of {want})")


@case
def corrupt_zip():
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_STORED) as z:
        z.writestr("bad.jsonl", GOOD * 5)
        z.writestr("fine.jsonl", GOOD)
    raw = bytearray(zb.getvalue())
    raw[100] ^= 0x55  # stored data changed: CRC mismatch
    write("crc.zip", bytes(raw))
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bad.jsonl", NOISY)
        z.writestr("fine.jsonl", GOOD)
    raw = bytearray(zb.getvalue())
    raw[200:260] = b"\x00" * 60  # the deflate stream itself is broken
    write("deflate.zip", bytes(raw))
    r = scan_case("corrupt_zip", ["crc.zip", "deflate.zip"])
    m = members(r.rep)
    for z in ["crc.zip", "deflate.zip"]:
        check(m.get(z + "!/fine.jsonl", {}).get("records") == 10,
              f"corrupt_zip: the good member after a corrupt one in {z} is read")
        check(m.get(z + "!/bad.jsonl", {}).get("status") not in (None, "ok"),
              f"corrupt_zip: the corrupt member of {z} is not ok")
        named(r, z, "corrupt_zip")


@case
def encrypted():
    write("enc/secret.jsonl", GOOD)
    write("enc/open.jsonl", GOOD)
    try:
        subprocess.run(["7z", "a", "-bso0", "-bsp0", "-tzip", "-pSECRET", "enc.zip",
                        "enc/secret.jsonl"], check=True)
        subprocess.run(["7z", "a", "-bso0", "-bsp0", "-tzip", "enc.zip", "enc/open.jsonl"], check=True)
        subprocess.run(["7z", "a", "-bso0", "-bsp0", "-pSECRET", "-mhe=on", "enc.7z",
                        "enc/secret.jsonl"], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"SKIP encrypted: 7z is not available ({e})")
        return
    r = scan_case("encrypted", ["enc.zip", "enc.7z"])
    m = members(r.rep)
    check(m.get("enc.zip!/enc/secret.jsonl", {}).get("status") == "skipped",
          "encrypted: the encrypted zip member is listed as skipped")
    check(m.get("enc.zip!/enc/open.jsonl", {}).get("records") == 10,
          "encrypted: the plain member next to it is read")
    check("encrypted" in r.err and "enc.zip" in r.err, "encrypted: stderr says encrypted and names enc.zip")
    check(inp(r.rep, "enc.7z").get("status") in ("partial", "unreadable"),
          "encrypted: a 7z with encrypted headers is reported, not fatal")
    named(r, "enc.7z", "encrypted")


# ---- records ----

@case
def long_line():
    size = 200 << 20
    with open("long.jsonl", "wb") as f:
        f.write(b'{"text":"')
        block = b"abcdefghij" * (1 << 20)
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b'"}\n{"text":"after the long line"}\n')
    with open("long.json", "wb") as f:  # one 200 MB string in a JSON array (was O(n^2) in yajl)
        f.write(b'[{"text":"a"},{"text":"')
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b'"},{"text":"never reached"}]')
    with open("long.txt", "wb") as f:
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b"\nsecond line\n")
    r = scan_case("long_line", ["long.jsonl", "long.json", "long.txt"])
    check(limits(r.rep).get("max-record-bytes", 0) >= 3, "long_line: max-record-bytes counted for each")
    check(inp(r.rep, "long.jsonl").get("records") == 1, "long_line: the line after the 200 MB one is read")
    check(inp(r.rep, "long.json").get("records") == 1 and inp(r.rep, "long.json").get("status") == "partial",
          "long_line: a JSON array keeps the records before a 200 MB value and says it stopped")
    named(r, "long.jsonl", "long_line")
    named(r, "long.json", "long_line")
    os.unlink("long.jsonl")
    os.unlink("long.json")
    os.unlink("long.txt")


@case
def deep_json():
    depth = 1000000
    write("deep.json", b"[" * depth + b"]" * depth)
    write("deep.jsonl", b'{"a":' + b"[" * depth + b"]" * depth + b"}\n" + GOOD)
    write("deep-obj.jsonl", b'{"a":' * depth + b"1" + b"}" * depth + b"\n" + GOOD)
    r = scan_case("deep_json", ["deep.json", "deep.jsonl", "deep-obj.jsonl"])
    m = members(r.rep)
    check(m.get("deep.jsonl", {}).get("records") == 10 and m["deep.jsonl"]["malformed"] == 1,
          "deep_json: the million-deep line is malformed and the next lines are read")
    check(m.get("deep-obj.jsonl", {}).get("records") == 10, "deep_json: deep objects too")
    check(m.get("deep.json", {}).get("malformed", 0) >= 1, "deep_json: the deep array is malformed")
    check(r.rep and r.rep["coverage"]["records_malformed"] >= 3, "deep_json: counted in coverage")
    named(r, "deep.jsonl", "deep_json")


@case
def deep_sidecars():
    # JSON documents the analysers parse whole (dataset_info.json, package.json) and the
    # report/state files merge reads back: a deep one must be refused, not overflow the stack.
    deep = b"[" * 400000 + b"]" * 400000
    write("side/dataset_info.json", b'{"x":' + deep + b"}")
    write("side/package.json", b'{"license":' + deep + b"}")
    write("side/data.jsonl", GOOD)
    r = scan_case("deep_sidecars", ["side"], expect=3)
    check(inp(r.rep, "side/data.jsonl").get("records") == 10, "deep_sidecars: the data next to them is read")
    r = scan_case("deep_merge_src", ["side/data.jsonl"], expect=0)
    if r.rep:
        write("out-deep_merge_src/report.json", b'{"format":"dataprov-report/1","x":' + deep + b"}")
        code, secs, rss, so, err = measured(["merge", "--progress=never", "-o", "out-deep_merge", "out-deep_merge_src"])
        check(code in (3, 4), f"deep_merge: a report nested 400000 deep is refused (exit {code}, {err[-200:]!r})")
        check(not os.path.exists("out-deep_merge") and no_leftovers(), "deep_merge: no partial output")


@case
def deep_yaml():
    # libyaml's scanner is quadratic in flow nesting: a README.md front matter or a
    # --declared file holding [[[[...]]]] 300000 deep must be refused, not parsed for hours.
    deep = "[" * 300000 + "]" * 300000
    write("yml/README.md", ("---\nlicense: " + deep + "\n---\n# Card\n").encode())
    write("yml/data.jsonl", GOOD)
    write("deep-declared.yaml", ("license: " + deep + "\n").encode())
    scan_case("deep_yaml_readme", ["yml"], expect=3, timeout=TIME_LIMIT + 5)
    # (--declared documents deeper than 32 levels keep null there: a documented cap, exit 0)
    scan_case("deep_yaml_declared", ["yml/data.jsonl"], extra=["--declared", "deep-declared.yaml"],
              expect=0, timeout=TIME_LIMIT + 5)


@case
def bad_bytes():
    write("b/utf8.jsonl", b'{"text":"\xc0\xaf overlong \xed\xa0\x80 surrogate \xf8\x88\x80\x80\x80"}\n' + GOOD)
    write("b/nul.jsonl", b'{"te\x00xt":"a\x00b"}\n\x00\x00\x00\n' + GOOD)
    write("b/utf8.csv", b"id,text\n1,\xff\xfe\xfd\n2,\x00nul\n3,ok\n")
    write("b/mixed.txt", b"line \xff\n\x00\x00\nok\n")
    write("b/bom-only.jsonl", b"\xef\xbb\xbf")
    write("b/utf16.jsonl", '{"text":"utf16"}\n'.encode("utf-16"))
    r = scan_case("bad_bytes", ["b"], expect=3)
    check(r.rep and r.rep["coverage"]["records_invalid_utf8"] >= 1, "bad_bytes: invalid UTF-8 counted")
    check(inp(r.rep, "b/utf8.jsonl").get("records") == 11, "bad_bytes: records with bad bytes kept")
    check(inp(r.rep, "b/nul.jsonl").get("records", 0) >= 10, "bad_bytes: NUL bytes lose at most their line")
    check(inp(r.rep, "b/utf8.csv").get("records") == 3, "bad_bytes: CSV rows with bad bytes kept")


@case
def csv_quote():
    with open("quote.csv", "wb") as f:
        f.write(b'id,text\n1,"never closed\n')
        row = b"2,plain row with, commas and text\n" * 1000
        for _ in range(3000):  # ~100 MB swallowed by the open quote
            f.write(row)
    r = scan_case("csv_quote", ["quote.csv"], extra=["--max-record-bytes", "16M"])
    m = members(r.rep)
    check(m.get("quote.csv", {}).get("malformed", 0) + m.get("quote.csv", {}).get("oversize", 0) >= 1,
          "csv_quote: the unbalanced quote is counted")
    check(r.rep and any("quote.csv" in e for e in r.rep["coverage"]["malformed_examples"]),
          "csv_quote: located in malformed_examples")
    named(r, "quote.csv", "csv_quote")
    os.unlink("quote.csv")


@case
def backtracking_rule():
    rules = ("rule evil-backtrack\n  category pii\n  severity low\n  description catastrophic\n"
             "  trigger at-sign\n  window 64 64\n  pattern (?:[a-z@]+)+!\n")
    write("evil.rules", rules.encode())
    text = "a" * 40 + "@" + "a" * 40 + " !"  # the '!' defeats PCRE2's required-character check
    write("bt.jsonl", b"".join(b'{"text":"%s %d"}\n' % (text.encode(), i) for i in range(2000)))
    code, secs, rss, so, err = measured(["scan", "--help"])
    if "--rules" not in so:
        print("SKIP backtracking_rule: scan has no --rules option yet")
        return
    r = scan_case("backtracking_rule", ["bt.jsonl"], extra=["--rules", "evil.rules"], expect=0)
    hits = {x["rule"] if "rule" in x else x.get("id"): x["count"]
            for x in (r.rep or {}).get("pii", {}).get("limit_hits", [])}
    check(hits.get("evil-backtrack", 0) >= 1, f"backtracking_rule: PCRE2 limit hit counted in pii.limit_hits ({hits})")
    check("evil-backtrack" in r.err, "backtracking_rule: stderr names the rule")


# ---- the process's environment ----

@case
def stdin_closed_early():
    payload = zlib.compress(NOISY)
    gz = subprocess.run(["gzip", "-c"], input=NOISY, check=True, stdout=subprocess.PIPE).stdout

    def feed(p):
        try:
            p.stdin.write(gz[:len(gz) // 3])
        finally:
            p.stdin.close()  # the producer dies mid-stream
    r = scan_case("stdin_closed_early", ["-"], stdin=subprocess.PIPE, feeder=feed)
    i = inp(r.rep, "-")
    check(i.get("status") == "partial" and i.get("records", 0) > 0,
          "stdin_closed_early: standard input is partial, records before the cut kept")
    named(r, "-", "stdin_closed_early")
    # standard input closed altogether (fd 0 not open): reading '-' must not read a file we opened
    r = scan_case("stdin_fd_closed", ["-"], stdin=None, preexec=lambda: os.close(0))
    check(inp(r.rep, "-").get("status") == "unreadable", "stdin_fd_closed: '-' with fd 0 closed is unreadable")
    del payload


@case
def unwritable_output():
    if os.geteuid() == 0:
        target = "/proc/dataprov-cannot-write/out"
    else:
        os.makedirs("ro")
        os.chmod("ro", 0o555)
        target = "ro/out"
    write("good.jsonl", GOOD)
    code, secs, rss, so, err = measured(["scan", "--progress=never", "good.jsonl", "-o", target])
    check(code == 4, f"unwritable_output: exit 4 (got {code})")
    check(target.split("/out")[0] in err, f"unwritable_output: stderr names the output path ({err!r})")
    check(not os.path.exists(target), "unwritable_output: nothing created")


@case
def full_disk():
    import resource

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    os.makedirs("keep", exist_ok=True)
    write("many.jsonl", GOOD * 200)
    r = scan_case("full_disk", ["many.jsonl"], preexec=small_files, expect=4)
    check("File too large" in r.err or "No space" in r.err or "cannot write" in r.err,
          f"full_disk: stderr says the write failed ({r.err[-300:]!r})")
    # a previous result survives a failed run
    r = scan_case("full_disk_prev", ["many.jsonl"], expect=3 if False else 0)
    before = open("out-full_disk_prev/report.json", "rb").read() if r.rep else b""
    write("good.jsonl", GOOD)
    code, secs, rss, so, err = measured(["scan", "--progress=never", "many.jsonl", "good.jsonl",
                                         "-o", "out-full_disk_prev"], preexec=small_files)
    check(code == 4, f"full_disk_prev: exit 4 on a full disk (got {code})")
    check(open("out-full_disk_prev/report.json", "rb").read() == before,
          "full_disk_prev: the previous result is left untouched")
    check(no_leftovers(), "full_disk_prev: no temporary directory left")


def signal_case(name, sig):
    """Feed standard input slowly, then signal while dataprov waits for more bytes."""
    os.makedirs("prev-" + name, exist_ok=True)

    def feed(p):
        try:
            p.stdin.write(NOISY[:200000])
            p.stdin.flush()
            time.sleep(1.0)
            p.send_signal(sig)
            time.sleep(TIME_LIMIT)  # keep the pipe open: the signal alone must end the run
        except (BrokenPipeError, OSError):
            pass
    r = scan_case(name, ["-"], stdin=subprocess.PIPE, feeder=feed, expect=128 + sig)
    check("interrupted" in r.err, f"{name}: stderr says interrupted")
    check(r.secs < 10, f"{name}: stopped promptly ({r.secs:.1f} s)")


@case
def sigint():
    signal_case("sigint", signal.SIGINT)


@case
def sigterm():
    signal_case("sigterm", signal.SIGTERM)


@case
def sigterm_busy():
    # a signal while the workers are busy (not blocked in read): standard input is fed as
    # fast as dataprov takes it, for as long as it runs, so the signal lands mid-work
    def feed(p):
        try:
            deadline = time.monotonic() + TIME_LIMIT
            while time.monotonic() < deadline:
                p.stdin.write(NOISY)
        except (BrokenPipeError, OSError, ValueError):
            pass

    def later(p):
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
    r = scan_case("sigterm_busy", ["-"], stdin=subprocess.PIPE, feeder=feed,
                  on_start=lambda p: threading.Thread(target=later, args=(p,), daemon=True).start(),
                  expect=128 + signal.SIGTERM)
    check(r.secs < 10, f"sigterm_busy: stopped promptly ({r.secs:.1f} s)")


for fn in CASES:
    if ONLY and fn.__name__ not in ONLY:
        continue
    t0 = time.monotonic()
    fn()
    print(f"  {fn.__name__}: {time.monotonic() - t0:.1f} s", flush=True)
for name, secs, rss in TIMES:
    print(f"    {name:24s} {secs:6.2f} s {rss:7.0f} MB")
import shutil
shutil.rmtree(D, ignore_errors=True)
finish("adversarial")

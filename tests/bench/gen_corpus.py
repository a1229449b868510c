#!/usr/bin/env python3
"""Deterministic benchmark corpus: JSONL mixing prose, code, arithmetic (digit-heavy text is
the hard case for PII rules), planted PII and secrets, and about 10% duplicates.

usage: gen_corpus.py OUTDIR [--mb 512] [--shards 8]
Writes OUTDIR/corpus.jsonl.zst (one file) and OUTDIR/shards.tar (the same records as
--shards .jsonl.zst members), plus OUTDIR/corpus.meta.json with the counts planted.
"""
import io
import json
import os
import random
import subprocess
import sys
import tarfile

WORDS = ("the of and to in is was for on that with as by at from his her an were which this be "
         "are have had one their all but they there been has who more when will would its other "
         "into time only some could new these two may first then do any like my now over such our "
         "man me even most made after also did many before must through back years where much your "
         "way well down should because each just those people how too little state good very make "
         "world still own see men work long get here between both life being under never day same "
         "another know while last might us great old year off come since against go came right used "
         "take three river mountain kitchen library quantum protein harbour village orchestra").split()
CODE = [
    "def {f}(x, y):\n    return x * {n} + y  # version 1.2.{n}.4\n",
    "for (int i = 0; i < {n}; i++) {{ sum += a[i] ^ 0x{h}; }}\n",
    "const {f} = require('./{f}'); // sha256 {sha}\n",
    "SELECT id, name FROM users WHERE created > '2021-0{d}-1{d}' LIMIT {n};\n",
    "git checkout {sha40} && make -j{d}\n",
]


def prose(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def arithmetic(rng):
    a, b = rng.randint(100, 999), rng.randint(10, 99)
    return (f"{a}-{b}-{rng.randint(1000, 9999)}=? Compute {a} * {b} = {a * b}; "
            f"then {a * b} / {b} = {a}. Phone-like 555-01{rng.randint(10, 99)} is not a number.")


def luhn_card(rng):
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    s = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        s += d
    digits.append((10 - s % 10) % 10)
    return "".join(map(str, digits))


def pii(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return f"contact {rng.choice(WORDS)}.{rng.choice(WORDS)}@mail{rng.randint(1, 99)}.net", "email"
    if kind == 1:
        return f"call +44 20 {rng.randint(7000, 7999)} {rng.randint(1000, 9999)}", "phone"
    if kind == 2:
        return f"server at 10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "ipv4"
    if kind == 3:
        c = luhn_card(rng)
        return f"card {c[:4]} {c[4:8]} {c[8:12]} {c[12:]}", "card"
    if kind == 4:
        key = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        return f"aws_access_key_id = {key}", "aws"
    tok = "ghp_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                           for _ in range(36))
    return f"token {tok}", "github"


def text(rng, planted):
    r = rng.random()
    if r < 0.55:
        t = " ".join(prose(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 6)))
    elif r < 0.75:
        t = "".join(rng.choice(CODE).format(f=rng.choice(WORDS), n=rng.randint(1, 999),
                                             h=f"{rng.getrandbits(32):08x}",
                                             sha=f"{rng.getrandbits(256):064x}",
                                             sha40=f"{rng.getrandbits(160):040x}",
                                             d=rng.randint(1, 9))
                    for _ in range(rng.randint(2, 8)))
    else:
        t = " ".join(arithmetic(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.02:
        s, kind = pii(rng)
        planted[kind] = planted.get(kind, 0) + 1
        t += " " + s
    return t


def main():
    out = sys.argv[1]
    mb = int(sys.argv[sys.argv.index("--mb") + 1]) if "--mb" in sys.argv else 512
    nshards = int(sys.argv[sys.argv.index("--shards") + 1]) if "--shards" in sys.argv else 8
    os.makedirs(out, exist_ok=True)
    rng = random.Random(512)
    target, size, n, dups = mb * 1000 * 1000, 0, 0, 0
    planted, recent = {}, []
    shards = [io.BytesIO() for _ in range(nshards)]
    whole = subprocess.Popen(["zstd", "-q", "-T0", "-3", "-o", os.path.join(out, "corpus.jsonl.zst"), "-f"],
                             stdin=subprocess.PIPE)
    batch = []
    while size < target:
        if recent and rng.random() < 0.10:
            t = rng.choice(recent)
            dups += 1
        else:
            t = text(rng, planted)
            if len(recent) < 50000:
                recent.append(t)
            else:
                recent[rng.randrange(50000)] = t
        line = json.dumps({"id": n, "text": t, "url": f"https://site{n % 97}.example.org/{n}",
                           "license": "cc-by-4.0"}) + "\n"
        b = line.encode()
        batch.append(b)
        shards[n % nshards].write(b)
        size += len(b)
        n += 1
        if len(batch) >= 4096:
            whole.stdin.write(b"".join(batch))
            batch = []
    whole.stdin.write(b"".join(batch))
    whole.stdin.close()
    whole.wait()
    with tarfile.open(os.path.join(out, "shards.tar"), "w") as tar:
        for i, s in enumerate(shards):
            data = subprocess.run(["zstd", "-q", "-T0", "-3", "-c"], input=s.getvalue(),
                                  check=True, stdout=subprocess.PIPE).stdout
            ti = tarfile.TarInfo(f"shards/part-{i:05d}.jsonl.zst")
            ti.size = len(data)
            tar.addfile(ti, io.BytesIO(data))
    with open(os.path.join(out, "corpus.meta.json"), "w") as f:
        json.dump({"records": n, "bytes": size, "duplicates_planted": dups, "pii_planted": planted}, f,
                  indent=1)
    print(f"corpus: {n} records, {size / 1e6:.0f} MB, {dups} planted duplicates", file=sys.stderr)


if __name__ == "__main__":
    main()

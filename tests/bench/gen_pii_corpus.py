#!/usr/bin/env python3
"""gen_pii_corpus.py - a JSONL benchmark corpus for the PII stage (deterministic).

Records are real prose and code-ish text (license and notice files from the shared eval
data when present, else generated words), 300..4000 bytes each, with about one PII value
or secret per 3 KB injected (emails, phones, IPs, cards, SSNs, AWS keys, GitHub tokens, key
blocks) plus decoys (version quads, dates, SHAs, UUIDs). About 3% of records are non-ASCII
prose. Usage: gen_pii_corpus.py OUT.jsonl [MEGABYTES=200]
"""
import json
import os
import random
import sys

SRC_DIRS = ["/work/shared/eval/scancode-datadriven", "/work/shared/eval/spdx-simpletest"]
NON_ASCII = ["Grüße aus München, straße ", "Ελληνικά κείμενα και αριθμοί ", "日本語のテキストです。",
             "Ça coûte cher, déjà vu ", "Привет, как дела? "]


def load_texts(rng):
    texts = []
    for d in SRC_DIRS:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith((".yml", ".ABOUT")):
                    continue
                try:
                    with open(os.path.join(root, f), "rb") as fh:
                        t = fh.read(20000).decode("utf-8", "replace")
                except OSError:
                    continue
                if len(t) > 200:
                    texts.append(t)
                if len(texts) >= 4000:
                    return texts
    if not texts:
        words = "the of data model license code file shall any without that with for".split()
        texts = [" ".join(rng.choice(words) for _ in range(600)) for _ in range(200)]
    return texts


def luhn_complete(prefix, n, rng):
    d = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(n - len(prefix) - 1)]
    s = 0
    for i, v in enumerate(reversed(d)):
        if i % 2 == 0:
            v *= 2
            v = v - 9 if v > 9 else v
        s += v
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


def rand_str(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def pii(rng):
    k = rng.randrange(12)
    if k == 0:
        return "contact %s.%s@%s.com" % (rand_str(rng, "abcdefgh", 5), rand_str(rng, "xyz", 4),
                                        rand_str(rng, "mnopq", 6))
    if k == 1:
        return "call (%d) %03d-%04d" % (rng.randrange(201, 999), rng.randrange(1000),
                                        rng.randrange(10000))
    if k == 2:
        return "from %d.%d.%d.%d" % tuple(rng.randrange(1, 255) for _ in range(4))
    if k == 3:
        return "card " + luhn_complete("4", 16, rng)
    if k == 4:
        return "SSN %03d-%02d-%04d" % (rng.randrange(1, 600), rng.randrange(1, 99),
                                       rng.randrange(1, 9999))
    if k == 5:
        return "AKIA" + rand_str(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    if k == 6:
        return "token ghp_" + rand_str(rng, B62, 36)
    if k == 7:
        return "-----BEGIN RSA PRIVATE KEY-----\n" + rand_str(rng, B62, 64) + "\n"
    if k == 8:
        return "version %d.%d.%d.%d" % tuple(rng.randrange(10) for _ in range(4))
    if k == 9:
        return "commit %040x" % rng.getrandbits(160)
    if k == 10:
        return "on %04d-%02d-%02d" % (rng.randrange(1990, 2030), rng.randrange(1, 13),
                                      rng.randrange(1, 29))
    return "phone +44 20 %04d %04d" % (rng.randrange(10000), rng.randrange(10000))


def main():
    out = sys.argv[1]
    limit = int(sys.argv[2] if len(sys.argv) > 2 else 200) << 20
    rng = random.Random(20261126)
    texts = load_texts(rng)
    size = 0
    i = 0
    with open(out, "w", encoding="utf-8") as fh:
        while size < limit:
            t = rng.choice(texts)
            start = rng.randrange(max(1, len(t) - 300))
            body = t[start:start + rng.randrange(300, 4000)]
            parts = [body]
            for _ in range(len(body) // 3000 + (rng.random() < 0.5)):
                pos = rng.randrange(len(body) + 1)
                parts = [body[:pos], " ", pii(rng), " ", body[pos:]]
                body = "".join(parts)
            if rng.random() < 0.03:
                body = rng.choice(NON_ASCII) + body
            line = json.dumps({"id": i, "text": body}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            i += 1


if __name__ == "__main__":
    main()

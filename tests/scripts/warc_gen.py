#!/usr/bin/env python3
"""Write the WARC/WET test fixtures under fixtures/warc/ (the unit test tests/unit/test_warc.c
and the golden test tests/golden/warc_tfrecord.sh check them record by record), or a large
WET shard and its JSONL twin for the speed comparison:

    tests/scripts/warc_gen.py                 fixtures/warc/*
    tests/scripts/warc_gen.py --bench DIR MB  DIR/bench.warc.wet.gz (MB MiB of text, one
                                              gzip member per record, as Common Crawl writes
                                              them) and DIR/bench.jsonl (the same text)

WARC 1.1 framing, written by hand: "WARC/1.1" CRLF, named fields CRLF, CRLF, the block of
Content-Length bytes, CRLF CRLF. Deterministic: the same bytes on every run."""
import gzip
import json
import os
import random
import sys

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(SRC, "fixtures", "warc")
DATE = "2024-03-01T12:00:%02dZ"


def record(wtype, block, uri=None, ctype=None, n=0, extra=(), version="1.1", eol=b"\r\n",
           length=None):
    """One WARC record as bytes; `length` overrides Content-Length (to write a lying one)."""
    fields = [("WARC-Type", wtype), ("WARC-Date", DATE % (n % 60)),
              ("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-%012d>" % n)]
    if uri:
        fields.append(("WARC-Target-URI", uri))
    if ctype:
        fields.append(("Content-Type", ctype))
    fields += list(extra)
    fields.append(("Content-Length", str(len(block) if length is None else length)))
    head = ("WARC/%s" % version).encode() + eol
    head += b"".join(("%s: %s" % kv).encode() + eol for kv in fields)
    return head + eol + block + b"\r\n\r\n"


def warcinfo(n=0):
    return record("warcinfo", b"software: warc_gen.py\r\nformat: WARC File Format 1.1\r\n",
                  ctype="application/warc-fields", n=n)


def conversion(i, text, uri=None):
    uri = uri or "https://site%d.example.org/page/%d" % (i % 7, i)
    return record("conversion", text, uri=uri, ctype="text/plain", n=i,
                  extra=[("WARC-Identified-Content-Language", "eng"),
                         ("WARC-Refers-To", "<urn:uuid:refers-%d>" % i)])


def http_response(body, ctype="text/html; charset=utf-8", status="200 OK", extra=b""):
    return (b"HTTP/1.1 " + status.encode() + b"\r\nServer: test\r\nContent-Type: " +
            ctype.encode() + b"\r\n" + extra + b"Content-Length: " + str(len(body)).encode() +
            b"\r\n\r\n" + body)


def response(i, uri, body, ctype="text/html; charset=utf-8", payload_type=None):
    extra = [("WARC-Identified-Payload-Type", payload_type)] if payload_type else []
    return record("response", http_response(body, ctype), uri=uri,
                  ctype="application/http; msgtype=response", n=i, extra=extra)


def request(i, uri):
    req = ("GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: warc_gen\r\n\r\n" % uri.split("/")[2])
    return record("request", req.encode(), uri=uri, ctype="application/http; msgtype=request",
                  n=i)


def metadata(i, uri):
    return record("metadata", b"fetchTimeMs: 12\r\n", uri=uri,
                  ctype="application/warc-fields", n=i)


def gz_members(records):
    """One gzip member per record, concatenated (what Common Crawl's .warc.gz files are)."""
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def wet_text(i):
    return ("Page %d of the test crawl.\nContact jane.doe%d@mail.example.com or call "
            "+1 415 555 %04d.\nThe quick brown fox jumps over the lazy dog.\n" % (i, i, i))


def wet_records():
    recs = [warcinfo()]
    for i in range(1, 9):
        recs.append(conversion(i, wet_text(i).encode()))
    # a page whose charset is not UTF-8 (Latin-1): read, counted as invalid UTF-8
    recs.append(conversion(9, "Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9.\n".encode("latin-1"),
                           uri="http://latin.example.net/fr"))
    return recs


HTML = (b"<!DOCTYPE html>\r\n<html><head><title>Shop %d</title></head>\r\n<body><p>Write to "
        b"sales%d@shop.example.com</p>\r\n</body></html>\r\n")


def crawl_records():
    recs = [warcinfo()]
    for i in range(1, 4):
        uri = "https://shop%d.example.com/index.html" % i
        recs += [request(i, uri), response(i, uri, HTML % (i, i)), metadata(i, uri)]
    # a resource record (a file fetched by other means), plain text
    recs.append(record("resource", b"notes from ftp, nothing else\n",
                       uri="ftp://files.example.org/notes.txt", ctype="text/plain", n=10))
    # an image payload: no text, skipped and counted
    recs.append(response(11, "https://img.example.com/a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00",
                         ctype="image/png"))
    # a revisit (no payload of its own)
    recs.append(record("revisit", http_response(b"")[:-2], uri="https://shop1.example.com/index.html",
                       ctype="application/http; msgtype=response", n=12,
                       extra=[("WARC-Profile",
                               "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")]))
    # the payload type a detector identified wins over the server's Content-Type
    recs.append(response(13, "https://json.example.com/api", b'{"text": "ok"}',
                         ctype="application/octet-stream", payload_type="application/json"))
    return recs


def crlf_records():
    """Line endings: a WARC 1.0 header with bare LF line ends, bodies holding CRLF and lone
    CR bytes, a CRLF-ended WET body, and three blank lines between records."""
    recs = [record("conversion", b"line one\r\nline two\r\n", uri="https://crlf.example.org/1",
                   ctype="text/plain", n=1, version="1.0"),
            record("conversion", b"lf header\nbare\rcr\n", uri="https://crlf.example.org/2",
                   ctype="text/plain", n=2, eol=b"\n"),
            b"\r\n",
            record("resource", b"WARC/1.0 in a body is just text\r\n\r\n",
                   uri="https://crlf.example.org/3", ctype="text/plain", n=3)]
    return recs


def truncated_records():
    """Record 2 says 500 bytes but holds 20 (a cut write, the next record follows): record 2
    is malformed, record 3 is still read. The file ends inside record 4's block."""
    good = lambda n: conversion(n, b"good record %d\n" % n, uri="https://trunc.example.org/%d" % n)
    cut = conversion(2, b"only twenty bytes..\n", uri="https://trunc.example.org/2")
    cut = cut.replace(b"Content-Length: 20", b"Content-Length: 500")
    last = conversion(4, b"this record is cut off in the middle of its block\n",
                      uri="https://trunc.example.org/4")
    return [good(1), cut, good(3), last[:-30]]


def corrupt_records():
    """Record 2's header has a field name with a space in it, record 3's Content-Length is not a
    number, record 5 is garbage instead of WARC/1.x; records 1, 4 and 6 are read."""
    good = lambda n: conversion(n, b"fine %d\n" % n, uri="https://bad.example.org/%d" % n)
    bad_line = good(2).replace(b"WARC-Date:", b"WARC-Date ")
    bad_len = good(3).replace(b"Content-Length: 7", b"Content-Length: 7x")
    garbage = b"GARBAGE/9.9\r\nno header here\r\n\r\n"
    return [good(1), bad_line, bad_len, good(4), garbage, good(6)]


def oversize_records():
    """Record 2's block is 5000 bytes: over the unit test's --max-record-bytes of 4096."""
    return [conversion(1, b"small one\n", uri="https://big.example.org/1"),
            conversion(2, b"x" * 4999 + b"\n", uri="https://big.example.org/2"),
            conversion(3, b"small three\n", uri="https://big.example.org/3")]


def edge_records():
    """What the review of the reader found: a response whose HTTP message opens with an
    interim "100 Continue" response, one whose Content-Type is folded onto a second line,
    two Content-Lengths that disagree (malformed), a header cut at a line end by the next
    record's version line (malformed; the next is read), three records each 10 bytes
    longer than they say (malformed each) and a good one after them. Records 1, 2, 5 and 9
    are read, 3, 4, 6, 7 and 8 are malformed."""
    cont = (b"HTTP/1.1 100 Continue\r\n\r\n" +
            http_response(b"<p>continued, ask ed@edge.example.com</p>"))
    folded = (b"HTTP/1.0 200 OK\r\nContent-Type:\r\n text/plain; charset=utf-8\r\n\r\n"
              b"folded header page\n")
    two_lengths = conversion(3, b"two lengths\n").replace(
        b"Content-Length: 12\r\n", b"Content-Length: 12\r\nContent-Length: 13\r\n")
    cut = record("resource", b"", uri="https://edge.example.com/4", n=4)
    cut = cut[:cut.index(b"Content-Length")]
    lying = [conversion(i, b"lies %d\n" % i, uri="https://edge.example.com/%d" % i)
             .replace(b"Content-Length: 7\r\n", b"Content-Length: 17\r\n") for i in (6, 7, 8)]
    return [record("response", cont, uri="https://edge.example.com/1", n=1,
                   ctype="application/http; msgtype=response"),
            record("response", folded, uri="https://edge.example.com/2", n=2,
                   ctype="application/http; msgtype=response"),
            two_lengths, cut, conversion(5, b"after the cut\n", uri="https://edge.example.com/5")
            ] + lying + [conversion(9, b"last\n", uri="https://edge.example.com/9")]


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def fixtures():
    write("wet.warc.wet.gz", gz_members(wet_records()))
    write("crawl.warc.gz", gz_members(crawl_records()))
    write("crlf.warc", b"".join(crlf_records()))
    write("truncated.warc", b"".join(truncated_records()))
    write("corrupt.warc", b"".join(corrupt_records()))
    write("oversize.warc", b"".join(oversize_records()))
    write("edge.warc", b"".join(edge_records()))


def vocabulary(n=6000):
    """Made-up words of 2-11 letters, Zipf-weighted as a language's are (gzip then
    compresses the text about as much as it does Common Crawl's, three to four times)."""
    rng = random.Random(7)
    words = ["".join(rng.choice("etaoinshrdlcumwfgypbvkjxqz"[:18 + k % 8])
                     for _ in range(2 + k % 10)) for k in range(n)]
    return words, [1.0 / (k + 1) for k in range(n)]


def bench_text(rng, vocab, i):
    """About 2 KB of text for record i: words in sentences, an address every 50th record."""
    words = rng.choices(vocab[0], weights=vocab[1], k=330)
    text = ". ".join(" ".join(words[k:k + 15]).capitalize() for k in range(0, 330, 15)) + ".\n"
    if i % 50 == 0:
        text += "Mail user%d@example.com for details.\n" % i
    return text


def bench(out, mb):
    os.makedirs(out, exist_ok=True)
    target, size, i = mb << 20, 0, 0
    rng, vocab = random.Random(1), vocabulary()
    with open(os.path.join(out, "bench.warc.wet.gz"), "wb") as w, \
            open(os.path.join(out, "bench.jsonl"), "w") as j:
        w.write(gzip.compress(warcinfo(), 6, mtime=0))
        while size < target:
            text = bench_text(rng, vocab, i)
            uri = "https://host%d.example.org/p/%d" % (i % 997, i)
            w.write(gzip.compress(conversion(i, text.encode(), uri=uri), 6, mtime=0))
            j.write(json.dumps({"text": text, "url": uri, "date": DATE % (i % 60)}) + "\n")
            size += len(text)
            i += 1
    print("%d records, %d bytes of text" % (i, size))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bench":
        bench(sys.argv[2], int(sys.argv[3]))
    else:
        fixtures()

#!/usr/bin/env python3
"""gen_scope_corpus.py - a multilingual corpus with known scope values, and those values.

Usage: gen_scope_corpus.py OUTDIR EXPECTED.json [--records N] [--sentences MAX]

--sentences MAX makes records of 1..MAX sentences (drawn with repetition) instead of 1..4,
for benchmarks with longer records.

Writes OUTDIR/text/{train/part-0.jsonl, train/part-1.jsonl, test/part-0.jsonl.gz,
extra.csv} (languages, URL domains, dates, field types and splits all known) and
OUTDIR/wds/shard-000.tar (WebDataset-style .jpg/.txt/.json samples), and EXPECTED.json with
the values report.json's `scope` section must hold for a scan of OUTDIR/text (and the
modality of OUTDIR/wds). Python 3 standard library only; deterministic (fixed seed).
The sentences were written for this project.
"""
import csv
import datetime as dt
import gzip
import io
import json
import os
import random
import sys
import tarfile
import unicodedata

SENTENCES = {
    "en": ["The harbour was quiet after the fishing boats left before sunrise.",
           "Our neighbours planted apple trees along the fence last spring.",
           "The committee postponed the vote until more residents could attend.",
           "She repaired the old radio with parts from a broken television."],
    "fr": ["Le marché du samedi attire des familles venues de tous les villages voisins.",
           "Les élèves ont préparé une exposition sur les oiseaux de la région.",
           "Nous avons repeint la cuisine pendant les vacances de printemps.",
           "Le boulanger ouvre sa boutique très tôt chaque matin de la semaine."],
    "de": ["Die Kinder haben im Herbst bunte Blätter im Stadtpark gesammelt.",
           "Unser Nachbar repariert in seiner Garage alte Fahrräder für die Schule.",
           "Der Bürgermeister hat die Eröffnung der neuen Schwimmhalle verschoben.",
           "Am Wochenende wandern wir gern durch die Wälder hinter dem Dorf."],
    "es": ["Los vecinos organizaron una fiesta en la plaza para celebrar el verano.",
           "Mi hermano trabaja en un taller donde arreglan coches antiguos.",
           "La profesora llevó a los alumnos a visitar el museo de ciencias.",
           "Cada domingo comemos juntos en casa de mis abuelos en el pueblo."],
    "ru": ["Летом мы часто ездим на дачу и собираем ягоды в лесу.",
           "Соседи помогли нам перенести старый шкаф на второй этаж.",
           "Учитель рассказал детям о том, как устроена солнечная система.",
           "В нашем городе открыли новую библиотеку с большим читальным залом."],
    "zh": ["周末我们一家人去公园放风筝，天气非常好。",
           "这家小饭馆的面条很有名，每天中午都有很多人排队。",
           "老师让学生们写一篇关于自己家乡的作文。",
           "邻居送给我们一篮子刚从地里摘下来的新鲜蔬菜。"],
    "ja": ["週末は家族で近くの山に登って、お弁当を食べました。",
           "駅前の新しいパン屋さんは朝早くから開いています。",
           "先生は子どもたちに星の名前を一つずつ教えてくれました。",
           "雨の日は図書館で好きな本をゆっくり読むのが楽しみです。"],
    "ar": ["يذهب الأطفال كل صباح إلى المدرسة سيرا على الأقدام مع أصدقائهم.",
           "افتتحت البلدية حديقة جديدة بالقرب من السوق القديم في المدينة.",
           "تحب جدتي أن تحكي لنا قصصا قديمة في ليالي الشتاء الطويلة.",
           "اشترى والدي دراجة جديدة لأخي الصغير بمناسبة عيد ميلاده."],
}
LANG_WEIGHTS = {"en": 30, "fr": 12, "de": 10, "es": 10, "ru": 10, "zh": 10, "ja": 9, "ar": 9}
NO_LETTERS = "12345 67890 !!! ??? -- 2024"
DOMAINS = [  # (host, registrable domain, weight)
    ("en.wikipedia.org", "wikipedia.org", 25), ("fr.wikipedia.org", "wikipedia.org", 10),
    ("www.bbc.co.uk", "bbc.co.uk", 15), ("news.bbc.co.uk", "bbc.co.uk", 5),
    ("blog.example.com", "example.com", 20), ("foo.github.io", "foo.github.io", 10),
    ("www.example.co.jp", "example.co.jp", 8), ("data.gov.uk", "data.gov.uk", 7),
]
LABELS = ["news", "blog", "forum"]
SCRIPT_RANGES = [  # the scripts of the sentences above
    ("Latin", 0x0000, 0x024F), ("Cyrillic", 0x0400, 0x04FF), ("Arabic", 0x0600, 0x06FF),
    ("Hiragana", 0x3040, 0x309F), ("Katakana", 0x30A0, 0x30FF), ("Han", 0x4E00, 0x9FFF),
]


def script_of(ch):
    if not unicodedata.category(ch).startswith("L"):
        return None
    cp = ord(ch)
    for name, lo, hi in SCRIPT_RANGES:
        if lo <= cp <= hi:
            return name
    return "Other"


def words(s):
    return len(s.split())


class Expect:
    def __init__(self):
        self.records = 0
        self.lang = {}
        self.lens = []  # (bytes, chars, words)
        self.scripts = {}
        self.domains = {}
        self.with_url = 0
        self.bad_urls = []
        self.dates = []
        self.bad_dates = []
        self.with_date = 0
        self.splits = {}
        self.labels = {}
        self.types = {}

    def text(self, t, lang):
        self.lang[lang] = self.lang.get(lang, 0) + 1
        self.lens.append((len(t.encode()), len(t), words(t)))
        for ch in t:
            s = script_of(ch)
            if s:
                self.scripts[s] = self.scripts.get(s, 0) + 1

    def typ(self, path, t):
        d = self.types.setdefault(path, {})
        d[t] = d.get(t, 0) + 1


MAX_SENTENCES = [0]  # 0: 1..4 distinct sentences; else 1..N with repetition


def pick_text(rng, lang):
    if MAX_SENTENCES[0]:
        return " ".join(rng.choices(SENTENCES[lang], k=rng.randint(1, MAX_SENTENCES[0])))
    return " ".join(rng.sample(SENTENCES[lang], rng.randint(1, 4)))


def make_record(rng, i, ex, split, key):
    """One JSON record; updates the expectation."""
    lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
    if i % 50 == 7:
        text, lang = NO_LETTERS, "und"
    else:
        text = pick_text(rng, lang)
    ex.text(text, lang)
    rec = {"id": i, "text": text, "label": LABELS[i % 3]}
    ex.labels[rec["label"]] = ex.labels.get(rec["label"], 0) + 1
    for k, t in (("id", "number"), ("text", "string"), ("label", "string")):
        ex.typ(k, t)
    r = rng.random()
    if r < 0.85:
        host, reg, _ = rng.choices(DOMAINS, weights=[d[2] for d in DOMAINS])[0]
        rec["url"] = f"https://{host}/page/{i}"
        ex.domains[reg] = ex.domains.get(reg, 0) + 1
        ex.with_url += 1
        ex.typ("url", "string")
    elif r < 0.90:
        rec["url"] = f"not a url {i}"
        ex.bad_urls.append((key, rec["url"]))
        ex.with_url += 1
        ex.typ("url", "string")
    day = dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
        seconds=rng.randint(0, 9 * 365 * 86400))
    r = rng.random()
    if r < 0.6:
        rec["timestamp"] = day.strftime("%Y-%m-%dT%H:%M:%SZ")
        ex.typ("timestamp", "string")
        ex.dates.append(int(day.timestamp()))
    elif r < 0.9:
        rec["timestamp"] = int(day.timestamp())
        ex.typ("timestamp", "number")
        ex.dates.append(int(day.timestamp()))
    else:
        rec["timestamp"] = f"sometime {i}"
        ex.typ("timestamp", "string")
        ex.bad_dates.append((key, rec["timestamp"]))
    ex.with_date += 1
    rec["meta"] = {"score": round(rng.random(), 3), "tags": rng.sample(["a", "b", "c"], 2)}
    ex.typ("meta", "object")
    ex.typ("meta.score", "number")
    ex.typ("meta.tags", "array")
    rec["flag"] = bool(i % 2)
    ex.typ("flag", "bool")
    ex.records += 1
    ex.splits[split] = ex.splits.get(split, 0) + 1
    return rec


def percentile(vals, q):
    s = sorted(vals)
    k = max(1, -(-int(q * 1000) * len(s) // 1000))  # nearest rank, ceil(q*n)
    return s[k - 1]


def expected(ex):
    out = {"records": ex.records}
    lens = {}
    for j, key in enumerate(("bytes", "chars", "words")):
        v = [x[j] for x in ex.lens]
        lens[key] = {"total": sum(v), "min": min(v), "max": max(v),
                     "p50": percentile(v, 0.5), "p90": percentile(v, 0.9),
                     "p99": percentile(v, 0.99)}
    out["lengths"] = lens
    out["languages"] = ex.lang
    letters = sum(ex.scripts.values())
    out["scripts"] = {k: v / letters for k, v in ex.scripts.items()}
    out["domains"] = {"records_with_url": ex.with_url, "parsed": sum(ex.domains.values()),
                      "unparseable": len(ex.bad_urls), "by_domain": ex.domains,
                      "unparseable_examples": [u for _, u in sorted(ex.bad_urls)[:5]]}
    years = {}
    for t in ex.dates:
        y = str(dt.datetime.fromtimestamp(t, dt.timezone.utc).year)
        years[y] = years.get(y, 0) + 1
    fmt = lambda t: dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out["dates"] = {"records_with_date": ex.with_date, "parsed": len(ex.dates),
                    "unparseable": len(ex.bad_dates), "earliest": fmt(min(ex.dates)),
                    "latest": fmt(max(ex.dates)), "per_year": years,
                    "unparseable_examples": [d for _, d in sorted(ex.bad_dates)[:5]]}
    out["splits"] = ex.splits
    out["labels"] = ex.labels
    out["types"] = ex.types
    return out


def csv_rows(rng, ex, n, start):
    """CSV records: text and label columns only (every value a string)."""
    rows = []
    for j in range(n):
        lang = ["en", "fr", "de"][j % 3]
        text = " ".join(rng.sample(SENTENCES[lang], 2))
        ex.text(text, lang)
        label = LABELS[(start + j) % 3]
        ex.labels[label] = ex.labels.get(label, 0) + 1
        ex.typ("text", "string")
        ex.typ("label", "string")
        ex.records += 1
        ex.splits["(none)"] = ex.splits.get("(none)", 0) + 1
        rows.append((text, label))
    return rows


def write_text(root, rng, ex, n):
    """Inputs in the walker's sorted order: extra.csv, test/..., train/... ."""
    os.makedirs(os.path.join(root, "test"), exist_ok=True)
    os.makedirs(os.path.join(root, "train"), exist_ok=True)
    n_csv, n_test = n // 10, n // 5
    n_train = n - n_csv - n_test
    rows = csv_rows(rng, ex, n_csv, 0)
    with open(os.path.join(root, "extra.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)
    i = n_csv
    lines = []
    for j in range(n_test):
        lines.append(json.dumps(make_record(rng, i, ex, "test", (1, j)), ensure_ascii=False))
        i += 1
    with gzip.open(os.path.join(root, "test", "part-0.jsonl.gz"), "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    half = n_train // 2
    for part, count in ((0, half), (1, n_train - half)):
        lines = []
        for j in range(count):
            lines.append(json.dumps(make_record(rng, i, ex, "train", (2 + part, j)),
                                    ensure_ascii=False))
            i += 1
        with open(os.path.join(root, "train", f"part-{part}.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def write_wds(root, samples):
    """A WebDataset shard: NNNNNN.jpg + .txt + .json per sample."""
    os.makedirs(root, exist_ok=True)
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200) + b"\xff\xd9"
    with tarfile.open(os.path.join(root, "shard-000.tar"), "w", format=tarfile.GNU_FORMAT) as t:
        for k in range(samples):
            for ext, data in (("jpg", jpeg), ("txt", f"a photo of item {k}".encode()),
                              ("json", json.dumps({"caption": f"item {k}"}).encode())):
                ti = tarfile.TarInfo(f"{k:06d}.{ext}")
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, exp_path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[sys.argv.index("--records") + 1]) if "--records" in sys.argv else 2000
    if "--sentences" in sys.argv:
        MAX_SENTENCES[0] = int(sys.argv[sys.argv.index("--sentences") + 1])
    rng = random.Random(20240601)
    ex = Expect()
    write_text(os.path.join(out, "text"), rng, ex, n)
    write_wds(os.path.join(out, "wds"), 12)
    e = expected(ex)
    e["wds"] = {"primary": "image-text", "image_text_samples": 12}
    with open(exp_path, "w", encoding="utf-8") as f:
        json.dump(e, f, indent=1, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    main()

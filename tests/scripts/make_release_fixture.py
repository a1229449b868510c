#!/usr/bin/env python3
"""Write a small release for the card tests: code under Apache-2.0 (LICENSE, SPDX tags in
code), data under CC-BY-NC-4.0 (DATA_LICENSE), and a README whose Hugging Face header
declares apache-2.0 - the conflict the card must flag. Also a test split that leaks one
training record, one record with a (fictional) e-mail address, and a validation split
as gzip-compressed JSONL shards inside a tar.

usage: make_release_fixture.py DIR
"""
import gzip
import io
import json
import os
import sys
import tarfile

APACHE = "/usr/share/common-licenses/Apache-2.0"  # Debian base-files

README = """---
license: apache-2.0
pretty_name: Weather Notes
language:
- en
task_categories:
- text-classification
---

# Weather Notes

Short notes about the weather in a small town, released with the scripts that made them.

## Dataset Structure

One JSON object per line with `id`, `text` and `label`.
"""

DATA_LICENSE = """Data license

The data files in data/ are licensed under the Creative Commons
Attribution-NonCommercial 4.0 International License (CC BY-NC 4.0).
To view a copy of this license, visit https://creativecommons.org/licenses/by-nc/4.0/
"""

SCRIPT = """# SPDX-License-Identifier: Apache-2.0
# Builds data/*.jsonl from the raw notes.
print("nothing to do")
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def records():
    weather = ["sunny", "rainy", "windy", "foggy", "snowy", "cloudy"]
    train = [{"id": f"t{i}", "text": f"Day {i}: it was {weather[i % 6]} in the morning and "
              f"{weather[(i * 5 + 1) % 6]} by the evening, said note number {i}.",
              "label": weather[i % 6]} for i in range(40)]
    train[7]["text"] += " Write to weather.desk@brightvale-weather.net for the raw logs."
    test = [{"id": f"v{i}", "text": f"Test day {i}: {weather[(i + 2) % 6]} all day long, "
             f"wrote the observer in entry {i}.", "label": weather[(i + 2) % 6]}
            for i in range(8)]
    test[3] = dict(train[12], id="v3")   # leaks into the test split
    return train, test


def main():
    out = sys.argv[1]
    write(os.path.join(out, "README.md"), README)
    if os.path.exists(APACHE):
        with open(APACHE, encoding="utf-8") as f:
            write(os.path.join(out, "LICENSE"), f.read())
    else:
        write(os.path.join(out, "LICENSE"), "SPDX-License-Identifier: Apache-2.0\n")
    write(os.path.join(out, "DATA_LICENSE"), DATA_LICENSE)
    write(os.path.join(out, "scripts", "build.py"), SCRIPT)
    train, test = records()
    for name, rows in (("train", train), ("test", test)):
        write(os.path.join(out, "data", f"{name}.jsonl"),
              "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    write_validation_tar(os.path.join(out, "data", "validation.tar"))


def write_validation_tar(path):
    """Two gzip-compressed JSONL shards inside a tar (fixed mtimes: same bytes every run)."""
    with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
        for k in range(2):
            rows = [{"id": f"x{k}-{i}", "label": "windy", "text": f"Validation shard {k}, "
                     f"note {i}: a gusty afternoon by the river number {k * 10 + i}."}
                    for i in range(5)]
            raw = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows).encode()
            data = gzip.compress(raw, mtime=0)
            info = tarfile.TarInfo(f"validation-{k:05d}.jsonl.gz")
            info.size, info.mtime = len(data), 0
            tar.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    main()

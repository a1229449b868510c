#!/usr/bin/env bash
# The WARC/WET and TFRecord readers through the CLI (tests/golden/warc_tfrecord.py).
exec python3 "$(dirname "$0")/warc_tfrecord.py" "$1"

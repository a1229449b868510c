#!/usr/bin/env bash
# The Arrow IPC reader on a datasets.save_to_disk folder, its JSONL twin, archives and broken
# files (tests/golden/arrow.py).
exec python3 "$(dirname "$0")/arrow.py" "$1"

#!/usr/bin/env bash
# The Parquet reader against its JSONL twins, broken files, archives (tests/golden/parquet.py).
exec python3 "$(dirname "$0")/parquet.py" "$1"

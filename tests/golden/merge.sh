#!/usr/bin/env bash
# dataprov merge: shard results merge exactly (tests/golden/merge.py).
exec python3 "$(dirname "$0")/merge.py" "$1"

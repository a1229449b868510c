#!/usr/bin/env bash
# Determinism across thread counts (tests/golden/threads.py).
exec python3 "$(dirname "$0")/threads.py" "$1"

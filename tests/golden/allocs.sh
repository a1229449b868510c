#!/usr/bin/env bash
# No malloc per record in the steady state (tests/golden/allocs.py).
exec python3 "$(dirname "$0")/allocs.py" "$1"

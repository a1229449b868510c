#!/usr/bin/env bash
# Safety properties: read-only inputs, no writes outside OUTDIR, cleanup on signals, no PII
# values in outputs, no network, valgrind memcheck (tests/golden/safety.py).
exec python3 "$(dirname "$0")/safety.py" "$1"

#!/usr/bin/env bash
# Foundation: formats, nested archives and bad inputs (tests/golden/foundation.py).
exec python3 "$(dirname "$0")/foundation.py" "$1"

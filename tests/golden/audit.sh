#!/usr/bin/env bash
# dataprov audit: one dataset per flag, exact flags, CSV, Markdown, --fail-on (tests/golden/audit.py).
exec python3 "$(dirname "$0")/audit.py" "$1"

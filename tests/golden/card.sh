#!/usr/bin/env bash
# Card writers, gaps, --declared, --fail-on and render (tests/golden/card.py).
exec python3 "$(dirname "$0")/card.py" "$1"

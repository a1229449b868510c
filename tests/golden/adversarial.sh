#!/usr/bin/env bash
# Adversarial inputs: bombs, deep nesting, hostile names, truncation, signals, full disk
# (tests/golden/adversarial.py). Each case is bounded in time and memory.
exec python3 "$(dirname "$0")/adversarial.py" "$1"

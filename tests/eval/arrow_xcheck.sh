#!/usr/bin/env bash
# arrow_xcheck.sh - the Arrow IPC reader against an independent implementation: apache-arrow
# (JavaScript, from the npm registry) writes files of every column type with its stream and
# file writers, and the same rows as JSONL; dataprov's scans of each file and of its JSONL
# must agree (records, duplicates, PII findings, license values, every field's types,
# distinct counts and top values). The other way, apache-arrow reads our generator's
# fixtures to the rows tests/unit/test_arrow.c expects. Then the speed of a 20 MB file.
# Skips, saying why, without node or npm or the registry.
# Usage: tests/eval/arrow_xcheck.sh DATAPROV_BINARY
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1
command -v node >/dev/null && command -v npm >/dev/null ||
	{ echo "arrow xcheck: SKIP: node and npm are needed (Debian: nodejs npm)"; exit 0; }
command -v zstd >/dev/null && command -v lz4 >/dev/null ||
	{ echo "arrow xcheck: SKIP: the zstd and lz4 programs are needed (Debian: zstd lz4)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm install --silent --no-audit --no-fund apache-arrow@21 >npm.log 2>&1); then
	echo "arrow xcheck: SKIP: npm could not install apache-arrow (no registry access?)"; exit 0
fi
cp "$src/tests/eval/arrow_xcheck.mjs" "$work/"
exec python3 "$src/tests/eval/arrow_xcheck.py" "$bin" "$work"

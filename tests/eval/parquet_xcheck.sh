#!/usr/bin/env bash
# parquet_xcheck.sh - the Parquet reader against an independent implementation: hyparquet
# (JavaScript, from the npm registry) reads the files our writer makes (every codec, page
# version and encoding) into JSONL, and writes one file of its own; dataprov scans each
# Parquet file and the JSONL of the same rows, and their records must agree (duplicates,
# PII findings, field types and distinct counts). Skips, saying why, without node or npm.
# Usage: tests/eval/parquet_xcheck.sh DATAPROV_BINARY
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1
command -v node >/dev/null && command -v npm >/dev/null ||
	{ echo "parquet xcheck: SKIP: node and npm are needed (Debian: nodejs npm)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm install --silent --no-audit --no-fund hyparquet@1 hyparquet-compressors@1 \
	hyparquet-writer@0.17 >npm.log 2>&1); then
	echo "parquet xcheck: SKIP: npm could not install hyparquet (no registry access?)"; exit 0
fi
exec python3 "$src/tests/eval/parquet_xcheck.py" "$bin" "$work"

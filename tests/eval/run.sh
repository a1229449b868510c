#!/usr/bin/env bash
# make eval: every accuracy run, one after the other (license detection, PII, language ID).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
status=0
run() { echo; echo "== $*"; bash "$here/$@" || { echo "eval: $1 failed"; status=1; }; }
run license.sh "$bin"
run pii.sh
run langid.sh both
run parquet_xcheck.sh "$bin"
run arrow_xcheck.sh "$bin"
exit $status

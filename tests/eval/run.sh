#!/usr/bin/env bash
# make eval: every accuracy run, one after the other (license detection, PII, language ID).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
status=0
for e in license.sh pii.sh langid.sh; do
  [ -f "$here/$e" ] || continue
  echo
  echo "== $e"
  bash "$here/$e" "$bin" || { echo "eval: $e failed"; status=1; }
done
exit $status

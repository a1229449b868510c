#!/bin/bash
# license.sh - license-detection accuracy and speed on the eval sets in ../shared/eval:
# per set, exact / partial / wrong-only / nothing found and ms per file (see license_eval.c).
# Usage: tests/eval/license.sh [DATAPROV_BINARY] [-v]
#   The runner is built here from the license sources (no build tree needed); when a
#   dataprov binary is given, `dataprov license` is also checked on one canonical text.
#   EVAL_DIR (default: ../shared/eval beside the source tree) holds the sets; -v lists misses.
#   EVAL_BUILD_ONLY=1: build the runner and stop (make test checks that it builds).
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
eval_dir="${EVAL_DIR:-$src/../shared/eval}"
bin="${1:-}"
verbose="${2:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDP_DATADIR='""' \
  -DDP_SOURCE_DIR="\"$src\"" -I"$src/src" "$src/tests/eval/license_eval.c" \
  "$src"/src/license/*.c "$src/src/core/array.c" "$src/src/core/datadir.c" "$src/src/core/error.c" \
  "$src/src/core/utf8.c" -o "$out/license_eval"
[ -n "${EVAL_BUILD_ONLY:-}" ] && { echo "license eval: the runner builds"; exit 0; }
if [ ! -d "$eval_dir/spdx-simpletest" ]; then
  echo "license eval: no eval data at $eval_dir (set EVAL_DIR)" >&2
  exit 0
fi
python3 "$src/tests/eval/license_manifest.py" "$eval_dir" > "$out/manifest.tsv"
export DATAPROV_DATADIR="$src"
echo "## License detection (dataprov $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
if [ "$verbose" = "-v" ]; then
  "$out/license_eval" -v < "$out/manifest.tsv"
else
  "$out/license_eval" < "$out/manifest.tsv"
fi
if [ -n "$bin" ] && [ -x "$bin" ]; then
  "$bin" license "$eval_dir/spdx-simpletest/texts/MIT.txt" | grep -q ': MIT text' ||
    { echo "license eval: dataprov license did not find MIT in MIT.txt" >&2; exit 1; }
fi

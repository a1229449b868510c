#!/bin/bash
# langid.sh - build and run the language-ID evaluation (accuracy per language, MB/s) for
# CLD2 (dataprov's detector) and libexttextcat on tests/eval/langid/*.txt.
# Usage: tests/eval/langid.sh [cld2|textcat|both]   (EVAL_BUILD_ONLY=1: build and stop)
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cflags="-std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I$src/src"
gcc $cflags -c "$src/src/analyse/langid.c" -o "$out/langid.o"
g++ -O2 -I"$src/src" -c "$src/src/analyse/langid_cld2.cc" -o "$out/langid_cld2.o"
which=${1:-both}
if pkg-config --exists libexttextcat && [ -f /usr/share/libexttextcat/fpdb.conf ]; then
  tc="$(pkg-config --cflags --libs libexttextcat)"
else
  echo "langid: libexttextcat-dev not installed; measuring CLD2 only"
  tc="-DNO_TEXTCAT"
  which=cld2
fi
gcc $cflags "$src/tests/eval/langid_eval.c" "$out/langid.o" "$out/langid_cld2.o" \
  -o "$out/langid_eval" $tc -lcld2 -lstdc++
[ -n "${EVAL_BUILD_ONLY:-}" ] && { echo "langid eval: the runner builds"; exit 0; }
"$out/langid_eval" "$src/tests/eval/langid" "$which"

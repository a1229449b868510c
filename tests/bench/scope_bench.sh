#!/bin/bash
# scope_bench.sh - build and run the scope analyser benchmark (MB/s of record text for the
# text pass, language ID and the whole record hook) on a corpus made from the language-ID
# samples: all 27 languages, then English only.
# With a dataprov binary as argument, also times single-thread scans of a generated
# multilingual corpus (tests/scripts/gen_scope_corpus.py, ~50 MB, long records) with all
# analysers and with all but scope, and prints scope's share of the scan's CPU time.
# Usage: tests/bench/scope_bench.sh [BUILD_DIR | DATAPROV]   (BUILD_DIR holds libdpcore.a;
# default: compile the needed sources directly)
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
libs="$(pkg-config --libs libpsl libxxhash yajl libzstd libutf8proc) -lcld2 -lstdc++ -lm -lpthread"
cflags="-std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I$src/src -DDP_VERSION=\"0\" -DDP_DATADIR=\"$src\" -DDP_SOURCE_DIR=\"$src\""
libdir=
if [ -n "${1:-}" ] && [ -d "$1" ]; then libdir=$1; fi
if [ -n "${1:-}" ] && [ -f "$1" ]; then libdir=$(dirname "$1"); fi
if [ -n "$libdir" ] && [ -f "$libdir/libdpcore.a" ]; then
  lib="$libdir/libdpcore.a"
  libs="$(pkg-config --libs libarchive libpcre2-8 libzstd libxxhash yajl yaml-0.1 libcrypto libutf8proc libpsl zlib) -lcld2 -lstdc++ -lm -lpthread"
else
  for f in "$src"/src/core/*.c "$src"/src/analyse/{hll,histo,tally,scripts,examples,dates}.c \
           "$src"/src/analyse/{domains,schema,modality,splits,langid,scope,state_io}.c; do
    gcc $cflags -c "$f" -o "$out/$(basename "$f" .c).o"
  done
  g++ -O2 -I"$src/src" -c "$src/src/analyse/langid_cld2.cc" -o "$out/langid_cld2.o"
  ar rcs "$out/libscope.a" "$out"/*.o
  lib="$out/libscope.a"
fi
gcc $cflags "$src/tests/bench/scope_bench.c" "$lib" -o "$out/scope_bench" $libs
echo "== all languages"
"$out/scope_bench" "$src/tests/eval/langid"
echo "== English only"
"$out/scope_bench" "$src/tests/eval/langid" en

if [ -n "${1:-}" ] && [ -x "$1" ] && [ ! -d "$1" ]; then
  bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  python3 "$src/tests/scripts/gen_scope_corpus.py" "$out/corpus" "$out/expected.json" \
    --records 30000 --sentences 60
  all=dedup,licenses,pii,scope
  noscope=dedup,licenses,pii
  python3 - "$bin" "$out/corpus/text" "$out/o" "$all" "$noscope" <<'PY'
import os, statistics, subprocess, sys
b, corpus, out, full, rest = sys.argv[1:]
def run(an):
    """Median CPU seconds (user + system) of 3 scans: steadier than wall time on a busy box."""
    t = []
    for _ in range(3):
        p = subprocess.Popen([b, "scan", "--progress=never", "--threads", "1", "--analysers",
                              an, corpus, "-o", out], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        t.append(ru.ru_utime + ru.ru_stime)
    return statistics.median(t)
a, r = run(full), run(rest)
print(f"== full scan, 1 thread, multilingual long records (CPU time): all analysers {a:.2f}s, "
      f"without scope {r:.2f}s: scope costs {(a - r) / a * 100:.0f}% of the scan")
PY
fi

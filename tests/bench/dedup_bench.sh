#!/usr/bin/env bash
# dedup_bench.sh - dedup throughput: the record hook on synthetic text (built -O2 here), and,
# when a dataprov binary is given and its scan works, a timed scan of a generated corpus.
# Usage: bash tests/bench/dedup_bench.sh [MB=200] [/path/to/dataprov]
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
MB=${1:-200}
BIN=${2:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

SRCS="$SRC/src/analyse/dedup.c $SRC/src/analyse/textnorm.c $SRC/src/analyse/digest_table.c
      $SRC/src/analyse/runfile.c $SRC/src/core/error.c $SRC/src/core/buf.c $SRC/src/core/utf8.c
      $SRC/src/core/escape.c $SRC/src/core/json.c $SRC/src/core/catalog.c $SRC/src/core/sink.c
      $SRC/src/core/log.c $SRC/src/core/config.c $SRC/src/core/limits.c"
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$SRC/src" \
	"$SRC/tests/bench/dedup_bench.c" $SRCS -lutf8proc -lxxhash -lyajl -lm -o "$out/bench"
echo "== dedup analyser alone, ${MB} MB synthetic records, one thread"
"$out/bench" "$MB" 1
"$out/bench" "$MB" 0 | grep "record hook"

if [ -n "$BIN" ] && "$BIN" scan --help >/dev/null 2>&1; then
	echo "== dataprov scan of a generated corpus (see gen_dedup_corpus.py)"
	python3 "$SRC/tests/scripts/gen_dedup_corpus.py" "$out/corpus" "$out/exp.json" --records 200000
	du -sh "$out/corpus"
	/usr/bin/time -f "scan: %e s, peak RSS %M KiB" "$BIN" scan "$out/corpus" -o "$out/o1" >/dev/null
	/usr/bin/time -f "scan --dedup-memory 64K: %e s, peak RSS %M KiB" \
		"$BIN" scan "$out/corpus" -o "$out/o2" --dedup-memory 64K >/dev/null
fi

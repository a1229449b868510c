#!/usr/bin/env bash
# dedup_bench.sh - dedup throughput: the record hook on synthetic text (built -O2 here), and,
# when a dataprov binary is given and its scan works, a timed scan of a generated corpus.
# Usage: bash tests/bench/dedup_bench.sh [/path/to/dataprov] [MB=200]
# (make bench passes the binary; DEDUP_BENCH_CORPUS=DIR scans DIR instead of a generated one)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BIN=
if [ -n "${1:-}" ] && [ -x "$1" ]; then
	BIN=$1
	shift
fi
MB=${1:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The harness links the library of the build the binary comes from (or $DPCORE_LIB).
LIB=${DPCORE_LIB:-}
if [ -z "$LIB" ] && [ -n "$BIN" ]; then
	LIB=$(dirname "$BIN")/libdpcore.a
fi
if [ -z "$LIB" ] || [ ! -f "$LIB" ]; then
	LIB=$SRC/build/release/libdpcore.a
fi
have_harness=
if [ -f "$LIB" ]; then
	# shellcheck disable=SC2046
	cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$SRC/src" \
		"$SRC/tests/bench/dedup_bench.c" "$LIB" \
		$(pkg-config --libs libarchive libpcre2-8 libzstd libxxhash yajl yaml-0.1 libcrypto \
			libutf8proc libpsl zlib) -lcld2 -lstdc++ -lpthread -lm -o "$out/bench" && have_harness=1
fi
if [ -n "$have_harness" ]; then
	echo "== dedup analyser alone, ${MB} MB synthetic records, one thread"
	"$out/bench" "$MB" 1
	"$out/bench" "$MB" 0 | grep "record hook"
else
	echo "== (no libdpcore.a found: set DPCORE_LIB to run the analyser-only harness)"
fi

if [ -n "$BIN" ] && "$BIN" scan --help >/dev/null 2>&1; then
	corpus=${DEDUP_BENCH_CORPUS:-}
	if [ -z "$corpus" ]; then
		echo "== generating a corpus (gen_dedup_corpus.py --records 300000: ~40 MB of short records)"
		python3 "$SRC/tests/scripts/gen_dedup_corpus.py" "$out/corpus" "$out/exp.json" --records 300000
		corpus=$out/corpus
	fi
	du -sh "$corpus"
	others=$("$BIN" scan --help 2>/dev/null | grep -q -- --analysers && echo yes || true)
	run() { # label, extra args...
		local label=$1
		shift
		/usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
			"$BIN" scan "$corpus" -o "$out/o" "$@" >/dev/null 2>"$out/err" || { cat "$out/err"; exit 1; }
		tail -1 "$out/err"
		rm -rf "$out/o"
	}
	if [ -n "$others" ]; then
		run "pipeline only (--analysers none)" --analysers none
		run "dedup only (--analysers dedup)" --analysers dedup
		run "dedup only, --no-findings" --analysers dedup --no-findings
	fi
	run "all analysers"
	run "all analysers, --dedup-memory 16M" --dedup-memory 16M
	echo "(dedup's cost = 'dedup only' - 'pipeline only'; compare it with 'all analysers')"
fi

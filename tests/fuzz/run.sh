#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, ASan and UBSan against an
# instrumented build of the library, then run each for FUZZ_SECONDS (default 60).
#
#   tests/fuzz/run.sh [TARGET...]          fuzz (all targets when none is named)
#   FUZZ_SECONDS=15 tests/fuzz/run.sh      a short run (the CI smoke uses this)
#   tests/fuzz/run.sh --regress [TARGET...] replay the seed corpora once, no fuzzing
#
# Seeds live in fixtures/fuzz/<target>/ (committed; every crash found becomes one). What
# the fuzzer discovers goes to build/fuzz/corpus/<target>/, crashes to build/fuzz/artifacts/.
# Exits 0 when no target crashed, 1 otherwise, 77 when clang or libFuzzer is missing.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${FUZZ_BUILD:-$SRC/build/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
CC=${FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
CXX=${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}
MODE=fuzz
if [ "${1:-}" = "--regress" ]; then MODE=regress; shift; fi

if [ -z "$CC" ] || [ -z "$CXX" ]; then
	echo "fuzz: SKIP: clang is not installed (Debian: clang-14 libfuzzer-14-dev)"; exit 77
fi
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}' |
	"$CC" -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "fuzz: SKIP: $CC cannot link -fsanitize=fuzzer (Debian: libfuzzer-14-dev libclang-rt-14-dev)"; exit 77
fi

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
mkdir -p "$OUT"
# The library, instrumented for coverage (fuzzer-no-link) and sanitizers; no tests.
if ! { cmake -S "$SRC" -B "$OUT/lib" -DCMAKE_BUILD_TYPE=None -DDP_TESTS=OFF \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
	-DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $SAN" -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link $SAN" \
	>"$OUT/cmake.log" 2>&1 && cmake --build "$OUT/lib" -j "$(nproc)" --target dpcore >>"$OUT/cmake.log" 2>&1; }; then
	tail -30 "$OUT/cmake.log"; echo "fuzz: FAIL: cannot build the library"; exit 1
fi
LIBS="$(pkg-config --libs libarchive libpcre2-8 libzstd libxxhash yajl yaml-0.1 libcrypto libutf8proc libpsl zlib) -lcld2 -lstdc++ -lpthread -lm"
DEFS="-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDP_VERSION=\"fuzz\" -DDP_DATADIR=\"$SRC\" -DDP_SOURCE_DIR=\"$SRC\""

targets=()
if [ $# -gt 0 ]; then targets=("$@"); else
	for f in "$SRC"/tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c | sed 's/^fuzz_//')"); done
fi

export DATAPROV_DATADIR="$SRC"
# An allocation over 2 GiB fails (returns NULL) as it would under a memory limit, and must be
# handled: libarchive's 7-Zip reader asks for what a lying header claims (4 GiB) and copes
# when it is refused, as it does in a real run (where the reservation is never touched). The
# resident-memory limit (-rss_limit_mb) still catches memory really used.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}:allocator_may_return_null=1:max_allocation_size_mb=2048"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
JOBS=${FUZZ_JOBS:-1}

# Run one built target; writes its result line to $OUT/fuzz_$t.result.
run_one() {
	local t=$1 bin="$OUT/fuzz_$1" seeds="$SRC/fixtures/fuzz/$1" log="$OUT/fuzz_$1.log" start rc cpu execs res
	mkdir -p "$seeds" "$OUT/corpus/$t" "$OUT/artifacts"
	start=$(date +%s.%N)
	if [ "$MODE" = regress ]; then
		"$bin" -runs=0 -malloc_limit_mb=65536 "$seeds" >"$log" 2>&1
	else
		"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
			-malloc_limit_mb=65536 -max_len=65536 \
			-print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t-" \
			"$OUT/corpus/$t" "$seeds" >"$log" 2>&1
	fi
	rc=$?
	cpu=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
	execs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | tail -1 | grep -o "[0-9]*$")
	if [ $rc -eq 0 ]; then res=ok; else res="CRASH (log $log, input $OUT/artifacts/)"; fi
	printf '%-10s %8s %12s %s\n' "$t" "$cpu" "${execs:--}" "$res" >"$OUT/fuzz_$t.result"
	return $rc
}

failed=0
built=()
for t in "${targets[@]}"; do
	# shellcheck disable=SC2086
	if ! "$CC" -fsanitize=fuzzer $SAN $DEFS -I"$SRC/src" "$SRC/tests/fuzz/fuzz_$t.c" \
		"$OUT/lib/libdpcore.a" $LIBS -o "$OUT/fuzz_$t" 2>"$OUT/fuzz_$t.build.log"; then
		cat "$OUT/fuzz_$t.build.log"; echo "fuzz: FAIL: $t does not build"; failed=1; continue
	fi
	built+=("$t")
done
running=0
for t in "${built[@]}"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait
printf '%-10s %8s %12s %s\n' target wall_s execs result
for t in "${built[@]}"; do
	cat "$OUT/fuzz_$t.result"
	if ! grep -q ' ok$' "$OUT/fuzz_$t.result"; then
		failed=1
		grep -m1 -A15 'ERROR: \|runtime error\|SUMMARY' "$OUT/fuzz_$t.log"
	fi
done
exit $failed

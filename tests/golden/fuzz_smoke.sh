#!/usr/bin/env bash
# CI smoke for the fuzz targets: replay every seed corpus, then fuzz each target briefly
# (FUZZ_SMOKE_SECONDS, default 15; two at a time) with ASan and UBSan. Skips, saying why,
# when clang or libFuzzer is missing. The long run is `make fuzz` (tests/fuzz/run.sh).
set -u
SRC=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
export FUZZ_BUILD="${DP_BUILD:-$SRC/build}/fuzz-smoke"
export FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-15}
export FUZZ_JOBS=${FUZZ_JOBS:-2}
"$SRC/tests/fuzz/run.sh" --regress
rc=$?
if [ $rc -eq 77 ]; then exit 0; fi   # skipped, with the reason printed
if [ $rc -ne 0 ]; then echo "fuzz_smoke: a seed crashes"; exit 1; fi
"$SRC/tests/fuzz/run.sh"

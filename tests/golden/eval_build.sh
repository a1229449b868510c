#!/usr/bin/env bash
# eval_build.sh - the accuracy runners of `make eval` (license, PII, language ID) build
# from the sources as they are: they compile their own subset of src/ and would otherwise
# break unnoticed until someone runs make eval (the eval data need not be present).
# Usage: bash eval_build.sh /path/to/dataprov   (env DP_SRC = source dir)
set -uo pipefail
src=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
for tool in gcc g++ cmake pkg-config; do
	command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 0; }
done
fail=0
for s in license.sh pii.sh langid.sh; do
	if out=$(EVAL_BUILD_ONLY=1 bash "$src/tests/eval/$s" 2>&1); then
		echo "ok: $s: $(printf '%s\n' "$out" | tail -1)"
	else
		echo "FAIL: tests/eval/$s does not build:"
		printf '%s\n' "$out" | tail -15
		fail=1
	fi
done
exit $fail

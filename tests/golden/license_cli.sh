#!/usr/bin/env bash
# license_cli.sh - `dataprov license`: one line per detection, --json, --facts, --map, exit
# codes (0 found, 1 nothing, 2 usage, 3 unreadable).
# Usage: bash tests/golden/license_cli.sh /path/to/dataprov   (DP_SRC: the source tree)
set -uo pipefail
bin=$1
src=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
export DATAPROV_DATADIR=${DATAPROV_DATADIR:-$src}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
failed=0
check() { # check NAME CONDITION-EXIT-STATUS
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else failed=$((failed + 1)); echo "FAIL: $1" >&2; fi
}

lic=$src/fixtures/licenses
"$bin" license "$lic/MIT.txt" "$lic/CC-BY-NC-SA-4.0.txt" > "$tmp/out"
check "exit 0 when found" $?
grep -qx "$lic/MIT.txt: MIT text 1.00 lines 5-18" "$tmp/out"
check "MIT line: path, id, kind, confidence, lines" $?
grep -q "^$lic/CC-BY-NC-SA-4.0.txt: CC-BY-NC-SA-4.0 text 1.00 lines 1-" "$tmp/out"
check "CC BY-NC-SA 4.0 named exactly" $?

printf 'nothing to see here\n' > "$tmp/plain.txt"
"$bin" license "$tmp/plain.txt" > "$tmp/out"
check "exit 1 when nothing was found" $(( $? == 1 ? 0 : 1 ))
[ ! -s "$tmp/out" ]
check "no output when nothing was found" $?

"$bin" license > /dev/null 2>&1
check "exit 2 without FILE" $(( $? == 2 ? 0 : 1 ))
"$bin" license --bogus "$tmp/plain.txt" > /dev/null 2>&1
check "exit 2 on a bad option" $(( $? == 2 ? 0 : 1 ))
"$bin" license "$tmp/missing.txt" > /dev/null 2>&1
check "exit 3 on an unreadable file" $(( $? == 3 ? 0 : 1 ))

printf '// SPDX-License-Identifier: MIT OR Apache-2.0\n' | "$bin" license - > "$tmp/out"
grep -qx -- "-: MIT OR Apache-2.0 tag 1.00 lines 1-1" "$tmp/out"
check "stdin and SPDX tags keep the expression" $?

"$bin" license --json "$lic/BSD-2-Clause.txt" > "$tmp/out.json"
python3 - "$tmp/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
det = d["files"][0]["detections"]
assert [x["spdx"] for x in det] == ["BSD-2-Clause"], det
assert det[0]["kind"] == "text" and det[0]["lines"][0] >= 1, det
PY
check "--json: files[].detections[] with spdx, kind, confidence, lines" $?

"$bin" license --facts CC-BY-NC-ND-4.0 > "$tmp/out"
grep -qx $'commercial_use\tno' "$tmp/out" && grep -qx $'no_derivatives\tyes' "$tmp/out" &&
	grep -qx $'non_commercial\tyes' "$tmp/out"
check "--facts prints the facts table row" $?
"$bin" license --facts LicenseRef-nothing > /dev/null 2>&1
check "--facts: exit 1 for an unknown id" $(( $? == 1 ? 0 : 1 ))

"$bin" license --map "CC BY-SA 3.0" odc-by other "" "my terms" > "$tmp/out"
grep -qx $'CC BY-SA 3.0\tmapped\tCC-BY-SA-3.0' "$tmp/out" &&
	grep -qx $'odc-by\tmapped\tODC-By-1.0' "$tmp/out" &&
	grep -qx $'other\tunknown\t' "$tmp/out" && grep -qx $'\tmissing\t' "$tmp/out" &&
	grep -qx $'my terms\tunrecognized\t' "$tmp/out"
check "--map: mapped, unknown, missing and unrecognized" $?

echo "license_cli: $pass passed, $failed failed"
[ "$failed" -eq 0 ]

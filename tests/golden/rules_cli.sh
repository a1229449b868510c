#!/usr/bin/env bash
# rules_cli.sh - `dataprov rules list|check|test`: output, exit codes, line-numbered errors.
# Usage: bash tests/golden/rules_cli.sh /path/to/dataprov
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "rules_cli: $*" >&2; exit 1; }

"$bin" rules --help | grep -q '^usage: dataprov rules list' || fail "rules --help"
"$bin" rules list > "$tmp/list"
grep -q '^email  *pii  *medium  *at-sign' "$tmp/list" || fail "list lacks email"
grep -q '^github-token  *secret' "$tmp/list" || fail "list lacks github-token"

cat > "$tmp/good.rules" <<'R'
# employee numbers
rule employee-id
  category pii
  severity high
  trigger  keyword EMP-
  pattern  (?<![A-Z0-9])EMP-[0-9]{6}(?![0-9])
  context  required 40 employee staff
R
cat > "$tmp/bad.rules" <<'R'
rule ok
  trigger at-sign
  pattern x@y

rule broken
  trigger digits 9 3
  pattern [0-9]{3}
R
cat > "$tmp/lint.rules" <<'R'
rule slow
  trigger keyword aa
  pattern (a+)+$
R
"$bin" rules check "$tmp/good.rules" | grep -q 'good.rules: 1 rules, 0 warnings' || fail "check good"
set +e
out=$("$bin" rules check "$tmp/bad.rules"); rc=$?
set -e
[ "$rc" = 1 ] || fail "check bad: exit $rc"
echo "$out" | grep -q 'bad.rules:6: expected `digits MIN MAX' || fail "check bad: $out"
"$bin" rules check "$tmp/lint.rules" | grep -q 'lint.rules:3: warning: .*unbounded' ||
	fail "lint warning missing"

"$bin" rules test "$tmp/good.rules" "staff file EMP-123456" > "$tmp/t1"
printf '11\t10\temployee-id\tpii\t***(10)\tEMP-123456\n' | cmp -s - "$tmp/t1" || fail "test: $(cat "$tmp/t1")"
set +e
"$bin" rules test "$tmp/good.rules" "EMP-123456 alone" > /dev/null; rc=$?
set -e
[ "$rc" = 1 ] || fail "test without context: exit $rc"
printf 'mail j.doe@corp.example.net\n' | "$bin" rules test builtin - | grep -q 'email	pii	j\*\*\*@c\*\*\*.net' ||
	fail "builtin via stdin"

# a catastrophic user rule finishes with a warning
head -c 50000 /dev/zero | tr '\0' a > "$tmp/aaa"; printf b >> "$tmp/aaa"
set +e
timeout 10 "$bin" rules test "$tmp/lint.rules" - < "$tmp/aaa" > /dev/null 2> "$tmp/err"; rc=$?
set -e
[ "$rc" = 1 ] || fail "catastrophic: exit $rc"
grep -q 'rule slow hit the PCRE2 match/depth limit' "$tmp/err" || fail "no limit warning"
echo "rules_cli: ok"

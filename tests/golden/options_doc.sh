#!/usr/bin/env bash
# Every option of every command (as printed by `dataprov help CMD`, which is generated from
# the option tables) must be documented in the man pages.
set -u
bin=$1
src=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
pass=0 fail=0
cmds=$("$bin" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} /^$/{if (on) exit}')
[ -n "$cmds" ] || { echo "options_doc: no commands listed by --help"; exit 1; }
for c in $cmds; do
  opts=$("$bin" help "$c" | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
  for o in $opts; do
    esc=${o//-/\\-}
    if grep -rqF -- "$esc" "$src/man"; then
      pass=$((pass + 1))
    else
      echo "FAIL: '$c $o' is not documented in man/"
      fail=$((fail + 1))
    fi
  done
done
echo "options_doc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

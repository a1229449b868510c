#!/usr/bin/env bash
# `make install` puts the binary, man pages, license corpus and rules under a prefix, and
# the installed binary finds its data there without flags (it looks beside itself).
set -u
bin=$1
build=${DP_BUILD:?}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
pass=0 fail=0
ok() { if eval "$1"; then pass=$((pass + 1)); else echo "FAIL: $2"; fail=$((fail + 1)); fi; }
cmake --install "$build" --prefix "$prefix" >/dev/null
ok '[ -x "$prefix/bin/dataprov" ]' "binary installed"
ok '[ -f "$prefix/share/man/man1/dataprov.1" ]' "man page installed"
ok '[ -f "$prefix/share/dataprov/licenses/corpus.txt" ]' "license corpus installed"
ok '[ -f "$prefix/share/dataprov/rules/builtin.rules" ]' "built-in rules installed as a file"
out=$(cd / && env -u DATAPROV_DATADIR "$prefix/bin/dataprov" license "${DP_SRC:?}/LICENSE" 2>&1)
ok '[[ "$out" == *Apache-2.0* ]]' "installed binary identifies a license without flags ($out)"
if command -v strace >/dev/null; then
  first=$(cd / && env -u DATAPROV_DATADIR strace -f -e trace=access "$prefix/bin/dataprov" license \
    "$DP_SRC/LICENSE" 2>&1 | grep 'corpus.txt' | grep '= 0' | head -1)
  ok '[[ "$first" == *"$prefix/"* ]]' "the corpus is read from the install prefix ($first)"
else
  echo "install: strace not installed; skipping the check of which corpus is read"
fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

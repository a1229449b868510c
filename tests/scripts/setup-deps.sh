#!/usr/bin/env bash
# Install the Debian packages given as arguments that are missing: as root with apt-get,
# through sudo when that works without a password, otherwise print the exact command.
# An argument CMD:PKG installs PKG only when the command CMD is missing (npm ships inside
# some nodejs builds and must not be installed over them).
set -euo pipefail
missing=()
for p in "$@"; do
  case $p in
    *:*) command -v "${p%%:*}" >/dev/null || missing+=("${p#*:}") ;;
    *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  echo "dataprov: missing Debian packages: ${missing[*]}" >&2
  echo "dataprov: run as root:  apt-get update && ${cmd[*]}" >&2
  exit 1
fi
echo "dataprov: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq >&2
"${run[@]}" "${cmd[@]}" >&2

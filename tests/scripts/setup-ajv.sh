#!/usr/bin/env bash
# setup-ajv.sh DIR - install a JSON Schema validator from npm (ajv-cli with ajv-formats,
# draft 2020-12) into DIR for the SPDX 3.0.1 schema check of tests/golden/card.sh.
# Idempotent; prints the path of the ajv executable. Needs node and npm and the npm registry.
set -euo pipefail
dir=${1:?usage: setup-ajv.sh DIR}
bin="$dir/node_modules/.bin/ajv"
if [ ! -x "$bin" ] || [ ! -d "$dir/node_modules/ajv-formats" ]; then
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --silent ajv-cli@5 ajv-formats@3 >&2
fi
echo "$bin"

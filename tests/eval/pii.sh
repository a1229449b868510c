#!/bin/bash
# pii.sh - accuracy of the PII and secret rules (see pii_eval.c):
#   1. Presidio research's labelled synthetic sentences (EVAL_DIR/pii), span level, exact
#      boundaries, for the six structured types; targets P, R >= 0.95 (phone R >= 0.85).
#   2. Our generated secrets and decoys (gen_secrets.py, fixed seed), a finding counts when
#      it overlaps the labelled value; decoys must not be flagged.
# Usage: tests/eval/pii.sh [-v]   (-v lists every false positive; EVAL_BUILD_ONLY=1: build
#   the runner and stop, as make test does)
#   The runner is built here from the rule sources (no build tree needed). EVAL_DIR
#   (default: ../shared/eval beside the source tree) holds the Presidio set.
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
eval_dir="${EVAL_DIR:-$src/../shared/eval}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
[ "${1:-}" = "-v" ] && export PII_EVAL_VERBOSE=1

cmake -DIN="$src/src/rules/builtin.embed" -DOUT="$out/embed_builtin.c" \
  -DSYM=dp_embedded_builtin -P "$src/tests/scripts/embed.cmake"
gcc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$src/src" \
  "$src/tests/eval/pii_eval.c" "$src"/src/rules/*.c "$src/src/core/error.c" \
  "$src/src/core/config.c" "$src/src/core/limits.c" "$src/src/core/json.c" \
  "$src/src/core/utf8.c" "$src/src/core/escape.c" "$src/src/core/buf.c" "$out/embed_builtin.c" \
  -lpcre2-8 -lyajl -lm -o "$out/pii_eval"
[ -n "${EVAL_BUILD_ONLY:-}" ] && { echo "pii eval: the runner builds"; exit 0; }

echo "## PII and secrets (dataprov $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
presidio="$eval_dir/pii/presidio_research_synth_dataset_v2.json"
if [ -f "$presidio" ]; then
  echo "### Presidio research synth_dataset_v2 (1,500 sentences), exact spans"
  echo
  "$out/pii_eval" "$presidio" EMAIL_ADDRESS PHONE_NUMBER CREDIT_CARD IBAN_CODE US_SSN \
    IP_ADDRESS | sed '/^documents without/d'
  echo
else
  echo "(no Presidio set at $presidio; set EVAL_DIR)"
fi
python3 "$src/tests/eval/gen_secrets.py" "$out/secrets.json" 40 7
echo "### Generated secrets and decoys (gen_secrets.py, 40 per type, seed 7), overlap"
echo
all="aws-access-key-id aws-secret-access-key github-token slack-token slack-webhook
  google-api-key stripe-key private-key jwt url-credentials generic-secret email phone-intl
  phone-nanp phone-context credit-card credit-card-context iban us-ssn ipv4 ipv6"
# shellcheck disable=SC2086
"$out/pii_eval" --overlap "$out/secrets.json" $all | awk -F'|' 'NR <= 2 || $3 + 0 > 0 || $4 + 0 > 0 || !/^\|/'

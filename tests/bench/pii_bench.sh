#!/usr/bin/env bash
# pii_bench.sh - the PII stage alone (single thread) against ripgrep on the same text.
#
# usage: tests/bench/pii_bench.sh [DATAPROV] [CORPUS[.zst|.gz|.xz]]
# Without CORPUS, generates a 200 MB JSONL corpus (tests/bench/gen_pii_corpus.py; size
# with PII_BENCH_MB) under ${TMPDIR:-/tmp}/dataprov-bench/. Both tools read the same plain
# (decompressed) file; each is run PII_BENCH_RUNS times (default 5), interleaved, and the
# best wall time of each is kept. ripgrep runs eight equivalent patterns (email, IPv4,
# SSN, card, AWS key id, GitHub token, private-key header, phone) with ASCII word
# boundaries (?-u:\b) and -c; dataprov runs its full built-in rule set through the hidden
# `dataprov rules scan` mode (every line is one record). Prints a table and the ratio
# dataprov/ripgrep; the target is <= 1.0.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${DP_BUILD:-$here/../../build}/dataprov}
corpus=${2:-}
runs=${PII_BENCH_RUNS:-5}
work=${TMPDIR:-/tmp}/dataprov-bench
mkdir -p "$work"

if [ -z "$corpus" ]; then
	corpus=$work/pii_corpus_${PII_BENCH_MB:-200}mb.jsonl
	[ -s "$corpus" ] || python3 "$here/gen_pii_corpus.py" "$corpus" "${PII_BENCH_MB:-200}"
fi
case "$corpus" in  # both tools read the decompressed text
	*.zst) zstd -dcq "$corpus" > "$work/corpus.txt"; corpus=$work/corpus.txt ;;
	*.gz) gzip -dc "$corpus" > "$work/corpus.txt"; corpus=$work/corpus.txt ;;
	*.xz) xz -dc "$corpus" > "$work/corpus.txt"; corpus=$work/corpus.txt ;;
esac
command -v rg >/dev/null || { echo "pii_bench: ripgrep (rg) not found" >&2; exit 2; }

pat=$work/pii_patterns.txt
cat > "$pat" <<'PAT'
(?-u:\b)[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}(?-u:\b)
(?-u:\b)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?-u:\b)
(?-u:\b)[0-9]{3}-[0-9]{2}-[0-9]{4}(?-u:\b)
(?-u:\b)(?:[0-9]{4}[ -]?){3}[0-9]{4}(?-u:\b)
(?-u:\b)AKIA[A-Z2-7]{16}(?-u:\b)
(?-u:\b)gh[pousr]_[A-Za-z0-9]{36}(?-u:\b)
-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----
(?:\+[1-9][0-9]{0,2}[ .-]?)?\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}(?-u:\b)
PAT

now() { date +%s.%N; }
best_rg=999999 best_dp=999999
cat "$corpus" > /dev/null  # warm the page cache for both
for _ in $(seq "$runs"); do
	t0=$(now); rg_lines=$(rg -c -f "$pat" "$corpus" || true); t1=$(now)
	best_rg=$(echo "$t1 - $t0" | bc -l | awk -v b="$best_rg" '{print ($1 < b) ? $1 : b}')
	t0=$(now); "$bin" rules scan "$corpus" > "$work/dp_counts.txt" 2> "$work/dp_stderr.txt"; t1=$(now)
	best_dp=$(echo "$t1 - $t0" | bc -l | awk -v b="$best_dp" '{print ($1 < b) ? $1 : b}')
done

bytes=$(stat -c %s "$corpus")
dp_findings=$(awk '{s += $2} END {print s}' "$work/dp_counts.txt")
awk -v b="$bytes" -v r="$best_rg" -v d="$best_dp" -v rl="$rg_lines" -v df="$dp_findings" \
    -v runs="$runs" 'BEGIN {
	printf "corpus: %.1f MB, best of %d runs, single thread\n\n", b / 1e6, runs
	printf "| tool | seconds | MB/s | output |\n|---|---:|---:|---|\n"
	printf "| ripgrep -c -f (8 patterns) | %.3f | %.0f | %d matching lines |\n", r, b / r / 1e6, rl
	printf "| dataprov rules scan (%s) | %.3f | %.0f | %d findings |\n", "all built-in rules", d, b / d / 1e6, df
	printf "\nratio dataprov/ripgrep: %.2f (target <= 1.00)\n", d / r
}'
echo
echo "per-rule findings (dataprov):"
sort -k2 -n -r "$work/dp_counts.txt" | awk '$2 > 0 {printf "  %-24s %d\n", $1, $2}'

/* dedup.h - the dedup analyser: exact and normalised record duplicates, whole-file
 * duplicates and split leakage (report.json `dedup`, findings "duplicate" lines).
 *
 * Levels: DP_DEDUP_EXACT hashes the decoded text bytes with XXH3-128;
 * DP_DEDUP_NORMALIZED hashes the text after textnorm.h (NFKC + case fold + white-space
 * collapse). The original of a cluster is the occurrence with the smallest record seq,
 * whatever the arrival order, so merge(scan(A), scan(B)) == scan(A then B).
 *
 * Memory (the documented formula, dataprov-dedup(5)): with cap C = --dedup-memory and
 * T worker states, each state sees limits.dedup_memory = C / T (the pipeline divides it)
 * and splits that share between the two levels; per
 * level a digest table of E entries (128 bytes each at the peak: 64 of entry, up to 32 of
 * index, room for a resize) and, when findings are on, a log buffer of L 24-byte
 * (digest, seq) tuples of the occurrences past the third of their digest, with
 * 128 * E = 7/8 and 24 * L = 1/8 of the level's part (E = all of it without findings).
 * At the merge every worker's sorted entries stay in memory as runs until finish has read
 * them (at most C), with one run merge (DP_RUNS_FANIN * 64 KiB) and a findings pair
 * buffer of at most C / 2.
 * Peak ~= C + T * (textnorm scratch + 128 KiB) + 2 MiB + the file list (about 48 bytes +
 * origin per leaf member) + 64 bytes per spilled run.
 */
#ifndef DP_ANALYSE_DEDUP_H
#define DP_ANALYSE_DEDUP_H

#include <stdint.h>

#include "analyse/analyser.h"

enum { DP_DEDUP_EXACT = 0, DP_DEDUP_NORMALIZED = 1, DP_DEDUP_LEVELS = 2 };

extern const struct dp_analyser_type dp_analyser_dedup;

struct dp_dedup_level_stats {
	uint64_t records;          /* records hashed at this level (non-empty text) */
	uint64_t unique;           /* distinct digests */
	uint64_t duplicates;       /* records - unique */
	uint64_t duplicate_bytes;  /* text bytes of the duplicates (originals excluded) */
	uint64_t empty;            /* records whose text is empty at this level */
};

struct dp_dedup_stats {
	struct dp_dedup_level_stats level[DP_DEDUP_LEVELS];
	uint64_t files;            /* leaf members with bytes > 0 */
	uint64_t file_duplicates;
	uint64_t file_duplicate_bytes;
	uint64_t invalid_utf8;     /* records whose text was not valid UTF-8 */
	uint64_t no_text;          /* records without a text field (not hashed) */
	uint64_t truncated;        /* records over the record cap (their prefix is hashed) */
	uint64_t spilled_runs;     /* runs written to the spill directory */
	uint64_t findings;         /* duplicate lines written */
};

/* Counters of a finished state (valid after finish). */
void dp_dedup_get_stats(const void *state, struct dp_dedup_stats *out);

/* Leakage of eval split `split` (canonical lower-case name) against train, at `level`:
 * returns the number of its records whose text also occurs in a train record, and stores
 * the split's record count in *records (may be NULL). 0 when the split is unknown. */
uint64_t dp_dedup_leaked(const void *state, const char *split, int level, uint64_t *records);

#endif

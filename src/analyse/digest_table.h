/* digest_table.h - the dedup digest set: an open-addressing table of 128-bit text digests
 * with the location of their first occurrences, a memory cap, and sorted spill runs.
 *
 * An entry aggregates every occurrence of one (digest, split) pair seen by this table: how
 * many, their total text bytes, and the three smallest record seqs ("first occurrences" in
 * input order). Keeping the split in the key lets the final merge count, per digest, how
 * many records of each split hold it (split leakage) without a second pass.
 *
 * Entries combine associatively and commutatively (dp_dedup_entry_combine), which makes
 * the table a mergeable partial summary: a table, its spilled runs and another table merge
 * into exactly the table of their union, whatever the order.
 *
 * Layout: entries are stored densely (64 bytes each, or the record size of a wide table,
 * in insertion order) and found through
 * an open-addressing index of 8-byte slots (a 32-bit tag of the digest and the entry
 * number), at most two-thirds full. A probe reads one index cache line and, on a tag match,
 * the entry; new entries are appended sequentially.
 *
 * Memory: the entries array grows by half up to `max_entries`; the index has 1.5 slots per
 * entry of capacity. When max_entries are in use the entries are sorted in place and
 * spilled as a run (runfile.h), and the table starts empty. Peak: about 76 bytes per
 * entry of max_entries (64 per entry, 12 of index; large reallocs are remapped, not copied).
 * A wide table (dedup's scan table) never spills itself: its owner folds it first.
 */
#ifndef DP_ANALYSE_DIGEST_TABLE_H
#define DP_ANALYSE_DIGEST_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/runfile.h"
#include "core/error.h"

#define DP_SEQ_NONE UINT64_MAX

struct dp_dedup_entry {
	uint64_t hi, lo;        /* XXH3-128 digest of the text */
	uint64_t seq[3];        /* smallest three seqs, ascending; DP_SEQ_NONE when fewer */
	uint64_t count;         /* occurrences; 0 marks an empty slot */
	uint64_t bytes;         /* total text bytes of all occurrences */
	uint32_t first_len;     /* text bytes of the occurrence seq[0] (saturated at 2^32-1) */
	uint32_t split;         /* split key (0 = none) */
};

/* Called with each occurrence a combine leaves out of the smallest three seqs it keeps:
 * the dedup analyser logs those for the findings join, so that an entry's seqs and the
 * log together always hold every occurrence. `into` is the entry combined into (in a
 * table, the table's record, so a wide table's hook can read the rest of the record).
 * Returns 0, or nonzero to stop (an error). */
typedef int (*dp_dedup_drop_fn)(void *ctx, const struct dp_dedup_entry *into, uint64_t seq);

struct dp_digest_table {
	void *entries;          /* dense records of rec_size bytes, `n` in use, `cap` allocated */
	size_t n, cap;
	size_t rec_size;        /* a struct dp_dedup_entry, then the owner's payload, if any */
	size_t max_entries;     /* spill threshold */
	uint64_t *index;        /* 0 = empty, else (tag << 32) | (entry number + 1) */
	size_t nindex;          /* 1.5 per entry of capacity, 0 before the first add */
	uint64_t seed;          /* slot scrambling (layout only, never affects results) */
	int unindexed;          /* entries were sorted since the index was built */
	int sorted;             /* entries are in (hi, lo, split) order */
	struct dp_runs runs;    /* spilled runs of entries sorted by (hi, lo, split) */
	dp_dedup_drop_fn drop;  /* seqs left out by the combines of add */
	void *drop_ctx;
};

/* An entry for a single occurrence. */
void dp_dedup_entry_single(struct dp_dedup_entry *e, uint64_t hi, uint64_t lo, uint32_t split,
			   uint64_t seq, uint64_t len);
/* Fold `from` (same key) into `into`; `drop` (may be NULL) gets every seq left out.
 * Returns 0, or the first nonzero `drop` result. */
int dp_dedup_entry_combine(struct dp_dedup_entry *into, const struct dp_dedup_entry *from,
			   dp_dedup_drop_fn drop, void *ctx);
/* Order by (hi, lo, split), for qsort and the run merge. */
int dp_dedup_entry_cmp(const void *a, const void *b);

/* At most `max_entries` in memory (at least 64, at most 2^31); `drop` (may be NULL) as
 * for dp_dedup_entry_combine. */
void dp_digest_table_init(struct dp_digest_table *t, size_t max_entries,
			  dp_dedup_drop_fn drop, void *drop_ctx);
/* A wide table: each record is a struct dp_dedup_entry followed by payload of the owner's
 * (rec_size bytes in all, at most 256), copied in on insert and kept as it is by
 * combines (equal keys must carry equal payloads). A wide table never spills: its owner
 * checks dp_digest_table_full before adding and empties it (take or clear) itself. */
void dp_digest_table_init_wide(struct dp_digest_table *t, size_t max_entries, size_t rec_size,
			       dp_dedup_drop_fn drop, void *drop_ctx);
/* 1 when the next new key would need a spill (max_entries in use). */
int dp_digest_table_full(const struct dp_digest_table *t);
/* Hand the records (malloc'd, the caller frees them) and their count to the caller; the
 * table is left empty, ready for adds. */
void *dp_digest_table_take(struct dp_digest_table *t, size_t *n);
/* Forget every record but keep the memory, for the next adds. */
void dp_digest_table_clear(struct dp_digest_table *t);
/* Free the table and remove its runs. */
void dp_digest_table_release(struct dp_digest_table *t);

/* Add (combine) an entry (a whole record of a wide table). *became_first (may be NULL) is set to 1 when e->seq[0] is now
 * the smallest seq of its key in the table (a new key, or an earlier occurrence). When the
 * table is full it spills to `dir` first. DP_OK, or DP_FATAL (memory, spill failure). */
int dp_digest_table_add(struct dp_digest_table *t, const struct dp_dedup_entry *e,
			const char *dir, int *became_first, struct dp_error *err);

/* Hint that an entry with this digest and split will be added soon (starts the memory
 * load of its slot; the table is far larger than the caches). */
void dp_digest_table_prefetch(const struct dp_digest_table *t, uint64_t lo, uint32_t split);

/* Fold every entry and run of `from` into `into`: its entries are sorted and handed over
 * whole as a memory run of `into` (combined with the rest by the final run merge), its
 * runs are moved; `from` is left empty. */
int dp_digest_table_absorb(struct dp_digest_table *into, struct dp_digest_table *from,
			   struct dp_error *err);

/* Sort the in-memory entries by (hi, lo, split) in place; returns their count (they start
 * at t->entries). Adding afterwards works (the index is rebuilt first). */
size_t dp_digest_table_sort(struct dp_digest_table *t);

/* Entries currently in memory. */
static inline size_t dp_digest_table_size(const struct dp_digest_table *t)
{
	return t->n;
}

#endif

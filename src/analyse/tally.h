/* tally.h - a capped table of distinct byte-string keys with two counters each.
 *
 * Used by the scope statistics for value counts (schema values, domains, languages,
 * splits, years). Keys are copied into one growing key store, and entries live in one
 * growing array, so adding an existing key never allocates and a new key allocates only
 * when a store doubles. Entry indexes are stable (insertion order) until release.
 *
 * The cap bounds memory: a key that would be the (max_keys+1)-th distinct one is not stored;
 * its counters go to `dropped`. Below the cap, merge(A, B) gives exactly the table of the
 * whole; past it, which keys are kept depends on input order (callers say so in reports).
 * Not thread-safe; one table per analyser state.
 */
#ifndef DP_ANALYSE_TALLY_H
#define DP_ANALYSE_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "core/json.h"

struct dp_tally_entry {
	uint64_t hash;
	size_t key_off;     /* into the key store */
	size_t key_len;
	uint64_t n;         /* first counter (records, occurrences) */
	uint64_t bytes;     /* second counter (bytes) */
};

struct dp_tally {
	struct dp_tally_entry *e;   /* entries, insertion order */
	size_t len, alloc;
	uint32_t *slot;             /* open addressing: entry index + 1, 0 = empty */
	size_t nslot;               /* power of two */
	char *keys;                 /* NUL-separated key store */
	size_t keys_len, keys_alloc;
	size_t max_keys;            /* 0 = unlimited */
	uint64_t dropped_keys;      /* add calls refused by the cap */
	uint64_t dropped_n, dropped_bytes;
};

void dp_tally_init(struct dp_tally *t, size_t max_keys);
void dp_tally_release(struct dp_tally *t);
/* Forget every key, keeping memory and the cap. */
void dp_tally_clear(struct dp_tally *t);

/* Add (n, bytes) to `key`. Returns the entry index, -1 when the cap refused a new key
 * (counted in dropped_*), or -2 when out of memory. */
long dp_tally_add(struct dp_tally *t, const char *key, size_t len, uint64_t n, uint64_t bytes);
/* Index of `key`, or -1 when absent. */
long dp_tally_find(const struct dp_tally *t, const char *key, size_t len);
/* The key of entry i (NUL-terminated, borrowed until the next add). */
static inline const char *dp_tally_key(const struct dp_tally *t, size_t i)
{
	return t->keys + t->e[i].key_off;
}
/* into += from, key by key (from's entries in its insertion order). 0, or -1 when out of
 * memory. */
int dp_tally_merge(struct dp_tally *into, const struct dp_tally *from);

/* Entry indexes sorted by n descending then key ascending (bytewise): a deterministic
 * order whatever the insertion order. Returns a malloc'd array of t->len indexes (caller
 * frees), or NULL when empty or out of memory. */
size_t *dp_tally_sorted(const struct dp_tally *t);
/* The same sorted by key ascending. */
size_t *dp_tally_sorted_by_key(const struct dp_tally *t);

/* Save as {"e":[[key, n, bytes], ...] in insertion order, "dropped":[keys, n, bytes]};
 * load adds the saved entries into t (normally empty), so loading is a merge. */
void dp_tally_save(const struct dp_tally *t, struct dp_json *out);
int dp_tally_load(struct dp_tally *t, yajl_val v);

#endif

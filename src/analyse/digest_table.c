/* digest_table.c - open-addressing digest table with spill-to-run on overflow. */
#include "analyse/digest_table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MIN_ENTRIES 64
#define START_ENTRIES 2048
#define MAX_ENTRIES ((size_t)1 << 31)
#define MAP_MIN_BYTES ((size_t)4 << 20) /* indexes this large are mmap'd with huge pages */

/* Entry k of the table (records are t->rec_size bytes, an entry first). */
static struct dp_dedup_entry *entry_at(const struct dp_digest_table *t, size_t k)
{
	return (struct dp_dedup_entry *)(void *)((char *)t->entries + k * t->rec_size);
}

/* Zeroed index array. Large ones get transparent huge pages: every probe is a random
 * access, and with 4 KiB pages most of them would also miss the TLB. */
static uint64_t *index_alloc(size_t n)
{
	size_t bytes = n * sizeof(uint64_t);
	void *p;

	if (bytes < MAP_MIN_BYTES)
		return calloc(n, sizeof(uint64_t));
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

static void index_free(uint64_t *p, size_t n)
{
	if (!p)
		return;
	if (n * sizeof(uint64_t) < MAP_MIN_BYTES)
		free(p);
	else
		munmap(p, n * sizeof(uint64_t));
}

void dp_dedup_entry_single(struct dp_dedup_entry *e, uint64_t hi, uint64_t lo, uint32_t split,
			   uint64_t seq, uint64_t len)
{
	e->hi = hi;
	e->lo = lo;
	e->seq[0] = seq;
	e->seq[1] = e->seq[2] = DP_SEQ_NONE;
	e->count = 1;
	e->bytes = len;
	e->first_len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	e->split = split;
}

int dp_dedup_entry_combine(struct dp_dedup_entry *into, const struct dp_dedup_entry *from,
			   dp_dedup_drop_fn drop, void *ctx)
{
	uint64_t m[6];
	size_t i = 0, j = 0, k;
	int rc = 0;

	for (k = 0; k < 6; k++) { /* merge two sorted triples; the smallest three are kept */
		if (j >= 3 || (i < 3 && into->seq[i] <= from->seq[j]))
			m[k] = into->seq[i++];
		else
			m[k] = from->seq[j++];
	}
	if (from->seq[0] < into->seq[0])
		into->first_len = from->first_len;
	memcpy(into->seq, m, sizeof(into->seq));
	into->count += from->count;
	into->bytes += from->bytes;
	for (k = 3; k < 6 && drop && m[k] != DP_SEQ_NONE && rc == 0; k++)
		rc = drop(ctx, into, m[k]);
	return rc;
}

int dp_dedup_entry_cmp(const void *a, const void *b)
{
	const struct dp_dedup_entry *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->split > y->split) - (x->split < y->split);
}


void dp_digest_table_init(struct dp_digest_table *t, size_t max_entries,
			  dp_dedup_drop_fn drop, void *drop_ctx)
{
	dp_digest_table_init_wide(t, max_entries, sizeof(struct dp_dedup_entry), drop, drop_ctx);
}

void dp_digest_table_init_wide(struct dp_digest_table *t, size_t max_entries, size_t rec_size,
			       dp_dedup_drop_fn drop, void *drop_ctx)
{
	memset(t, 0, sizeof(*t));
	t->rec_size = rec_size;
	t->drop = drop;
	t->drop_ctx = drop_ctx;
	t->max_entries = max_entries < MIN_ENTRIES ? MIN_ENTRIES
			 : max_entries > MAX_ENTRIES ? MAX_ENTRIES : max_entries;
	t->seed = (uint64_t)(uintptr_t)t * 0xbf58476d1ce4e5b9ULL; /* differs between states */
	dp_runs_init(&t->runs, rec_size, dp_dedup_entry_cmp);
	t->runs.keyed = 1;
}

void dp_digest_table_release(struct dp_digest_table *t)
{
	free(t->entries);
	index_free(t->index, t->nindex);
	t->entries = NULL;
	t->index = NULL;
	t->n = t->cap = t->nindex = 0;
	dp_runs_release(&t->runs);
}

/* Home slot from the digest, scrambled with a per-table seed. Without the seed, folding
 * one table into another would walk keys in an order correlated with the layout and pile
 * them into long probe runs; with it, the two layouts are unrelated. */
static size_t home_slot(const struct dp_digest_table *t, uint64_t lo, uint32_t split)
{
	uint64_t h = (lo ^ t->seed ^ ((uint64_t)split << 32)) * 0x9e3779b97f4a7c15ULL;

	/* the high 32 bits scaled to [0, nindex): the index size need not be a power of two */
	return (size_t)(((h >> 32) * (uint64_t)t->nindex) >> 32);
}

static uint64_t tag_of(uint64_t hi)
{
	return hi & 0xffffffff00000000ULL;
}

/* The slot holding this key, or the empty slot where it would go. */
static size_t find_slot(const struct dp_digest_table *t, const struct dp_dedup_entry *e)
{
	size_t i = home_slot(t, e->lo, e->split);
	uint64_t tag = tag_of(e->hi);

	for (; t->index[i]; i = i + 1 == t->nindex ? 0 : i + 1) {
		const struct dp_dedup_entry *x;
		if ((t->index[i] & 0xffffffff00000000ULL) != tag)
			continue;
		x = entry_at(t, (t->index[i] & 0xffffffffULL) - 1);
		if (x->hi == e->hi && x->lo == e->lo && x->split == e->split)
			return i;
	}
	return i;
}

/* Rebuild the index for `cap` entries: 1.5 slots per entry, so a full table's index is
 * at most two-thirds full. Linear probing at that load averages about two slots per hit,
 * nearly always in the cache line of the first; a power-of-two index at most half full
 * would cost 16 to 32 bytes per entry instead of 12. 0, or -1 when out of memory (table
 * unchanged). */
static int reindex(struct dp_digest_table *t, size_t cap)
{
	size_t n = cap + cap / 2 + 64, k;
	uint64_t *ix;

	if (!(ix = index_alloc(n)))
		return -1;
	index_free(t->index, t->nindex);
	t->index = ix;
	t->nindex = n;
	for (k = 0; k < t->n; k++)
		t->index[find_slot(t, entry_at(t, k))] = tag_of(entry_at(t, k)->hi) | (k + 1);
	return 0;
}

/* Grow by half: doubling left up to half of the largest arrays unused, and they are most
 * of a scan's memory (large reallocs are remapped, so the extra copies are cheap). */
static int grow(struct dp_digest_table *t)
{
	size_t cap = t->cap ? t->cap + t->cap / 2 : START_ENTRIES;
	void *p;

	if (cap > t->max_entries)
		cap = t->max_entries;
	p = realloc(t->entries, cap * t->rec_size);
	if (!p)
		return -1;
	t->entries = p;
	t->cap = cap;
	return reindex(t, cap);
}

size_t dp_digest_table_sort(struct dp_digest_table *t)
{
	if (t->n && !t->sorted) {
		dp_runs_sort_keyed(t->entries, t->n, t->rec_size, dp_dedup_entry_cmp);
		t->unindexed = 1; /* entries moved: the index is rebuilt on the next add */
	}
	t->sorted = 1; /* until the next new key (saving state, then finishing, sort once) */
	return t->n;
}

/* Make room for one more entry: grow, or spill everything as a run. */
static int make_room(struct dp_digest_table *t, const char *dir, struct dp_error *err)
{
	if (t->n < t->cap)
		return DP_OK;
	if (t->cap < t->max_entries) {
		if (grow(t))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		return DP_OK;
	}
	if (t->rec_size != sizeof(struct dp_dedup_entry)) /* the owner empties wide tables */
		return dp_error_set(err, DP_FATAL, "dedup: the scan table is full");
	if (!dir)
		return dp_error_set(err, DP_FATAL, "dedup: memory cap reached and no spill directory");
	if (dp_runs_spill(&t->runs, dir, t->entries, t->n, err) != DP_OK) /* sorts */
		return DP_FATAL;
	memset(t->index, 0, t->nindex * sizeof(*t->index));
	t->n = 0;
	return DP_OK;
}

void dp_digest_table_prefetch(const struct dp_digest_table *t, uint64_t lo, uint32_t split)
{
	if (t->nindex)
		__builtin_prefetch(&t->index[home_slot(t, lo, split)], 1);
}

int dp_digest_table_add(struct dp_digest_table *t, const struct dp_dedup_entry *e,
			const char *dir, int *became_first, struct dp_error *err)
{
	struct dp_dedup_entry *x;
	size_t i = 0;
	int found;

	if (t->unindexed && t->nindex) {
		if (reindex(t, t->cap))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	}
	t->unindexed = 0;
	/* when full, a key already present is combined in place: no room is needed */
	found = t->n == t->cap && t->nindex && t->index[i = find_slot(t, e)];
	if (!found) {
		if (make_room(t, dir, err) != DP_OK)
			return DP_FATAL;
		i = find_slot(t, e);
	}
	if (!t->index[i]) {
		memcpy(entry_at(t, t->n), e, t->rec_size);
		t->index[i] = tag_of(e->hi) | (t->n + 1);
		t->n++;
		t->sorted = 0;
		if (became_first)
			*became_first = 1;
		return DP_OK;
	}
	x = entry_at(t, (t->index[i] & 0xffffffffULL) - 1);
	if (became_first)
		*became_first = e->seq[0] < x->seq[0];
	if (dp_dedup_entry_combine(x, e, t->drop, t->drop_ctx) != 0)
		return err->status == DP_FATAL ? DP_FATAL /* the hook's own message */
		       : dp_error_set(err, DP_FATAL, "dedup: cannot log a duplicate (out of "
				      "memory or spill space)");
	return DP_OK;
}

int dp_digest_table_absorb(struct dp_digest_table *into, struct dp_digest_table *from,
			   struct dp_error *err)
{
	size_t n = dp_digest_table_sort(from);
	void *recs = from->entries;

	/* `from` becomes a sorted run of `into`, kept in memory: re-inserting its entries one
	 * by one would cost a random access each (the serial part of a threaded scan), and
	 * the final merge reads runs in order anyway. */
	if (n && n < from->cap) {
		void *p = realloc(recs, n * from->rec_size);
		recs = p ? p : recs;
	}
	index_free(from->index, from->nindex);
	from->entries = NULL;
	from->index = NULL;
	from->n = from->cap = from->nindex = 0;
	if (dp_runs_adopt_mem(&into->runs, recs, n, err) != DP_OK)
		return DP_FATAL;
	return dp_runs_take(&into->runs, &from->runs, err);
}

int dp_digest_table_full(const struct dp_digest_table *t)
{
	return t->n == t->cap && t->cap >= t->max_entries;
}

void *dp_digest_table_take(struct dp_digest_table *t, size_t *n)
{
	void *recs = t->entries;

	*n = t->n;
	index_free(t->index, t->nindex);
	t->entries = NULL;
	t->index = NULL;
	t->n = t->cap = t->nindex = 0;
	t->sorted = 0;
	return recs;
}

void dp_digest_table_clear(struct dp_digest_table *t)
{
	if (t->nindex)
		memset(t->index, 0, t->nindex * sizeof(*t->index));
	t->n = 0;
	t->sorted = 0;
	t->unindexed = 0;
}

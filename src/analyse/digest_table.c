/* digest_table.c - open-addressing digest table with spill-to-run on overflow. */
#include "analyse/digest_table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MIN_SLOTS 64
#define START_SLOTS 4096
#define MAP_MIN_BYTES ((size_t)4 << 20) /* tables this large are mmap'd with huge pages */

/* Zeroed slot array. Large ones get transparent huge pages: every insert is a random
 * access, and with 4 KiB pages most of them would also miss the TLB. */
static struct dp_dedup_entry *slots_alloc(size_t n)
{
	size_t bytes = n * sizeof(struct dp_dedup_entry);
	void *p;

	if (bytes < MAP_MIN_BYTES)
		return calloc(n, sizeof(struct dp_dedup_entry));
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

static void slots_free(struct dp_dedup_entry *s, size_t n)
{
	size_t bytes = n * sizeof(struct dp_dedup_entry);

	if (!s)
		return;
	if (bytes < MAP_MIN_BYTES)
		free(s);
	else
		munmap(s, bytes);
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

void dp_dedup_entry_combine(struct dp_dedup_entry *into, const struct dp_dedup_entry *from)
{
	uint64_t m[3];
	size_t i = 0, j = 0, k;

	for (k = 0; k < 3; k++) { /* merge two sorted triples, keep the smallest three */
		if (j >= 3 || (i < 3 && into->seq[i] <= from->seq[j]))
			m[k] = into->seq[i++];
		else
			m[k] = from->seq[j++];
	}
	if (from->seq[0] < into->seq[0])
		into->first_len = from->first_len;
	memcpy(into->seq, m, sizeof(m));
	into->count += from->count;
	into->bytes += from->bytes;
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

static size_t pow2_floor(size_t n)
{
	size_t p = MIN_SLOTS;

	while (p * 2 <= n && p * 2 > p)
		p *= 2;
	return p;
}

void dp_digest_table_init(struct dp_digest_table *t, size_t max_slots)
{
	memset(t, 0, sizeof(*t));
	t->max_slots = pow2_floor(max_slots);
	t->seed = (uint64_t)(uintptr_t)t * 0xbf58476d1ce4e5b9ULL; /* differs between states */
	dp_runs_init(&t->runs, sizeof(struct dp_dedup_entry), dp_dedup_entry_cmp);
}

void dp_digest_table_release(struct dp_digest_table *t)
{
	slots_free(t->slots, t->nslots);
	t->slots = NULL;
	t->nslots = t->used = 0;
	dp_runs_release(&t->runs);
}

/* Slot index from the digest, scrambled with a per-table seed. Without the seed, folding
 * one table into another walks keys in the other's slot order, which piles them into long
 * probe runs (quadratic merge); with it, the two layouts are unrelated. */
static size_t home_slot(size_t mask, uint64_t seed, uint64_t lo, uint32_t split)
{
	uint64_t h = (lo ^ seed ^ ((uint64_t)split << 32)) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32 ^ h) & mask;
}

static size_t slot_of(const struct dp_dedup_entry *slots, size_t mask, uint64_t seed,
		      uint64_t hi, uint64_t lo, uint32_t split)
{
	size_t i = home_slot(mask, seed, lo, split);

	while (slots[i].count &&
	       (slots[i].lo != lo || slots[i].hi != hi || slots[i].split != split))
		i = (i + 1) & mask;
	return i;
}

/* Move to a table of n slots. 0, or -1 when out of memory (table unchanged). */
static int rehash(struct dp_digest_table *t, size_t n)
{
	struct dp_dedup_entry *s = slots_alloc(n);
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < t->nslots; i++) {
		const struct dp_dedup_entry *e = &t->slots[i];
		if (e->count)
			s[slot_of(s, n - 1, t->seed, e->hi, e->lo, e->split)] = *e;
	}
	slots_free(t->slots, t->nslots);
	t->slots = s;
	t->nslots = n;
	return 0;
}

size_t dp_digest_table_sort(struct dp_digest_table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nslots; i++)
		if (t->slots[i].count)
			t->slots[n++] = t->slots[i];
	if (n)
		dp_runs_sort(t->slots, n, sizeof(*t->slots), dp_dedup_entry_cmp);
	return n;
}

/* Make room for one more entry: grow, or spill everything as a run. */
static int make_room(struct dp_digest_table *t, const char *dir, struct dp_error *err)
{
	size_t n;

	if (t->nslots && (t->used + 1) * 4 <= t->nslots * 3)
		return DP_OK;
	if (t->nslots < t->max_slots) {
		n = t->nslots ? t->nslots * 2 : (START_SLOTS < t->max_slots ? START_SLOTS
									    : t->max_slots);
		if (rehash(t, n))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		return DP_OK;
	}
	if (!dir)
		return dp_error_set(err, DP_FATAL, "dedup: memory cap reached and no spill directory");
	n = dp_digest_table_sort(t);
	if (dp_runs_spill(&t->runs, dir, t->slots, n, err) != DP_OK)
		return DP_FATAL;
	memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	t->used = 0;
	return DP_OK;
}

void dp_digest_table_prefetch(const struct dp_digest_table *t, uint64_t lo, uint32_t split)
{
	if (t->nslots)
		__builtin_prefetch(&t->slots[home_slot(t->nslots - 1, t->seed, lo, split)], 1);
}

int dp_digest_table_add(struct dp_digest_table *t, const struct dp_dedup_entry *e,
			const char *dir, int *became_first, struct dp_error *err)
{
	struct dp_dedup_entry *s;

	if (make_room(t, dir, err) != DP_OK)
		return DP_FATAL;
	s = &t->slots[slot_of(t->slots, t->nslots - 1, t->seed, e->hi, e->lo, e->split)];
	if (!s->count) {
		*s = *e;
		t->used++;
		if (became_first)
			*became_first = 1;
		return DP_OK;
	}
	if (became_first)
		*became_first = e->seq[0] < s->seq[0];
	dp_dedup_entry_combine(s, e);
	return DP_OK;
}

int dp_digest_table_absorb(struct dp_digest_table *into, struct dp_digest_table *from,
			   const char *dir, struct dp_error *err)
{
	size_t i;

	for (i = 0; i < from->nslots; i++) {
		if (!from->slots[i].count)
			continue;
		if (dp_digest_table_add(into, &from->slots[i], dir, NULL, err) != DP_OK)
			return DP_FATAL;
	}
	slots_free(from->slots, from->nslots);
	from->slots = NULL;
	from->nslots = from->used = 0;
	return dp_runs_take(&into->runs, &from->runs, err);
}

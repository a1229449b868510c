/* catalog.c - seq -> (origin, record index) lookup over the run's members. */
#include "core/catalog.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t first_seq;
	uint64_t records;
	char *origin;
};

struct dp_catalog {
	struct entry *v;
	size_t n, cap;
};

struct dp_catalog *dp_catalog_new(void)
{
	return calloc(1, sizeof(struct dp_catalog));
}

void dp_catalog_free(struct dp_catalog *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		free(c->v[i].origin);
	free(c->v);
	free(c);
}

int dp_catalog_add(struct dp_catalog *c, const char *origin, uint64_t first_seq,
		   uint64_t records)
{
	struct entry *e;

	if (records == 0)
		return 0; /* nothing can point into it */
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct entry *v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	e = &c->v[c->n];
	e->origin = strdup(origin);
	if (!e->origin)
		return -1;
	e->first_seq = first_seq;
	e->records = records;
	c->n++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->first_seq > y->first_seq) - (x->first_seq < y->first_seq);
}

void dp_catalog_seal(struct dp_catalog *c)
{
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
}

const char *dp_catalog_find(const struct dp_catalog *c, uint64_t seq, uint64_t *record_index)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) { /* first entry with first_seq > seq */
		size_t mid = lo + (hi - lo) / 2;
		if (c->v[mid].first_seq <= seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	if (seq - c->v[lo - 1].first_seq >= c->v[lo - 1].records)
		return NULL;
	if (record_index)
		*record_index = seq - c->v[lo - 1].first_seq;
	return c->v[lo - 1].origin;
}

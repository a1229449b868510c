/* dedup_fold.c - fold the dedup scan table (one record per unique text) into the exact and
 * normalized levels: the exact level is the table itself; the normalized level groups its
 * records by normalized digest. */
#include <stdlib.h>
#include <string.h>

#include "analyse/dedup_state.h"

/* Normalized entries of the final fold stay in memory up to this (and a quarter of
 * --dedup-memory); more go to a run file, so the fold never doubles the scan's peak. */
#define FOLD_MEM_MAX ((size_t)16 << 20)

/* Swap each record's key between its exact and its normalized digest. */
static void flip(struct scan_rec *r, size_t n)
{
	size_t k;
	uint64_t t;

	for (k = 0; k < n; k++) {
		t = r[k].x.hi, r[k].x.hi = r[k].nhi, r[k].nhi = t;
		t = r[k].x.lo, r[k].x.lo = r[k].nlo, r[k].nlo = t;
	}
}

/* Where the normalized entries go: a memory array (n at most the record count) or a
 * run file. */
struct norm_out {
	struct dp_dedup_entry *mem;
	size_t n;
	struct dp_runwriter w;
};

static int out_open(struct dedup *d, struct norm_out *o, int final, size_t n,
		    struct dp_error *err)
{
	size_t cap = FOLD_MEM_MAX;

	if (d->cfg->limits.dedup_memory / 4 < cap)
		cap = (size_t)(d->cfg->limits.dedup_memory / 4);
	memset(o, 0, sizeof(*o));
	if ((final && n * sizeof(*o->mem) <= cap) || !d->tmpdir) {
		if (!(o->mem = malloc(n * sizeof(*o->mem))))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		return DP_OK;
	}
	return dp_runwriter_open(&o->w, &d->lv[DP_DEDUP_NORMALIZED].table.runs, d->tmpdir, err);
}

static void out_put(struct norm_out *o, const struct dp_dedup_entry *e)
{
	if (o->mem)
		o->mem[o->n++] = *e;
	else
		dp_runwriter_put(&o->w, e);
}

/* Hand the entries to the level's runs (a file written mid-scan counts as a spill). */
static int out_close(struct dedup *d, struct norm_out *o, int bad, int final,
		     struct dp_error *err)
{
	struct dp_runs *runs = &d->lv[DP_DEDUP_NORMALIZED].table.runs;

	if (!o->mem)
		return dp_runwriter_close(&o->w, runs, !final, bad, err);
	if (bad) {
		free(o->mem);
		return DP_FATAL;
	}
	return dp_runs_adopt_mem(runs, o->mem, o->n, err); /* frees an empty one */
}

/* The normalized level from records sorted by normalized digest (flipped): equal keys
 * combined, texts that normalize to nothing counted as empty. */
static int fold_normalized(struct dedup *d, const struct scan_rec *r, size_t n, int final,
			   struct dp_error *err)
{
	struct level *lv = &d->lv[DP_DEDUP_NORMALIZED];
	struct dp_dedup_entry cur;
	struct norm_out o;
	size_t k;
	int bad = 0, have = 0;

	if (out_open(d, &o, final, n, err) != DP_OK)
		return DP_FATAL;
	for (k = 0; k < n && !bad; k++) {
		const struct dp_dedup_entry *e = &r[k].x;
		if (!e->hi && !e->lo) {
			lv->empty += e->count;
		} else if (have && e->hi == cur.hi && e->lo == cur.lo && e->split == cur.split) {
			bad = dp_dedup_entry_combine(&cur, e, lv->table.drop, lv) != 0;
		} else {
			if (have)
				out_put(&o, &cur);
			cur = *e;
			have = 1;
		}
	}
	if (have && !bad)
		out_put(&o, &cur);
	if (bad && d->err.status == DP_FATAL && err != &d->err) /* never onto itself */
		dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	return out_close(d, &o, bad, final, err);
}

/* Records sorted by exact key, rewritten in place as plain entries (each one moves down,
 * never over a record not yet read). */
static struct dp_dedup_entry *compact(struct scan_rec *r, size_t n)
{
	struct dp_dedup_entry *e = (struct dp_dedup_entry *)(void *)r, t;
	size_t k;

	for (k = 0; k < n; k++) {
		t = r[k].x;
		memcpy(&e[k], &t, sizeof(t));
	}
	return e;
}

int dp_dedup_fold(struct dedup *d, int final, struct dp_error *err)
{
	struct dp_runs *exact = &d->lv[DP_DEDUP_EXACT].table.runs;
	struct scan_rec *r;
	struct dp_dedup_entry *e;
	size_t n = d->scan.n;

	if (n == 0)
		return DP_OK;
	if (!final && !d->tmpdir)
		return dp_error_set(err, DP_FATAL, "dedup: memory cap reached and no spill directory");
	r = final ? dp_digest_table_take(&d->scan, &n) : d->scan.entries;
	flip(r, n);
	dp_runs_sort_keyed(r, n, sizeof(*r), dp_dedup_entry_cmp);
	if (fold_normalized(d, r, n, final, err) != DP_OK) {
		if (final)
			free(r);
		return DP_FATAL;
	}
	flip(r, n);
	dp_runs_sort_keyed(r, n, sizeof(*r), dp_dedup_entry_cmp);
	e = compact(r, n);
	if (!final) {
		int rc = dp_runs_spill(exact, d->tmpdir, e, n, err);
		dp_digest_table_clear(&d->scan);
		return rc;
	}
	e = realloc(e, n * sizeof(*e));
	return dp_runs_adopt_mem(exact, e ? e : (void *)r, n, err);
}

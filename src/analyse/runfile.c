/* runfile.c - spilled sorted runs and their bounded-fan-in k-way merge. */
#include "analyse/runfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"

struct source {
	FILE *f;             /* NULL for the in-memory source */
	char *buf;           /* stdio buffer */
	const char *mem;     /* in-memory records */
	size_t mem_left;
	unsigned char *cur;  /* current record (rec_size bytes) */
};

struct dp_runmerge {
	size_t rec_size;
	dp_runs_cmp_fn cmp;
	struct source *src;
	size_t nsrc;
	size_t *heap;        /* indices of live sources, min-heap by current record */
	size_t nheap;
	unsigned char *cur;  /* nsrc * rec_size bytes of current records */
};

#define ELEM(i) (b + (i) * size)

/* Swap two records; the common sizes get constant-size copies the compiler inlines. */
static void swap_n(unsigned char *x, unsigned char *y, size_t size)
{
	unsigned char t[256];

	memcpy(t, x, size);
	memcpy(x, y, size);
	memcpy(y, t, size);
}

#define SWAP_CASE(N)               \
	case N: {                  \
		unsigned char t[N]; \
		memcpy(t, x, N);    \
		memcpy(x, y, N);    \
		memcpy(y, t, N);    \
		return;             \
	}

static void swap_elems(unsigned char *x, unsigned char *y, size_t size)
{
	switch (size) {
	SWAP_CASE(8)
	SWAP_CASE(16)
	SWAP_CASE(24)
	SWAP_CASE(40)
	SWAP_CASE(64)
	default:
		swap_n(x, y, size);
	}
}

static uint64_t key_at(const unsigned char *p)
{
	uint64_t k;

	memcpy(&k, p, sizeof(k));
	return k;
}

/* What a sort compares. `keyed`: the comparator orders first by the uint64_t at offset 0
 * (unsigned), so that part is compared inline and cmp is called only on ties. */
struct sorter {
	size_t size;
	dp_runs_cmp_fn cmp;
	int keyed;
};

static int scmp(const struct sorter *so, const unsigned char *x, const unsigned char *y)
{
	if (so->keyed) {
		uint64_t kx = key_at(x), ky = key_at(y);
		if (kx != ky)
			return kx < ky ? -1 : 1;
	}
	return so->cmp(x, y);
}

static void insertion_sort(unsigned char *b, size_t n, const struct sorter *so)
{
	const size_t size = so->size;
	size_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && scmp(so, ELEM(j - 1), ELEM(j)) > 0; j--)
			swap_elems(ELEM(j - 1), ELEM(j), so->size);
}

static void sift_down(unsigned char *b, size_t i, size_t n, const struct sorter *so)
{
	const size_t size = so->size;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && scmp(so, ELEM(c), ELEM(c + 1)) < 0)
			c++;
		if (scmp(so, ELEM(i), ELEM(c)) >= 0)
			return;
		swap_elems(ELEM(i), ELEM(c), so->size);
		i = c;
	}
}

static void heap_sort(unsigned char *b, size_t n, const struct sorter *so)
{
	const size_t size = so->size;
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(b, i, n, so);
	for (i = n; i-- > 1;) {
		swap_elems(ELEM(0), ELEM(i), so->size);
		sift_down(b, 0, i, so);
	}
}

/* Hoare partition around the median of three, moved to the front; returns the split. */
static size_t partition(unsigned char *b, size_t n, const struct sorter *so)
{
	const size_t size = so->size;
	size_t m = n / 2, i = 0, j = n;

	if (scmp(so, ELEM(m), ELEM(0)) < 0)
		swap_elems(ELEM(m), ELEM(0), so->size);
	if (scmp(so, ELEM(n - 1), ELEM(m)) < 0) {
		swap_elems(ELEM(n - 1), ELEM(m), so->size);
		if (scmp(so, ELEM(m), ELEM(0)) < 0)
			swap_elems(ELEM(m), ELEM(0), so->size);
	}
	swap_elems(ELEM(0), ELEM(m), so->size); /* pivot at 0 */
	for (;;) {
		do
			i++;
		while (i < n && scmp(so, ELEM(i), ELEM(0)) < 0);
		do
			j--;
		while (scmp(so, ELEM(j), ELEM(0)) > 0);
		if (i >= j)
			break;
		swap_elems(ELEM(i), ELEM(j), so->size);
	}
	swap_elems(ELEM(0), ELEM(j), so->size);
	return j;
}

static void intro_sort(unsigned char *b, size_t n, const struct sorter *so,
		       unsigned depth)
{
	const size_t size = so->size;
	while (n > 16) {
		size_t p;
		if (depth-- == 0) {
			heap_sort(b, n, so);
			return;
		}
		p = partition(b, n, so);
		if (p < n - p - 1) { /* recurse on the smaller side: stack depth O(log n) */
			intro_sort(b, p, so, depth);
			b = ELEM(p + 1);
			n = n - p - 1;
		} else {
			intro_sort(ELEM(p + 1), n - p - 1, so, depth);
			n = p;
		}
	}
	insertion_sort(b, n, so);
}

static void sort_with(void *base, size_t n, const struct sorter *so)
{
	unsigned depth = 0;
	size_t k;

	for (k = n; k > 1; k >>= 1)
		depth += 2;
	intro_sort(base, n, so, depth);
}

void dp_runs_sort(void *base, size_t n, size_t size, dp_runs_cmp_fn cmp)
{
	struct sorter so = { size, cmp, 0 };

	sort_with(base, n, &so);
}

/* Permute records into their buckets in place (American flag sort, one pass). */
static void bucket_pass(unsigned char *b, size_t size, unsigned shift, const size_t *end,
			size_t *next, size_t nb)
{
	size_t k;

	for (k = 0; k < nb; k++) {
		while (next[k] < end[k]) {
			size_t d = (size_t)(key_at(ELEM(next[k])) >> shift) & (nb - 1);
			if (d == k)
				next[k]++;
			else
				swap_elems(ELEM(next[k]), ELEM(next[d]++), size);
		}
	}
}

#define RADIX_BITS 8
#define RADIX_BUCKETS (1u << RADIX_BITS)
#define RADIX_SMALL 48 /* buckets this small are finished by insertion sort */

/* MSD radix sort on the key's bits below `shift + RADIX_BITS`, one in-place bucket pass
 * per byte; buckets that run out of key bits (equal keys) are ordered by the comparator.
 * Hash keys are uniform, so three passes leave buckets of a few records for n in the
 * millions: linear, where a comparison sort moves each record log2(n) times. */
static void radix_sort(unsigned char *b, size_t n, const struct sorter *so, int shift)
{
	const size_t size = so->size;
	size_t end[RADIX_BUCKETS], next[RADIX_BUCKETS], i, sum = 0;

	if (n <= RADIX_SMALL) {
		insertion_sort(b, n, so);
		return;
	}
	if (shift < 0) {
		sort_with(b, n, so);
		return;
	}
	memset(end, 0, sizeof(end));
	for (i = 0; i < n; i++)
		end[(key_at(ELEM(i)) >> shift) & (RADIX_BUCKETS - 1)]++;
	for (i = 0; i < RADIX_BUCKETS; i++) {
		next[i] = sum;
		sum += end[i];
		end[i] = sum;
	}
	bucket_pass(b, size, (unsigned)shift, end, next, RADIX_BUCKETS);
	for (i = 0; i < RADIX_BUCKETS; i++) {
		size_t start = i ? end[i - 1] : 0;
		radix_sort(ELEM(start), end[i] - start, so, shift - RADIX_BITS);
	}
}

void dp_runs_sort_keyed(void *base, size_t n, size_t size, dp_runs_cmp_fn cmp)
{
	struct sorter so = { size, cmp, 1 };

	radix_sort(base, n, &so, 64 - RADIX_BITS);
}

void dp_runs_init(struct dp_runs *rs, size_t rec_size, dp_runs_cmp_fn cmp)
{
	memset(rs, 0, sizeof(*rs));
	rs->rec_size = rec_size;
	rs->cmp = cmp;
}

void dp_runs_release(struct dp_runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		unlink(rs->paths[i]);
		free(rs->paths[i]);
	}
	free(rs->paths);
	rs->paths = NULL;
	rs->n = rs->cap = 0;
	for (i = 0; i < rs->nmem; i++)
		free(rs->mem[i].recs);
	free(rs->mem);
	rs->mem = NULL;
	rs->nmem = rs->mem_cap = 0;
}

static int push_path(struct dp_runs *rs, char *path)
{
	if (dp_array_grow((void **)&rs->paths, &rs->cap, rs->n + 1, sizeof(*rs->paths)))
		return -1;
	rs->paths[rs->n++] = path;
	return 0;
}

FILE *dp_runs_create(const char *dir, char **path, struct dp_error *err)
{
	size_t len = strlen(dir) + 32;
	char *p = malloc(len);
	FILE *f = NULL;
	int fd;

	*path = NULL;
	if (!p) {
		dp_error_set(err, DP_FATAL, "dedup: out of memory");
		return NULL;
	}
	snprintf(p, len, "%s/dp-dedup-XXXXXX", dir);
	fd = mkstemp(p);
	if (fd >= 0)
		f = fdopen(fd, "wb");
	if (!f) {
		dp_error_set(err, DP_FATAL, "dedup: cannot create a spill file in %s: %s", dir,
			     strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(p);
		}
		free(p);
		return NULL;
	}
	*path = p;
	return f;
}

/* Close a run being written; on failure remove it. DP_OK or DP_FATAL. */
static int finish_run(FILE *f, char *path, int write_failed, struct dp_error *err)
{
	int e = write_failed ? errno : 0;

	if (fclose(f) != 0 && !write_failed) {
		write_failed = 1;
		e = errno;
	}
	if (!write_failed)
		return DP_OK;
	unlink(path);
	dp_error_set(err, DP_FATAL, "dedup: cannot write spill file %s: %s", path, strerror(e));
	free(path);
	return DP_FATAL;
}

int dp_runs_spill(struct dp_runs *rs, const char *dir, void *recs, size_t n,
		  struct dp_error *err)
{
	char *path;
	FILE *f;
	int bad;

	if (n == 0)
		return DP_OK;
	if (rs->keyed)
		dp_runs_sort_keyed(recs, n, rs->rec_size, rs->cmp);
	else
		dp_runs_sort(recs, n, rs->rec_size, rs->cmp);
	f = dp_runs_create(dir, &path, err);
	if (!f)
		return DP_FATAL;
	bad = fwrite(recs, rs->rec_size, n, f) != n;
	if (finish_run(f, path, bad, err) != DP_OK)
		return DP_FATAL;
	if (push_path(rs, path)) {
		unlink(path);
		free(path);
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	}
	rs->spilled++;
	rs->bytes += (uint64_t)n * rs->rec_size;
	return DP_OK;
}

int dp_runwriter_open(struct dp_runwriter *w, const struct dp_runs *rs, const char *dir,
		      struct dp_error *err)
{
	memset(w, 0, sizeof(*w));
	w->rec_size = rs->rec_size;
	if (!(w->f = dp_runs_create(dir, &w->path, err)))
		return DP_FATAL;
	setvbuf(w->f, NULL, _IOFBF, DP_RUNS_BUFSIZE);
	return DP_OK;
}

void dp_runwriter_put(struct dp_runwriter *w, const void *rec)
{
	if (!w->failed && fwrite(rec, w->rec_size, 1, w->f) != 1)
		w->failed = 1;
	w->n++;
}

int dp_runwriter_close(struct dp_runwriter *w, struct dp_runs *rs, int spill, int abandon,
		       struct dp_error *err)
{
	if (abandon || w->n == 0) {
		fclose(w->f);
		unlink(w->path);
		free(w->path);
		return abandon ? DP_FATAL : DP_OK;
	}
	if (finish_run(w->f, w->path, w->failed, err) != DP_OK)
		return DP_FATAL;
	if (dp_runs_adopt(rs, w->path, err) != DP_OK)
		return DP_FATAL;
	if (spill) {
		rs->spilled++;
		rs->bytes += w->n * w->rec_size;
	}
	return DP_OK;
}

int dp_runs_adopt(struct dp_runs *rs, char *path, struct dp_error *err)
{
	if (push_path(rs, path) == 0)
		return DP_OK;
	unlink(path);
	free(path);
	return dp_error_set(err, DP_FATAL, "dedup: out of memory");
}

int dp_runs_adopt_mem(struct dp_runs *rs, void *recs, size_t n, struct dp_error *err)
{
	if (n == 0) {
		free(recs);
		return DP_OK;
	}
	if (dp_array_grow((void **)&rs->mem, &rs->mem_cap, rs->nmem + 1, sizeof(*rs->mem))) {
		free(recs);
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	}
	rs->mem[rs->nmem++] = (struct dp_memrun){ recs, n };
	return DP_OK;
}

int dp_runs_take(struct dp_runs *into, struct dp_runs *from, struct dp_error *err)
{
	while (from->n > 0) {
		if (push_path(into, from->paths[from->n - 1]))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		from->n--;
	}
	while (from->nmem > 0) {
		struct dp_memrun r = from->mem[--from->nmem];
		if (dp_runs_adopt_mem(into, r.recs, r.n, err) != DP_OK)
			return DP_FATAL;
	}
	into->spilled += from->spilled;
	into->bytes += from->bytes;
	return DP_OK;
}

/* Load the next record of source i into its slot; 1 when there was one. */
static int source_advance(struct dp_runmerge *m, size_t i, int *failed)
{
	struct source *s = &m->src[i];

	if (!s->f) {
		if (s->mem_left == 0)
			return 0;
		memcpy(s->cur, s->mem, m->rec_size);
		s->mem += m->rec_size;
		s->mem_left--;
		return 1;
	}
	if (fread(s->cur, m->rec_size, 1, s->f) == 1)
		return 1;
	if (ferror(s->f))
		*failed = 1;
	return 0;
}

static int heap_less(const struct dp_runmerge *m, size_t a, size_t b)
{
	int c = m->cmp(m->src[a].cur, m->src[b].cur);

	return c < 0 || (c == 0 && a < b);
}

static void heap_down(struct dp_runmerge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i, t;
		if (l < m->nheap && heap_less(m, m->heap[l], m->heap[best]))
			best = l;
		if (r < m->nheap && heap_less(m, m->heap[r], m->heap[best]))
			best = r;
		if (best == i)
			return;
		t = m->heap[i];
		m->heap[i] = m->heap[best];
		m->heap[best] = t;
		i = best;
	}
}

void dp_runmerge_close(struct dp_runmerge *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nsrc; i++) {
		if (m->src[i].f)
			fclose(m->src[i].f);
		free(m->src[i].buf);
	}
	free(m->src);
	free(m->heap);
	free(m->cur);
	free(m);
}

static int open_source(struct dp_runmerge *m, size_t i, const char *path)
{
	struct source *s = &m->src[i];

	s->f = fopen(path, "rb");
	s->buf = malloc(DP_RUNS_BUFSIZE);
	if (!s->f || !s->buf)
		return -1;
	setvbuf(s->f, s->buf, _IOFBF, DP_RUNS_BUFSIZE);
	return 0;
}

/* A merge over paths[0..k), the memory runs mr[0..nmr) and the optional memory array. */
static struct dp_runmerge *merge_new(size_t rec_size, dp_runs_cmp_fn cmp, char **paths,
				     size_t k, const struct dp_memrun *mr, size_t nmr,
				     const void *mem, size_t nmem, int *failed)
{
	struct dp_runmerge *m = calloc(1, sizeof(*m));
	size_t i, nsrc = k + nmr + (mem && nmem ? 1 : 0);

	if (!m)
		return NULL;
	m->rec_size = rec_size;
	m->cmp = cmp;
	m->nsrc = nsrc;
	m->src = calloc(nsrc + 1, sizeof(*m->src));
	m->heap = calloc(nsrc + 1, sizeof(*m->heap));
	m->cur = malloc((nsrc + 1) * rec_size);
	if (!m->src || !m->heap || !m->cur)
		goto fail;
	for (i = 0; i < nsrc; i++) {
		m->src[i].cur = m->cur + i * rec_size;
		if (i < k && open_source(m, i, paths[i]))
			goto fail;
	}
	for (i = 0; i < nmr; i++) {
		m->src[k + i].mem = mr[i].recs;
		m->src[k + i].mem_left = mr[i].n;
	}
	if (nsrc > k + nmr) {
		m->src[k + nmr].mem = mem;
		m->src[k + nmr].mem_left = nmem;
	}
	for (i = 0; i < nsrc; i++)
		if (source_advance(m, i, failed))
			m->heap[m->nheap++] = i;
	for (i = m->nheap; i-- > 0;)
		heap_down(m, i);
	return m;
fail:
	dp_runmerge_close(m);
	return NULL;
}

int dp_runmerge_next(struct dp_runmerge *m, void *rec, struct dp_error *err)
{
	size_t top;
	int failed = 0;

	if (m->nheap == 0)
		return DP_DONE;
	top = m->heap[0];
	memcpy(rec, m->src[top].cur, m->rec_size);
	if (!source_advance(m, top, &failed))
		m->heap[0] = m->heap[--m->nheap];
	if (failed)
		return dp_error_set(err, DP_FATAL, "dedup: cannot read a spill file: %s",
				    strerror(errno));
	heap_down(m, 0);
	return DP_OK;
}

/* Merge runs [0, k) of rs into one new run that replaces them. */
static int merge_group(struct dp_runs *rs, const char *dir, size_t k, struct dp_error *err)
{
	unsigned char rec[256];
	int failed = 0, rc;
	size_t i;
	struct dp_runmerge *m = merge_new(rs->rec_size, rs->cmp, rs->paths, k, NULL, 0, NULL, 0,
					  &failed);
	struct dp_runwriter w;

	if (!m || failed) {
		dp_runmerge_close(m);
		return dp_error_set(err, DP_FATAL, "dedup: cannot reopen spill files in %s", dir);
	}
	if (dp_runwriter_open(&w, rs, dir, err) != DP_OK) {
		dp_runmerge_close(m);
		return DP_FATAL;
	}
	while ((rc = dp_runmerge_next(m, rec, err)) == DP_OK)
		dp_runwriter_put(&w, rec);
	dp_runmerge_close(m);
	if (dp_runwriter_close(&w, rs, 0, rc == DP_FATAL, err) != DP_OK)
		return DP_FATAL;
	for (i = 0; i < k; i++) { /* the merged run was added after the others */
		unlink(rs->paths[i]);
		free(rs->paths[i]);
	}
	memmove(rs->paths, rs->paths + k, (rs->n - k) * sizeof(*rs->paths));
	rs->n -= k;
	return DP_OK;
}

int dp_runmerge_open(struct dp_runmerge **out, struct dp_runs *rs, const char *dir,
		     const void *mem, size_t nmem, struct dp_error *err)
{
	int failed = 0;

	*out = NULL;
	if (rs->rec_size > 256)
		return dp_error_set(err, DP_FATAL, "dedup: run record too large");
	while (rs->n > DP_RUNS_FANIN - 1)
		if (merge_group(rs, dir, DP_RUNS_FANIN, err) != DP_OK)
			return DP_FATAL;
	*out = merge_new(rs->rec_size, rs->cmp, rs->paths, rs->n, rs->mem, rs->nmem, mem, nmem,
			 &failed);
	if (!*out || failed) {
		dp_runmerge_close(*out);
		*out = NULL;
		return dp_error_set(err, DP_FATAL, "dedup: cannot open spill files in %s: %s",
				    dir ? dir : "(none)", strerror(errno));
	}
	return DP_OK;
}

/* test_dedup_table.c - the dedup digest table, its spill runs and the k-way run merge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyse/digest_table.h"
#include "analyse/runfile.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dp-test-table-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir); /* fails if a run file was left behind */
}

static void test_combine(void **state)
{
	struct dp_dedup_entry a, b, c;

	(void)state;
	dp_dedup_entry_single(&a, 1, 2, 0, 50, 10);
	dp_dedup_entry_single(&b, 1, 2, 0, 20, 12);
	dp_dedup_entry_single(&c, 1, 2, 0, 70, 10);
	dp_dedup_entry_combine(&a, &b, NULL, NULL);
	assert_true(a.seq[0] == 20 && a.seq[1] == 50 && a.seq[2] == DP_SEQ_NONE);
	assert_true(a.count == 2 && a.bytes == 22 && a.first_len == 12);
	dp_dedup_entry_combine(&c, &a, NULL, NULL); /* the other way round gives the same */
	assert_true(c.seq[0] == 20 && c.seq[1] == 50 && c.seq[2] == 70);
	assert_true(c.count == 3 && c.bytes == 32 && c.first_len == 12);
	dp_dedup_entry_single(&b, 1, 2, 0, 5, 1);
	dp_dedup_entry_combine(&c, &b, NULL, NULL);
	assert_true(c.seq[0] == 5 && c.seq[1] == 20 && c.seq[2] == 50 && c.first_len == 1);
}

struct dropped {
	uint64_t seq[8];
	size_t n;
};

static int record_drop(void *ctx, const struct dp_dedup_entry *into, uint64_t seq)
{
	struct dropped *d = ctx;

	assert_true(into->hi == 1 && into->lo == 2);
	if (d->n == 8)
		return -1;
	d->seq[d->n++] = seq;
	return 0;
}

/* Every seq a combine leaves out reaches the drop hook (the findings log), and only those:
 * the kept three and the dropped ones together are all occurrences. */
static void test_combine_drops(void **state)
{
	struct dp_dedup_entry a, b;
	struct dropped d = { { 0 }, 0 };
	uint64_t s;

	(void)state;
	dp_dedup_entry_single(&a, 1, 2, 0, 40, 1);
	for (s = 10; s <= 30; s += 10) { /* 40, then 10, 20, 30: 40 falls out at the third */
		dp_dedup_entry_single(&b, 1, 2, 0, s, 1);
		assert_int_equal(dp_dedup_entry_combine(&a, &b, record_drop, &d), 0);
	}
	assert_true(a.seq[0] == 10 && a.seq[1] == 20 && a.seq[2] == 30 && a.count == 4);
	assert_true(d.n == 1 && d.seq[0] == 40);
	b = a; /* two full triples: the larger three of the six are dropped */
	b.seq[0] = 5;
	b.seq[1] = 25;
	b.seq[2] = 50;
	assert_int_equal(dp_dedup_entry_combine(&a, &b, record_drop, &d), 0);
	assert_true(a.seq[0] == 5 && a.seq[1] == 10 && a.seq[2] == 20 && a.count == 8);
	assert_true(d.n == 4 && d.seq[1] == 25 && d.seq[2] == 30 && d.seq[3] == 50);
	d.n = 8; /* a failing hook stops the combine with its status */
	dp_dedup_entry_single(&b, 1, 2, 0, 99, 1);
	assert_int_equal(dp_dedup_entry_combine(&a, &b, record_drop, &d), -1);
}

/* Digest i % distinct, seq = a permutation of 0..n so arrival order != seq order. */
static void fill(struct dp_digest_table *t, size_t n, size_t distinct, int *firsts)
{
	struct dp_error err;
	size_t i;

	*firsts = 0;
	for (i = 0; i < n; i++) {
		struct dp_dedup_entry e;
		uint64_t d = (uint64_t)(i % distinct);
		int first = 0;
		dp_dedup_entry_single(&e, d * 0x9e3779b97f4a7c15ULL, d, 0, (i * 7919) % n, 3);
		assert_int_equal(dp_digest_table_add(t, &e, tmpdir, &first, &err), DP_OK);
		*firsts += first;
	}
}

struct totals {
	uint64_t keys, count, min_seq_sum;
};

static struct totals drain(struct dp_digest_table *t)
{
	struct totals tt = { 0, 0, 0 };
	struct dp_runmerge *m;
	struct dp_dedup_entry e, cur;
	struct dp_error err;
	size_t n = dp_digest_table_sort(t);
	int rc;

	memset(&cur, 0, sizeof(cur));
	assert_int_equal(dp_runmerge_open(&m, &t->runs, tmpdir, t->entries, n, &err), DP_OK);
	while ((rc = dp_runmerge_next(m, &e, &err)) == DP_OK) {
		if (cur.count && dp_dedup_entry_cmp(&cur, &e) > 0)
			fail_msg("merge out of order");
		if (cur.count && cur.hi == e.hi && cur.lo == e.lo) {
			dp_dedup_entry_combine(&cur, &e, NULL, NULL);
			continue;
		}
		if (cur.count) {
			tt.keys++;
			tt.count += cur.count;
			tt.min_seq_sum += cur.seq[0];
		}
		cur = e;
	}
	assert_int_equal(rc, DP_DONE);
	if (cur.count) {
		tt.keys++;
		tt.count += cur.count;
		tt.min_seq_sum += cur.seq[0];
	}
	dp_runmerge_close(m);
	return tt;
}

static void test_spill_matches_memory(void **state)
{
	struct dp_digest_table big, tiny;
	struct totals a, b;
	int fa, fb;

	(void)state;
	dp_digest_table_init(&big, 1 << 20, NULL, NULL);
	dp_digest_table_init(&tiny, 64, NULL, NULL); /* spills every 64 keys */
	fill(&big, 20000, 3000, &fa);
	fill(&tiny, 20000, 3000, &fb);
	assert_int_equal(big.runs.n, 0);
	assert_true(tiny.runs.spilled > 40); /* more than the fan-in: a multi-pass merge */
	a = drain(&big);
	b = drain(&tiny);
	assert_true(a.keys == 3000 && b.keys == 3000);
	assert_true(a.count == 20000 && b.count == 20000);
	assert_true(a.min_seq_sum == b.min_seq_sum);
	assert_true(fa >= 3000);
	dp_digest_table_release(&big);
	dp_digest_table_release(&tiny);
}

/* Sorting (as save and finish do) keeps the table usable for more adds. */
static void test_add_after_sort(void **state)
{
	struct dp_digest_table a, b;
	struct totals ta, tb;
	int f;

	(void)state;
	dp_digest_table_init(&a, 1 << 16, NULL, NULL);
	dp_digest_table_init(&b, 1 << 16, NULL, NULL);
	fill(&a, 4000, 500, &f);
	dp_digest_table_sort(&a);
	fill(&a, 4000, 500, &f);
	fill(&b, 4000, 500, &f);
	fill(&b, 4000, 500, &f);
	ta = drain(&a);
	tb = drain(&b);
	assert_true(ta.keys == 500 && tb.keys == 500);
	assert_true(ta.count == 8000 && tb.count == 8000);
	assert_true(ta.min_seq_sum == tb.min_seq_sum);
	dp_digest_table_release(&a);
	dp_digest_table_release(&b);
}

static void test_absorb(void **state)
{
	struct dp_digest_table a, b, c;
	struct dp_error err;
	struct totals ta, tc;
	int f;

	(void)state;
	dp_digest_table_init(&a, 64, NULL, NULL);
	dp_digest_table_init(&b, 256, NULL, NULL);
	dp_digest_table_init(&c, 1 << 16, NULL, NULL);
	fill(&a, 5000, 700, &f);
	fill(&b, 5000, 900, &f);
	fill(&c, 5000, 700, &f);
	fill(&c, 5000, 900, &f);
	assert_int_equal(dp_digest_table_absorb(&a, &b, &err), DP_OK);
	assert_int_equal(dp_digest_table_size(&b), 0);
	assert_int_equal(b.runs.n, 0);
	ta = drain(&a);
	tc = drain(&c);
	assert_true(ta.keys == 900 && tc.keys == 900);
	assert_true(ta.count == 10000 && tc.count == 10000);
	assert_true(ta.min_seq_sum == tc.min_seq_sum);
	dp_digest_table_release(&a);
	dp_digest_table_release(&b);
	dp_digest_table_release(&c);
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void test_runs_many(void **state)
{
	struct dp_runs rs;
	struct dp_runmerge *m;
	struct dp_error err;
	uint64_t v[10], prev = 0, x, mem[3] = { 5, 500, 5000 };
	size_t r, i, got = 0;

	(void)state;
	dp_runs_init(&rs, sizeof(uint64_t), u64_cmp);
	for (r = 0; r < 100; r++) {
		for (i = 0; i < 10; i++)
			v[i] = (r * 7 + i * 131) % 1009;
		assert_int_equal(dp_runs_spill(&rs, tmpdir, v, 10, &err), DP_OK);
	}
	assert_int_equal(dp_runmerge_open(&m, &rs, tmpdir, mem, 3, &err), DP_OK);
	assert_true(rs.n < DP_RUNS_FANIN);
	while (dp_runmerge_next(m, &x, &err) == DP_OK) {
		assert_true(x >= prev);
		prev = x;
		got++;
	}
	assert_int_equal(got, 1003);
	dp_runmerge_close(m);
	dp_runs_release(&rs);
}

/* The in-place sort agrees with qsort, duplicates and adversarial orders included. */
static void test_sort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 17, 100, 1000, 5000, 50000, 1200000 };
	uint64_t *a = malloc(1200000 * sizeof(*a)), *b = malloc(1200000 * sizeof(*b));
	unsigned seed = 3;
	size_t s, i;
	int pattern;

	(void)state;
	for (pattern = 0; pattern < 4; pattern++) {
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			size_t n = sizes[s];
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				a[i] = pattern == 0 ? seed : pattern == 1 ? i : pattern == 2 ? n - i
										 : seed % 3;
				b[i] = a[i];
			}
			dp_runs_sort(a, n, sizeof(*a), u64_cmp);
			qsort(b, n, sizeof(*b), u64_cmp);
			if (n)
				assert_memory_equal(a, b, n * sizeof(*a));
			for (i = 0; i < n; i++) /* spread over the top bits for the bucket pass */
				a[i] = (b[(i * 7919) % n] * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)(pattern == 3);
			memcpy(b, a, n * sizeof(*a));
			dp_runs_sort_keyed(a, n, sizeof(*a), u64_cmp);
			qsort(b, n, sizeof(*b), u64_cmp);
			if (n)
				assert_memory_equal(a, b, n * sizeof(*a));
		}
	}
	free(a);
	free(b);
}

struct rec3 {
	uint64_t key, tie, payload;
};

static int rec3_cmp(const void *a, const void *b)
{
	const struct rec3 *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->tie > y->tie) - (x->tie < y->tie);
}

/* The radix sort on 24-byte records: small keys (all in the lowest byte: every pass but
 * the last puts them in one bucket), many equal keys ordered by the comparator, and
 * uniform keys, against qsort. */
static void test_sort_keyed_records(void **state)
{
	const size_t n = 300000;
	struct rec3 *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	unsigned seed = 7;
	size_t i;
	int pattern;

	(void)state;
	for (pattern = 0; pattern < 3; pattern++) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i].key = pattern == 0 ? seed % 200 : pattern == 1 ? seed % 7 :
				   (uint64_t)seed << 32 | (seed * 2654435761u);
			a[i].tie = (uint64_t)(seed >> 8) ^ i;
			a[i].payload = i;
		}
		memcpy(b, a, n * sizeof(*a));
		dp_runs_sort_keyed(a, n, sizeof(*a), rec3_cmp);
		qsort(b, n, sizeof(*b), rec3_cmp);
		for (i = 0; i < n; i++) /* equal (key, tie) pairs may differ only in payload */
			assert_int_equal(rec3_cmp(&a[i], &b[i]), 0);
	}
	free(a);
	free(b);
}

/* A wide table keeps each record's payload as inserted (combines touch only the entry),
 * says when it is full instead of spilling, and hands its records over or forgets them. */
struct wide_rec {
	struct dp_dedup_entry x;
	uint64_t payload;
};

static void test_wide_table(void **state)
{
	struct dp_digest_table t;
	struct dp_error err;
	struct wide_rec r, *got;
	size_t n, k;
	int first = 0;

	(void)state;
	dp_error_clear(&err);
	dp_digest_table_init_wide(&t, 64, sizeof(struct wide_rec), NULL, NULL);
	for (k = 0; k < 64; k++) {
		dp_dedup_entry_single(&r.x, k * 7919 + 1, k, 0, 100 + k, 10);
		r.payload = 1000 + k;
		assert_false(dp_digest_table_full(&t));
		assert_int_equal(dp_digest_table_add(&t, &r.x, NULL, &first, &err), DP_OK);
		assert_true(first);
	}
	assert_true(dp_digest_table_full(&t));
	dp_dedup_entry_single(&r.x, 3 * 7919 + 1, 3, 0, 5, 10); /* an earlier copy of key 3 */
	r.payload = 0;
	assert_int_equal(dp_digest_table_add(&t, &r.x, NULL, &first, &err), DP_OK);
	assert_true(first);
	dp_dedup_entry_single(&r.x, 99, 99, 0, 1, 10); /* a new key: full, and no spilling */
	assert_int_equal(dp_digest_table_add(&t, &r.x, "/nonexistent", &first, &err), DP_FATAL);
	got = dp_digest_table_take(&t, &n);
	assert_int_equal(n, 64);
	for (k = 0; k < n; k++) {
		assert_int_equal(got[k].payload, 1000 + got[k].x.lo);
		assert_int_equal(got[k].x.count, got[k].x.lo == 3 ? 2 : 1);
	}
	assert_int_equal(got[3].x.seq[0], 5);
	assert_int_equal(got[3].x.seq[1], 103);
	free(got);
	assert_int_equal(dp_digest_table_size(&t), 0);
	dp_dedup_entry_single(&r.x, 1, 2, 0, 1, 10);
	assert_int_equal(dp_digest_table_add(&t, &r.x, NULL, &first, &err), DP_OK);
	dp_digest_table_clear(&t);
	assert_int_equal(dp_digest_table_size(&t), 0);
	assert_int_equal(dp_digest_table_add(&t, &r.x, NULL, &first, &err), DP_OK);
	assert_true(first); /* forgotten, so new again */
	dp_digest_table_release(&t);
}

static void test_unwritable_dir(void **state)
{
	struct dp_runs rs;
	struct dp_error err;
	uint64_t v[2] = { 2, 1 };

	(void)state;
	dp_runs_init(&rs, sizeof(uint64_t), u64_cmp);
	assert_int_equal(dp_runs_spill(&rs, "/nonexistent/dir", v, 2, &err), DP_FATAL);
	assert_non_null(strstr(err.msg, "/nonexistent/dir"));
	dp_runs_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combine),
		cmocka_unit_test(test_combine_drops),
		cmocka_unit_test(test_spill_matches_memory),
		cmocka_unit_test(test_add_after_sort),
		cmocka_unit_test(test_absorb),
		cmocka_unit_test(test_runs_many),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_keyed_records),
		cmocka_unit_test(test_unwritable_dir),
		cmocka_unit_test(test_wide_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

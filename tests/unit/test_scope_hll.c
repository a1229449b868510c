/* test_scope_hll.c - HyperLogLog accuracy and exact merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/hll.h"

static void add_range(struct dp_hll *h, unsigned lo, unsigned hi)
{
	char buf[32];
	unsigned i;

	for (i = lo; i < hi; i++) {
		int n = snprintf(buf, sizeof(buf), "value-%u", i);
		dp_hll_add(h, buf, (size_t)n);
	}
}

static void test_empty_and_small(void **st)
{
	struct dp_hll h;

	(void)st;
	dp_hll_init(&h);
	assert_int_equal(dp_hll_estimate(&h), 0);
	add_range(&h, 0, 10);
	add_range(&h, 0, 10); /* duplicates do not count */
	/* Linear counting: a register collision among 10 values may cost one. */
	assert_in_range(dp_hll_estimate(&h), 9, 10);
}

static void test_accuracy(void **st)
{
	static const unsigned sizes[] = { 1000, 20000, 300000 };
	struct dp_hll h;
	double est, rel;
	size_t i;

	(void)st;
	for (i = 0; i < 3; i++) {
		dp_hll_init(&h);
		add_range(&h, 0, sizes[i]);
		est = (double)dp_hll_estimate(&h);
		rel = (est - sizes[i]) / sizes[i];
		/* 3 standard errors */
		assert_true(rel < 3 * DP_HLL_STDERR && rel > -3 * DP_HLL_STDERR);
	}
}

static void test_merge_equals_whole(void **st)
{
	struct dp_hll a, b, whole;

	(void)st;
	dp_hll_init(&a);
	dp_hll_init(&b);
	dp_hll_init(&whole);
	add_range(&a, 0, 60000);
	add_range(&b, 40000, 100000); /* overlapping halves */
	add_range(&whole, 0, 100000);
	dp_hll_merge(&a, &b);
	assert_memory_equal(a.reg, whole.reg, sizeof(a.reg));
	assert_int_equal(dp_hll_estimate(&a), dp_hll_estimate(&whole));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_small),
		cmocka_unit_test(test_accuracy),
		cmocka_unit_test(test_merge_equals_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

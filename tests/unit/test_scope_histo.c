/* test_scope_histo.c - length histogram quantiles, exact totals and exact merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/histo.h"

static void test_small_values_exact(void **st)
{
	struct dp_histo *h = malloc(sizeof(*h));
	uint64_t v;

	(void)st;
	dp_histo_init(h);
	assert_int_equal(dp_histo_quantile(h, 0.5), 0);
	for (v = 1; v <= 10; v++)
		dp_histo_add(h, v);
	assert_int_equal(h->count, 10);
	assert_int_equal(h->sum, 55);
	assert_int_equal(h->min, 1);
	assert_int_equal(h->max, 10);
	assert_int_equal(dp_histo_quantile(h, 0.5), 5);  /* nearest rank: 5th of 10 */
	assert_int_equal(dp_histo_quantile(h, 0.9), 9);
	assert_int_equal(dp_histo_quantile(h, 0.99), 10);
	assert_true(fabs(dp_histo_mean(h) - 5.5) < 1e-9);
	free(h);
}

static void test_relative_error(void **st)
{
	struct dp_histo *h = malloc(sizeof(*h));
	static const double qs[] = { 0.5, 0.9, 0.99 };
	uint64_t v, want, got;
	size_t i;

	(void)st;
	dp_histo_init(h);
	for (v = 1; v <= 100000; v++)
		dp_histo_add(h, v * 7);
	for (i = 0; i < 3; i++) {
		want = (uint64_t)ceil(qs[i] * 100000) * 7;
		got = dp_histo_quantile(h, qs[i]);
		assert_true(fabs((double)got - (double)want) <= DP_HISTO_REL_ERROR * (double)want);
	}
	assert_int_equal(dp_histo_quantile(h, 1.0), 700000);
	assert_int_equal(h->max, 700000);
	free(h);
}

static void test_merge_equals_whole(void **st)
{
	struct dp_histo *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)), *w = malloc(sizeof(*w));
	uint64_t v;

	(void)st;
	dp_histo_init(a);
	dp_histo_init(b);
	dp_histo_init(w);
	for (v = 0; v < 5000; v++) {
		uint64_t x = (v * 2654435761u) % 100003;
		dp_histo_add(v % 2 ? a : b, x);
		dp_histo_add(w, x);
	}
	dp_histo_merge(a, b);
	assert_memory_equal(a, w, sizeof(*a));
	free(a);
	free(b);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_values_exact),
		cmocka_unit_test(test_relative_error),
		cmocka_unit_test(test_merge_equals_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

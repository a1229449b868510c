/* test_prefilter.c - candidate finding: '@', digit clusters, hex-colon runs, keywords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/prefilter.h"

struct got {
	struct dp_candidate c[64];
	size_t n;
};

static void collect(void *ctx, const struct dp_candidate *c)
{
	struct got *g = ctx;

	if (g->n < 64)
		g->c[g->n++] = *c;
}

static struct got scan(const struct dp_prefilter *pf, const char *text)
{
	struct got g;

	memset(&g, 0, sizeof(g));
	dp_prefilter_scan(pf, text, strlen(text), collect, &g);
	return g;
}

static void test_at_and_digits(void **state)
{
	struct dp_prefilter *pf = dp_prefilter_new(1u << DP_CAND_AT | 1u << DP_CAND_DIGITS);
	struct got g;

	(void)state;
	assert_non_null(pf);
	g = scan(pf, "mail a@b.c or call (555) 201-7788 in 2024");
	assert_int_equal(g.n, 3);
	assert_int_equal(g.c[0].kind, DP_CAND_AT);
	assert_int_equal(g.c[0].start, 5);         /* the non-blank run before '@': "a" */
	assert_int_equal(g.c[0].end, 7);
	assert_int_equal(g.c[1].kind, DP_CAND_DIGITS);
	assert_int_equal(g.c[1].digits, 10);       /* "555) 201-7788": separators joined */
	assert_int_equal(g.c[1].start, 20);
	assert_int_equal(g.c[1].end, 33);
	assert_int_equal(g.c[1].seps, DP_SEP_SPACE | DP_SEP_DASH | DP_SEP_PAREN);
	assert_int_equal(g.c[2].digits, 4);
	g = scan(pf, "1,234 and 12   34");           /* ',' and 3 spaces split clusters */
	assert_int_equal(g.n, 4);
	g = scan(pf, "no candidates here");
	assert_int_equal(g.n, 0);
	g = scan(pf, "+44 20 7946 0958, 0044 20 and GB82 1234");
	assert_int_equal(g.n, 3);
	assert_true(g.c[0].seps & DP_LEAD_PLUS);
	assert_true(g.c[1].seps & DP_LEAD_00);
	assert_true(g.c[2].seps & DP_LEAD_LETTER);     /* "82 1234" follows the letter B */
	assert_false(g.c[0].seps & (DP_LEAD_00 | DP_LEAD_LETTER));
	dp_prefilter_set_min_digits(pf, 5);        /* short clusters are not reported */
	g = scan(pf, "in 2024 call 555-1234");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.c[0].digits, 7);
	dp_prefilter_free(pf);
}

static void test_hexcolon(void **state)
{
	struct dp_prefilter *pf = dp_prefilter_new(1u << DP_CAND_HEXCOLON);
	struct got g;

	(void)state;
	g = scan(pf, "Phone: x, ip fe80::1ff:fe23 end");
	assert_int_equal(g.n, 1);
	assert_int_equal(g.c[0].kind, DP_CAND_HEXCOLON);
	assert_int_equal(g.c[0].start, 13);
	assert_int_equal(g.c[0].end, 27);
	dp_prefilter_free(pf);
}

static void test_keywords(void **state)
{
	struct dp_prefilter *pf = dp_prefilter_new(0);
	struct got g;

	(void)state;
	assert_int_equal(dp_prefilter_add_keyword(pf, "AKIA", 4, 0, 7), 0);
	assert_int_equal(dp_prefilter_add_keyword(pf, "password", 8, 1, 9), 0);
	assert_int_equal(dp_prefilter_add_keyword(pf, "pass", 4, 0, 3), 0);
	assert_int_equal(dp_prefilter_add_keyword(pf, "x", 1, 0, 1), -1); /* too short */
	g = scan(pf, "akia AKIAXYZ PassWord=1 passport");
	assert_int_equal(g.n, 3);
	assert_int_equal(g.c[0].id, 7);
	assert_int_equal(g.c[0].start, 5);
	assert_int_equal(g.c[1].id, 9);             /* case-insensitive */
	assert_int_equal(g.c[1].start, 13);
	assert_int_equal(g.c[1].end, 21);
	assert_int_equal(g.c[2].id, 3);             /* case-sensitive "pass" in passport */
	assert_int_equal(g.c[2].start, 24);
	g = scan(pf, "AKI");                         /* keyword longer than the rest */
	assert_int_equal(g.n, 0);
	dp_prefilter_free(pf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_and_digits),
		cmocka_unit_test(test_hexcolon),
		cmocka_unit_test(test_keywords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_scope_robust.c - hostile inputs: random bytes through every scope parser and the
 * whole record hook must neither crash nor read out of bounds (run under ASan in CI). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/dates.h"
#include "analyse/domains.h"
#include "analyse/langid.h"
#include "analyse/scope.h"
#include "analyse/scripts.h"

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Random bytes biased toward the characters the parsers care about. */
static size_t fill(unsigned char *buf, size_t cap, unsigned *s)
{
	static const char alphabet[] = "0123456789-:TZ+. /@[]:?#htps\xc3\xa9\xe4\xb8\xad\xff\xf0";
	size_t n = rnd(s) % cap, i;

	for (i = 0; i < n; i++)
		buf[i] = rnd(s) % 3 ? (unsigned char)alphabet[rnd(s) % (sizeof(alphabet) - 1)]
				    : (unsigned char)rnd(s);
	return n;
}

static void test_parsers(void **unused)
{
	unsigned char *buf = malloc(300);
	char host[DP_DOMAINS_HOST_MAX + 1];
	struct dp_text_counts c;
	struct dp_langid_result r;
	unsigned s = 99, i;
	int64_t t;
	size_t n;

	(void)unused;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 20000; i++) {
		n = fill(buf, 300, &s);
		/* Exact-size heap copies so ASan sees any read past the end. */
		unsigned char *p = malloc(n ? n : 1);

		memcpy(p, buf, n);
		if (dp_dates_parse((const char *)p, n, &t) == 0)
			assert_true(dp_dates_year(t) >= -300000 && dp_dates_year(t) <= 300000);
		(void)dp_domains_host((const char *)p, n, host, sizeof(host));
		dp_scripts_scan((const char *)p, n, &c);
		if (i % 10 == 0)
			dp_langid_detect((const char *)p, n, (size_t)-1, 64, &r);
		free(p);
	}
	free(buf);
}

static void test_record_hook(void **unused)
{
	static const struct dp_member m = { "x", "x", "jsonl", NULL, 0, 0, 0, 0, DP_MEMBER_TEXT };
	static const char *const paths[] = { "a", "a.b", "a", "c", "a.b.c", "" };
	unsigned char buf[256];
	struct dp_field f[8];
	struct dp_record r;
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct dp_json *j = dp_json_new(0);
	unsigned s = 5, i, k, nf;
	void *st;

	(void)unused;
	dp_config_init(&cfg);
	st = dp_analyser_scope.create(&cfg, &err);
	for (i = 0; i < 5000; i++) {
		size_t n = fill(buf, sizeof(buf), &s);

		memset(&r, 0, sizeof(r));
		nf = rnd(&s) % 8;
		for (k = 0; k < nf; k++) {
			const char *p = paths[rnd(&s) % 6];

			f[k] = (struct dp_field){ p, strlen(p), (const char *)buf, n % 40,
						  (enum dp_value_type)(rnd(&s) % 6) };
		}
		r.member = &m;
		r.seq = i;
		r.text = (const char *)buf;
		r.text_len = n;
		r.has_text_field = 1;
		r.fields = f;
		r.n_fields = nf;
		r.meta[DP_META_URL] = (const char *)buf;
		r.meta_len[DP_META_URL] = n / 2;
		r.meta[DP_META_DATE] = (const char *)buf + n / 2;
		r.meta_len[DP_META_DATE] = n - n / 2;
		assert_int_equal(dp_analyser_scope.record(st, &ax, &r), DP_OK);
	}
	dp_analyser_scope.report(st, j);
	assert_false(dp_json_failed(j));
	dp_json_free(j);
	dp_analyser_scope.destroy(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_record_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

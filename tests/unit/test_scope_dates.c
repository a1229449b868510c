/* test_scope_dates.c - ISO 8601 / Unix time parsing and the mergeable date summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/dates.h"
#include "core/json.h"
#include "scope_rules.h"

static int64_t parse(const char *s)
{
	int64_t t = -1;

	assert_int_equal(dp_dates_parse(s, strlen(s), &t), 0);
	return t;
}

static int bad(const char *s)
{
	int64_t t;

	return dp_dates_parse(s, strlen(s), &t) != 0;
}

static void test_parse(void **st)
{
	char buf[32];

	(void)st;
	assert_int_equal(parse("1970-01-01"), 0);
	assert_int_equal(parse("2000-03-01T00:00:00Z"), 951868800);
	assert_int_equal(parse("2021-06-15T12:30:45.123+02:00"), 1623753045);
	assert_int_equal(parse("2021-06-15 12:30"), 1623760200);
	assert_int_equal(parse("2021-06-15T12:30:45-0130"), 1623765645);
	assert_int_equal(parse(" 1623760200 "), 1623760200);
	assert_int_equal(parse("1623760200123"), 1623760200); /* milliseconds */
	assert_int_equal(parse("1623760200.5"), 1623760200);
	assert_int_equal(parse("1960-12-31T23:59:59Z"), -283996801);
	assert_int_equal(parse("20210615"), 1623715200);               /* ISO basic */
	assert_int_equal(parse("20210615T123045Z"), 1623760245);
	assert_int_equal(parse("20210615T1230+0200"), 1623753000);
	assert_int_equal(parse("20210615123045"), 1623760245);         /* web archive */
	assert_true(bad("20211315"));
	assert_true(bad("20210615123099"));
	assert_true(bad("20210615T"));
	assert_true(bad("2021061"));
	assert_true(bad("2021-02-29"));
	assert_true(bad("2021-13-01"));
	assert_true(bad("yesterday"));
	assert_true(bad("12345"));
	assert_true(bad("2021-06-15T25:00"));
	assert_true(bad("2021-06-15Tjunk"));
	assert_true(bad(""));
	assert_int_equal(dp_dates_year(parse("1999-12-31T23:59:59Z")), 1999);
	assert_int_equal(dp_dates_year(-1), 1969);
	dp_dates_format(parse("2021-06-15T12:30:45Z"), buf, sizeof(buf));
	assert_string_equal(buf, "2021-06-15T12:30:45Z");
	dp_dates_format(-283996801, buf, sizeof(buf));
	assert_string_equal(buf, "1960-12-31T23:59:59Z");
}

static const char *const values[] = {
	"2019-05-01", "bogus-1", "2020-01-01T00:00:00Z", "1577836800", "2021-12-31",
	"not a date", "2019-07-04T10:00:00+05:00", "1999-01-01", "garbage", "2020-06-06",
	"2018-02-03", "2022-02-02", "x1", "x2", "x3",
};
#define NV (sizeof(values) / sizeof(values[0]))

static char *report(struct dp_dates *d)
{
	struct dp_json *j = dp_json_new(0);
	struct dp_test_rules t;
	size_t len;
	char *out;

	dp_test_rules_open(&t); /* the built-in rules mask the unparseable examples */
	dp_dates_report(d, 100, t.rules, t.scratch, j);
	dp_test_rules_close(&t);
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	return out;
}

static void test_summary_and_merge(void **st)
{
	struct dp_dates a, b, w;
	char *ra, *rw;
	size_t i;

	(void)st;
	dp_dates_init(&a);
	dp_dates_init(&b);
	dp_dates_init(&w);
	for (i = 0; i < NV; i++) {
		/* The second half goes to b first: merge must not depend on arrival order. */
		assert_int_equal(dp_dates_add(i < NV / 2 ? &a : &b, i, values[i], strlen(values[i])), 0);
		assert_int_equal(dp_dates_add(&w, i, values[i], strlen(values[i])), 0);
	}
	assert_int_equal(w.parsed, 9);
	assert_int_equal(w.unparseable, 6);
	assert_int_equal(dp_dates_merge(&b, &a), 0);
	ra = report(&b);
	rw = report(&w);
	assert_string_equal(ra, rw);
	assert_non_null(strstr(rw, "\"earliest\":\"1999-01-01T00:00:00Z\""));
	assert_non_null(strstr(rw, "\"latest\":\"2022-02-02T00:00:00Z\""));
	assert_non_null(strstr(rw, "\"per_year\":{\"1999\":1,\"2018\":1,\"2019\":2,\"2020\":3,"
				   "\"2021\":1,\"2022\":1}"));
	/* The five lowest-seq bad values, in seq order. */
	assert_non_null(strstr(rw, "[\"bogus-1\",\"not a date\",\"garbage\",\"x1\",\"x2\"]"));
	free(ra);
	free(rw);
	dp_dates_release(&a);
	dp_dates_release(&b);
	dp_dates_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_summary_and_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

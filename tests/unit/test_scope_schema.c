/* test_scope_schema.c - field types, presence, emptiness, low-cardinality values, merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/schema.h"
#include "core/json.h"
#include "scope_rules.h"

#define F(p, v, t) { p, sizeof(p) - 1, v, sizeof(v) - 1, t }

static char *report(const struct dp_schema *s)
{
	struct dp_json *j = dp_json_new(0);
	struct dp_test_rules t;
	size_t len;
	char *out;

	dp_test_rules_open(&t);
	dp_schema_report(s, j, t.rules, t.scratch);
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	dp_test_rules_close(&t);
	return out;
}

/* Categorical values are shown with PII masked, and none at all when no rules exist. */
static void test_values_are_masked(void **st)
{
	struct dp_schema s;
	const struct dp_field r1[] = { F("contact", "write to jane.doe@mailhost.org", DP_VT_STRING) };
	struct dp_json *j = dp_json_new(0);
	char *out;
	size_t len;

	(void)st;
	dp_schema_init(&s);
	dp_schema_add(&s, r1, 1);
	out = report(&s);
	assert_null(strstr(out, "jane.doe@mailhost.org"));
	assert_non_null(strstr(out, "write to "));
	dp_schema_report(&s, j, NULL, NULL);
	assert_null(strstr(dp_json_text(j, &len), "jane.doe"));
	dp_json_free(j);
	free(out);
	dp_schema_release(&s);
}

static void test_types_presence_empty(void **st)
{
	struct dp_schema s;
	const struct dp_field r1[] = {
		F("id", "1", DP_VT_NUMBER), F("label", "pos", DP_VT_STRING),
		F("tags", "", DP_VT_ARRAY), F("tags", "a", DP_VT_STRING), F("tags", "b", DP_VT_STRING),
		F("meta", "", DP_VT_OBJECT), F("meta.url", "http://x.org", DP_VT_STRING),
	};
	const struct dp_field r2[] = {
		F("id", "two", DP_VT_STRING), F("label", "", DP_VT_STRING),
		F("tags", "", DP_VT_ARRAY), F("meta", "", DP_VT_OBJECT),
	};
	char *out;

	(void)st;
	dp_schema_init(&s);
	assert_int_equal(dp_schema_add(&s, r1, 7), 0);
	assert_int_equal(dp_schema_add(&s, r2, 4), 0);
	out = report(&s);
	/* id: mixed number/string; tags: array with string items, empty once; meta: {} once. */
	assert_non_null(strstr(out, "{\"path\":\"id\",\"type\":\"mixed\",\"types\":{\"number\":1,"
				    "\"string\":1},\"records\":2,\"presence\":1,\"empty\":0"));
	assert_non_null(strstr(out, "{\"path\":\"tags\",\"type\":\"array\",\"types\":{\"array\":2},"
				    "\"item_types\":{\"string\":2},\"records\":2,\"presence\":1,"
				    "\"empty\":1,"));
	assert_non_null(strstr(out, "{\"path\":\"meta\",\"type\":\"object\",\"types\":{\"object\":2},"
				    "\"records\":2,\"presence\":1,\"empty\":1,\"empty_rate\":0.5"));
	assert_non_null(strstr(out, "{\"path\":\"meta.url\",\"type\":\"string\",\"types\":{"
				    "\"string\":1},\"records\":1,\"presence\":0.5,"));
	assert_non_null(strstr(out, "\"path\":\"label\",\"type\":\"string\",\"types\":{\"string\":2},"
				    "\"records\":2,\"presence\":1,\"empty\":1,\"empty_rate\":0.5,"
				    "\"distinct\":2,\"distinct_exact\":true,\"categorical\":true,"
				    "\"values\":[{\"value\":\"\",\"count\":1},{\"value\":\"pos\","
				    "\"count\":1}]"));
	free(out);
	dp_schema_release(&s);
}

/* Feed value i of field "v" (as a 1-field record). */
static void feed(struct dp_schema *s, unsigned i)
{
	char buf[32];
	struct dp_field f;
	int n = snprintf(buf, sizeof(buf), "val%u", i);

	f.path = "v";
	f.path_len = 1;
	f.value = buf;
	f.value_len = (size_t)n;
	f.type = DP_VT_STRING;
	assert_int_equal(dp_schema_add(s, &f, 1), 0);
}

/* Two halves with 40 distinct values each, 70 together: each half is low-cardinality, the
 * merge must go high exactly as one scan does; and 30+30 distinct with 45 in total must
 * stay exact. */
static void check_merge(unsigned a_lo, unsigned a_hi, unsigned b_lo, unsigned b_hi, int high)
{
	struct dp_schema a, b, w;
	char *ra, *rw;
	unsigned i;

	dp_schema_init(&a);
	dp_schema_init(&b);
	dp_schema_init(&w);
	for (i = a_lo; i < a_hi; i++) {
		feed(&a, i);
		feed(&w, i);
	}
	for (i = b_lo; i < b_hi; i++) {
		feed(&b, i);
		feed(&w, i);
	}
	assert_int_equal(a.fields[0].high_card, 0);
	assert_int_equal(b.fields[0].high_card, 0);
	assert_int_equal(w.fields[0].high_card, high);
	assert_int_equal(dp_schema_merge(&b, &a), 0); /* the other order on purpose */
	ra = report(&b);
	rw = report(&w);
	assert_string_equal(ra, rw);
	assert_non_null(strstr(rw, high ? "\"categorical\":false" : "\"categorical\":true"));
	free(ra);
	free(rw);
	dp_schema_release(&a);
	dp_schema_release(&b);
	dp_schema_release(&w);
}

static void test_cardinality_merge(void **st)
{
	(void)st;
	check_merge(0, 40, 30, 70, 1);
	check_merge(0, 30, 15, 45, 0);
	check_merge(0, 50, 0, 50, 0); /* exactly 50 distinct stays exact */
}

static void test_long_values_are_not_categorical(void **st)
{
	struct dp_schema s;
	char big[DP_SCHEMA_VALUE_MAX + 2];
	struct dp_field f = { "text", 4, big, sizeof(big) - 1, DP_VT_STRING };
	char *out;

	(void)st;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dp_schema_init(&s);
	assert_int_equal(dp_schema_add(&s, &f, 1), 0);
	out = report(&s);
	assert_non_null(strstr(out, "\"distinct\":1,\"distinct_exact\":false,\"categorical\":false}"));
	free(out);
	dp_schema_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types_presence_empty),
		cmocka_unit_test(test_cardinality_merge),
		cmocka_unit_test(test_long_values_are_not_categorical),
		cmocka_unit_test(test_values_are_masked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_license_analyser.c - the licenses analyser: a release whose code is Apache-2.0
 * (LICENSE), whose data is CC-BY-NC-4.0 (DATA_LICENSE) and whose README card declares
 * apache-2.0; JSONL records whose license field uses many spellings; merge of two states. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/licenses.h"
#include "core/config.h"
#include "core/json.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long sz;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)sz + 1);
	assert_non_null(b);
	*len = fread(b, 1, (size_t)sz, f);
	b[*len] = '\0';
	fclose(f);
	return b;
}

static void feed_member(void *st, const char *origin, uint32_t index, const char *text,
			size_t len)
{
	const struct dp_analyser_type *a = &dp_analyser_licenses;
	struct dp_member m;
	struct dp_member_end e;
	struct dp_actx ax;
	size_t half = len / 2;

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	memset(&ax, 0, sizeof(ax));
	m.origin = origin;
	m.name = strrchr(origin, '/') ? strrchr(origin, '/') + 1 : origin;
	m.format = "text";
	m.member_index = index;
	m.kind = DP_MEMBER_TEXT;
	assert_int_equal(a->member_begin(st, &ax, &m), DP_OK);
	assert_int_equal(a->member_data(st, &ax, &m, text, half), DP_OK); /* two blocks */
	assert_int_equal(a->member_data(st, &ax, &m, text + half, len - half), DP_OK);
	assert_int_equal(a->member_end(st, &ax, &m, &e), DP_OK);
}

static char *report(void *st)
{
	struct dp_json *j = dp_json_new(0);
	size_t len;
	char *out;
	dp_analyser_licenses.report(st, j);
	assert_false(dp_json_failed(j));
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	return out;
}

static void release_archive(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	void *st;
	size_t l1, l2;
	char *apache = slurp(DP_SOURCE_DIR "/fixtures/licenses/Apache-2.0.txt", &l1);
	char *ccnc = slurp(DP_SOURCE_DIR "/fixtures/licenses/CC-BY-NC-4.0.txt", &l2);
	const char *readme = "---\nlicense: apache-2.0\npretty_name: Demo\ntags:\n- a\n---\n"
			     "# Demo\nCode under Apache, data under CC BY-NC.\n";
	char *out;
	(void)state;
	dp_config_init(&cfg);
	st = dp_analyser_licenses.create(&cfg, &err);
	assert_non_null(st);
	feed_member(st, "rel.tar.gz!/rel/LICENSE", 0, apache, l1);
	feed_member(st, "rel.tar.gz!/rel/DATA_LICENSE", 1, ccnc, l2);
	feed_member(st, "rel.tar.gz!/rel/README.md", 2, readme, strlen(readme));
	assert_int_equal(dp_analyser_licenses.finish(st, NULL, &err), DP_OK);
	out = report(st);
	if (getenv("DP_TEST_VERBOSE"))
		fprintf(stderr, "%s\n", out);
	assert_non_null(strstr(out, "{\"origin\":\"rel.tar.gz!/rel/LICENSE\",\"spdx\":\"Apache-2.0\","
				    "\"kind\":\"text\""));
	assert_non_null(strstr(out, "{\"origin\":\"rel.tar.gz!/rel/DATA_LICENSE\",\"spdx\":"
				    "\"CC-BY-NC-4.0\",\"kind\":\"text\""));
	assert_non_null(strstr(out, "{\"origin\":\"rel.tar.gz!/rel/README.md\",\"spdx\":"
				    "\"Apache-2.0\",\"kind\":\"metadata\",\"confidence\":1,"
				    "\"lines\":[2,2],\"value\":\"apache-2.0\"}"));
	assert_non_null(strstr(out, "{\"spdx\":\"Apache-2.0\",\"files\":2,\"records\":0,"
				    "\"kinds\":[\"text\",\"metadata\"]}"));
	assert_null(strstr(out, "\"kind\":\"reference\""));
	assert_non_null(strstr(out, "{\"spdx\":\"CC-BY-NC-4.0\",\"files\":1,"));
	free(out);
	dp_analyser_licenses.destroy(st);
	free(apache);
	free(ccnc);
}

static void feed_record(void *st, const struct dp_member *m, uint64_t seq, const char *v)
{
	static const struct dp_field text_field = { "text", 4, "hello", 5, DP_VT_STRING };
	struct dp_record r;
	memset(&r, 0, sizeof(r));
	r.fields = &text_field;  /* a JSONL record: it has fields, the license one or not */
	r.n_fields = 1;
	r.member = m;
	r.seq = seq;
	r.index = seq;
	r.line = seq + 1;
	r.meta[DP_META_LICENSE] = v;
	r.meta_len[DP_META_LICENSE] = v ? strlen(v) : 0;
	assert_int_equal(dp_analyser_licenses.record(st, NULL, &r), DP_OK);
}

static void record_fields(void **state)
{
	static const char *const values[] = { "cc-by-4.0", "CC BY 4.0", "CC-BY-4.0",
		"https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International",
		"mit", "MIT", "MIT License", "apache-2.0", "Apache 2", "unknown", "other", "",
		NULL, "my own terms", "cc-by-nc-4.0", "CC BY-NC 4.0", NULL };
	struct dp_config cfg;
	struct dp_error err;
	struct dp_member m;
	void *a, *b;
	char *out;
	uint64_t i;
	(void)state;
	dp_config_init(&cfg);
	memset(&m, 0, sizeof(m));
	m.origin = "train.jsonl";
	m.kind = DP_MEMBER_TEXT;
	a = dp_analyser_licenses.create(&cfg, &err);
	b = dp_analyser_licenses.create(&cfg, &err);
	assert_non_null(a);
	assert_non_null(b);
	/* 18 values, twice: the first pass into a, the second into b, then merged */
	for (i = 0; i < 36; i++)
		feed_record(i < 18 ? a : b, &m, i, values[i % 18]);
	assert_int_equal(dp_analyser_licenses.merge(a, b, &err), DP_OK);
	dp_analyser_licenses.destroy(b);
	assert_int_equal(dp_analyser_licenses.finish(a, NULL, &err), DP_OK);
	out = report(a);
	assert_non_null(strstr(out, "\"fields\":{\"records\":36,\"with_value\":30,\"mapped\":24,"
				    "\"missing\":6,\"unknown\":4,\"unrecognized\":2,"));
	assert_non_null(strstr(out, "{\"spdx\":\"CC-BY-4.0\",\"files\":0,\"records\":10,"
				    "\"kinds\":[\"field\"]}"));
	assert_non_null(strstr(out, "{\"spdx\":\"MIT\",\"files\":0,\"records\":6,"));
	assert_non_null(strstr(out, "{\"spdx\":\"Apache-2.0\",\"files\":0,\"records\":4,"));
	assert_non_null(strstr(out, "{\"spdx\":\"CC-BY-NC-4.0\",\"files\":0,\"records\":4,"));
	assert_non_null(strstr(out, "{\"value\":\"my own terms\",\"class\":\"unrecognized\","
				    "\"records\":2}"));
	assert_non_null(strstr(out, "{\"value\":\"CC BY 4.0\",\"class\":\"mapped\","
				    "\"spdx\":\"CC-BY-4.0\",\"records\":2}"));
	free(out);
	dp_analyser_licenses.destroy(a);
}

/* Values with NUL bytes ("\u0000" in JSON): one state, or the records split between two
 * states and merged, give the same report (the value is what precedes the NUL). */
static void nul_values_merge_alike(void **state)
{
	static const char vals[][8] = { "mit\0x", "mit", "\0gpl", "zz\0a", "zz\0b", "zz" };
	static const size_t lens[] = { 5, 3, 4, 4, 4, 2 };
	struct dp_config cfg;
	struct dp_error err;
	struct dp_member m;
	void *one, *a, *b;
	char *r1, *r2;
	size_t i, k;

	(void)state;
	dp_config_init(&cfg);
	memset(&m, 0, sizeof(m));
	m.origin = "train.jsonl";
	m.kind = DP_MEMBER_TEXT;
	one = dp_analyser_licenses.create(&cfg, &err);
	a = dp_analyser_licenses.create(&cfg, &err);
	b = dp_analyser_licenses.create(&cfg, &err);
	for (k = 0; k < 2; k++)
		for (i = 0; i < 6; i++) {
			static const struct dp_field text_field = { "text", 4, "hello", 5, DP_VT_STRING };
			struct dp_record r;
			memset(&r, 0, sizeof(r));
			r.fields = &text_field;
			r.n_fields = 1;
			r.member = &m;
			r.seq = r.index = k * 6 + i;
			r.meta[DP_META_LICENSE] = vals[i];
			r.meta_len[DP_META_LICENSE] = lens[i];
			assert_int_equal(dp_analyser_licenses.record(one, NULL, &r), DP_OK);
			assert_int_equal(dp_analyser_licenses.record(i % 2 ? a : b, NULL, &r), DP_OK);
		}
	assert_int_equal(dp_analyser_licenses.merge(a, b, &err), DP_OK);
	assert_int_equal(dp_analyser_licenses.finish(a, NULL, &err), DP_OK);
	assert_int_equal(dp_analyser_licenses.finish(one, NULL, &err), DP_OK);
	r1 = report(one);
	r2 = report(a);
	assert_string_equal(r1, r2);
	/* "zz\0a", "zz\0b" and "zz" are one value, 6 records; "\0gpl" is missing */
	assert_non_null(strstr(r1, "{\"value\":\"zz\",\"class\":\"unrecognized\",\"records\":6}"));
	assert_non_null(strstr(r1, "\"missing\":2,"));
	free(r1);
	free(r2);
	dp_analyser_licenses.destroy(one);
	dp_analyser_licenses.destroy(a);
	dp_analyser_licenses.destroy(b);
}

/* A plain-text member's record (a LICENSE file read as text) has no license field to miss. */
static void text_records_not_counted(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_member m;
	struct dp_record r;
	void *a;
	char *out;
	(void)state;
	dp_config_init(&cfg);
	memset(&m, 0, sizeof(m));
	m.origin = "LICENSE";
	m.kind = DP_MEMBER_TEXT;
	memset(&r, 0, sizeof(r));
	r.member = &m;
	r.text = "MIT License";
	r.text_len = 11;
	a = dp_analyser_licenses.create(&cfg, &err);
	assert_non_null(a);
	assert_int_equal(dp_analyser_licenses.record(a, NULL, &r), DP_OK);
	out = report(a);
	assert_non_null(strstr(out, "\"fields\":{\"records\":0,"));
	free(out);
	dp_analyser_licenses.destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(release_archive),
		cmocka_unit_test(record_fields),
		cmocka_unit_test(text_records_not_counted),
		cmocka_unit_test(nul_values_merge_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

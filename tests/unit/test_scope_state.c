/* test_scope_state.c - saved scope states of two runs, loaded and merged, report exactly what
 * one run over both does (the shard merge path), byte strings included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/scope.h"

static const char *const texts[] = {
	"The old bridge was closed for repairs after the spring floods damaged it.",
	"Die Bibliothek bleibt wegen der Renovierung bis zum Herbst geschlossen.",
	"Бабушка каждое утро кормит голубей во дворе старого дома.",
	"12 34", /* und */
	"bad \xff\xfe bytes but otherwise an ordinary English sentence about trains.",
};
static const char *const urls[] = { "https://a.example.com/1", "http://www.bbc.co.uk/x",
				    "nope", "https://b\xff.example.org/" };
static const char *const dates[] = { "2019-03-04", "1600000000", "soon", "2023-12-31T23:59:59Z" };
static const char *const labels[] = { "x", "y", "z\xff" };

static void feed(void *st, const struct dp_member *m, unsigned n, unsigned salt)
{
	struct dp_actx ax = { 0 };
	struct dp_member_end end = { 0 };
	struct dp_field f[3];
	struct dp_record r;
	char id[16];
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned k = i * 7 + salt;
		int len = snprintf(id, sizeof(id), "%u", k);
		const char *t = texts[k % 5];

		memset(&r, 0, sizeof(r));
		f[0] = (struct dp_field){ "id", 2, id, (size_t)len, DP_VT_NUMBER };
		f[1] = (struct dp_field){ "text", 4, t, strlen(t), DP_VT_STRING };
		f[2] = (struct dp_field){ "l\xff", 2, labels[k % 3], strlen(labels[k % 3]),
					  DP_VT_STRING };
		r.member = m;
		r.seq = m->first_seq + i;
		r.text = t;
		r.text_len = strlen(t);
		r.has_text_field = 1;
		r.fields = f;
		r.n_fields = 3;
		r.meta[DP_META_URL] = urls[k % 4];
		r.meta_len[DP_META_URL] = strlen(urls[k % 4]);
		r.meta[DP_META_DATE] = dates[k % 4];
		r.meta_len[DP_META_DATE] = strlen(dates[k % 4]);
		r.meta[DP_META_SPLIT] = k % 5 == 0 ? "dev\xff" : NULL;
		r.meta_len[DP_META_SPLIT] = k % 5 == 0 ? 4 : 0;
		assert_int_equal(dp_analyser_scope.record(st, &ax, &r), DP_OK);
	}
	end.bytes = 1000 + n;
	end.records = n;
	assert_int_equal(dp_analyser_scope.member_end(st, &ax, m, &end), DP_OK);
}

static char *text_of(void *st, int save)
{
	struct dp_json *j = dp_json_new(0);
	size_t len;
	char *out;

	if (save)
		dp_scope_save(st, j);
	else
		dp_analyser_scope.report(st, j);
	assert_false(dp_json_failed(j));
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	return out;
}

static void load_text(void *st, const char *text)
{
	char err[256];
	struct dp_error e;
	yajl_val v = yajl_tree_parse(text, err, sizeof(err));

	assert_non_null(v);
	assert_int_equal(dp_scope_load(st, v, &e), DP_OK);
	yajl_tree_free(v);
}

static void test_save_load_merge(void **unused)
{
	static const struct dp_member m1 = { "a/train.jsonl", "train.jsonl", "jsonl", "train",
					     0, 0, 0, 1, DP_MEMBER_TEXT };
	static const struct dp_member m2 = { "b/test.jsonl", "test.jsonl", "jsonl", "test",
					     1, 0, 1ULL << 40, 1, DP_MEMBER_TEXT };
	static const struct dp_member img = { "b/x.tar!/1.jpg", "1.jpg", "jpeg", NULL,
					      1, 1, 1ULL << 40, 1, DP_MEMBER_BINARY };
	static const struct dp_member cap = { "b/x.tar!/1.txt", "1.txt", "text", NULL,
					      1, 2, 1ULL << 40, 1, DP_MEMBER_TEXT };
	struct dp_config cfg;
	struct dp_error err;
	void *a, *b, *c, *w;
	char *sa, *sb, *rc, *rw, *ra;

	(void)unused;
	dp_config_init(&cfg);
	a = dp_analyser_scope.create(&cfg, &err);
	b = dp_analyser_scope.create(&cfg, &err);
	c = dp_analyser_scope.create(&cfg, &err);
	w = dp_analyser_scope.create(&cfg, &err);
	feed(a, &m1, 1500, 0); /* past 1024: language sampling weights go through too */
	feed(b, &m2, 700, 3);
	feed(b, &img, 0, 0);
	feed(b, &cap, 0, 0);
	feed(w, &m1, 1500, 0);
	feed(w, &m2, 700, 3);
	feed(w, &img, 0, 0);
	feed(w, &cap, 0, 0);
	sa = text_of(a, 1);
	assert_non_null(strstr(sa, "{\"hex\":\"6cff\"}")); /* the path "l\xff" */
	sb = text_of(b, 1);
	load_text(c, sa);
	load_text(c, sb);
	rc = text_of(c, 0);
	rw = text_of(w, 0);
	assert_string_equal(rc, rw);
	assert_int_equal(dp_analyser_scope.merge(a, b, &err), DP_OK);
	ra = text_of(a, 0);
	assert_string_equal(ra, rw);
	assert_non_null(strstr(rw, "\"image_text_samples\":1"));
	assert_non_null(strstr(rw, "\"estimated\":true"));
	free(sa);
	free(sb);
	free(rc);
	free(rw);
	free(ra);
	dp_analyser_scope.destroy(a);
	dp_analyser_scope.destroy(b);
	dp_analyser_scope.destroy(c);
	dp_analyser_scope.destroy(w);
}

/* A shard without records saves its empty histograms' min as UINT64_MAX, past what yajl
 * marks a valid integer: loading it must still work (merge refused such shards). */
static void test_empty_round_trip(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	void *empty, *into;
	char *saved, *want, *got;

	(void)unused;
	dp_config_init(&cfg);
	empty = dp_analyser_scope.create(&cfg, &err);
	into = dp_analyser_scope.create(&cfg, &err);
	saved = text_of(empty, 1);
	assert_non_null(strstr(saved, "\"min\":18446744073709551615"));
	load_text(into, saved);
	want = text_of(empty, 0);
	got = text_of(into, 0);
	assert_string_equal(got, want);
	free(saved);
	free(want);
	free(got);
	dp_analyser_scope.destroy(empty);
	dp_analyser_scope.destroy(into);
}

static void test_malformed(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	char e[128];
	void *s;
	yajl_val v;

	(void)unused;
	dp_config_init(&cfg);
	s = dp_analyser_scope.create(&cfg, &err);
	v = yajl_tree_parse("{\"version\":1,\"counts\":[1,2]}", e, sizeof(e));
	assert_int_equal(dp_scope_load(s, v, &err), DP_FATAL);
	yajl_tree_free(v);
	v = yajl_tree_parse("[]", e, sizeof(e));
	assert_int_equal(dp_scope_load(s, v, &err), DP_FATAL);
	yajl_tree_free(v);
	dp_analyser_scope.destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_load_merge),
		cmocka_unit_test(test_empty_round_trip),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

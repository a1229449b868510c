/* test_scope_analyser.c - the scope analyser end to end: halves merged == one scan. */
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
	"The museum opened a new exhibition about the history of printing and early books.",
	"La bibliothèque municipale organise chaque samedi des lectures pour les enfants.",
	"Der Zug nach Hamburg hatte heute Morgen wegen eines Signalfehlers große Verspätung.",
	"В субботу на центральной площади прошла ярмарка местных фермеров и ремесленников.",
	"ok", /* too few letters: und */
	"bad \xFF\xFE bytes in an otherwise English sentence about the weather today.",
};
static const char *const urls[] = {
	"https://en.wikipedia.org/wiki/X", "https://www.example.com/a", "http://news.bbc.co.uk/1",
	"not a url",
};
static const char *const dates[] = {
	"2020-01-05T10:00:00Z", "1609459200", "2022-12-31", "sometime",
};

struct rec_bufs {
	char id[24];
	char date[40];
	struct dp_field f[5];
	struct dp_record r;
};

static void make_record(struct rec_bufs *b, const struct dp_member *m, uint64_t seq, unsigned i)
{
	const char *t = texts[i % 6], *u = urls[i % 4], *d = dates[i % 4];
	const char *label = (i % 3 == 0) ? "pos" : (i % 3 == 1) ? "neg" : "neutral";

	memset(b, 0, sizeof(*b));
	snprintf(b->id, sizeof(b->id), "%u", i);
	snprintf(b->date, sizeof(b->date), "%s", d);
	b->f[0] = (struct dp_field){ "id", 2, b->id, strlen(b->id), DP_VT_NUMBER };
	b->f[1] = (struct dp_field){ "text", 4, t, strlen(t), DP_VT_STRING };
	b->f[2] = (struct dp_field){ "label", 5, label, strlen(label), DP_VT_STRING };
	b->f[3] = (struct dp_field){ "url", 3, u, strlen(u), DP_VT_STRING };
	b->f[4] = (struct dp_field){ "date", 4, b->date, strlen(b->date), DP_VT_STRING };
	b->r.member = m;
	b->r.index = i;
	b->r.seq = seq;
	b->r.text = t;
	b->r.text_len = strlen(t);
	b->r.has_text_field = 1;
	b->r.fields = b->f;
	b->r.n_fields = 5;
	b->r.meta[DP_META_URL] = u;
	b->r.meta_len[DP_META_URL] = strlen(u);
	b->r.meta[DP_META_DATE] = b->date;
	b->r.meta_len[DP_META_DATE] = strlen(b->date);
}

static const struct dp_member members[] = {
	{ "data/train.jsonl", "train.jsonl", "jsonl", "train", 0, 0, 0, 0, DP_MEMBER_TEXT },
	{ "data/test.jsonl", "test.jsonl", "jsonl", "test", 1, 0, 1ULL << 40, 0, DP_MEMBER_TEXT },
	{ "img.tar!/0001.jpg", "0001.jpg", "jpeg", NULL, 2, 0, 2ULL << 40, 1, DP_MEMBER_BINARY },
	{ "img.tar!/0001.txt", "0001.txt", "text", NULL, 2, 1, 2ULL << 40, 1, DP_MEMBER_TEXT },
	{ "img.tar!/0002.jpg", "0002.jpg", "jpeg", NULL, 2, 2, 2ULL << 40, 1, DP_MEMBER_BINARY },
	{ "img.tar!/0002.json", "0002.json", "json", NULL, 2, 3, 2ULL << 40, 1, DP_MEMBER_TEXT },
};

/* Feed member k (records for the two JSONL members) into state. */
static void feed_member(void *st, unsigned k)
{
	struct rec_bufs b;
	struct dp_actx ax = { 0 };
	struct dp_member_end end = { 0 };
	unsigned i, n = k == 0 ? 1200 : k == 1 ? 300 : 0;

	for (i = 0; i < n; i++) {
		make_record(&b, &members[k], members[k].first_seq + i, i + k * 7);
		assert_int_equal(dp_analyser_scope.record(st, &ax, &b.r), DP_OK);
		end.bytes += b.r.text_len + 40;
	}
	if (!n)
		end.bytes = 1000 + k;
	end.records = n;
	assert_int_equal(dp_analyser_scope.member_end(st, &ax, &members[k], &end), DP_OK);
}

static char *report(void *st)
{
	struct dp_json *j = dp_json_new(0);
	size_t len;
	char *out;

	dp_analyser_scope.report(st, j);
	assert_false(dp_json_failed(j));
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	return out;
}

static void test_halves_equal_whole(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	void *a, *b, *w;
	char *ra, *rw;
	unsigned k;

	(void)unused;
	dp_config_init(&cfg);
	cfg.lang_stride = 1; /* exact language counts here; sampling has its own test */
	a = dp_analyser_scope.create(&cfg, &err);
	b = dp_analyser_scope.create(&cfg, &err);
	w = dp_analyser_scope.create(&cfg, &err);
	assert_non_null(a);
	for (k = 0; k < 6; k++) {
		feed_member(k == 1 || k >= 4 ? b : a, k);
		feed_member(w, k);
	}
	assert_int_equal(dp_analyser_scope.merge(a, b, &err), DP_OK);
	ra = report(a);
	rw = report(w);
	assert_string_equal(ra, rw);
	/* Spot checks of known values. */
	assert_non_null(strstr(rw, "{\"name\":\"test\",\"records\":300,"));
	assert_non_null(strstr(rw, "{\"name\":\"train\",\"records\":1200,"));
	assert_non_null(strstr(rw, "\"size_category\":\"1K<n<10K\""));
	assert_non_null(strstr(rw, "\"primary\":\"image-text\""));
	assert_non_null(strstr(rw, "\"image_text_samples\":2"));
	assert_non_null(strstr(rw, "\"records_with_url\":1500"));
	assert_non_null(strstr(rw, "\"unparseable\":375"));
	assert_non_null(strstr(rw, "\"earliest\":\"2020-01-05T10:00:00Z\""));
	assert_non_null(strstr(rw, "\"latest\":\"2022-12-31T00:00:00Z\""));
	/* "ok" is und (too few letters); the text with bad bytes is English on its valid part. */
	assert_non_null(strstr(rw, "{\"code\":\"en\",\"records\":500,"));
	assert_non_null(strstr(rw, "{\"code\":\"und\",\"records\":250,"));
	assert_non_null(strstr(rw, "\"invalid_utf8_records\":250"));
	assert_non_null(strstr(rw, "\"values\":[{\"value\":\"neg\",\"count\":500},"
				   "{\"value\":\"neutral\",\"count\":500},{\"value\":\"pos\","
				   "\"count\":500}]"));
	free(ra);
	free(rw);
	dp_analyser_scope.destroy(a);
	dp_analyser_scope.destroy(b);
	dp_analyser_scope.destroy(w);
}

/* Past the exact prefix, language ID samples records by seq: any split of the records
 * between states gives the same (weighted) result as one state. */
static void test_sampling_is_order_free(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct rec_bufs b;
	void *s1, *s2, *w;
	char *r1, *rw;
	unsigned i;

	(void)unused;
	dp_config_init(&cfg);
	s1 = dp_analyser_scope.create(&cfg, &err);
	s2 = dp_analyser_scope.create(&cfg, &err);
	w = dp_analyser_scope.create(&cfg, &err);
	for (i = 0; i < 6000; i++) {
		make_record(&b, &members[0], i, i % 4 == 0 ? 1 : 0); /* French 1/4, English 3/4 */
		assert_int_equal(dp_analyser_scope.record(i % 3 ? s1 : s2, &ax, &b.r), DP_OK);
		assert_int_equal(dp_analyser_scope.record(w, &ax, &b.r), DP_OK);
	}
	assert_int_equal(dp_analyser_scope.merge(s2, s1, &err), DP_OK);
	r1 = report(s2);
	rw = report(w);
	assert_string_equal(r1, rw);
	assert_non_null(strstr(rw, "\"estimated\":true"));
	/* 1024 exact + about 4976/16 sampled records were checked. */
	assert_non_null(strstr(rw, "\"records_checked\":"));
	assert_true(strstr(rw, "\"code\":\"en\"") < strstr(rw, "\"code\":\"fr\""));
	{
		const char *fr = strstr(rw, "\"code\":\"fr\"");
		unsigned long n = 0;
		double share = 0;

		assert_non_null(fr);
		assert_int_equal(sscanf(fr, "\"code\":\"fr\",\"records\":%lu,\"share\":%lf", &n,
					&share), 2);
		/* true share 0.25; about 4976/16 sampled records: 3 standard errors is 0.06 */
		assert_true(share > 0.19 && share < 0.31);
	}
	free(r1);
	free(rw);
	dp_analyser_scope.destroy(s1);
	dp_analyser_scope.destroy(s2);
	dp_analyser_scope.destroy(w);
}

/* Past DP_LANGID_SPARSE_AFTER records the stride widens by DP_LANGID_SPARSE_FACTOR, and the
 * estimated per-language records and bytes are scaled to add up to the exact totals. */
static void test_sparse_sampling_adds_up(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct rec_bufs b;
	void *st;
	char *rw;
	const char *p;
	unsigned long checked = 0, en = 0, fr = 0, en_bytes = 0, fr_bytes = 0, total = 0, bytes = 0;
	unsigned i, n = 80000;
	double expect;

	(void)unused;
	dp_config_init(&cfg);
	st = dp_analyser_scope.create(&cfg, &err);
	for (i = 0; i < n; i++) {
		make_record(&b, &members[0], i, i % 4 == 0 ? 1 : 0);
		assert_int_equal(dp_analyser_scope.record(st, &ax, &b.r), DP_OK);
		bytes += b.r.text_len;
	}
	rw = report(st);
	assert_non_null(strstr(rw, "\"sparse_after\":65536,\"sparse_stride\":64"));
	p = strstr(rw, "\"records_checked\":");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "\"records_checked\":%lu", &checked), 1);
	/* 1024 + 64512/16 + 14464/64 = 5282 expected; 4 standard errors is about 260 */
	expect = 1024 + (65536.0 - 1024) / 16 + (n - 65536.0) / 64;
	assert_true(checked > expect - 260 && checked < expect + 260);
	p = strstr(rw, "\"code\":\"en\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "\"code\":\"en\",\"records\":%lu,\"share\":%*f,\"bytes\":%lu",
				&en, &en_bytes), 2);
	p = strstr(rw, "\"code\":\"fr\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "\"code\":\"fr\",\"records\":%lu,\"share\":%*f,\"bytes\":%lu",
				&fr, &fr_bytes), 2);
	p = strstr(rw, "\"records_with_text\":");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "\"records_with_text\":%lu", &total), 1);
	assert_int_equal(total, n);
	assert_int_equal(en + fr, n);
	assert_int_equal(en_bytes + fr_bytes, bytes);
	assert_true(fr > n / 4 - n / 20 && fr < n / 4 + n / 20);
	free(rw);
	dp_analyser_scope.destroy(st);
}

/* The sum of a counter over the entries of the report's "languages" list. */
static unsigned long languages_sum(const char *rw, const char *key)
{
	const char *p = strstr(rw, "\"languages\":[");
	char pat[32];
	unsigned long sum = 0, v;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	assert_non_null(p);
	while ((p = strstr(p, "\"code\":")) && (p = strstr(p, pat))) {
		assert_int_equal(sscanf(p + strlen(pat), "%lu", &v), 1);
		sum += v;
	}
	return sum;
}

/* Scaled per-language counts add up to the exact totals, however the shares round: four
 * languages and und, a few strides and lengths (rounded each on its own, the counts of
 * some of these runs summed to one more or less than the total). */
static void test_scaled_counts_add_up(void **unused)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct rec_bufs b;
	unsigned long bytes;
	unsigned stride, i, n;
	void *st;
	char *rw;

	(void)unused;
	dp_config_init(&cfg);
	for (stride = 2; stride <= 7; stride++) {
		cfg.lang_stride = stride;
		n = 3000 + 37 * stride;
		st = dp_analyser_scope.create(&cfg, &err);
		for (i = 0, bytes = 0; i < n; i++) {
			make_record(&b, &members[0], i, (i * 7 + i / 5) % 6);
			assert_int_equal(dp_analyser_scope.record(st, &ax, &b.r), DP_OK);
			bytes += b.r.text_len;
		}
		rw = report(st);
		assert_int_equal(languages_sum(rw, "records"), n);
		assert_int_equal(languages_sum(rw, "bytes"), bytes);
		free(rw);
		dp_analyser_scope.destroy(st);
	}
}

/* Language sampling depends on a record's place within its input and its member's name,
 * not on the input's place on the command line: a shard run samples the same records. */
static void test_sampling_ignores_input_offset(void **unused)
{
	struct dp_member m0 = members[0], m7 = members[0];
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct rec_bufs b;
	void *s0, *s7;
	char *r0, *r7;
	unsigned i;

	(void)unused;
	m7.input_index = 7;
	m7.first_seq = 7ULL << 40;
	dp_config_init(&cfg);
	s0 = dp_analyser_scope.create(&cfg, &err);
	s7 = dp_analyser_scope.create(&cfg, &err);
	for (i = 0; i < 3000; i++) {
		make_record(&b, &m0, i, i % 5 == 0 ? 2 : 0);
		assert_int_equal(dp_analyser_scope.record(s0, &ax, &b.r), DP_OK);
		make_record(&b, &m7, (7ULL << 40) | i, i % 5 == 0 ? 2 : 0);
		assert_int_equal(dp_analyser_scope.record(s7, &ax, &b.r), DP_OK);
	}
	r0 = report(s0);
	r7 = report(s7);
	assert_non_null(strstr(r0, "\"estimated\":true"));
	assert_string_equal(strstr(r0, "\"languages\":{"), strstr(r7, "\"languages\":{"));
	free(r0);
	free(r7);
	dp_analyser_scope.destroy(s0);
	dp_analyser_scope.destroy(s7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_halves_equal_whole),
		cmocka_unit_test(test_sampling_is_order_free),
		cmocka_unit_test(test_sparse_sampling_adds_up),
		cmocka_unit_test(test_scaled_counts_add_up),
		cmocka_unit_test(test_sampling_ignores_input_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_dedup_io.c - dedup side files: two shards scanned with their own input numbering,
 * saved, then loaded with input offsets into one state, report and find exactly what one
 * state fed both inputs does (cross-shard duplicates, leakage, previews, findings). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyse/dedup.h"
#include "analyse/dedup_io.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/json.h"
#include "core/sink.h"

#define NIN 3          /* inputs, one member each */
#define PER 400        /* records per input */

static char tmpdir[64];
static char origins[NIN][32];
static const char *const splits[NIN] = { "train", "train", "test" };

static void text_of(int input, int i, char *out, size_t cap)
{
	unsigned v = (unsigned)(input * 7919 + i * 104729) % 1000;

	if (v < 500)
		snprintf(out, cap, "%sshared %u", v % 3 ? "" : "  ", v % 150); /* across inputs */
	else
		snprintf(out, cap, "own %d %d", input, i);
}

/* Feed input `input` numbered as `as` (its index in the run that reads it). */
static void feed(void *st, int input, uint32_t as)
{
	struct dp_actx ax = { 0 };
	struct dp_member m = { 0 };
	char text[64];
	int i;

	ax.tmpdir = tmpdir;
	m.origin = m.name = origins[input];
	m.format = "jsonl";
	m.split = splits[input];
	m.input_index = as;
	m.first_seq = dp_seq_make(as, 0);
	m.kind = DP_MEMBER_TEXT;
	for (i = 0; i < PER; i++) {
		struct dp_record r;
		memset(&r, 0, sizeof(r));
		text_of(input, i, text, sizeof(text));
		r.member = &m;
		r.index = (uint64_t)i;
		r.seq = dp_seq_make(as, (uint64_t)i);
		r.text = text;
		r.text_len = strlen(text);
		r.has_text_field = 1;
		assert_int_equal(dp_analyser_dedup.record(st, &ax, &r), DP_OK);
	}
}

/* Finish `st` and return its report section; findings lines go to `findings`. */
static char *finish(void *st, const char *findings)
{
	struct dp_catalog *cat = dp_catalog_new();
	struct dp_json *j = dp_json_new(0);
	struct dp_actx ax = { 0 };
	struct dp_error err;
	const char *t;
	size_t n;
	char *out;
	int k;

	for (k = 0; k < NIN; k++)
		assert_int_equal(dp_catalog_add(cat, origins[k], dp_seq_make((uint32_t)k, 0), PER), 0);
	dp_catalog_seal(cat);
	ax.tmpdir = tmpdir;
	ax.catalog = cat;
	ax.findings = dp_sink_open(findings);
	assert_int_equal(dp_analyser_dedup.finish(st, &ax, &err), DP_OK);
	assert_int_equal(dp_sink_close(ax.findings), 0);
	dp_analyser_dedup.report(st, j);
	t = dp_json_text(j, &n);
	out = strndup(t, n);
	dp_json_free(j);
	dp_catalog_free(cat);
	return out;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_true(fread(buf, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return buf;
}

static void test_shards_load_as_one_scan(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_load_ctx lc;
	char dir[2][96], f1[96], f2[96], *ref, *got, *l1, *l2;
	void *one, *merged, *shard;
	int s;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	one = dp_analyser_dedup.create(&cfg, &err);
	for (s = 0; s < NIN; s++)
		feed(one, s, (uint32_t)s);
	/* shard 0 holds input 0; shard 1 holds inputs 1 and 2, numbered 0 and 1 locally */
	for (s = 0; s < 2; s++) {
		snprintf(dir[s], sizeof(dir[s]), "%s/shard%d", tmpdir, s);
		assert_int_equal(mkdir(dir[s], 0700), 0);
		shard = dp_analyser_dedup.create(&cfg, &err);
		feed(shard, s ? 1 : 0, 0);
		if (s)
			feed(shard, 2, 1);
		assert_int_equal(dp_dedup_save(shard, dir[s], &err), DP_OK);
		dp_analyser_dedup.destroy(shard);
	}
	merged = dp_analyser_dedup.create(&cfg, &err);
	memset(&lc, 0, sizeof(lc));
	lc.cfg = &cfg;
	lc.tmpdir = tmpdir;
	for (s = 0; s < 2; s++) {
		lc.dir = dir[s];
		lc.input_offset = (uint32_t)s;
		assert_int_equal(dp_dedup_load(merged, &lc, &err), DP_OK);
	}
	snprintf(f1, sizeof(f1), "%s/f1", tmpdir);
	snprintf(f2, sizeof(f2), "%s/f2", tmpdir);
	ref = finish(one, f1);
	got = finish(merged, f2);
	assert_string_equal(ref, got);
	assert_non_null(strstr(ref, "\"split\":\"test\""));        /* leakage is there */
	assert_null(strstr(ref, "\"exact\":0,"));                  /* and not zero */
	l1 = slurp(f1);
	l2 = slurp(f2);
	assert_string_equal(l1, l2);
	assert_non_null(strstr(l1, "\"original_origin\":\"in0.jsonl\""));
	assert_non_null(strstr(l1, "\"origin\":\"in2.jsonl\""));  /* duplicates across shards */
	free(l1);
	free(l2);
	free(ref);
	free(got);
	dp_analyser_dedup.destroy(one);
	dp_analyser_dedup.destroy(merged);
	unlink(f1);
	unlink(f2);
}

static void test_missing_side_file_is_fatal(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_load_ctx lc;
	void *st;

	(void)state;
	dp_config_init(&cfg);
	st = dp_analyser_dedup.create(&cfg, &err);
	memset(&lc, 0, sizeof(lc));
	lc.cfg = &cfg;
	lc.dir = "/nonexistent";
	lc.tmpdir = tmpdir;
	dp_error_clear(&err);
	assert_int_equal(dp_dedup_load(st, &lc, &err), DP_FATAL);
	assert_non_null(strstr(err.msg, "/nonexistent/dedup.json"));
	dp_analyser_dedup.destroy(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shards_load_as_one_scan),
		cmocka_unit_test(test_missing_side_file_is_fatal),
	};
	char cmd[128];
	int k, rc;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dp-dedup-io-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	for (k = 0; k < NIN; k++)
		snprintf(origins[k], sizeof(origins[k]), "in%d.jsonl", k);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}

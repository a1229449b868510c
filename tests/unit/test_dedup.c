/* test_dedup.c - the dedup analyser end to end: counts against a brute-force reference,
 * merge of partial states == one state, spilling under a tiny cap, findings, file dups. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyse/dedup.h"
#include "analyse/pvindex.h"
#include "analyse/textnorm.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/json.h"
#include "core/sink.h"

#define NREC 3000
#define NMEM 6

struct rec {
	char text[128];
	size_t len;
	int member;
	char norm[128];
	size_t norm_len;
};

static struct rec recs[NREC];
static struct dp_member members[NMEM];
static const char *const mem_split[NMEM] = { "train", "train", "test", "test", NULL, NULL };
static char tmpdir[64];

/* Member m holds records with i % NMEM == m; inputs are pairs of members. */
static void build_members(void)
{
	static char origins[NMEM][64];
	int m;

	for (m = 0; m < NMEM; m++) {
		snprintf(origins[m], sizeof(origins[m]), "in%d/%s-%d.jsonl", m / 2,
			 mem_split[m] ? mem_split[m] : "misc", m);
		members[m].origin = origins[m];
		members[m].name = origins[m];
		members[m].format = "jsonl";
		members[m].split = mem_split[m];
		members[m].input_index = (uint32_t)(m / 2);
		members[m].member_index = (uint32_t)(m % 2);
		members[m].first_seq = dp_seq_make((uint32_t)(m / 2), (uint64_t)(m % 2) * NREC);
		members[m].kind = DP_MEMBER_TEXT;
	}
}

/* Texts from a small pool, some upper-cased or re-spaced (normalised-only duplicates). */
static void build_records(void)
{
	struct dp_textnorm tn;
	unsigned seed = 7;
	int i;

	dp_textnorm_init(&tn);
	for (i = 0; i < NREC; i++) {
		struct rec *r = &recs[i];
		struct dp_buf b;
		unsigned v;
		seed = seed * 1103515245u + 12345u;
		v = (seed >> 8) % 1000;
		r->member = i % NMEM;
		if (v < 600)
			snprintf(r->text, sizeof(r->text), "sentence %u caf\xc3\xa9", v % 400);
		else if (v < 700)
			snprintf(r->text, sizeof(r->text), "  SENTENCE   %u CAF\xc3\x89 ", v % 400);
		else if (v < 720)
			snprintf(r->text, sizeof(r->text), "%s", v % 2 ? "" : "   ");
		else
			snprintf(r->text, sizeof(r->text), "unique %d text", i);
		r->len = strlen(r->text);
		dp_buf_init(&b, 0);
		assert_int_equal(dp_textnorm_apply(&tn, r->text, r->len, &b), 0);
		memcpy(r->norm, b.data ? b.data : "", b.len);
		r->norm_len = b.len;
		dp_buf_release(&b);
	}
	dp_textnorm_release(&tn);
}

static uint64_t rec_seq(int i)
{
	const struct dp_member *m = &members[recs[i].member];

	return m->first_seq + (uint64_t)(i / NMEM);
}

static void feed(void *st, struct dp_actx *ax, int input)
{
	int i;

	for (i = 0; i < NREC; i++) {
		struct dp_record r;
		if (input >= 0 && members[recs[i].member].input_index != (uint32_t)input)
			continue;
		memset(&r, 0, sizeof(r));
		r.member = &members[recs[i].member];
		r.index = (uint64_t)(i / NMEM);
		r.seq = rec_seq(i);
		r.text = recs[i].text;
		r.text_len = recs[i].len;
		r.has_text_field = 1;
		if (recs[i].member >= 4) { /* split field wins over the path */
			r.meta[DP_META_SPLIT] = (i / NMEM) % 3 ? "Train" : "validation";
			r.meta_len[DP_META_SPLIT] = strlen(r.meta[DP_META_SPLIT]);
		}
		assert_int_equal(dp_analyser_dedup.record(st, ax, &r), DP_OK);
	}
}

static const char *split_of(int i)
{
	if (recs[i].member >= 4)
		return (i / NMEM) % 3 ? "train" : "validation";
	return mem_split[recs[i].member];
}

/* Brute force: is record i a duplicate (an earlier-seq record with the same key)? */
static int is_dup(int i, int norm)
{
	int j;

	for (j = 0; j < NREC; j++) {
		int same = norm ? recs[j].norm_len == recs[i].norm_len &&
					  !memcmp(recs[j].norm, recs[i].norm, recs[i].norm_len)
				: recs[j].len == recs[i].len && !memcmp(recs[j].text, recs[i].text, recs[i].len);
		if (same && rec_seq(j) < rec_seq(i))
			return 1;
	}
	return 0;
}

static int in_train(int i, int norm)
{
	int j;

	for (j = 0; j < NREC; j++) {
		int same = norm ? recs[j].norm_len == recs[i].norm_len &&
					  !memcmp(recs[j].norm, recs[i].norm, recs[i].norm_len)
				: recs[j].len == recs[i].len && !memcmp(recs[j].text, recs[i].text, recs[i].len);
		if (same && strcmp(split_of(j), "train") == 0)
			return 1;
	}
	return 0;
}

struct run {
	void *st;
	char *json;
	char findings[96];
};

static struct dp_catalog *make_catalog(void)
{
	struct dp_catalog *c = dp_catalog_new();
	int m;

	for (m = 0; m < NMEM; m++)
		assert_int_equal(dp_catalog_add(c, members[m].origin, members[m].first_seq, NREC), 0);
	dp_catalog_seal(c);
	return c;
}

/* finish + report; the JSON is kept in run->json. */
static void finish(struct run *run, struct dp_catalog *cat, const char *tag)
{
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct dp_json *j = dp_json_new(0);
	const char *t;
	size_t n;

	snprintf(run->findings, sizeof(run->findings), "%s/findings-%s", tmpdir, tag);
	ax.tmpdir = tmpdir;
	ax.catalog = cat;
	ax.findings = dp_sink_open(run->findings);
	assert_int_equal(dp_analyser_dedup.finish(run->st, &ax, &err), DP_OK);
	assert_int_equal(dp_sink_close(ax.findings), 0);
	dp_analyser_dedup.report(run->st, j);
	t = dp_json_text(j, &n);
	run->json = strndup(t, n);
	dp_json_free(j);
}

static void one_state(struct run *run, const struct dp_config *cfg, struct dp_catalog *cat,
		      const char *tag)
{
	struct dp_actx ax = { 0 };
	struct dp_error err;

	ax.tmpdir = tmpdir;
	run->st = dp_analyser_dedup.create(cfg, &err);
	assert_non_null(run->st);
	feed(run->st, &ax, -1);
	finish(run, cat, tag);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	assert_non_null(f);
	*n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void test_counts_match_reference(void **state)
{
	struct dp_config cfg;
	struct dp_dedup_stats s;
	struct dp_catalog *cat = make_catalog();
	struct run run;
	uint64_t want[2] = { 0, 0 }, recs_n[2] = { 0, 0 }, bytes[2] = { 0, 0 }, leak[2] = { 0, 0 };
	uint64_t test_records = 0, lrec = 0, any = 0, vleak[2] = { 0, 0 };
	int i, l;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	one_state(&run, &cfg, cat, "ref");
	for (i = 0; i < NREC; i++) {
		any += (recs[i].len && is_dup(i, 0)) || (recs[i].norm_len && is_dup(i, 1));
		for (l = 0; l < 2; l++) {
			if ((l ? recs[i].norm_len : recs[i].len) == 0)
				continue;
			recs_n[l]++;
			if (is_dup(i, l)) {
				want[l]++;
				bytes[l] += recs[i].len;
			}
			if (strcmp(split_of(i), "test") == 0 && in_train(i, l))
				leak[l]++;
			if (strcmp(split_of(i), "validation") == 0 && in_train(i, l))
				vleak[l]++;
		}
		test_records += recs[i].len && strcmp(split_of(i), "test") == 0;
	}
	dp_dedup_get_stats(run.st, &s);
	for (l = 0; l < 2; l++) {
		assert_true(s.level[l].records == recs_n[l]);
		assert_true(s.level[l].duplicates == want[l]);
		assert_true(s.level[l].unique == recs_n[l] - want[l]);
		assert_true(s.level[l].duplicate_bytes == bytes[l]);
		assert_true(dp_dedup_leaked(run.st, "test", l, &lrec) == leak[l]);
		assert_true(dp_dedup_leaked(run.st, "validation", l, NULL) == vleak[l]);
	}
	assert_true(want[1] > want[0] && leak[1] > leak[0] && leak[0] > 0);
	assert_true(lrec == test_records);
	assert_true(s.level[0].empty + s.level[0].records == NREC);
	assert_true(s.level[1].empty > s.level[0].empty); /* "   " is empty once normalised */
	assert_true(s.findings == any); /* one line per duplicate at any level */
	assert_true(any > want[1]);       /* "   " repeats exactly but is empty normalised */
	assert_non_null(strstr(run.json, "\"split\":\"validation\""));
	assert_non_null(strstr(run.json, "\"preview\":\"sentence"));
	assert_true(vleak[0] > 0);
	unlink(run.findings);
	dp_analyser_dedup.destroy(run.st);
	free(run.json);
	dp_catalog_free(cat);
}

/* merge(A, B) with A fed out of input order gives the same report and findings. */
static void test_merge_equals_single(void **state)
{
	struct dp_config cfg;
	struct dp_catalog *cat = make_catalog();
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct run one, two;
	void *b;
	char *f1, *f2;
	size_t n1, n2;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 2;
	one_state(&one, &cfg, cat, "one");
	ax.tmpdir = tmpdir;
	two.st = dp_analyser_dedup.create(&cfg, &err);
	b = dp_analyser_dedup.create(&cfg, &err);
	feed(two.st, &ax, 2);
	feed(two.st, &ax, 0);
	feed(b, &ax, 1);
	assert_int_equal(dp_analyser_dedup.merge(two.st, b, &err), DP_OK);
	dp_analyser_dedup.destroy(b);
	finish(&two, cat, "two");
	assert_string_equal(one.json, two.json);
	f1 = slurp(one.findings, &n1);
	f2 = slurp(two.findings, &n2);
	assert_true(n1 == n2 && n1 > 0);
	assert_memory_equal(f1, f2, n1);
	assert_non_null(strstr(f1, "{\"type\":\"duplicate\",\"level\":\"exact\",\"origin\":\"in"));
	unlink(one.findings);
	unlink(two.findings);
	free(f1);
	free(f2);
	free(one.json);
	free(two.json);
	dp_analyser_dedup.destroy(one.st);
	dp_analyser_dedup.destroy(two.st);
	dp_catalog_free(cat);
}

/* A tiny cap forces spills of tables, logs and pairs; everything but spilled_runs holds. */
static void test_tiny_cap_spills(void **state)
{
	struct dp_config cfg;
	struct dp_catalog *cat = make_catalog();
	struct dp_dedup_stats s;
	struct run big, tiny;
	char *f1, *f2, *cut;
	size_t n1, n2;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	one_state(&big, &cfg, cat, "big");
	cfg.limits.dedup_memory = 8192;
	one_state(&tiny, &cfg, cat, "tiny");
	dp_dedup_get_stats(tiny.st, &s);
	assert_true(s.spilled_runs > 10);
	cut = strstr(big.json, "\"spilled_runs\"");
	assert_non_null(cut);
	assert_memory_equal(big.json, tiny.json, (size_t)(cut - big.json));
	f1 = slurp(big.findings, &n1);
	f2 = slurp(tiny.findings, &n2);
	assert_true(n1 == n2);
	assert_memory_equal(f1, f2, n1);
	unlink(big.findings);
	unlink(tiny.findings);
	free(f1);
	free(f2);
	free(big.json);
	free(tiny.json);
	dp_analyser_dedup.destroy(big.st);
	dp_analyser_dedup.destroy(tiny.st);
	dp_catalog_free(cat);
}

static void end_member(void *st, const char *origin, uint32_t input, uint32_t index,
		       uint8_t fill, uint64_t bytes, enum dp_member_kind kind)
{
	struct dp_member m;
	struct dp_member_end e;

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	m.origin = origin;
	m.input_index = input;
	m.member_index = index;
	m.kind = kind;
	e.bytes = bytes;
	memset(e.digest, fill, sizeof(e.digest));
	assert_int_equal(dp_analyser_dedup.member_end(st, NULL, &m, &e), DP_OK);
}

static void test_file_duplicates(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_dedup_stats s;
	struct run run;
	void *b;

	(void)state;
	dp_config_init(&cfg);
	run.st = dp_analyser_dedup.create(&cfg, &err);
	b = dp_analyser_dedup.create(&cfg, &err);
	end_member(b, "z.tar!/copy.bin", 1, 0, 0xaa, 100, DP_MEMBER_BINARY);
	end_member(run.st, "a/orig.bin", 0, 3, 0xaa, 100, DP_MEMBER_BINARY);
	end_member(run.st, "a/x.jsonl", 0, 4, 0xbb, 10, DP_MEMBER_TEXT);
	end_member(b, "z.tar!/copy2.bin", 1, 1, 0xaa, 100, DP_MEMBER_BINARY);
	end_member(b, "z.tar", 1, 2, 0xbb, 10, DP_MEMBER_ARCHIVE); /* not a leaf */
	end_member(b, "empty1", 1, 3, 0xcc, 0, DP_MEMBER_TEXT);    /* no bytes */
	end_member(b, "empty2", 1, 4, 0xcc, 0, DP_MEMBER_TEXT);
	assert_int_equal(dp_analyser_dedup.merge(run.st, b, &err), DP_OK);
	dp_analyser_dedup.destroy(b);
	finish(&run, NULL, "files");
	dp_dedup_get_stats(run.st, &s);
	assert_true(s.files == 4 && s.file_duplicates == 2 && s.file_duplicate_bytes == 200);
	assert_non_null(strstr(run.json, "\"origins\":[\"a/orig.bin\",\"z.tar!/copy.bin\","
					 "\"z.tar!/copy2.bin\"]"));
	unlink(run.findings);
	free(run.json);
	dp_analyser_dedup.destroy(run.st);
}

/* One record of members[0] with text, at position seq of the member. */
static void feed_text(void *st, struct dp_actx *ax, const char *text, size_t len, uint64_t seq)
{
	struct dp_record r;

	memset(&r, 0, sizeof(r));
	r.member = &members[0];
	r.has_text_field = 1;
	r.text = text;
	r.text_len = len;
	r.seq = members[0].first_seq + seq;
	r.index = seq;
	assert_int_equal(dp_analyser_dedup.record(st, ax, &r), DP_OK);
}

/* Previews of duplicate clusters are masked by the PII rules, like findings. */
static void test_preview_masks_pii(void **state)
{
	static const char *const text = "Write to  Bob.Smith@corp-mail.com\n about it";
	struct dp_config cfg;
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct run run;
	uint64_t i;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	ax.tmpdir = tmpdir;
	run.st = dp_analyser_dedup.create(&cfg, &err);
	for (i = 0; i < 3; i++)
		feed_text(run.st, &ax, text, strlen(text), i);
	finish(&run, NULL, "mask");
	assert_null(strstr(run.json, "Bob.Smith@corp-mail.com"));
	assert_non_null(strstr(run.json, "\"preview\":\"Write to B***@"));
	unlink(run.findings);
	free(run.json);
	dp_analyser_dedup.destroy(run.st);
}

/* Previews are written in zstd frames of DP_PVINDEX_FRAME_RECORDS with a frame index, and
 * finish decompresses only the frames that hold a top cluster's original: originals in
 * the first, middle and last frames (and two in one frame) all get their own preview. */
static void test_previews_across_frames(void **state)
{
	static const uint64_t picks[] = { 3, DP_PVINDEX_FRAME_RECORDS + 17,
					  DP_PVINDEX_FRAME_RECORDS + 18,
					  3 * DP_PVINDEX_FRAME_RECORDS + 40 };
	const uint64_t n = 3 * DP_PVINDEX_FRAME_RECORDS + 100;
	struct dp_config cfg;
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct run run;
	char text[64], want[96];
	uint64_t i, seq = 0;
	size_t k, d, len;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	ax.tmpdir = tmpdir;
	run.st = dp_analyser_dedup.create(&cfg, &err);
	for (i = 0; i < n; i++, seq++) { /* unique texts: one preview each, in order */
		len = (size_t)snprintf(text, sizeof(text), "frame text number %llu",
				       (unsigned long long)i);
		feed_text(run.st, &ax, text, len, seq);
	}
	for (k = 0; k < sizeof(picks) / sizeof(*picks); k++) /* then 2 + k copies of some */
		for (d = 0; d < 2 + k; d++, seq++) {
			len = (size_t)snprintf(text, sizeof(text), "frame text number %llu",
					       (unsigned long long)picks[k]);
			feed_text(run.st, &ax, text, len, seq);
		}
	finish(&run, NULL, "frames");
	for (k = 0; k < sizeof(picks) / sizeof(*picks); k++) {
		snprintf(want, sizeof(want), "\"preview\":\"frame text number %llu\"",
			 (unsigned long long)picks[k]);
		if (!strstr(run.json, want))
			fail_msg("no %s in %.400s", want, run.json);
	}
	unlink(run.findings);
	free(run.json);
	dp_analyser_dedup.destroy(run.st);
}

static void test_unwritable_spill_dir(void **state)
{
	struct dp_config cfg;
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct dp_record r;
	char text[32];
	void *st;
	int i, rc = DP_OK;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	cfg.limits.dedup_memory = 4096;
	ax.tmpdir = "/nonexistent/spill";
	st = dp_analyser_dedup.create(&cfg, &err);
	memset(&r, 0, sizeof(r));
	r.member = &members[0];
	r.has_text_field = 1;
	r.text = text;
	for (i = 0; i < 5000 && rc == DP_OK; i++) {
		r.text_len = (size_t)snprintf(text, sizeof(text), "t%d", i);
		r.seq = (uint64_t)i;
		rc = dp_analyser_dedup.record(st, &ax, &r);
	}
	assert_int_equal(rc, DP_FATAL);
	assert_int_equal(dp_analyser_dedup.finish(st, &ax, &err), DP_FATAL);
	assert_non_null(strstr(err.msg, "/nonexistent/spill"));
	dp_analyser_dedup.destroy(st);
}

/* A spill failure while a full scan table is folded (the normalized level's log cannot be
 * spilled during the fold's combine) ends the scan with a message naming the spill
 * directory. It was empty: the fold copied d->err onto itself. */
static void test_fold_spill_failure_names_dir(void **state)
{
	static int fds[256];
	struct rlimit saved, rl;
	struct dp_config cfg;
	struct dp_actx ax = { 0 };
	struct dp_error err;
	struct dp_record r;
	char text[16];
	void *st;
	int i, k, nfd = 0, fd, rc;

	(void)state;
	dp_config_init(&cfg);
	cfg.threads = 1;
	cfg.top_clusters = 0;            /* no preview file: the fold opens the first files */
	cfg.limits.dedup_memory = 65536; /* a scan table of 512 texts, logs of 170 records */
	ax.tmpdir = tmpdir;
	st = dp_analyser_dedup.create(&cfg, &err);
	memset(&r, 0, sizeof(r));
	r.member = &members[0];
	r.has_text_field = 1;
	r.text = text;
	r.text_len = 9;
	for (i = 0; i < 512; i++) { /* 512 case variants: one normalized text */
		for (k = 0; k < 9; k++)
			text[k] = (char)((i >> k & 1 ? 'A' : 'a') + k);
		r.seq = (uint64_t)i;
		assert_int_equal(dp_analyser_dedup.record(st, &ax, &r), DP_OK);
	}
	/* one descriptor left: the fold's normalized run gets it, the log spill cannot */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	rl = saved;
	rl.rlim_cur = rl.rlim_cur > 256 ? 256 : rl.rlim_cur;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	while (nfd < 256 && (fd = dup(0)) >= 0)
		fds[nfd++] = fd;
	assert_int_equal(errno, EMFILE);
	close(fds[--nfd]);
	memcpy(text, "different", 9); /* the table is full: this record folds it */
	r.seq = 512;
	rc = dp_analyser_dedup.record(st, &ax, &r);
	while (nfd > 0)
		close(fds[--nfd]);
	setrlimit(RLIMIT_NOFILE, &saved);
	assert_int_equal(rc, DP_FATAL);
	assert_int_equal(dp_analyser_dedup.finish(st, &ax, &err), DP_FATAL);
	assert_non_null(strstr(err.msg, tmpdir));
	dp_analyser_dedup.destroy(st);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dp-test-dedup-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	build_members();
	build_records();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir); /* fails when a spill file was left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_match_reference),
		cmocka_unit_test(test_merge_equals_single),
		cmocka_unit_test(test_tiny_cap_spills),
		cmocka_unit_test(test_file_duplicates),
		cmocka_unit_test(test_preview_masks_pii),
		cmocka_unit_test(test_previews_across_frames),
		cmocka_unit_test(test_unwritable_spill_dir),
		cmocka_unit_test(test_fold_spill_failure_names_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_summary_io.c - the pipeline summary side file round-trips exactly, with input
 * indices and seqs shifted by the load offset, and two loads append in order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/summary_io.h"
#include "core/record.h"

static void fill(struct dp_summary *s)
{
	struct dp_member_row *m;
	static const char fmt[] = "jsonl";

	memset(s, 0, sizeof(*s));
	s->inputs = calloc(1, sizeof(*s->inputs));
	s->n_inputs = 1;
	s->inputs[0].info.path = strdup("shards/a\xff.tar");  /* not UTF-8: saved as hex */
	snprintf(s->inputs[0].info.sha256, sizeof(s->inputs[0].info.sha256), "%064d", 7);
	snprintf(s->inputs[0].info.container, sizeof(s->inputs[0].info.container), "tar");
	s->inputs[0].info.limits_hit[1] = 3;
	s->inputs[0].info.errors[0] = strdup("shards/a.tar!/x: bad");
	s->inputs[0].info.n_errors = 1;
	s->inputs[0].info.errors_total = 4;
	s->inputs[0].records = 12;
	s->inputs[0].status = DP_WARN;
	m = dp_input_result_add(&s->inputs[0], "shards/a.tar!/x.jsonl");
	m->format = fmt;
	m->split = "train";
	m->records = 12;
	m->first_seq = dp_seq_make(0, 0);
	m->status = DP_WARN;
	m->notes = strdup("line 3: bad JSON");
	snprintf(m->digest, sizeof(m->digest), "%032d", 5);
	s->records = 12;
	s->malformed = 1;
	dp_count_add(s->by_format, &s->n_by_format, "jsonl", 5, 12, 300);
	dp_count_add(s->by_split, &s->n_by_split, "train", 5, 12, 250);
}

static void test_round_trip_with_offset(void **state)
{
	struct dp_summary a, b;
	struct dp_strpool pool = { NULL, 0, 0 };
	struct dp_error err;
	char path[] = "/tmp/dp-summary-io-XXXXXX";
	size_t n = 0;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	fill(&a);
	assert_int_equal(dp_summary_save(&a, path, &err), DP_OK);
	memset(&b, 0, sizeof(b));
	assert_int_equal(dp_summary_load(&b, path, 0, &pool, &n, &err), DP_OK);
	assert_int_equal(dp_summary_load(&b, path, 5, &pool, &n, &err), DP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b.n_inputs, 2);
	assert_string_equal(b.inputs[1].info.path, "shards/a\xff.tar");
	assert_string_equal(b.inputs[1].info.errors[0], "shards/a.tar!/x: bad");
	assert_int_equal(b.inputs[1].info.limits_hit[1], 3);
	assert_int_equal(b.inputs[1].info.errors_total, 4);
	assert_int_equal(b.inputs[1].status, DP_WARN);
	assert_int_equal(b.inputs[1].members[0].input_index, 5);
	assert_true(b.inputs[1].members[0].first_seq == dp_seq_make(5, 0));
	assert_string_equal(b.inputs[1].members[0].format, "jsonl");
	assert_ptr_equal(b.inputs[0].members[0].format, b.inputs[1].members[0].format);
	assert_string_equal(b.inputs[1].members[0].notes, "line 3: bad JSON");
	assert_string_equal(b.inputs[1].members[0].digest, a.inputs[0].members[0].digest);
	assert_true(b.records == 24 && b.malformed == 2);
	assert_true(b.n_by_format == 1 && b.by_format[0].bytes == 600);
	assert_true(b.n_by_split == 1 && b.by_split[0].records == 24);
	dp_summary_release(&a);
	dp_summary_release(&b);
	dp_strpool_release(&pool);
	unlink(path);
}

static void test_malformed_is_fatal(void **state)
{
	struct dp_summary b;
	struct dp_strpool pool = { NULL, 0, 0 };
	struct dp_error err;
	char path[] = "/tmp/dp-summary-io-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_true(write(fd, "{\"version\":1,\"inputs\":[{}]}", 27) == 27);
	close(fd);
	memset(&b, 0, sizeof(b));
	dp_error_clear(&err);
	assert_int_equal(dp_summary_load(&b, path, 0, &pool, NULL, &err), DP_FATAL);
	assert_non_null(strstr(err.msg, path));
	dp_summary_release(&b);
	dp_strpool_release(&pool);
	unlink(path);
}

/* More names than slots: the last slot counts all the rest as "other", and nothing is
 * written past the array (70 splits used to overflow it). */
static void test_counts_overflow_into_other(void **state)
{
	struct dp_count v[DP_SUMMARY_MAX_COUNTS + 1];
	size_t n = 0, i;
	char name[16];
	uint64_t total = 0;

	(void)state;
	memset(v, 0x5a, sizeof(v));
	for (i = 0; i < 70; i++) {
		int len = snprintf(name, sizeof(name), "s%zu", i);
		dp_count_add(v, &n, name, (size_t)len, 1, 10);
	}
	dp_count_add(v, &n, "s5", 2, 1, 10); /* one already counted goes to its own slot */
	assert_int_equal(n, DP_SUMMARY_MAX_COUNTS);
	assert_string_equal(v[DP_SUMMARY_MAX_COUNTS - 1].name, "other");
	assert_int_equal(v[DP_SUMMARY_MAX_COUNTS - 1].records, 70 - (DP_SUMMARY_MAX_COUNTS - 1));
	assert_int_equal(v[5].records, 2);
	for (i = 0; i < n; i++)
		total += v[i].records;
	assert_int_equal(total, 71);
	assert_int_equal(v[DP_SUMMARY_MAX_COUNTS].records, 0x5a5a5a5a5a5a5a5aULL); /* untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_with_offset),
		cmocka_unit_test(test_malformed_is_fatal),
		cmocka_unit_test(test_counts_overflow_into_other),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

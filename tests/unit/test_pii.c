/* test_pii.c - the PII analyser: counts, findings lines (redacted unless raw), merge,
 * deterministic report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyse/pii.h"

static const struct dp_member member_a = { .origin = "a.jsonl", .name = "a.jsonl",
					   .format = "jsonl", .input_index = 0,
					   .member_index = 0, .kind = DP_MEMBER_TEXT };
static const struct dp_member member_b = { .origin = "b.tar!/b.jsonl", .name = "b.jsonl",
					   .format = "jsonl", .input_index = 1,
					   .member_index = 1, .depth = 1, .kind = DP_MEMBER_TEXT };

/* Feed one record whose text is `title` "\n" `body` (two spans). */
static int feed(void *st, struct dp_actx *ax, const struct dp_member *m, uint64_t idx,
		const char *title, const char *body)
{
	size_t tl = strlen(title), cap = tl + strlen(body) + 2;
	char *text = malloc(cap);
	struct dp_text_span spans[2];
	struct dp_record r;
	int rc;

	snprintf(text, cap, "%s\n%s", title, body);
	spans[0] = (struct dp_text_span){ "title", 0, tl };
	spans[1] = (struct dp_text_span){ "body", tl + 1, strlen(body) };
	memset(&r, 0, sizeof(r));
	r.member = m;
	r.index = idx;
	r.seq = dp_seq_make(m->input_index, idx);
	r.text = text;
	r.text_len = strlen(text);
	r.spans = spans;
	r.n_spans = 2;
	r.has_text_field = 1;
	rc = dp_analyser_pii.record(st, ax, &r);
	free(text);
	return rc;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 65536);

	assert_non_null(f);
	assert_true(fread(buf, 1, 65535, f) < 65535);
	fclose(f);
	return buf;
}

static char *report_text(void *st)
{
	struct dp_json *j = dp_json_new(0);
	size_t n;
	char *out;

	dp_analyser_pii.report(st, j);
	assert_false(dp_json_failed(j));
	out = strdup(dp_json_text(j, &n));
	if (getenv("TEST_PII_VERBOSE"))
		printf("%s\n", out);
	dp_json_free(j);
	return out;
}

static void run_states(struct dp_config *cfg, const char *path, char **rep, char **lines)
{
	struct dp_error err;
	struct dp_actx ax = { .cfg = cfg, .findings = NULL, .tmpdir = "/tmp" };
	void *a = dp_analyser_pii.create(cfg, &err), *b = dp_analyser_pii.create(cfg, &err);

	assert_non_null(a);
	assert_non_null(b);
	ax.findings = dp_sink_open(path);
	assert_non_null(ax.findings);
	assert_int_equal(feed(a, &ax, &member_a, 0, "hello", "mail john@acme.org or "
			      "call +1-984-182-0190"), DP_OK);
	assert_int_equal(feed(a, &ax, &member_a, 1, "nothing", "to see here"), DP_OK);
	assert_int_equal(feed(b, &ax, &member_b, 0, "card 4242 4242 4242 4242",
			      "key AKIAQWERTYUIOPASDFGH and jane@corp.example.net"), DP_OK);
	assert_int_equal(dp_sink_close(ax.findings), 0);
	assert_int_equal(dp_analyser_pii.merge(a, b, &err), DP_OK);
	dp_analyser_pii.destroy(b);
	assert_int_equal(dp_analyser_pii.finish(a, &ax, &err), DP_OK);
	*rep = report_text(a);
	*lines = slurp(path);
	dp_analyser_pii.destroy(a);
}

static void test_counts_and_findings(void **state)
{
	struct dp_config cfg;
	char path[] = "/tmp/test_pii_XXXXXX";
	int fd = mkstemp(path);
	char *rep, *lines;

	(void)state;
	close(fd);
	dp_config_init(&cfg);
	run_states(&cfg, path, &rep, &lines);
	assert_non_null(strstr(rep, "{\"id\":\"email\",\"category\":\"pii\",\"severity\":\"medium\","
				    "\"findings\":2,\"records\":2}"));
	assert_non_null(strstr(rep, "{\"id\":\"credit-card\",\"category\":\"pii\",\"severity\":"
				    "\"high\",\"findings\":1,\"records\":1}"));
	assert_non_null(strstr(rep, "\"findings\":5,\"findings_dropped\":0,\"records_scanned\":3,"
				    "\"records_with_findings\":2"));
	assert_non_null(strstr(rep, "\"members\":[{\"origin\":\"a.jsonl\",\"findings\":2,"
				    "\"records\":1},{\"origin\":\"b.tar!/b.jsonl\",\"findings\":3,"
				    "\"records\":1}]"));
	assert_non_null(strstr(rep, "\"limit_hits\":[]"));
	assert_null(strstr(rep, "john@"));                 /* no raw value in the report */
	assert_true(strstr(rep, "\"id\":\"aws-access-key-id\"") < strstr(rep, "\"id\":\"email\""));
	assert_non_null(strstr(lines, "{\"origin\":\"a.jsonl\",\"record\":0,\"field\":\"body\","
				      "\"offset\":5,\"length\":13,\"rule\":\"email\",\"category\":"
				      "\"pii\",\"severity\":\"medium\",\"preview\":\"j***@a***.org\"}"));
	assert_non_null(strstr(lines, "\"field\":\"title\",\"offset\":5,\"length\":19,"
				      "\"rule\":\"credit-card\""));
	assert_non_null(strstr(lines, "\"preview\":\"**** **** **** 4242\""));
	assert_null(strstr(lines, "\"value\""));
	assert_null(strstr(lines, "john@acme.org"));
	free(rep);
	free(lines);
	cfg.findings_raw = 1;
	run_states(&cfg, path, &rep, &lines);
	assert_non_null(strstr(lines, "\"value\":\"john@acme.org\""));
	assert_null(strstr(rep, "john@"));
	free(rep);
	free(lines);
	unlink(path);
}

static void test_limit_hits_reported(void **state)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax;
	char path[] = "/tmp/test_pii_rules_XXXXXX";
	int fd = mkstemp(path);
	const char *rules = "rule evil\n trigger keyword aa\n pattern (a+)+$\n";
	char text[4000], *rep;
	void *st;

	(void)state;
	assert_true(write(fd, rules, strlen(rules)) == (ssize_t)strlen(rules));
	close(fd);
	dp_config_init(&cfg);
	cfg.no_builtin_rules = 1;
	cfg.rule_files.v[cfg.rule_files.n++] = path;
	cfg.findings = 0;
	memset(&ax, 0, sizeof(ax));
	ax.cfg = &cfg;
	st = dp_analyser_pii.create(&cfg, &err);
	assert_non_null(st);
	memset(text, 'a', sizeof(text) - 2);
	text[sizeof(text) - 2] = 'b';
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(feed(st, &ax, &member_a, 0, "t", text), DP_OK);
	assert_int_equal(dp_analyser_pii.finish(st, &ax, &err), DP_OK);
	rep = report_text(st);
	assert_non_null(strstr(rep, "\"limit_hits\":[{\"rule\":\"evil\",\"count\":1}]"));
	free(rep);
	dp_analyser_pii.destroy(st);
	unlink(path);
}

static void test_bad_rule_file(void **state)
{
	struct dp_config cfg;
	struct dp_error err;

	(void)state;
	dp_config_init(&cfg);
	cfg.rule_files.v[cfg.rule_files.n++] = "/nonexistent/x.rules";
	assert_null(dp_analyser_pii.create(&cfg, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/x.rules: cannot open rule file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_findings),
		cmocka_unit_test(test_limit_hits_reported),
		cmocka_unit_test(test_bad_rule_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

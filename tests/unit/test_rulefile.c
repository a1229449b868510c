/* test_rulefile.c - rule-file parsing, line-numbered errors, overrides and lint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/prefilter.h"
#include "rules/rulefile.h"

static int parse(struct dp_ruleset *s, const char *text, struct dp_error *err)
{
	dp_error_clear(err);
	return dp_ruleset_parse(s, text, strlen(text), "t.rules", err);
}

static void test_good_rule(void **state)
{
	struct dp_ruleset s;
	struct dp_error err;
	const struct dp_rule_def *d;

	(void)state;
	dp_ruleset_init(&s);
	assert_int_equal(parse(&s, "# comment\n\nrule emp-id\n  category pii\n"
			       "  severity high\n  description Employee id\n"
			       "  trigger keyword-nocase EMP\n  pattern EMP-[0-9]{6}\n"
			       "  context required 20 employee staff\n  stop 000000\n"
			       "  allow EMP-123456\n  exclude 8 test\n  window 0 16\n"
			       "  validator luhn\n  priority 5\n  preview digits\n", &err), DP_OK);
	assert_int_equal(s.n, 1);
	d = &s.v[0];
	assert_string_equal(d->id, "emp-id");
	assert_string_equal(d->severity, "high");
	assert_int_equal(d->trigger, DP_TRIG_KEYWORD);
	assert_true(d->keywords_nocase);
	assert_string_equal(d->keywords.v[0], "EMP");
	assert_string_equal(d->pattern, "EMP-[0-9]{6}");
	assert_int_equal(d->pattern_line, 8);
	assert_true(d->context_required);
	assert_int_equal(d->context.n, 2);
	assert_int_equal(d->context_window, 20);
	assert_int_equal(d->n_allow, 1);
	assert_int_equal(d->after, 16);
	assert_int_equal(d->priority, 5);
	assert_int_equal(d->preview, DP_PREVIEW_DIGITS);
	assert_int_equal(d->line, 3);
	dp_ruleset_release(&s);
	dp_ruleset_init(&s);
	assert_int_equal(parse(&s, "rule n\n trigger digits 4 9 ._+0a\n pattern [0-9]{4}\n", &err),
			 DP_OK);
	assert_int_equal(s.v[0].digits_min, 4);
	assert_int_equal(s.v[0].digits_seps, DP_SEP_DOT | DP_SEP_SPACE | DP_LEAD_PLUS | DP_LEAD_00 |
			 DP_LEAD_LETTER);
	assert_int_equal(s.v[0].before, 8);     /* default window for digit triggers */
	dp_ruleset_release(&s);
}

static void expect_error(const char *text, const char *msg)
{
	struct dp_ruleset s;
	struct dp_error err;

	dp_ruleset_init(&s);
	assert_int_equal(parse(&s, text, &err), DP_WARN);
	if (!strstr(err.msg, msg))
		fail_msg("expected '%s' in '%s'", msg, err.msg);
	dp_ruleset_release(&s);
}

static void test_errors_have_lines(void **state)
{
	(void)state;
	expect_error("rule a\n  trigger at-sign\n  bogus 1\n", "t.rules:3: unknown key: bogus");
	expect_error("category pii\n", "t.rules:1: setting outside a rule");
	expect_error("rule a\n  pattern x\n\nrule b\n", "t.rules:1: rule has no trigger");
	expect_error("rule a\n  trigger at-sign\nrule b\n", "t.rules:1: rule has no pattern");
	expect_error("rule a b\n", "t.rules:1: expected `rule ID`");
	expect_error("rule a\n trigger digits 9 3\n", "t.rules:2: expected `digits MIN MAX");
	expect_error("rule a\n trigger digits 3 9 x\n", "t.rules:2: expected `digits MIN MAX");
	expect_error("rule a\n trigger magic\n", "t.rules:2: unknown trigger");
	expect_error("rule a\n validator entropy\n", "t.rules:2: expected `validator entropy");
	expect_error("rule a\n validator nope\n", "t.rules:2: unknown validator");
	expect_error("rule a\n category pi\n", "t.rules:2: unknown value: pi");
	expect_error("rule a\n context maybe 3 x\n", "t.rules:2: expected `context");
	expect_error("rule a\n window 1\n", "t.rules:2: expected `window BEFORE AFTER`");
	expect_error("rule a\n preview blur\n", "t.rules:2: unknown preview");
	expect_error("rule a\n trigger keyword\n", "t.rules:2: expected at least one word");
}

static void test_override_keeps_order(void **state)
{
	struct dp_ruleset s;
	struct dp_error err;

	(void)state;
	dp_ruleset_init(&s);
	assert_int_equal(dp_ruleset_load_builtin(&s, &err), DP_OK);
	assert_true(s.n >= 20);
	assert_true(dp_ruleset_find(&s, "email") == 0);
	assert_int_equal(parse(&s, "rule email\n trigger at-sign\n pattern x@y\n"
			       "rule mine\n trigger at-sign\n pattern q@r\n", &err), DP_OK);
	assert_true(dp_ruleset_find(&s, "email") == 0);
	assert_string_equal(s.v[0].pattern, "x@y");
	assert_true(dp_ruleset_find(&s, "mine") == (long)s.n - 1);
	dp_ruleset_release(&s);
}

static void count_warn(void *ctx, int line, const char *msg)
{
	(void)line;
	(void)msg;
	(*(int *)ctx)++;
}

static void test_lint(void **state)
{
	struct dp_ruleset s;
	struct dp_error err;
	int n = 0;
	size_t i;

	(void)state;
	dp_ruleset_init(&s);
	assert_int_equal(parse(&s, "rule a\n trigger at-sign\n pattern (a+)+$\n"
			       "rule b\n trigger at-sign\n pattern [a-z]{1,9}@x\\+\n", &err), DP_OK);
	assert_int_equal(dp_rule_lint(&s.v[0], count_warn, &n), 2);  /* unbounded + nested */
	assert_int_equal(dp_rule_lint(&s.v[1], count_warn, &n), 0);  /* \+ is a literal */
	dp_ruleset_release(&s);
	dp_ruleset_init(&s);
	assert_int_equal(dp_ruleset_load_builtin(&s, &err), DP_OK);
	for (i = 0; i < s.n; i++)
		if (dp_rule_lint(&s.v[i], NULL, NULL))
			fail_msg("built-in rule %s does not pass lint", s.v[i].id);
	dp_ruleset_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_rule),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_override_keeps_order),
		cmocka_unit_test(test_lint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

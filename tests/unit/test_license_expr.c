/* test_license_expr.c - license/spdx_expr: SPDX expression parsing and canonical spelling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <strings.h>

#include "license/spdx_expr.h"

static int parse(const char *s, char *out, size_t cap)
{
	struct dp_error err;
	return dp_spdx_expr_parse(s, strlen(s), out, cap, NULL, NULL, &err);
}

static void simple_and_compound(void **state)
{
	char out[256];
	(void)state;
	assert_int_equal(parse("MIT", out, sizeof(out)), DP_OK);
	assert_string_equal(out, "MIT");
	assert_int_equal(parse("  MIT  OR   Apache-2.0 ", out, sizeof(out)), DP_OK);
	assert_string_equal(out, "MIT OR Apache-2.0");
	assert_int_equal(parse("gpl-2.0+ with Classpath-exception-2.0", out, sizeof(out)), DP_OK);
	assert_string_equal(out, "gpl-2.0+ WITH Classpath-exception-2.0");
	assert_int_equal(parse("(MIT OR BSD-3-Clause) and (GPL-2.0-only WITH GCC-exception-2.0)",
			       out, sizeof(out)), DP_OK);
	assert_string_equal(out, "(MIT OR BSD-3-Clause) AND (GPL-2.0-only WITH GCC-exception-2.0)");
	assert_int_equal(parse("LicenseRef-My-License OR DocumentRef-spdx:LicenseRef-x", out,
			       sizeof(out)), DP_OK);
	assert_int_equal(parse("((MIT))", out, sizeof(out)), DP_OK);
	assert_string_equal(out, "((MIT))");
}

static void syntax_errors(void **state)
{
	char out[256];
	(void)state;
	assert_int_equal(parse("", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("MIT OR", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("MIT Apache-2.0", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("(MIT", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("MIT)", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("WITH MIT", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("MIT WITH", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("Apache 2", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("a:b", out, sizeof(out)), DP_WARN);
	assert_int_equal(parse("MIT OR Apache-2.0", out, 8), DP_WARN); /* does not fit */
}

static const char *upper_mit(void *ctx, const char *id, int is_exception)
{
	int *calls = ctx;
	calls[is_exception]++;
	return !strcasecmp(id, "mit") ? "MIT" : NULL;
}

static void id_callback(void **state)
{
	char out[256];
	struct dp_error err;
	int calls[2] = { 0, 0 };
	const char *s = "mit AND (gpl-2.0 WITH x-exception)";
	(void)state;
	assert_int_equal(dp_spdx_expr_parse(s, strlen(s), out, sizeof(out), upper_mit, calls, &err),
			 DP_OK);
	assert_string_equal(out, "MIT AND (gpl-2.0 WITH x-exception)");
	assert_int_equal(calls[0], 2);
	assert_int_equal(calls[1], 1);
}

static void nesting_is_bounded(void **state)
{
	char in[200], out[512];
	size_t i;
	(void)state;
	for (i = 0; i < 40; i++)
		in[i] = '(';
	memcpy(in + 40, "MIT", 3);
	for (i = 0; i < 40; i++)
		in[43 + i] = ')';
	in[83] = '\0';
	assert_int_equal(parse(in, out, sizeof(out)), DP_WARN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_and_compound),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(id_callback),
		cmocka_unit_test(nesting_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

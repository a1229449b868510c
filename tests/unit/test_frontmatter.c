/* test_frontmatter.c - core/frontmatter: the YAML header of a markdown card. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/frontmatter.h"

static void scalars_lists_and_maps(void **state)
{
	const char *md = "---\nlicense: cc-by-nc-4.0\nlanguage:\n- en\n- fr\n"
			 "configs:\n  - config_name: default\n    data_files: x\n"
			 "license_name: \"My License\"\npretty_name: Demo\n---\n# Title\n";
	struct dp_frontmatter fm;
	struct dp_error err;
	const struct dp_fm_entry *e;
	(void)state;
	assert_int_equal(dp_frontmatter_parse(md, strlen(md), &fm, &err), DP_OK);
	e = dp_frontmatter_get(&fm, "license");
	assert_non_null(e);
	assert_int_equal(e->n_values, 1);
	assert_string_equal(e->values[0], "cc-by-nc-4.0");
	assert_int_equal(e->line, 2);
	assert_false(e->is_list);
	e = dp_frontmatter_get(&fm, "language");
	assert_non_null(e);
	assert_true(e->is_list);
	assert_int_equal(e->n_values, 2);
	assert_string_equal(e->values[1], "fr");
	e = dp_frontmatter_get(&fm, "configs");
	assert_non_null(e);
	assert_int_equal(e->n_values, 0); /* a list of mappings: no scalar values */
	e = dp_frontmatter_get(&fm, "license_name");
	assert_string_equal(e->values[0], "My License");
	assert_int_equal(e->line, 9);
	assert_null(dp_frontmatter_get(&fm, "missing"));
	assert_int_equal(fm.end_line, 11);
	dp_frontmatter_release(&fm);
	dp_frontmatter_release(&fm); /* twice is fine */
}

static void no_header_and_bad_yaml(void **state)
{
	struct dp_frontmatter fm;
	struct dp_error err;
	const char *plain = "# Title\nlicense: mit\n";
	const char *bad = "---\nlicense: [unclosed\n---\n";
	const char *notmap = "---\n- a\n- b\n---\n";
	const char *unterminated = "---\nlicense: mit\n";
	(void)state;
	assert_int_equal(dp_frontmatter_parse(plain, strlen(plain), &fm, &err), DP_DONE);
	assert_int_equal(fm.n, 0);
	assert_int_equal(dp_frontmatter_parse(bad, strlen(bad), &fm, &err), DP_WARN);
	assert_int_equal(fm.n, 0);
	assert_int_equal(dp_frontmatter_parse(notmap, strlen(notmap), &fm, &err), DP_WARN);
	assert_int_equal(dp_frontmatter_parse(unterminated, strlen(unterminated), &fm, &err),
			 DP_DONE);
}

static void crlf_and_bom(void **state)
{
	const char *md = "\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\nbody\r\n";
	struct dp_frontmatter fm;
	struct dp_error err;
	(void)state;
	assert_int_equal(dp_frontmatter_parse(md, strlen(md), &fm, &err), DP_OK);
	assert_string_equal(dp_frontmatter_get(&fm, "license")->values[0], "mit");
	dp_frontmatter_release(&fm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scalars_lists_and_maps),
		cmocka_unit_test(no_header_and_bad_yaml),
		cmocka_unit_test(crlf_and_bom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

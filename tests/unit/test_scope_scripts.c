/* test_scope_scripts.c - code points, words and letters per script in one pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/scripts.h"

static int idx(const char *name)
{
	int i;

	for (i = 0; i < DP_SCRIPT_COUNT; i++)
		if (!strcmp(dp_scripts_name(i), name))
			return i;
	return -1;
}

static void scan(const char *s, struct dp_text_counts *c)
{
	memset(c, 0, sizeof(*c));
	dp_scripts_scan(s, strlen(s), c);
}

static void test_ascii(void **st)
{
	struct dp_text_counts c;

	(void)st;
	scan("  Hello, world 42 \n foo\tbar ", &c);
	assert_int_equal(c.words, 5);
	assert_int_equal(c.letters, 16);
	assert_int_equal(c.script[DP_SCRIPT_LATIN], 16);
	assert_int_equal(c.chars, strlen("  Hello, world 42 \n foo\tbar "));
	assert_int_equal(c.invalid_bytes, 0);
}

static void test_mixed_scripts(void **st)
{
	struct dp_text_counts c;

	(void)st;
	/* Devanagari and Thai vowel signs and the virama are marks (Mn), not letters. */
	scan("привет γεια 中文 ひら カタカ 한국 مرحبا שלום नमस्ते สวัสดี é", &c);
	assert_int_equal(c.script[idx("Cyrillic")], 6);
	assert_int_equal(c.script[idx("Greek")], 4);
	assert_int_equal(c.script[idx("Han")], 2);
	assert_int_equal(c.script[idx("Hiragana")], 2);
	assert_int_equal(c.script[idx("Katakana")], 3);
	assert_int_equal(c.script[idx("Hangul")], 2);
	assert_int_equal(c.script[idx("Arabic")], 5);
	assert_int_equal(c.script[idx("Hebrew")], 4);
	assert_int_equal(c.script[idx("Devanagari")], 4);
	assert_int_equal(c.script[idx("Thai")], 4);
	assert_int_equal(c.script[DP_SCRIPT_LATIN], 1);
	assert_int_equal(c.words, 11);
}

static void test_unicode_spaces_and_invalid(void **st)
{
	struct dp_text_counts c;

	(void)st;
	/* NBSP and ideographic space separate words; two invalid bytes are skipped. */
	scan("ab\xC2\xA0" "cd\xE3\x80\x80" "ef \xFF\xFE gh", &c);
	assert_int_equal(c.words, 4); /* ab cd ef gh: invalid bytes start no word */
	assert_int_equal(c.invalid_bytes, 2);
	assert_int_equal(c.letters, 8);
	assert_int_equal(c.chars, 2 + 1 + 2 + 1 + 2 + 1 + 1 + 2);
}

static void test_lookup(void **st)
{
	(void)st;
	assert_int_equal(dp_scripts_of('a'), DP_SCRIPT_LATIN);
	assert_int_equal(dp_scripts_of('1'), -1);
	assert_int_equal(dp_scripts_of(0x4E2D), idx("Han"));
	assert_int_equal(dp_scripts_of(0x0416), idx("Cyrillic"));
	assert_int_equal(dp_scripts_of(0x3002), -1); /* ideographic full stop */
	assert_null(dp_scripts_name(DP_SCRIPT_COUNT));
	assert_string_equal(dp_scripts_name(DP_SCRIPT_HAN), "Han");
	assert_string_equal(dp_scripts_name(DP_SCRIPT_HIRAGANA), "Hiragana");
	assert_string_equal(dp_scripts_name(DP_SCRIPT_KATAKANA), "Katakana");
	assert_string_equal(dp_scripts_name(DP_SCRIPT_HANGUL), "Hangul");
	assert_string_equal(dp_scripts_name(DP_SCRIPT_OTHER), "Other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_mixed_scripts),
		cmocka_unit_test(test_unicode_spaces_and_invalid),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_scope_scripts.c - code points, words and letters per script in one pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/scripts.h"
#include "core/utf8.h"

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

/* A byte-at-a-time reference for the counts, to check the 8-byte ASCII path and the inline
 * decoder against. */
static int ref_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static void reference(const unsigned char *p, size_t n, struct dp_text_counts *c)
{
	size_t i = 0, k;
	uint32_t cp;
	int in_word = 0, sc;

	memset(c, 0, sizeof(*c));
	while (i < n) {
		k = dp_utf8_decode(p + i, n - i, &cp);
		if (!k) {
			c->invalid_bytes++;
			i++;
			continue;
		}
		i += k;
		c->chars++;
		if (ref_space(cp)) {
			in_word = 0;
			continue;
		}
		c->words += !in_word;
		in_word = 1;
		sc = dp_scripts_of(cp);
		if (sc >= 0) {
			c->script[sc]++;
			c->letters++;
		}
	}
}

static void test_matches_reference(void **st)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\t", "\n", "\r", "\v", "\f", "7", ".", "@", "[", "`", "{", "~",
		"\x7f", "\x01", "é", "ж", "中", "ひ", "\xC2\xA0", "\xE3\x80\x80", "\xFF",
		"\xE0\xB8\x81", "\xED\xA0\x80", "\xE0\x80\x80", "\xF0\x9F\x98\x80",
		"\xEF\xBC\x8C", "word ", "  ", "abcdefgh", "ABCDEFGHIJKLMNOP",
	};
	unsigned char buf[512];
	struct dp_text_counts got, want;
	unsigned seed = 7, round;
	size_t n, len;

	(void)st;
	for (round = 0; round < 3000; round++) {
		n = 0;
		while (n < sizeof(buf) - 16) {
			const char *pc;

			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 23 == 0)
				break;
			pc = pieces[(seed >> 8) % (sizeof(pieces) / sizeof(pieces[0]))];
			len = strlen(pc);
			memcpy(buf + n, pc, len);
			n += len;
		}
		reference(buf, n, &want);
		memset(&got, 0, sizeof(got));
		dp_scripts_scan((const char *)buf, n, &got);
		assert_memory_equal(&got, &want, sizeof(got));
	}
}

/* Every BMP code point: the table the scan uses agrees with the range table and the space
 * list of the reference. */
static void test_bmp_table_matches_ranges(void **st)
{
	struct dp_text_counts got, want;
	char buf[4];
	uint32_t cp;
	size_t n;

	(void)st;
	for (cp = 0x80; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = dp_utf8_encode(cp, buf);
		reference((const unsigned char *)buf, n, &want);
		memset(&got, 0, sizeof(got));
		dp_scripts_scan(buf, n, &got);
		if (memcmp(&got, &want, sizeof(got)))
			fail_msg("code point U+%04X differs", (unsigned)cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_mixed_scripts),
		cmocka_unit_test(test_unicode_spaces_and_invalid),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_bmp_table_matches_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_scope_langid.c - language ID through the C API: codes, und rules, normalisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/langid.h"

static const char *detect(const char *text)
{
	static struct dp_langid_result r; /* test-only; one thread */

	dp_langid_detect(text, strlen(text), (size_t)-1, 0, &r);
	return r.code;
}

static void test_languages(void **st)
{
	(void)st;
	assert_string_equal(detect("The committee will publish its final report on the new "
				   "railway line before the end of the year."), "en");
	assert_string_equal(detect("Le gouvernement a annoncé hier une nouvelle réforme des "
				   "retraites qui sera présentée au parlement."), "fr");
	assert_string_equal(detect("Die Stadtverwaltung hat beschlossen, die alte Brücke über "
				   "den Fluss im nächsten Sommer zu renovieren."), "de");
	assert_string_equal(detect("Вчера вечером в городе прошёл сильный дождь, и многие улицы "
				   "были затоплены водой."), "ru");
	assert_string_equal(detect("בית הספר החדש נפתח השבוע בשכונה, וההורים מרוצים מאוד "
				   "מהמבנה ומהצוות."), "he");
	assert_string_equal(detect("今天下午我们在图书馆讨论了下个月的研究计划和预算安排。"), "zh");
}

static void test_und(void **st)
{
	struct dp_langid_result r;

	(void)st;
	/* Too few letters by the caller's count. */
	assert_int_equal(dp_langid_detect("ok", 2, 2, 0, &r), 0);
	assert_string_equal(r.code, "und");
	/* No letters at all. */
	assert_string_equal(detect("1234 5678 !!! ??? 42 -- 17"), "und");
	assert_string_equal(detect(""), "und");
}

static void test_sample_cut(void **st)
{
	char buf[4096];
	struct dp_langid_result r;
	size_t i, n = 0;
	const char *s = "Съешь же ещё этих мягких французских булок, да выпей чаю. ";

	(void)st;
	for (i = 0; n + strlen(s) < sizeof(buf); i++) {
		memcpy(buf + n, s, strlen(s));
		n += strlen(s);
	}
	/* A 101-byte sample cuts inside a 2-byte Cyrillic letter; the cut must back off. */
	assert_int_equal(dp_langid_detect(buf, n, (size_t)-1, 101, &r), 1);
	assert_string_equal(r.code, "ru");
}

static void test_normalize(void **st)
{
	char out[DP_LANGID_CODE_MAX];

	(void)st;
	dp_langid_normalize("iw", out, sizeof(out));
	assert_string_equal(out, "he");
	dp_langid_normalize("zh-Hant", out, sizeof(out));
	assert_string_equal(out, "zh");
	dp_langid_normalize("EN", out, sizeof(out));
	assert_string_equal(out, "en");
	dp_langid_normalize("un", out, sizeof(out));
	assert_string_equal(out, "und");
	dp_langid_normalize(NULL, out, sizeof(out));
	assert_string_equal(out, "und");
	dp_langid_normalize("haw", out, sizeof(out));
	assert_string_equal(out, "haw");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_und),
		cmocka_unit_test(test_sample_cut),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

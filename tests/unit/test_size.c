/* test_size.c - unit tests for dp_parse_size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/size.h"

static uint64_t parse_ok(const char *s)
{
	uint64_t v = 12345;

	assert_int_equal(dp_parse_size(s, &v), 0);
	return v;
}

static void test_plain_and_units(void **state)
{
	(void)state;
	assert_true(parse_ok("0") == 0);
	assert_true(parse_ok("512") == 512);
	assert_true(parse_ok("64K") == 65536);
	assert_true(parse_ok("64k") == 65536);
	assert_true(parse_ok("64KiB") == 65536);
	assert_true(parse_ok("64KB") == 65536);
	assert_true(parse_ok("100b") == 100);
	assert_true(parse_ok("3M") == 3ULL << 20);
	assert_true(parse_ok("1G") == 1ULL << 30);
	assert_true(parse_ok("2T") == 2ULL << 40);
	assert_true(parse_ok("1.5G") == (3ULL << 30) / 2);
	assert_true(parse_ok("0.5K") == 512);
	assert_true(parse_ok("16777215T") == 16777215ULL << 40);
}

static void test_rejects(void **state)
{
	const char *bad[] = { "", "K", "-1", " 1", "1 ", "1X", "1.5", "1.K", "1KK", "1iB",
			      "1GiBx", "18446744073709551616", "16777216T", "1e3", NULL };
	uint64_t v = 7;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		assert_int_equal(dp_parse_size(bad[i], &v), -1);
		assert_true(v == 7);
	}
	assert_int_equal(dp_parse_size(NULL, &v), -1);
	assert_true(parse_ok("18446744073709551615") == UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_units),
		cmocka_unit_test(test_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

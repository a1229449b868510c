/* test_jsonline.c - the fast JSON line parser: what it takes, what it declines, and that
 * whatever it takes yajl reads to the same events (hand-written cases, then a few hundred
 * thousand deterministic mutations of them). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "../fuzz/jsonline_diff.h"

static int taken(const char *s)
{
	int t = 0;

	assert_true(jsonline_agrees(s, strlen(s), &t));
	return t;
}

/* Lines of real datasets: each must be taken (the fast path is used) and agree. */
static void test_takes_plain_json(void **state)
{
	static const char *const ok[] = {
		"{\"text\":\"hello world\",\"id\":1}",
		"  {\"a\":[1,2,{\"b\":\"c\"}],\"t\":true,\"f\":false,\"n\":null}\r",
		"{}", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":[[],[{}]]}",
		"{\"n\":[0,-0,1.5,-2.25e+10,3E-2,1e5,123456789012345678901234567890]}",
		"{\"esc\":\"q\\\"b\\\\s\\/ \\b\\f\\n\\r\\t\"}",
		"{\"u\":\"\\u00e9\\u20AC\\u0041\\u07ff\\u0800\\uffff\"}",
		"{\"raw\":\"caf\xc3\xa9 \xe2\x82\xac \xff\xfe invalid bytes kept\"}",
		"{\"\":\"empty key\",\"k\" : \"spaces\" ,\t\"z\":1 }",
		"{\"long\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789\\\"q\"}",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; ok[i]; i++) {
		if (!taken(ok[i]))
			fail_msg("declined: %s", ok[i]);
	}
}

/* What yajl must handle (errors and odd readings): declined, never misread. */
static void test_declines_the_rest(void **state)
{
	static const char *const no[] = {
		"", "   ", "{", "{\"a\":1", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\" 1}",
		"{\"a\":1,}", "[1,]", "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
		"{\"a\":-}", "{\"a\":1e}", "{\"a\":1.2.3}", "{\"a\":tru}", "{\"a\":nul}",
		"{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\udc00\"}",
		"{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"unterminated}",
		"\f{\"a\":1}", "{\"a\":1}\v", "{\"a\":1}/*c*/", "{\"a\":NaN}", "{\"a\":+1}",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; no[i]; i++) {
		if (taken(no[i]))
			fail_msg("taken: %s", no[i]);
	}
}

static void test_nesting_limit(void **state)
{
	char deep[2 * DP_JSONLINE_MAX_DEPTH + 8];
	size_t d, i;

	(void)state;
	for (d = DP_JSONLINE_MAX_DEPTH; d <= DP_JSONLINE_MAX_DEPTH + 1; d++) {
		for (i = 0; i < d; i++)
			deep[i] = '[';
		for (i = 0; i < d; i++)
			deep[d + i] = ']';
		deep[2 * d] = '\0';
		assert_int_equal(taken(deep), d == DP_JSONLINE_MAX_DEPTH);
	}
}

static int stop_third(void *ctx)
{
	int *n = ctx;

	return ++*n < 3;
}

static int stop_str(void *c, const unsigned char *s, size_t n) { (void)s; (void)n; return stop_third(c); }
static int stop_num(void *c, const char *s, size_t n) { (void)s; (void)n; return stop_third(c); }
static int stop_bool(void *c, int v) { (void)v; return stop_third(c); }

/* A callback that says stop stops the parse there: no event after it. */
static void test_callback_stops(void **state)
{
	const yajl_callbacks cb = { stop_third, stop_bool, NULL, NULL, stop_num, stop_str,
				    stop_third, stop_str, stop_third, stop_third, stop_third };
	struct dp_buf scratch;
	const char *s = "{\"a\":1,\"b\":2}";
	size_t events = 0;
	int n = 0;

	(void)state;
	dp_buf_init(&scratch, 0);
	assert_int_equal(dp_jsonline_parse(s, strlen(s), &cb, &n, &scratch, &events),
			 DP_JSONLINE_STOPPED);
	assert_int_equal(n, 3);
	assert_int_equal(events, 3);
	dp_buf_release(&scratch);
}

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Mutations of valid lines (a byte replaced by a JSON-significant one, inserted or
 * deleted): the fast parser must never take a text that yajl reads differently. */
static void test_mutations_agree(void **state)
{
	static const char *const seeds[] = {
		"{\"text\":\"a \\\"b\\\" \\u00e9\",\"n\":[1,-2.5e3,{\"x\":null}],\"t\":true}",
		"{\"a\":{\"b\":[[],{}]},\"c\":\"\\ud83d\\ude00\",\"d\":0.0}",
	};
	static const char alphabet[] = "{}[]\",:\\u0123456789.eE+-tfn \t\r\f\x01\x7f\xc3\xa9";
	char buf[256];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t round, took = 0;
	int t;

	(void)state;
	for (round = 0; round < 300000; round++) {
		const char *s = seeds[round % 2];
		size_t n = strlen(s), k, pos, edits = 1 + next(&x) % 3;
		memcpy(buf, s, n);
		for (k = 0; k < edits && n > 1 && n + 1 < sizeof(buf); k++) {
			char c = alphabet[next(&x) % (sizeof(alphabet) - 1)];
			pos = next(&x) % n;
			if (k % 3 == 0)
				buf[pos] = c;
			else if (k % 3 == 1) {
				memmove(buf + pos + 1, buf + pos, n - pos);
				buf[pos] = c;
				n++;
			} else {
				memmove(buf + pos, buf + pos + 1, n - pos - 1);
				n--;
			}
		}
		if (!jsonline_agrees(buf, n, &t))
			fail_msg("disagree on %.*s", (int)n, buf);
		took += (size_t)t;
	}
	/* some mutants stay valid (a digit for a digit, a space added): the fast path sees them */
	assert_true(took > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_takes_plain_json),
		cmocka_unit_test(test_declines_the_rest),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_mutations_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

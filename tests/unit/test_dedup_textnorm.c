/* test_dedup_textnorm.c - the dedup normalisation rule, its ASCII fast path and previews. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "analyse/textnorm.h"
#include "core/buf.h"
#include "core/escape.h"

static char *norm(struct dp_textnorm *tn, const char *s, size_t n)
{
	static char out[4096];
	struct dp_buf b;

	dp_buf_init(&b, 0);
	assert_int_equal(dp_textnorm_apply(tn, s, n, &b), 0);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.data ? b.data : "", b.len);
	out[b.len] = '\0';
	dp_buf_release(&b);
	return out;
}

#define N(s) norm(&tn, s, sizeof(s) - 1)

static void test_rule(void **state)
{
	struct dp_textnorm tn;

	(void)state;
	dp_textnorm_init(&tn);
	assert_string_equal(N("  Hello \t\n  World \r\n"), "hello world");
	assert_string_equal(N(""), "");
	assert_string_equal(N(" \t\n "), "");
	assert_string_equal(N("\xef\xac\x81le"), "file");                  /* U+FB01 ligature */
	assert_string_equal(N("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3"), "abc"); /* full width */
	assert_string_equal(N("Stra\xc3\x9f" "e"), "strasse");               /* full case fold */
	assert_string_equal(N("Caf\xc3\xa9"), "caf\xc3\xa9");
	assert_string_equal(N("Cafe\xcc\x81"), "caf\xc3\xa9");               /* composed */
	assert_string_equal(N("a\xc2\xa0\xe3\x80\x80 b"), "a b");            /* NBSP, U+3000 */
	assert_string_equal(N("x\xe2\x80\xa8y"), "x y");                     /* U+2028 */
	assert_string_equal(N("soft\xc2\xadhyphen"), "softhyphen");          /* ignorable */
	assert_string_equal(N("a\xff" "b"), "a\xef\xbf\xbd" "b");            /* invalid -> FFFD */
	assert_string_equal(N("\xce\xa3\xce\x97\xce\x9c"), "\xcf\x83\xce\xb7\xce\xbc"); /* Greek */
	assert_string_equal(N("A\x01" "B"), "a\x01" "b");                    /* controls kept */
	dp_textnorm_release(&tn);
}

/* The reference: utf8proc_map over the whole text, then collapse and trim. */
static size_t reference(const char *s, size_t n, char *out)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
					  UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
						  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	utf8proc_ssize_t i = 0;
	size_t len = 0;
	int pending = 0;

	assert_true(k >= 0);
	while (i < k) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t c = utf8proc_iterate(m + i, k - i, &cp);
		assert_true(c > 0);
		if (dp_textnorm_is_space((uint32_t)cp)) {
			pending = len > 0;
		} else {
			if (pending)
				out[len++] = ' ';
			pending = 0;
			memcpy(out + len, m + i, (size_t)c);
			len += (size_t)c;
		}
		i += c;
	}
	free(m);
	out[len] = '\0';
	return len;
}

static void test_matches_reference(void **state)
{
	static const char *const pieces[] = {
		"a", "B", "z", " ", "\t", "\n", "  ", ".", "0", "Q",
		"\xcc\x81", "\xcc\xa7", "\xc3\x89", "\xef\xac\x81", "\xc2\xa0", "\xe3\x80\x80",
		"\xc3\x9f", "\xe1\xba\x9e", "\xe2\x84\xab", "\xef\xbc\xa1", "\xc2\xad", "\xe2\x80\x8b",
		"\xe1\x84\x80", "\xe1\x85\xa1", "\xea\xb0\x80", "\xe2\x91\xa0", "\xcf\x82",
		/* Latin-1 letters (their own fast path), with and without combining marks */
		"\xc3\x80", "\xc3\x87", "\xc3\x96", "\xc3\x97", "\xc3\x9e", "\xc3\x9f", "\xc3\xa0",
		"\xc3\xa9", "\xc3\xb7", "\xc3\xbe", "\xc3\xbf", "\xc3\xa9", "\xc3\x89", "e", "E",
		"\xc3", "\xbf",
	};
	struct dp_textnorm tn;
	char in[512], want[4096], valid[1600];
	unsigned seed = 12345;
	int iter;

	(void)state;
	dp_textnorm_init(&tn);
	for (iter = 0; iter < 20000; iter++) {
		size_t n = 0, parts, p;
		seed = seed * 1103515245u + 12345u;
		parts = (seed >> 16) % 24;
		for (p = 0; p < parts; p++) {
			const char *x;
			seed = seed * 1103515245u + 12345u;
			x = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(in + n, x, strlen(x));
			n += strlen(x);
		}
		/* the reference needs valid UTF-8: sanitise the lone 0xC3 / 0xBF pieces first */
		reference(valid, dp_utf8_sanitize(in, n, valid, sizeof(valid)), want);
		assert_string_equal(norm(&tn, in, n), want);
	}
	dp_textnorm_release(&tn);
}

/* ASCII-heavy texts (the eight-bytes-at-a-time path) against the rule written plainly. */
static void test_ascii_fast_path(void **state)
{
	static const char alpha[] = "abcXYZ    .,;AMz09\t\n\r~\x01\x7f";
	struct dp_textnorm tn;
	char in[300], want[300];
	unsigned seed = 99;
	int iter;

	(void)state;
	dp_textnorm_init(&tn);
	for (iter = 0; iter < 50000; iter++) {
		size_t n, i, len = 0;
		int pending = 0;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 200;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly letters and single spaces, sometimes anything */
			in[i] = (seed >> 28) ? alpha[(seed >> 16) % 7] : alpha[(seed >> 16) % (sizeof(alpha) - 1)];
			if ((seed >> 12) % 7 == 0)
				in[i] = ' ';
		}
		for (i = 0; i < n; i++) {
			char c = in[i];
			if (c == ' ' || (c >= 9 && c <= 13)) {
				pending = len > 0;
				continue;
			}
			if (pending)
				want[len++] = ' ';
			pending = 0;
			want[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		want[len] = '\0';
		assert_string_equal(norm(&tn, in, n), want);
	}
	dp_textnorm_release(&tn);
}

struct collect {
	struct dp_buf b;
	int calls, finals;
};

static int collect_emit(void *ctx, const char *p, size_t n, int final)
{
	struct collect *c = ctx;

	c->calls++;
	c->finals += final;
	return dp_buf_add(&c->b, p, n) == 0 ? 0 : -1;
}

/* Long texts come out in several chunks that concatenate to the one-piece result. */
static void test_chunked_long_text(void **state)
{
	size_t n = 3u << 20, i, want_len = 0;
	char *s = malloc(n), *want = malloc(n);
	struct dp_textnorm tn;
	struct collect c;
	uint64_t len = 0;
	int pending = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		unsigned v = (unsigned)(i * 2654435761u >> 7);
		s[i] = (char)("AbC dE\n  fG  hI.j"[v % 17]);
	}
	memcpy(s + 1000, " \xc3\xa9t\xc3\xa9 ", 7); /* a non-ASCII word, already normal */
	for (i = 0; i < n; i++) { /* the ASCII rule by hand */
		char ch = s[i];
		if (ch == ' ' || ch == '\n') {
			pending = want_len > 0;
			continue;
		}
		if (pending)
			want[want_len++] = ' ';
		pending = 0;
		want[want_len++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	dp_textnorm_init(&tn);
	dp_buf_init(&c.b, 0);
	c.calls = c.finals = 0;
	assert_int_equal(dp_textnorm_run(&tn, s, n, collect_emit, &c, &len), 0);
	assert_true(c.calls > 10);
	assert_int_equal(c.finals, 1);
	assert_true(len == c.b.len);
	assert_true(c.b.len == want_len);
	assert_memory_equal(c.b.data, want, want_len);
	dp_buf_release(&c.b);
	dp_textnorm_release(&tn);
	free(s);
	free(want);
}

static void test_preview(void **state)
{
	char out[400], text[300];
	size_t n;

	(void)state;
	n = dp_textnorm_preview("  Hello\n\n  World \x01 ", 19, 80, out, sizeof(out));
	assert_string_equal(out, "Hello World \xef\xbf\xbd");
	assert_int_equal(n, strlen(out));
	memset(text, 'x', sizeof(text));
	dp_textnorm_preview(text, sizeof(text), 80, out, sizeof(out));
	assert_int_equal(strlen(out), 83);
	assert_string_equal(out + 80, "...");
	dp_textnorm_preview("ab  \n ", 6, 80, out, sizeof(out));
	assert_string_equal(out, "ab");
	dp_textnorm_preview("\xe2\x82\xac\xff", 4, 80, out, sizeof(out));
	assert_string_equal(out, "\xe2\x82\xac\xef\xbf\xbd");
}

/* Previews of random ASCII against the rule written plainly. */
static void test_preview_random(void **state)
{
	static const char alpha[] = "ab Z.\t\n  x~!";
	char in[200], want[400], got[400];
	unsigned seed = 5;
	int iter;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		size_t n, i, len = 0, chars = 0, k = 0;
		int pending = 0;
		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % 200;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		for (i = 0; i < n && chars < 80; i++) {
			char c = in[i];
			if (c == ' ' || c == '\t' || c == '\n') {
				pending = len > 0;
				continue;
			}
			if (pending)
				want[len++] = ' ';
			pending = 0;
			want[len++] = c;
			chars++;
		}
		for (k = i; k < n && (in[k] == ' ' || in[k] == '\t' || in[k] == '\n'); k++)
			;
		if (k < n) {
			memcpy(want + len, "...", 3);
			len += 3;
		}
		want[len] = '\0';
		dp_textnorm_preview(in, n, 80, got, sizeof(got));
		assert_string_equal(got, want);
	}
}

static int count_emit(void *ctx, const char *p, size_t n, int final)
{
	(void)p;
	(void)final;
	*(uint64_t *)ctx += n;
	return 0;
}

static double mbps(struct dp_textnorm *tn, const char *s, size_t n, size_t reps)
{
	struct timespec a, b;
	uint64_t sink = 0;
	size_t i;
	double sec;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < reps; i++)
		assert_int_equal(dp_textnorm_run(tn, s, n, count_emit, &sink, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	sec = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	return (double)n * (double)reps / 1e6 / (sec > 0 ? sec : 1e-9);
}

/* Throughput, printed for the closing note (asserted only loosely: a debug build). */
static void test_speed(void **state)
{
	static const char ascii[] = "The quick brown Fox jumps over the lazy dog, 42 times.  ";
	static const char mixed[] = "Le c\xc5\x93ur a ses raisons que la raison ne conna\xc3\xaet point. ";
	size_t n = 16u << 20, i;
	char *a = malloc(n), *m = malloc(n);
	struct dp_textnorm tn;
	double ma, mm;

	(void)state;
	for (i = 0; i < n; i++) {
		a[i] = ascii[i % (sizeof(ascii) - 1)];
		m[i] = mixed[i % (sizeof(mixed) - 1)];
	}
	m[n - 1] = ' ';
	for (i = n - 4; i < n; i++)
		m[i] = ' ';
	dp_textnorm_init(&tn);
	ma = mbps(&tn, a, n, 2);
	mm = mbps(&tn, m, n, 1);
	printf("textnorm: ASCII %.0f MB/s, French %.0f MB/s\n", ma, mm);
	assert_true(ma > 20 && mm > 2);
	dp_textnorm_release(&tn);
	free(a);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_matches_reference),
		cmocka_unit_test(test_ascii_fast_path),
		cmocka_unit_test(test_chunked_long_text),
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_preview_random),
		cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

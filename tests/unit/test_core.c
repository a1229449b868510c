/* test_core.c - core/: capped buffers, UTF-8, escaping, JSON output, the catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/json.h"
#include "core/utf8.h"
#include "core/zio.h"

static void array_grows_keeps_contents_and_refuses_overflow(void **state)
{
	uint32_t *v = NULL;
	size_t cap = 0, i, cap_before;

	(void)state;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(dp_array_grow((void **)&v, &cap, i + 1, sizeof(*v)), 0);
		assert_true(cap >= i + 1);
		v[i] = (uint32_t)i * 7u;
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], (uint32_t)i * 7u);
	cap_before = cap;
	/* a size that overflows size_t fails and leaves the array as it was */
	assert_int_equal(dp_array_grow((void **)&v, &cap, SIZE_MAX / 2, sizeof(*v)), -1);
	assert_int_equal(cap, cap_before);
	assert_int_equal(v[999], 999u * 7u);
	/* asking for no more than the capacity changes nothing */
	assert_int_equal(dp_array_grow((void **)&v, &cap, 10, sizeof(*v)), 0);
	assert_int_equal(cap, cap_before);
	free(v);
}

static void buf_grows_and_caps(void **state)
{
	struct dp_buf b;
	(void)state;
	dp_buf_init(&b, 10);
	assert_int_equal(dp_buf_adds(&b, "hello"), DP_OK);
	assert_int_equal(dp_buf_addf(&b, "%d", 1234), DP_OK);
	assert_string_equal(b.data, "hello1234");
	assert_int_equal(dp_buf_adds(&b, "xy"), DP_WARN); /* would pass the cap */
	assert_string_equal(b.data, "hello1234");      /* untouched */
	assert_int_equal(dp_buf_addc(&b, '!'), DP_OK);
	assert_int_equal(b.len, 10);
	dp_buf_reset(&b);
	assert_int_equal(b.len, 0);
	dp_buf_release(&b);
	dp_buf_release(&b); /* twice is fine */
}

/* dp_buf_add0 packs strings, each keeping its NUL, so offsets point at C strings. */
static void buf_packs_nul_terminated_strings(void **state)
{
	struct dp_buf b;
	size_t second;

	(void)state;
	dp_buf_init(&b, 8);
	assert_int_equal(dp_buf_add0(&b, "ab", 2), DP_OK);
	second = b.len;
	assert_int_equal(second, 3);
	assert_int_equal(dp_buf_add0(&b, "", 0), DP_OK);
	assert_int_equal(dp_buf_add0(&b, "cd", 2), DP_OK);
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "ab");
	assert_string_equal(b.data + second, "");
	assert_string_equal(b.data + second + 1, "cd");
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(dp_buf_add0(&b, "xy", 2), DP_WARN); /* 7 + 3 would pass the cap */
	assert_int_equal(b.len, 7);
	dp_buf_release(&b);
}

/* Write `total` bytes of generated text compressed on n threads to path; its size. */
static long zio_write(const char *path, unsigned n, size_t total)
{
	struct dp_zwriter *w = dp_zwriter_open(path, 3);
	char line[128];
	size_t done = 0, i = 0;
	FILE *f;
	long size;

	assert_non_null(w);
	dp_zwriter_threads(w, n);
	while (done < total) {
		int len = snprintf(line, sizeof(line), "{\"record\":%zu,\"rule\":\"r%zu\",\"x\":%zu}\n",
				   i, i % 97, (i * 2654435761u) % 100003);
		assert_int_equal(dp_zwriter_write(w, line, (size_t)len), 0);
		done += (size_t)len;
		i++;
	}
	assert_int_equal(dp_zwriter_close(w), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	return size;
}

static int same_file(const char *a, const char *b)
{
	FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
	int cx, cy, same = x && y;

	while (same && (cx = fgetc(x)) != EOF) {
		cy = fgetc(y);
		same = cx == cy;
	}
	same = same && fgetc(y) == EOF;
	if (x)
		fclose(x);
	if (y)
		fclose(y);
	return same;
}

/* findings.jsonl.zst and the state files must be the same bytes for any --threads: with
 * more than one zstd job (~24 MB here), worker-less compression would differ. */
static void zio_bytes_do_not_depend_on_threads(void **state)
{
	char dir[] = "/tmp/dp-test-zio-XXXXXX", p1[64], p2[64], p4[64];
	struct dp_zreader *r;
	char buf[4096];
	ssize_t got;
	size_t total = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p1, sizeof(p1), "%s/1.zst", dir);
	snprintf(p2, sizeof(p2), "%s/2.zst", dir);
	snprintf(p4, sizeof(p4), "%s/4.zst", dir);
	assert_true(zio_write(p1, 1, (size_t)24 << 20) > 0);
	assert_true(zio_write(p2, 2, (size_t)24 << 20) > 0);
	assert_true(zio_write(p4, 4, (size_t)24 << 20) > 0);
	assert_true(same_file(p1, p2));
	assert_true(same_file(p1, p4));
	r = dp_zreader_open(p1); /* and it reads back whole, in small reads */
	assert_non_null(r);
	while ((got = dp_zreader_read(r, buf, 7)) > 0)
		total += (size_t)got;
	assert_int_equal(got, 0);
	assert_true(total >= (size_t)24 << 20);
	dp_zreader_close(r);
	remove(p1);
	remove(p2);
	remove(p4);
	rmdir(dir);
}

static void config_threads_defaults_to_the_cpus(void **state)
{
	struct dp_config c;

	(void)state;
	dp_config_init(&c);
	c.threads = 3;
	assert_int_equal(dp_config_threads(&c), 3);
	c.threads = 0;
	assert_int_equal(dp_config_threads(&c), (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
}

static void utf8_strict(void **state)
{
	uint32_t cp;
	char out[4];
	(void)state;
	assert_true(dp_utf8_valid("plain ascii text, long enough for the fast path", 48));
	assert_true(dp_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
	assert_false(dp_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(dp_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(dp_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(dp_utf8_valid("abc\xe2\x82", 5));      /* truncated */
	assert_int_equal(dp_utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(dp_utf8_encode(0x1F600, out), 4);
	assert_memory_equal(out, "\xf0\x9f\x98\x80", 4);
}

static void escape_hostile_names(void **state)
{
	char out[256];
	(void)state;
	dp_term_escape("a\x1b[31mred\nx\xff", out, sizeof(out));
	assert_string_equal(out, "a\\x1B[31mred\\nx\\xFF");
	dp_md_escape("a|b*c_[x](y)", out, sizeof(out));
	assert_string_equal(out, "a\\|b\\*c\\_\\[x\\](y)");
	dp_term_escape("0123456789", out, 8); /* truncation is marked */
	assert_string_equal(out, "0123...");
	assert_int_equal(dp_utf8_sanitize("a\xffz", 3, out, sizeof(out)), 5);
	assert_string_equal(out, "a\xef\xbf\xbdz");
}

static void json_is_valid_and_deterministic(void **state)
{
	struct dp_json *j = dp_json_new(0);
	char err[128];
	const char *text;
	size_t len;
	yajl_val v;
	(void)state;
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "name", "bad\xff\"quote\n");
	dp_json_kv_u64(j, "n", 18446744073709551615ULL);
	dp_json_kv_double(j, "rate", 1.0 / 3.0);
	dp_json_kv_double(j, "zero", -0.0);
	dp_json_obj_end(j);
	assert_false(dp_json_failed(j));
	text = dp_json_text(j, &len);
	assert_string_equal(text, "{\"name\":\"bad\xef\xbf\xbd\\\"quote\\n\",\"n\":18446744073709551615,"
				  "\"rate\":0.333333,\"zero\":0}");
	v = yajl_tree_parse(text, err, sizeof(err));
	assert_non_null(v);
	assert_string_equal(dp_jt_str(v, "name", ""), "bad\xef\xbf\xbd\"quote\n");
	assert_int_equal(dp_jt_u64(v, "missing", 7), 7);
	yajl_tree_free(v);
	dp_json_free(j);
}

static void json_unbalanced_is_reported(void **state)
{
	struct dp_json *j = dp_json_new(0);
	(void)state;
	dp_json_obj_end(j);
	assert_true(dp_json_failed(j));
	dp_json_free(j);
}

static void catalog_maps_seq_to_origin(void **state)
{
	struct dp_catalog *c = dp_catalog_new();
	uint64_t idx = 99;
	(void)state;
	assert_int_equal(dp_catalog_add(c, "b.jsonl", 100, 5), 0);
	assert_int_equal(dp_catalog_add(c, "a.jsonl", 0, 3), 0);
	assert_int_equal(dp_catalog_add(c, "empty.jsonl", 3, 0), 0);
	dp_catalog_seal(c);
	assert_string_equal(dp_catalog_find(c, 2, &idx), "a.jsonl");
	assert_int_equal(idx, 2);
	assert_string_equal(dp_catalog_find(c, 104, &idx), "b.jsonl");
	assert_int_equal(idx, 4);
	assert_null(dp_catalog_find(c, 3, &idx));   /* in no member */
	assert_null(dp_catalog_find(c, 105, &idx));
	dp_catalog_free(c);
	dp_catalog_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(array_grows_keeps_contents_and_refuses_overflow),
		cmocka_unit_test(buf_grows_and_caps),
		cmocka_unit_test(buf_packs_nul_terminated_strings),
		cmocka_unit_test(zio_bytes_do_not_depend_on_threads),
		cmocka_unit_test(config_threads_defaults_to_the_cpus),
		cmocka_unit_test(utf8_strict),
		cmocka_unit_test(escape_hostile_names),
		cmocka_unit_test(json_is_valid_and_deterministic),
		cmocka_unit_test(json_unbalanced_is_reported),
		cmocka_unit_test(catalog_maps_seq_to_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_parquet.c - the Parquet decoding layers on hand-made bytes: Snappy blocks, the
 * RLE/bit-packed hybrid, the Thrift compact reader, LZ4 blocks, delta encodings, and
 * footers that lie. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lz4.h"
#include "reader/parquet_enc.h"
#include "reader/parquet_meta.h"
#include "reader/parquet_page.h"
#include "reader/snappy.h"
#include "reader/thrift.h"

static void snappy_literals_and_copies(void **state)
{
	/* "abcd" literal, then a 1-byte-offset copy of 8 at distance 4 (overlapping its own
	 * output), then a 2-byte-offset copy of 3 at distance 12: "abcdabcdabcd" + "abc" */
	static const uint8_t in[] = { 15, 3 << 2, 'a', 'b', 'c', 'd', (uint8_t)(((8 - 4) << 2) | 1), 4,
				      (uint8_t)(((3 - 1) << 2) | 2), 12, 0 };
	uint8_t out[32];
	size_t n = 0, len = 0;

	(void)state;
	assert_int_equal(dp_snappy_length(in, sizeof(in), &len), 0);
	assert_int_equal(len, 15);
	assert_int_equal(dp_snappy_uncompress(in, sizeof(in), out, sizeof(out), &n), 0);
	assert_int_equal(n, 15);
	assert_memory_equal(out, "abcdabcdabcdabc", 15);
}

static void snappy_refuses_corrupt_blocks(void **state)
{
	static const uint8_t before_start[] = { 4, (uint8_t)(((4 - 4) << 2) | 1), 1 };
	static const uint8_t too_long[] = { 2, 3 << 2, 'a', 'b', 'c', 'd' };
	static const uint8_t short_literal[] = { 5, 4 << 2, 'a' };
	static const uint8_t too_short[] = { 9, 1 << 2, 'a', 'b' };
	uint8_t out[16];
	size_t n;

	(void)state;
	assert_int_equal(dp_snappy_uncompress(before_start, sizeof(before_start), out, 16, &n), -1);
	assert_int_equal(dp_snappy_uncompress(too_long, sizeof(too_long), out, 16, &n), -1);
	assert_int_equal(dp_snappy_uncompress(short_literal, sizeof(short_literal), out, 16, &n), -1);
	assert_int_equal(dp_snappy_uncompress(too_short, sizeof(too_short), out, 16, &n), -1);
	assert_int_equal(dp_snappy_uncompress(too_short, sizeof(too_short), out, 4, &n), -1);
}

static void hybrid_runs(void **state)
{
	/* an RLE run of 5 x 3 (width 2), then one bit-packed group of 8 values 0..3,0..3 */
	static const uint8_t in[] = { 5 << 1, 3, (1 << 1) | 1, 0xE4, 0xE4 };
	static const uint32_t want[] = { 3, 3, 3, 3, 3, 0, 1, 2, 3, 0, 1, 2, 3 };
	uint32_t out[13];

	(void)state;
	assert_int_equal(dp_pq_hybrid(in, sizeof(in), 2, out, 13), 0);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(dp_pq_hybrid(in, 3, 2, out, 13), -1); /* the group is cut */
	assert_int_equal(dp_pq_hybrid(in, sizeof(in), 33, out, 1), -1);
	/* an empty run is malformed (it would never end) */
	assert_int_equal(dp_pq_hybrid((const uint8_t[]){ 0, 1 }, 2, 1, out, 1), -1);
}

static void thrift_fields_and_skips(void **state)
{
	/* struct { 1: i32 -3, 5: binary "ab", 40: list<i32>[1,2], 41: struct { 1: true } } */
	static const uint8_t in[] = { 0x15, 5, 0x48, 2, 'a', 'b', 0x09, 80, 0x25, 2, 4,
				      0x1C, 0x11, 0, 0 };
	struct dp_thrift t;
	int16_t id;
	int type, et;
	size_t len;
	const uint8_t *s;

	(void)state;
	dp_thrift_init(&t, in, sizeof(in));
	dp_thrift_struct_begin(&t);
	assert_true(dp_thrift_field(&t, &id, &type));
	assert_int_equal(id, 1);
	assert_int_equal(dp_thrift_int(&t, type), -3);
	assert_true(dp_thrift_field(&t, &id, &type));
	assert_int_equal(id, 5);
	s = dp_thrift_binary(&t, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(s, "ab", 2);
	assert_true(dp_thrift_field(&t, &id, &type));
	assert_int_equal(id, 40);
	assert_int_equal(dp_thrift_list(&t, &et), 2);
	assert_int_equal(et, DP_THRIFT_I32);
	assert_int_equal(dp_thrift_int(&t, et), 1);
	assert_int_equal(dp_thrift_int(&t, et), 2);
	assert_true(dp_thrift_field(&t, &id, &type));
	assert_int_equal(id, 41);
	dp_thrift_skip(&t, type);
	assert_false(dp_thrift_field(&t, &id, &type));
	assert_false(t.bad);
	assert_int_equal(dp_thrift_used(&t, in), sizeof(in));
}

static void thrift_bounds(void **state)
{
	uint8_t deep[200];
	static const uint8_t lie[] = { 0x19, 0xF5, 0xFF, 0xFF, 0x03 }; /* a list of 65535 i32 */
	static const uint8_t cut[] = { 0x18, 10, 'a' };                 /* binary of 10, 1 there */
	struct dp_thrift t;
	int16_t id;
	int type;

	(void)state;
	memset(deep, 0x1C, sizeof(deep)); /* struct in struct in struct ... */
	dp_thrift_init(&t, deep, sizeof(deep));
	dp_thrift_skip(&t, DP_THRIFT_STRUCT);
	assert_true(t.bad);
	memset(deep, 0x19, sizeof(deep)); /* a list of one list of one list ... */
	dp_thrift_init(&t, deep, sizeof(deep));
	dp_thrift_skip(&t, DP_THRIFT_LIST);
	assert_true(t.bad);
	dp_thrift_init(&t, lie, sizeof(lie));
	dp_thrift_struct_begin(&t);
	assert_true(dp_thrift_field(&t, &id, &type));
	dp_thrift_skip(&t, type);
	assert_true(t.bad);
	dp_thrift_init(&t, cut, sizeof(cut));
	dp_thrift_skip(&t, DP_THRIFT_STRUCT);
	assert_true(t.bad);
}

static void footer_that_lies(void **state)
{
	uint8_t f[64];
	struct dp_pq_meta m;
	struct dp_error err;

	(void)state;
	memcpy(f, "PAR1", 4);
	memset(f + 4, 0, sizeof(f) - 4);
	memcpy(f + sizeof(f) - 4, "PAR1", 4);
	f[sizeof(f) - 8] = 200; /* footer longer than the file */
	assert_int_equal(dp_pq_meta_parse(f, sizeof(f), &m, &err), DP_WARN);
	assert_non_null(strstr(err.msg, "footer length"));
	dp_pq_meta_release(&m);
	f[sizeof(f) - 8] = 4; /* four zero bytes: an empty struct, no schema */
	assert_int_equal(dp_pq_meta_parse(f, sizeof(f), &m, &err), DP_WARN);
	dp_pq_meta_release(&m);
	memcpy(f + sizeof(f) - 4, "PARE", 4);
	assert_int_equal(dp_pq_meta_parse(f, sizeof(f), &m, &err), DP_WARN);
	assert_non_null(strstr(err.msg, "encrypted"));
	dp_pq_meta_release(&m);
	assert_int_equal(dp_pq_meta_parse(f, 6, &m, &err), DP_WARN);
	dp_pq_meta_release(&m);
}

/* A footer of 1000 row groups whose one column chunk is an empty struct (6 bytes a row
 * group): refused, not read into 1000 chunk records (40 bytes for each footer byte or so). */
static void footer_of_empty_chunks(void **state)
{
	static const uint8_t head[] = {
		'P', 'A', 'R', '1',
		0x15, 2,                                  /* 1: version 1 */
		0x19, 0x2C,                               /* 2: schema, 2 elements */
		0x48, 1, 's', 0x15, 2, 0,                 /*    root "s", 1 child */
		0x15, 2, 0x25, 0, 0x18, 1, 'c', 0,        /*    required INT32 "c" */
		0x16, 0,                                  /* 3: num_rows 0 */
		0x19, 0xFC, 0xE8, 0x07                    /* 4: row groups, 1000 of them */
	};
	static const uint8_t group[] = { 0x19, 0x1C, 0, 0x26, 0, 0 }; /* [{}], num_rows 0 */
	size_t i, n = sizeof(head) + 1000 * sizeof(group) + 1 + 8, at = sizeof(head);
	uint8_t *f = malloc(n);
	struct dp_pq_meta m;
	struct dp_error err;
	uint32_t flen = (uint32_t)(n - 12);

	(void)state;
	assert_non_null(f);
	memcpy(f, head, sizeof(head));
	for (i = 0; i < 1000; i++, at += sizeof(group))
		memcpy(f + at, group, sizeof(group));
	f[at++] = 0; /* end of the FileMetaData */
	for (i = 0; i < 4; i++)
		f[at++] = (uint8_t)(flen >> (8 * i));
	memcpy(f + at, "PAR1", 4);
	assert_int_equal(dp_pq_meta_parse(f, n, &m, &err), DP_WARN);
	assert_non_null(strstr(err.msg, "row groups"));
	dp_pq_meta_release(&m);
	free(f);
}

static void lz4_sequences(void **state)
{
	/* 4 literals + a match of 8 at distance 4 (overlapping), then the last literals "xy" */
	static const uint8_t in[] = { 0x44, 'a', 'b', 'c', 'd', 4, 0, 0x20, 'x', 'y' };
	static const uint8_t zero_offset[] = { 0x14, 'a', 0, 0 };
	static const uint8_t far_offset[] = { 0x14, 'a', 2, 0 };
	static const uint8_t long_literal[] = { 0xF0, 200, 'a' };
	uint8_t out[32];
	size_t n = 0;

	(void)state;
	assert_int_equal(dp_lz4_uncompress(in, sizeof(in), out, sizeof(out), &n), 0);
	assert_int_equal(n, 14);
	assert_memory_equal(out, "abcdabcdabcdxy", 14);
	assert_int_equal(dp_lz4_uncompress(in, sizeof(in), out, 10, &n), -1); /* no room */
	assert_int_equal(dp_lz4_uncompress(zero_offset, sizeof(zero_offset), out, 32, &n), -1);
	assert_int_equal(dp_lz4_uncompress(far_offset, sizeof(far_offset), out, 32, &n), -1);
	assert_int_equal(dp_lz4_uncompress(long_literal, sizeof(long_literal), out, 32, &n), -1);
}

static void delta_binary_packed(void **state)
{
	/* block 128, 4 miniblocks, 4 values, first 7; min delta -2; miniblock 0 of width 3
	 * holding 0, 6, 2: the values 7, 5, 9, 9 */
	static const uint8_t in[22] = { 0x80, 0x01, 4, 4, 14, 3, 3, 0, 0, 0, 0xB0 };
	static const int64_t want[] = { 7, 5, 9, 9 };
	int64_t out[4];
	size_t used = 0;

	(void)state;
	assert_int_equal(dp_pq_delta_ints(in, sizeof(in), out, 4, &used), 0);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(used, 22);
	assert_int_equal(dp_pq_delta_ints(in, 21, out, 4, &used), -1);  /* miniblock cut */
	assert_int_equal(dp_pq_delta_ints(in, sizeof(in), out, 3, &used), -1); /* count lies */
}

static void delta_front_coding(void **state)
{
	/* prefixes 0, 3 (all values delta 0 from first 0 ... encoded as two DBP runs), then
	 * suffix lengths 3, 2 and the suffix bytes: "abc", "abc" + "de" */
	static const uint8_t in[] = {
		0x80, 0x01, 4, 2, 0, 6, 0, 0, 0, 0, /* prefixes: first 0, min delta 3, widths 0 */
		0x80, 0x01, 4, 2, 6, 1, 0, 0, 0, 0, /* lengths: first 3, min delta -1, widths 0 */
		'a', 'b', 'c', 'd', 'e'
	};
	struct dp_pq_span s[2];
	uint8_t *buf = NULL;

	(void)state;
	assert_int_equal(dp_pq_delta_bytes(in, sizeof(in), s, 2, &buf), 0);
	assert_int_equal(s[0].n, 3);
	assert_memory_equal(s[0].p, "abc", 3);
	assert_int_equal(s[1].n, 5);
	assert_memory_equal(s[1].p, "abcde", 5);
	free(buf);
	assert_int_equal(dp_pq_delta_bytes(in, sizeof(in) - 1, s, 2, &buf), -1); /* bytes cut */
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snappy_literals_and_copies),
		cmocka_unit_test(snappy_refuses_corrupt_blocks),
		cmocka_unit_test(hybrid_runs),
		cmocka_unit_test(thrift_fields_and_skips),
		cmocka_unit_test(thrift_bounds),
		cmocka_unit_test(footer_that_lies),
		cmocka_unit_test(footer_of_empty_chunks),
		cmocka_unit_test(lz4_sequences),
		cmocka_unit_test(delta_binary_packed),
		cmocka_unit_test(delta_front_coding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

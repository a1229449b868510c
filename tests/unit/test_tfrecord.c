/* test_tfrecord.c - reader/tfrecord.c, reader/protobuf.c and the CRC-32C on the fixtures of
 * tests/scripts/tfrecord_gen.py (fixtures/tfrecord/), fed in blocks of every size: Example
 * features of every kind (packed and unpacked, text and image bytes, NaN), a
 * SequenceExample, bad data and length CRCs, a cut frame, records that are no Example, an
 * oversize frame. Counts, fields and notes are checked exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "reader/protobuf.h"
#include "reader/reader.h"
#include "reader_feed.h"
#include "reader/tfrecord.h"

extern const struct dp_reader_type dp_reader_tfrecord;

static int run(const char *data, size_t len, size_t block, const struct dp_config *cfg,
	       struct dp_feed_seen *s, struct dp_reader_stats *st)
{
	memset(s, 0, sizeof(*s));
	s->typed = 1;
	return dp_feed_run(&dp_reader_tfrecord, "x.tfrecord", cfg, dp_feed_collect, s, st, data,
			   len, block);
}

static char *load(const char *name, size_t *len)
{
	return dp_feed_load("tfrecord", name, len);
}

static void example_features_of_every_kind(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("text.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 5);
		assert_int_equal(st.malformed, 0);
		/* the image bytes are left out; two tags are a list */
		assert_string_equal(s.fields[0], "text:3=Hello from record 0, mail anna0@post.example.de;"
				    "label:2=0;score:2=0.5;url:3=https://tf0.example.com/a;tags:5=;"
				    "tags:3=a;tags:3=b;");
		assert_string_equal(s.text[0], "Hello from record 0, mail anna0@post.example.de");
		assert_string_equal(s.url[0], "https://tf0.example.com/a");
		/* unpacked int64s and floats, a negative int64, an empty list, float precision */
		assert_string_equal(s.fields[1], "text:3=second \xc3\xa9t\xc3\xa9;neg:2=-5;ints:5=;"
				    "ints:2=1;ints:2=2;ints:2=3;f:2=1.25;empty:5=;nums:5=;nums:2=0.1;"
				    "nums:2=-2;");
		/* of ["\xff\xfe", "ok"] the text is kept; "a\0b" is no text */
		assert_string_equal(s.fields[2], "text:3=third;mixed:3=ok;");
		/* a map entry with its value first; NaN and infinity are nulls; int64 extremes */
		assert_string_equal(s.fields[3], "text:3=fourth;odd:5=;odd:0=;odd:0=;odd:2=3;big:5=;"
				    "big:2=4611686018427387904;big:2=-9223372036854775808;");
		/* no text field: every string but the metadata (id) */
		assert_string_equal(s.text[4], "a caption, no text field");
		assert_int_equal(s.offset[1], 222); /* after a frame of 206 data bytes */
		assert_int_equal(st.n_notes, 0); /* image bytes are left out without a note */
	}
	free(d);
}

static void crc_errors(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("bad_crc.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		/* the bad length CRC: the rest of the member is lost, DP_WARN */
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_WARN);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.text[0], "shard record 1, call +1 415 555 0001");
		assert_string_equal(s.text[1], "shard record 3, call +1 415 555 0003");
		assert_int_equal(s.offset[1], 222);
		assert_string_equal(st.notes[0], "TFRecord record 2 at byte 111: bad data CRC, skipped");
		assert_string_equal(st.notes[1], "TFRecord record 4 at byte 333: bad length CRC, the "
				    "framing is lost: the rest is not read");
	}
	free(d);
}

static void cut_frame(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("truncated.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(st.notes[0], "TFRecord record 3 at byte 222: cut off by the end "
				    "of the data");
		/* cut inside the frame header */
		assert_int_equal(run(d, 230, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_string_equal(st.notes[0], "TFRecord record 3 at byte 222: cut off by the end "
				    "of the data");
		assert_int_equal(run(d, 222, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.malformed, 0);
	}
	free(d);
}

static void sequence_example_context(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("seq.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_string_equal(s.fields[0], "text:3=context text;length:2=3;");
		assert_string_equal(st.notes[0], "1 SequenceExamples: their context is read, their "
				    "feature_lists are not");
	}
	free(d);
}

static void records_that_are_no_example(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("raw.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_string_equal(s.text[0], "just a line of text");
		assert_string_equal(s.fields[0], "");
		assert_int_equal(st.malformed, 2);
		assert_string_equal(st.notes[0], "TFRecord record 2 at byte 35: neither a "
				    "tf.train.Example nor text");
		assert_string_equal(st.notes[1], "TFRecord record 3 at byte 56: neither a "
				    "tf.train.Example nor text");
	}
	free(d);
}

static void oversize_frame(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("big.tfrecord", &len);

	(void)state;
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 4096;
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.oversize, 1);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.text[1], "shard record 3, call +1 415 555 0003");
		assert_string_equal(st.notes[0], "TFRecord record 2 at byte 111: 5021 bytes, over "
				    "--max-record-bytes, skipped");
	}
	free(d);
}

/* data (n bytes) framed as a TFRecord at out (n + 16 bytes); returns the frame's length. */
static size_t frame(const uint8_t *data, size_t n, uint8_t *out)
{
	size_t i;
	uint32_t crc;

	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)((uint64_t)n >> (8 * i));
	crc = dp_tfrecord_mask(dp_crc32c(0, out, 8));
	for (i = 0; i < 4; i++)
		out[8 + i] = (uint8_t)(crc >> (8 * i));
	memcpy(out + 12, data, n);
	crc = dp_tfrecord_mask(dp_crc32c(0, data, n));
	for (i = 0; i < 4; i++)
		out[12 + n + i] = (uint8_t)(crc >> (8 * i));
	return n + 16;
}

/* Feature names are proto3 strings: one with a NUL byte ("a\0b" was shown as "a", a
 * second path "a" beside a real "a") or that is no UTF-8 is left out and counted in a
 * note; the record's other features are read. A name that is empty (or missing, which
 * protobuf reads as empty) is a name. */
static void feature_names_that_are_no_text(void **state)
{
	/* Example { features { feature { "a\0b": int64 [1] } feature { "\xff\xfe": int64 [2] }
	 * feature { "a": int64 [3] } feature { value: int64 [4] } } } */
	static const uint8_t ex[] = { 0x0a, 44,
		0x0a, 11, 0x0a, 3, 'a', 0, 'b', 0x12, 4, 0x1a, 2, 0x08, 1,
		0x0a, 10, 0x0a, 2, 0xff, 0xfe, 0x12, 4, 0x1a, 2, 0x08, 2,
		0x0a, 9, 0x0a, 1, 'a', 0x12, 4, 0x1a, 2, 0x08, 3,
		0x0a, 6, 0x12, 4, 0x1a, 2, 0x08, 4 };
	uint8_t buf[sizeof(ex) + 16];
	size_t n = frame(ex, sizeof(ex), buf), b;
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run((const char *)buf, n, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.fields[0], "a:2=3;:2=4;");
		assert_int_equal(st.n_notes, 1);
		assert_string_equal(st.notes[0], "features left out, their name holding a NUL byte "
				    "or no UTF-8: 2");
	}
}

static void crc32c_and_sniff(void **state)
{
	size_t len;
	char *d = load("train.tfrecord-00000-of-00002", &len);
	const unsigned char *h = (const unsigned char *)d;
	unsigned char flip[12];

	(void)state;
	assert_int_equal(dp_crc32c(0, "123456789", 9), 0xe3069283u); /* the check value */
	assert_int_equal(dp_crc32c(dp_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
	assert_int_equal(dp_crc32c(0, "", 0), 0);
	assert_int_equal(dp_tfrecord_sniff(h, len), 1);
	assert_int_equal(dp_tfrecord_sniff(h, 11), 0);
	memcpy(flip, h, 12);
	flip[3] ^= 1;
	assert_int_equal(dp_tfrecord_sniff(flip, 12), 0);
	assert_int_equal(dp_reader_tfrecord.bid("a/train.tfrecord-00000-of-00002", flip, 12), 95);
	assert_int_equal(dp_reader_tfrecord.bid("x.tfrecords.gz", flip, 12), 95);
	assert_int_equal(dp_reader_tfrecord.bid("train-00000-of-01024", h, len), 95);
	assert_int_equal(dp_reader_tfrecord.bid("train-00000-of-01024", flip, 12), 0);
	free(d);
}

static void protobuf_wire(void **state)
{
	/* 1: varint 150, 2: "hi", 3: fixed32 1, 4: fixed64 2; then a cut LEN, a group, field 0 */
	static const uint8_t msg[] = { 0x08, 0x96, 0x01, 0x12, 2, 'h', 'i', 0x1d, 1, 0, 0, 0,
				       0x21, 2, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t cut[] = { 0x12, 5, 'a' };
	static const uint8_t group[] = { 0x0b };
	static const uint8_t zero[] = { 0x00, 1 };
	static const uint8_t long_varint[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					       0xff, 0xff, 0xff, 0x01 };
	struct dp_pb r;
	struct dp_pb_field f;

	(void)state;
	dp_pb_init(&r, msg, sizeof(msg));
	assert_int_equal(dp_pb_next(&r, &f), 1);
	assert_int_equal(f.num, 1);
	assert_int_equal(f.v, 150);
	assert_int_equal(dp_pb_next(&r, &f), 1);
	assert_int_equal(f.wire, DP_PB_LEN);
	assert_memory_equal(f.data, "hi", 2);
	assert_int_equal(dp_pb_next(&r, &f), 1);
	assert_int_equal(f.v, 1);
	assert_int_equal(dp_pb_next(&r, &f), 1);
	assert_int_equal(f.num, 4);
	assert_int_equal(f.v, 2);
	assert_int_equal(dp_pb_next(&r, &f), 0);
	dp_pb_init(&r, cut, sizeof(cut));
	assert_int_equal(dp_pb_next(&r, &f), -1);
	assert_int_equal(dp_pb_next(&r, &f), 0); /* at the end after an error */
	dp_pb_init(&r, group, sizeof(group));
	assert_int_equal(dp_pb_next(&r, &f), -1);
	dp_pb_init(&r, zero, sizeof(zero));
	assert_int_equal(dp_pb_next(&r, &f), -1);
	dp_pb_init(&r, long_varint, sizeof(long_varint));
	assert_int_equal(dp_pb_next(&r, &f), -1);
	dp_pb_init(&r, msg, 2); /* a varint cut short */
	assert_int_equal(dp_pb_next(&r, &f), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_features_of_every_kind),
		cmocka_unit_test(crc_errors),
		cmocka_unit_test(cut_frame),
		cmocka_unit_test(sequence_example_context),
		cmocka_unit_test(records_that_are_no_example),
		cmocka_unit_test(oversize_frame),
		cmocka_unit_test(feature_names_that_are_no_text),
		cmocka_unit_test(crc32c_and_sniff),
		cmocka_unit_test(protobuf_wire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

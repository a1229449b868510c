/* test_warc.c - reader/warc.c on the fixtures of tests/scripts/warc_gen.py (fixtures/warc/),
 * fed in blocks of every size: WET conversion records in gzip members, response records
 * (HTTP header and HTML), CRLF and bare LF, a cut record, corrupt headers, an oversize
 * block. Counts, fields and notes are checked exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "reader/reader.h"
#include "reader_feed.h"

extern const struct dp_reader_type dp_reader_warc;

static int run(const char *data, size_t len, size_t block, const struct dp_config *cfg,
	       struct dp_feed_seen *s, struct dp_reader_stats *st)
{
	memset(s, 0, sizeof(*s));
	s->typed = 0;
	return dp_feed_run(&dp_reader_warc, "x.warc", cfg, dp_feed_collect, s, st, data, len, block);
}

static char *load(const char *name, size_t *len)
{
	return dp_feed_load("warc", name, len);
}

static void wet_conversion_records(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("wet.warc.wet.gz", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 9);
		assert_int_equal(s.n, 9);
		assert_int_equal(st.malformed, 0);
		assert_int_equal(st.invalid_utf8, 1);
		assert_string_equal(s.fields[0],
				    "warc_type=conversion;url=https://site1.example.org/page/1;"
				    "date=2024-03-01T12:00:01Z;content_type=text/plain;"
				    "text=Page 1 of the test crawl.\nContact jane.doe1@mail.example.com or "
				    "call +1 415 555 0001.\nThe quick brown fox jumps over the lazy dog.\n;");
		assert_string_equal(s.text[1], "Page 2 of the test crawl.\nContact "
				    "jane.doe2@mail.example.com or call +1 415 555 0002.\nThe quick "
				    "brown fox jumps over the lazy dog.\n");
		assert_string_equal(s.url[7], "https://site1.example.org/page/8");
		assert_string_equal(s.date[7], "2024-03-01T12:00:08Z");
		assert_string_equal(s.url[8], "http://latin.example.net/fr");
		assert_int_equal(s.invalid[8], 1);
		assert_int_equal(s.invalid[0], 0);
		assert_int_equal(st.n_notes, 0); /* the warcinfo record is no news */
	}
	free(d);
}

static void response_records_give_their_http_payload(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("crawl.warc.gz", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 5);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.fields[0], "warc_type=response;url=https://shop1.example.com/"
				    "index.html;date=2024-03-01T12:00:01Z;content_type=text/html;"
				    "text=<!DOCTYPE html>\r\n<html><head><title>Shop 1</title></head>\r\n"
				    "<body><p>Write to sales1@shop.example.com</p>\r\n</body></html>\r\n;");
		assert_string_equal(s.url[2], "https://shop3.example.com/index.html");
		assert_string_equal(s.fields[3], "warc_type=resource;url=ftp://files.example.org/"
				    "notes.txt;date=2024-03-01T12:00:10Z;content_type=text/plain;"
				    "text=notes from ftp, nothing else\n;");
		/* the identified payload type wins over the server's */
		assert_string_equal(s.fields[4], "warc_type=response;url=https://json.example.com/api;"
				    "date=2024-03-01T12:00:13Z;content_type=application/json;"
				    "text={\"text\": \"ok\"};");
		assert_string_equal(st.notes[0], "WARC records skipped: 3 request, "
				    "3 metadata, 1 revisit, 1 with a payload that is no text");
	}
	free(d);
}

static void crlf_and_bare_lf(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("crlf.warc", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 3);
		assert_int_equal(st.malformed, 0);
		assert_int_equal(st.n_notes, 0);
		assert_string_equal(s.text[0], "line one\r\nline two\r\n");
		assert_string_equal(s.text[1], "lf header\nbare\rcr\n");
		assert_string_equal(s.url[1], "https://crlf.example.org/2");
		assert_string_equal(s.text[2], "WARC/1.0 in a body is just text\r\n\r\n");
		assert_int_equal(s.offset[0], 0);
	}
	free(d);
}

static void cut_record_is_malformed_and_the_next_is_read(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("truncated.warc", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 2);
		assert_string_equal(s.text[0], "good record 1\n");
		assert_string_equal(s.text[1], "good record 3\n");
		assert_int_equal(s.offset[1], 645);
		assert_string_equal(st.notes[0], "WARC record 2 at byte 319: no record end where "
				    "Content-Length says (a cut record or a wrong length)");
		assert_string_equal(st.notes[1], "WARC record 4 at byte 964: block cut off by the "
				    "end of the data");
	}
	free(d);
}

static void corrupt_headers_resume_at_the_next_record(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("corrupt.warc", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 3);
		assert_int_equal(st.malformed, 3);
		assert_string_equal(s.text[0], "fine 1\n");
		assert_string_equal(s.text[1], "fine 4\n");
		assert_string_equal(s.text[2], "fine 6\n");
		assert_int_equal(s.offset[2], 1268);
		assert_string_equal(st.notes[0], "WARC record 2 at byte 309: header field name is no token");
		assert_string_equal(st.notes[1], "WARC record 3 at byte 618: Content-Length is not a number");
		assert_string_equal(st.notes[2], "WARC record 5 at byte 1237: no WARC/1.x version line");
	}
	free(d);
}

static void oversize_block_is_skipped(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("oversize.warc", &len);

	(void)state;
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 4096;
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.oversize, 1);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.text[0], "small one\n");
		assert_string_equal(s.text[1], "small three\n");
		assert_string_equal(st.notes[0], "WARC record 2 at byte 313: block of 5000 bytes over "
				    "--max-record-bytes, skipped");
	}
	free(d);
}

/* Small cases written inline: LF-only framing, an HTTP message without a header end, a
 * header cut by the end of the data, junk before the first record. */
static void inline_cases(void **state)
{
	static const char lf[] = "WARC/1.0\nWARC-Type: resource\nContent-Length: 3\n\nabc\n\n"
				 "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <http://a.example/>\n"
				 "Content-Length: 12\n\nHTTP/1.1 200\n\n";
	static const char junk[] = "junk\nmore junk WARC/1.0\nWARC/1.1\r\nWARC-Type: conversion\r\n"
				   "Content-Length: 2\r\n\r\nok\r\n\r\nWARC/1.1\r\nWARC-Type: conv";
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t b;

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(lf, sizeof(lf) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.fields[0], "warc_type=resource;text=abc;");
		assert_string_equal(s.fields[1], "warc_type=response;url=http://a.example/;text=;");
		assert_int_equal(run(junk, sizeof(junk) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_string_equal(s.text[0], "ok");
		assert_int_equal(s.offset[0], 24);
		assert_int_equal(st.malformed, 2);
		assert_string_equal(st.notes[0], "WARC record 1 at byte 0: no WARC/1.x version line");
		assert_string_equal(st.notes[1], "WARC record 3 at byte 84: header cut off by the end "
				    "of the data");
	}
}

/* A length one byte short: the record is lost, the next one is found again. Then 40000
 * records each claiming 2 MB, nested in one another: every byte is read twice at most,
 * not once per record around it (which took minutes), and every record is counted as
 * malformed (4 of the 40000 were counted). */
static void lying_lengths(void **state)
{
	static const char short_len[] = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\n"
					"abc\r\n\r\nWARC/1.1\r\nWARC-Type: conversion\r\n"
					"Content-Length: 2\r\n\r\nok\r\n\r\n";
	static const char one[] = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 2000000\r\n\r\n";
	size_t k = sizeof(one) - 1, n = 40000, b;
	char *nested = malloc(k * n);
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	clock_t t0;

	(void)state;
	assert_non_null(nested);
	for (b = 0; b < n; b++)
		memcpy(nested + b * k, one, k);
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(short_len, sizeof(short_len) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.text[0], "ok");
		assert_int_equal(s.offset[0], 61);
	}
	t0 = clock();
	/* each is malformed: most were swallowed by two lying lengths, counted, not read */
	for (b = 0; b < DP_FEED_NBLOCKS; b += 3) {
		assert_int_equal(run(nested, k * n, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 0);
		assert_int_equal(st.malformed, n);
	}
	assert_string_equal(st.notes[DP_READER_NOTES_MAX - 1], "WARC records swallowed by lying "
			    "lengths nested in one another, counted as malformed, not read: 39996");
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	free(nested);
}

/* Header fields as the spec has them: names in any case, no space after the colon, a
 * Content-Length with leading zeros (1*DIGIT: 21 digits that are a small number); a
 * plus sign, a space inside, 20 significant digits (over 64 bits) and two lengths that
 * disagree are malformed, two that agree are not. */
static void content_length_forms(void **state)
{
	static const struct {
		const char *len;
		int ok;
	} cases[] = {
		{ "Content-Length: 0002", 1 },
		{ "content-length:000000000000000000002", 1 },
		{ "CONTENT-LENGTH: \t2 \t", 1 },
		{ "Content-Length: 2\r\nContent-Length: 2", 1 },
		{ "Content-Length: +2", 0 },
		{ "Content-Length: 2 0", 0 },
		{ "Content-Length: 99999999999999999999", 0 },
		{ "Content-Length: 2\r\nContent-Length: 4", 0 },
		{ "Content-Length: 4\r\nContent-Length: 2", 0 },
	};
	char doc[256];
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t i, b;
	int n;

	(void)state;
	dp_config_init(&cfg);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		n = snprintf(doc, sizeof(doc), "WARC/1.1\r\nwarc-type: conversion\r\n%s\r\n\r\n"
			     "ok\r\n\r\nWARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 4\r\n"
			     "\r\nnext\r\n\r\n", cases[i].len);
		for (b = 0; b < DP_FEED_NBLOCKS; b++) {
			assert_int_equal(run(doc, (size_t)n, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
			assert_int_equal(st.records, cases[i].ok ? 2 : 1);
			assert_int_equal(st.malformed, cases[i].ok ? 0 : 1);
			assert_string_equal(s.text[0], cases[i].ok ? "ok" : "next");
		}
	}
}

/* A header that stops at a line end and is followed by the next record's version line (a
 * writer that died mid-header, a file cut and appended to): the cut header is malformed
 * and the record after it read, not merged into one record with the cut one's fields. */
static void header_cut_by_the_next_record(void **state)
{
	static const char doc[] = "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://cut/\r\n"
				  "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\n"
				  "ok\r\n\r\n";
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t b;

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(doc, sizeof(doc) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.fields[0], "warc_type=conversion;text=ok;");
		assert_int_equal(s.offset[0], 61);
		assert_string_equal(st.notes[0], "WARC record 1 at byte 0: header cut short by the "
				    "version line of another record");
	}
}

/* HTTP payloads: an interim "100 Continue" response before the final one (its header
 * block is no payload), HTTP/1.0, a Content-Type folded onto the next line, a response
 * with no HTTP header at all (the block is the payload, typed by the WARC header). */
static void http_interim_and_folded_headers(void **state)
{
	static const char doc[] =
		"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 78\r\n\r\n"
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
		"<p>hi</p>\r\n\r\n"
		"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 69\r\n\r\n"
		"HTTP/1.0 200 OK\r\nContent-Type:\r\n text/plain;\r\n charset=utf-8\r\n\r\nplain\r\n\r\n"
		"WARC/1.1\r\nWARC-Type: response\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
		"\r\n<b>x</b>\n\r\n\r\n"
		"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 56\r\n\r\n"
		"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1\r\n\r\n";
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t b;

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(doc, sizeof(doc) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.malformed, 0);
		assert_int_equal(st.records, 4);
		assert_string_equal(s.fields[0], "warc_type=response;content_type=text/html;"
				    "text=<p>hi</p>;");
		assert_string_equal(s.fields[1], "warc_type=response;content_type=text/plain;"
				    "text=plain;");
		assert_string_equal(s.fields[2], "warc_type=response;content_type=text/html;"
				    "text=<b>x</b>\n;");
		assert_string_equal(s.fields[3], "warc_type=response;text=;");
	}
}

/* A record whose length ends short of a CRLF CRLF but after some line-end bytes ("\r\n\r"
 * then junk): its block and those bytes are read again. In small blocks the gap bytes were
 * dropped from the bytes read again, so the next record's offset came out 3 bytes early;
 * the fixtures and a few damaged documents give the same records and notes in every
 * block size as read whole. */
static void same_records_in_every_block_size(void **state)
{
	static const char gap[] = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\n"
				  "ab\r\n\rX\nWARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 2"
				  "\r\n\r\nok\r\n\r\n";
	static const char *const fixtures[] = { "wet.warc.wet.gz", "crawl.warc.gz", "crlf.warc",
		"truncated.warc", "corrupt.warc", "oversize.warc", "edge.warc" };
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t b, len, cut;
	char *d;

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(gap, sizeof(gap) - 1, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 1);
		assert_int_equal(st.malformed, 1);
		assert_int_equal(s.offset[0], 61);
	}
	cfg.limits.max_record_bytes = 4096;
	for (b = 0; b < sizeof(fixtures) / sizeof(*fixtures); b++) {
		d = load(fixtures[b], &len);
		dp_feed_same_in_every_block(&dp_reader_warc, &cfg, d, len);
		for (cut = 1; cut < 8; cut++) /* cut anywhere: the block, a header, a gap */
			dp_feed_same_in_every_block(&dp_reader_warc, &cfg, d, len * cut / 8);
		free(d);
	}
}

/* Every record's length 10 bytes too long: each swallows the start of the next, whose
 * length lies too. Each record is malformed and counted, and the good one after them is
 * read; a block found in bytes already read twice was not read again at all, so a third of
 * the records went uncounted. */
static void every_length_lies(void **state)
{
	static const char lie[] = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 20\r\n\r\n"
				  "0123456789\r\n\r\n";
	static const char good[] = "WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 2\r\n\r\n"
				   "ok\r\n\r\n";
	char doc[12 * sizeof(lie) + sizeof(good)];
	size_t k = sizeof(lie) - 1, n = 0, i, b;
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;

	(void)state;
	for (i = 0; i < 12; i++, n += k)
		memcpy(doc + n, lie, k);
	memcpy(doc + n, good, sizeof(good) - 1);
	n += sizeof(good) - 1;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(doc, n, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.malformed, 12);
		assert_int_equal(st.records, 1);
		assert_string_equal(s.text[0], "ok");
		assert_int_equal(s.offset[0], 12 * k);
	}
}

/* The review's findings in one file (tests/scripts/warc_gen.py edge_records). */
static void edge_fixture(void **state)
{
	struct dp_config cfg;
	struct dp_feed_seen s;
	struct dp_reader_stats st;
	size_t len, b;
	char *d = load("edge.warc", &len);

	(void)state;
	dp_config_init(&cfg);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		assert_int_equal(run(d, len, dp_feed_blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 4);
		assert_int_equal(st.malformed, 5);
		assert_string_equal(s.text[0], "<p>continued, ask ed@edge.example.com</p>");
		assert_string_equal(s.fields[1], "warc_type=response;url=https://edge.example.com/2;"
				    "date=2024-03-01T12:00:02Z;content_type=text/plain;"
				    "text=folded header page\n;");
		assert_string_equal(s.text[2], "after the cut\n");
		assert_int_equal(s.offset[2], 1257);
		assert_string_equal(s.text[3], "last\n");
		assert_string_equal(st.notes[0], "WARC record 3 at byte 741: Content-Length given "
				    "twice with different values");
		assert_string_equal(st.notes[1], "WARC record 4 at byte 1083: header cut short by "
				    "the version line of another record");
	}
	free(d);
}

static void bids(void **state)
{
	const unsigned char w10[] = "WARC/1.0\r\nWARC-Type: warcinfo\r\n";
	const unsigned char w11[] = "WARC/1.1\nWARC-Type: warcinfo\n";
	const unsigned char no[] = "WARC/2.0\r\n";

	(void)state;
	assert_int_equal(dp_reader_warc.bid("a", w10, sizeof(w10) - 1), 95);
	assert_int_equal(dp_reader_warc.bid("a", w11, sizeof(w11) - 1), 95);
	assert_int_equal(dp_reader_warc.bid("a", no, sizeof(no) - 1), 0);
	assert_int_equal(dp_reader_warc.bid("CC-MAIN-1.warc.wet.gz", no, 0), 90);
	assert_int_equal(dp_reader_warc.bid("dir/CC-MAIN-1.warc.gz", no, 0), 90);
	assert_int_equal(dp_reader_warc.bid("x.WARC", no, 0), 90);
	assert_int_equal(dp_reader_warc.bid("x.txt", no, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wet_conversion_records),
		cmocka_unit_test(response_records_give_their_http_payload),
		cmocka_unit_test(crlf_and_bare_lf),
		cmocka_unit_test(cut_record_is_malformed_and_the_next_is_read),
		cmocka_unit_test(corrupt_headers_resume_at_the_next_record),
		cmocka_unit_test(oversize_block_is_skipped),
		cmocka_unit_test(inline_cases),
		cmocka_unit_test(lying_lengths),
		cmocka_unit_test(content_length_forms),
		cmocka_unit_test(header_cut_by_the_next_record),
		cmocka_unit_test(http_interim_and_folded_headers),
		cmocka_unit_test(same_records_in_every_block_size),
		cmocka_unit_test(every_length_lies),
		cmocka_unit_test(edge_fixture),
		cmocka_unit_test(bids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_readers.c - reader/: jsonl, json, csv, tsv and text, fed in blocks of every size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "reader/reader.h"
#include "reader_feed.h"

#define MAXREC 16

/* What the fake analyser saw. */
struct seen {
	size_t n;
	char text[MAXREC][128];
	char license[MAXREC][32];
	char fields[MAXREC][256]; /* "path:type=value;" */
	uint64_t line[MAXREC], index[MAXREC];
	int invalid[MAXREC];
};

static int emit(void *ctx, const struct dp_record *r)
{
	struct seen *s = ctx;
	size_t i, o = 0;

	if (s->n >= MAXREC)
		return DP_OK;
	snprintf(s->text[s->n], sizeof(s->text[0]), "%.*s", (int)r->text_len, r->text);
	if (r->meta[DP_META_LICENSE])
		snprintf(s->license[s->n], sizeof(s->license[0]), "%.*s",
			 (int)r->meta_len[DP_META_LICENSE], r->meta[DP_META_LICENSE]);
	for (i = 0; i < r->n_fields && o < sizeof(s->fields[0]); i++)
		o += (size_t)snprintf(s->fields[s->n] + o, sizeof(s->fields[0]) - o, "%s:%d=%s;",
				      r->fields[i].path, (int)r->fields[i].type, r->fields[i].value);
	s->line[s->n] = r->line;
	s->index[s->n] = r->index;
	s->invalid[s->n] = r->text_invalid_utf8;
	s->n++;
	return DP_OK;
}

/* Run reader `name` over `data` in blocks of `block` bytes. */
static int run(const char *name, const char *data, size_t len, size_t block,
	       struct dp_config *cfg, struct seen *s, struct dp_reader_stats *st)
{
	memset(s, 0, sizeof(*s));
	return dp_feed_run(dp_reader_find(name), "x", cfg, emit, s, st, data, len, block);
}

static const char jsonl_doc[] =
	"{\"text\":\"caf\\u00e9 one\",\"license\":\"MIT\",\"meta\":{\"url\":\"http://x\",\"n\":[1,{\"k\":true}]}}\n"
	"\n"
	"{\"body\":\"two\"}\r\n"
	"not json at all\n"
	"[1,2]\n"
	"{\"text\":\"unterminated\n"
	"{\"a\":\"x\",\"b\":\"y\"}\n"
	"{\"text\":\"last, no newline\"}";

static void jsonl_records_and_bad_lines(void **state)
{
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t blocks[] = { 1, 2, 7, 64, 4096 };
	(void)state;
	dp_config_init(&cfg);
	for (size_t b = 0; b < sizeof(blocks) / sizeof(*blocks); b++) {
		assert_int_equal(run("jsonl", jsonl_doc, sizeof(jsonl_doc) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 4);
		assert_int_equal(st.records, 4);
		assert_int_equal(st.malformed, 3);
		assert_string_equal(s.text[0], "caf\xc3\xa9 one");
		assert_string_equal(s.license[0], "MIT");
		assert_string_equal(s.fields[0],
				    "text:3=caf\xc3\xa9 one;license:3=MIT;meta:4=;meta.url:3=http://x;"
				    "meta.n:5=;meta.n:2=1;meta.n:4=;meta.n.k:1=true;");
		assert_string_equal(s.text[1], "two");
		assert_int_equal(s.line[1], 3);
		assert_string_equal(s.text[2], "x\ny"); /* no text field: every string value */
		assert_string_equal(s.text[3], "last, no newline");
		assert_int_equal(s.line[3], 8);
		assert_int_equal(s.index[3], 3);
	}
}

/* A line that ends in the start of a token ('{...} tru', '{...} 12', '{...} "ab') left
 * yajl holding it for the next line's bytes to continue: the line's newline ends it, whole
 * lines (the fast parser) and pieces alike. */
static void jsonl_token_left_open_meets_the_next_line(void **state)
{
	static const char lit[] = "{\"text\":\"a\"} tru\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
	static const char num[] = "{\"text\":\"a\"} 12\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
	static const char str[] = "{\"text\":\"a\"} \"ab\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t blocks[] = { 1, 5, 4096 };
	(void)state;
	dp_config_init(&cfg);
	for (size_t b = 0; b < sizeof(blocks) / sizeof(*blocks); b++) {
		/* the newline ends "tru" (a lexical error) and "12" (a second value) on line 1:
		 * line 1 is malformed as a whole, its object no record; lines 2 and 3 are read */
		assert_int_equal(run("jsonl", lit, sizeof(lit) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.text[0], "b");
		assert_string_equal(s.text[1], "c");
		assert_int_equal(run("jsonl", num, sizeof(num) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.text[0], "b");
		/* a string left open at the line's end is an error of that line */
		assert_int_equal(run("jsonl", str, sizeof(str) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 1);
		assert_string_equal(s.text[0], "b");
		assert_string_equal(s.text[1], "c");
	}
}

/* A JSONL line is one record or, as a whole, malformed: two objects on a line are no
 * record at all (they were both records and the line malformed); a top-level array is
 * malformed; a bare string is a record of that text. In a JSON array every element that
 * is not an object (nor a string) is one malformed record. */
static void json_values_that_are_not_records(void **state)
{
	static const char two[] = "{\"text\":\"x\"} {\"text\":\"y\"}\n{\"text\":\"z\"}\n[1,2]\n\"str\"\n";
	static const char arr[] = "[1, \"s\", {\"text\":\"o\"}, null, [1,2], true]";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t blocks[] = { 1, 3, 4096 };
	(void)state;
	dp_config_init(&cfg);
	for (size_t b = 0; b < sizeof(blocks) / sizeof(*blocks); b++) {
		assert_int_equal(run("jsonl", two, sizeof(two) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 2);
		assert_string_equal(s.text[0], "z");
		assert_string_equal(s.text[1], "str");
		assert_int_equal(run("json", arr, sizeof(arr) - 1, blocks[b], &cfg, &s, &st), DP_OK);
		assert_int_equal(st.records, 2);
		assert_int_equal(st.malformed, 4);
	}
}

/* Lines of blanks only feed yajl without an event, and past DP_JSONEV_QUIET_MIN such
 * bytes it holds input back (a long token costs O(n^2) otherwise). A record line after
 * them, read whole by the fast parser, must end that as yajl's events would: a bad long
 * line next is malformed at its error, not oversize at --max-record-bytes. */
static void jsonl_fast_line_ends_a_quiet_stretch(void **state)
{
	const size_t blank = 19 * 65536 - 1, bad = 2u << 20;
	size_t len = 2 * (blank + 1) + 8 + bad + 1;
	char *doc = malloc(len);
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	assert_non_null(doc);
	memset(doc, ' ', len);
	doc[blank] = doc[2 * blank + 1] = '\n';
	memcpy(doc + 2 * (blank + 1), "{\"b\":2}\n{\"c\":x", 14);
	memset(doc + 2 * (blank + 1) + 14, 'x', len - 2 * (blank + 1) - 15);
	doc[len - 1] = '\n';
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 1536u << 10;
	assert_int_equal(run("jsonl", doc, len, 65536, &cfg, &s, &st), DP_OK);
	assert_int_equal(st.records, 1);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.oversize, 0);
	free(doc);
}

static void jsonl_oversize_line_is_skipped(void **state)
{
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	char doc[8192];
	(void)state;
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 1024;
	memset(doc, 'a', sizeof(doc));
	memcpy(doc, "{\"text\":\"", 9);
	memcpy(doc + 4000, "\"}\n{\"text\":\"ok\"}\n", 17);
	assert_int_equal(run("jsonl", doc, 4017, 100, &cfg, &s, &st), DP_OK);
	assert_int_equal(st.oversize, 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "ok");
}

static void jsonl_deep_nesting_is_bounded(void **state)
{
	static char doc[200020];
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t i, n = 0;
	(void)state;
	dp_config_init(&cfg);
	n += (size_t)snprintf(doc, sizeof(doc), "{\"text\":\"t\",\"d\":");
	for (i = 0; i < 5000; i++) /* deeper than --max-field-depth: kept, not recorded */
		doc[n++] = '[';
	for (i = 0; i < 5000; i++)
		doc[n++] = ']';
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "}\n{\"d\":");
	for (i = 0; i < 90000; i++) /* deeper than any sane document: malformed, bounded */
		doc[n++] = '{';
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "\n{\"text\":\"after\"}\n");
	assert_int_equal(run("jsonl", doc, n, 65536, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(st.depth_limited, 1);
	assert_int_equal(st.malformed, 1);
	assert_string_equal(s.text[0], "t");
	assert_string_equal(s.text[1], "after");
}

static void jsonl_invalid_utf8_is_kept_and_counted(void **state)
{
	static const char doc[] = "{\"text\":\"bad \xff byte\"}\n";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	dp_config_init(&cfg);
	assert_int_equal(run("jsonl", doc, sizeof(doc) - 1, 5, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.invalid[0], 1);
	assert_int_equal(st.invalid_utf8, 1);
}

static void json_array_and_object(void **state)
{
	static const char arr[] = " [ {\"text\":\"a\"}, {\"content\":\"b\",\"license\":\"cc-by-4.0\"}, \"c\", 5 ] ";
	static const char obj[] = "{\"description\":\"one object\",\"license\":\"odc-by\"}";
	static const char bad[] = "[{\"text\":\"a\"}, {\"text\": ";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	dp_config_init(&cfg);
	assert_int_equal(run("json", arr, sizeof(arr) - 1, 3, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.text[1], "b");
	assert_string_equal(s.license[1], "cc-by-4.0");
	assert_string_equal(s.text[2], "c");
	assert_int_equal(st.malformed, 1); /* the number element */
	assert_int_equal(run("json", obj, sizeof(obj) - 1, 4096, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "one object");
	assert_int_equal(run("json", bad, sizeof(bad) - 1, 4096, &cfg, &s, &st), DP_WARN);
	assert_int_equal(s.n, 1); /* the record before the break is kept */
}

static void csv_rfc4180(void **state)
{
	static const char doc[] = "\xEF\xBB\xBFid,text,license\r\n"
				  "1,\"multi\r\nline, \"\"quoted\"\"\",MIT\r\n"
				  "\r\n"
				  "2,plain,\r\n"
				  "3,extra,x,y\n"
				  "4,\"no end";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	dp_config_init(&cfg);
	for (size_t b = 1; b < 40; b += 13) {
		assert_int_equal(run("csv", doc, sizeof(doc) - 1, b, &cfg, &s, &st), DP_WARN);
		assert_int_equal(s.n, 3);
		assert_string_equal(s.text[0], "multi\r\nline, \"quoted\""); /* kept verbatim */
		assert_string_equal(s.license[0], "MIT");
		assert_int_equal(s.line[1], 5);
		assert_string_equal(s.fields[2], "id:3=3;text:3=extra;license:3=x;column4:3=y;");
		assert_int_equal(st.malformed, 1); /* the unterminated quote */
	}
}

static void tsv_and_text(void **state)
{
	static const char tsv[] = "text\tlabel\n\"quoted\" as is\tpos\n";
	static const char txt[] = "Just some text.\nTwo lines.";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	dp_config_init(&cfg);
	assert_int_equal(run("tsv", tsv, sizeof(tsv) - 1, 4096, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "\"quoted\" as is");
	assert_int_equal(run("text", txt, sizeof(txt) - 1, 3, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], txt);
}

static void choose_by_name_and_content(void **state)
{
	(void)state;
	assert_string_equal(dp_reader_choose("a/b.jsonl.zst", (const unsigned char *)"x", 1)->name, "jsonl");
	assert_string_equal(dp_reader_choose("data", (const unsigned char *)"{\"a\":1}\n{", 9)->name, "jsonl");
	assert_string_equal(dp_reader_choose("data", (const unsigned char *)" [{\"a\":1}]", 10)->name, "json");
	assert_string_equal(dp_reader_choose("t.CSV", (const unsigned char *)"a,b\n", 4)->name, "csv");
	assert_string_equal(dp_reader_choose("notes", (const unsigned char *)"hello", 5)->name, "text");
}

/* Content sniffing of files without a telling extension (CHANGES, THANKS, README.x): prose
 * with commas is not a table, a bracketed note is not a JSON array. */
static const char *choose(const char *name, const char *head)
{
	return dp_reader_choose(name, (const unsigned char *)head, strlen(head))->name;
}

static void content_sniffing_is_not_fooled_by_prose(void **state)
{
	(void)state;
	assert_string_equal(choose("THANKS", "These people have contributed (formerly, the a, b,\n"
				"c, and/or d packages).  Some have reported problems, others\n"
				"have contributed improvements.\n"), "text");
	assert_string_equal(choose("README.guide", "[ This is just a pointer to a document ]\n"),
			    "text");
	assert_string_equal(choose("export", "id,name,score\n1,ann,3\n2,bob,4\n3,cy"), "csv");
	assert_string_equal(choose("export", "id,note\n1,\"two\nlines, and a comma\"\n2,x\n"),
			    "csv");
	assert_string_equal(choose("export", "id\tname\n1\tann\n"), "tsv");
	assert_string_equal(choose("dump", "[\n  {\"a\": 1}\n]"), "json");
	assert_string_equal(choose("dump", "[1, 2, 3]"), "json");
	assert_string_equal(choose("hello.pp", "{ a Pascal comment }\nprogram hello;\n"), "text");
	assert_string_equal(choose("rows", "{ \"a\": 1 }\n{\"a\": 2}\n"), "jsonl");
	assert_string_equal(choose("doc", "{\n  \"a\": [1,\n 2]\n}\n"), "json");
}

static void lines_one_record_per_line(void **state)
{
	static const char doc[] = "first\r\n\n  \t\nsecond line\nlast";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t block;

	(void)state;
	dp_config_init(&cfg);
	for (block = 1; block <= sizeof(doc); block++) { /* every block boundary */
		assert_int_equal(run("lines", doc, sizeof(doc) - 1, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 3);
		assert_string_equal(s.text[0], "first");
		assert_string_equal(s.text[1], "second line");
		assert_string_equal(s.text[2], "last");
		assert_int_equal(s.line[0], 1);
		assert_int_equal(s.line[1], 4);
		assert_int_equal(s.line[2], 5);
	}
	cfg.limits.max_record_bytes = 4; /* a long line is cut, kept and counted */
	assert_int_equal(run("lines", "abcdefgh\nxy\n", 12, 3, &cfg, &s, &st), DP_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[0], "abcd");
	assert_int_equal(st.oversize, 1);
	assert_string_equal(dp_reader_choose("corpus.txt", (const unsigned char *)"a\nb\n", 4)->name,
			    "text");
}

/* Tables and JSONL that the stricter sniffing must still take for what they are. */
static void content_sniffing_still_reads_real_tables(void **state)
{
	(void)state;
	/* blank last lines, LF or CRLF */
	assert_string_equal(choose("export", "a,b,c\n1,2,3\n4,5,6\n\n"), "csv");
	assert_string_equal(choose("export", "a,b,c\r\n1,2,3\r\n7,8,9\r\n\r\n \r\n"), "csv");
	/* a tab after the last column of the header only, or of the rows only */
	assert_string_equal(choose("export", "a\tb\tc\t\n1\t2\t3\n4\t5\t6\n"), "tsv");
	assert_string_equal(choose("export", "a\tb\tc\r\n1\t2\t3\t\r\n4\t\t\t\r\n"), "tsv");
	/* rows whose empty last fields are left out (/usr/share/distro-info/ubuntu.csv) */
	assert_string_equal(choose("ubuntu", "version,codename,series,created,release,eol,"
				"eol-server,eol-esm\n4.10,Warty Warthog,warty,2004-03-05,2004-10-20,"
				"2006-04-30\n6.06 LTS,Dapper Drake,dapper,2005-10-12,2006-06-01,"
				"2009-07-14,2011-06-01\n"), "csv");
	/* JSONL whose first line has spaces or a tab after its object */
	assert_string_equal(choose("rows", "{\"a\": 1} \n{\"a\": 2, bad}\n{\"a\": 3}\n"), "jsonl");
	assert_string_equal(choose("rows", "{\"a\": 1}\t\r\n{\"a\": 2}\n"), "jsonl");
	/* still prose: a blank line between lines is not passed over */
	assert_string_equal(choose("NEWS", "Fixed a crash, and a leak,\nthanks to ann.\n\n"), "text");
	assert_string_equal(choose("NEWS", "Apr 08, 2022: 3.6.1 released\n\nFeb 09, 2022: 3.6.0 "
				"released\n\nFeb 08, 2022: 3.5.3 released\n"), "text");
}

static void lines_cr_bom_and_cap(void **state)
{
	static const char doc[] = "\xEF\xBB\xBFsame line\r\nsame line\r\n";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t block;

	(void)state;
	dp_config_init(&cfg);
	for (block = 1; block <= sizeof(doc); block++) { /* the BOM is not in the first line */
		assert_int_equal(run("lines", doc, sizeof(doc) - 1, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 2);
		assert_string_equal(s.text[0], "same line");
		assert_string_equal(s.text[1], "same line");
	}
	cfg.limits.max_record_bytes = 4; /* a CRLF line of exactly the cap is not cut */
	for (block = 1; block <= 12; block++) {
		assert_int_equal(run("lines", "abcd\r\nabcde\r\nxy", 15, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 3);
		assert_string_equal(s.text[0], "abcd");
		assert_string_equal(s.text[1], "abcd");
		assert_string_equal(s.text[2], "xy");
		assert_int_equal(st.oversize, 1);
	}
}

/* A UTF-8 byte-order mark before JSONL or JSON (Windows tools write one) is dropped, at
 * every block size; bytes that only start like one are kept. */
static void json_after_bom(void **state)
{
	static const char jl[] = "\xEF\xBB\xBF{\"text\":\"a\"}\n{\"text\":\"b\"}\n";
	static const char js[] = "\xEF\xBB\xBF[{\"text\":\"a\"},{\"text\":\"b\"}]";
	static const char bad[] = "\xEF\xBB{\"text\":\"a\"}\n{\"text\":\"b\"}\n";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	size_t block;

	(void)state;
	dp_config_init(&cfg);
	assert_string_equal(dp_reader_choose("rows", (const unsigned char *)jl, sizeof(jl) - 1)->name,
			    "jsonl");
	assert_string_equal(dp_reader_choose("doc", (const unsigned char *)js, sizeof(js) - 1)->name,
			    "json");
	for (block = 1; block <= 8; block++) {
		assert_int_equal(run("jsonl", jl, sizeof(jl) - 1, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 2);
		assert_int_equal(st.malformed, 0);
		assert_string_equal(s.text[0], "a");
		assert_int_equal(run("json", js, sizeof(js) - 1, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 2);
		assert_string_equal(s.text[1], "b");
		assert_int_equal(run("jsonl", bad, sizeof(bad) - 1, block, &cfg, &s, &st), DP_OK);
		assert_int_equal(s.n, 1); /* the first line is not JSON: its two bytes were kept */
		assert_int_equal(st.malformed, 1);
	}
}

static void text_field_option(void **state)
{
	static const char doc[] = "{\"text\":\"no\",\"meta\":{\"body\":\"yes\"},\"alt\":\"too\"}\n";
	struct dp_config cfg;
	struct seen s;
	struct dp_reader_stats st;
	(void)state;
	dp_config_init(&cfg);
	cfg.text_fields.v[0] = "meta.body";
	cfg.text_fields.v[1] = "alt";
	cfg.text_fields.n = 2;
	assert_int_equal(run("jsonl", doc, sizeof(doc) - 1, 4096, &cfg, &s, &st), DP_OK);
	assert_string_equal(s.text[0], "yes\ntoo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jsonl_records_and_bad_lines),
		cmocka_unit_test(jsonl_token_left_open_meets_the_next_line),
		cmocka_unit_test(jsonl_fast_line_ends_a_quiet_stretch),
		cmocka_unit_test(json_values_that_are_not_records),
		cmocka_unit_test(jsonl_oversize_line_is_skipped),
		cmocka_unit_test(jsonl_deep_nesting_is_bounded),
		cmocka_unit_test(jsonl_invalid_utf8_is_kept_and_counted),
		cmocka_unit_test(json_array_and_object),
		cmocka_unit_test(csv_rfc4180),
		cmocka_unit_test(tsv_and_text),
		cmocka_unit_test(choose_by_name_and_content),
		cmocka_unit_test(content_sniffing_is_not_fooled_by_prose),
		cmocka_unit_test(content_sniffing_still_reads_real_tables),
		cmocka_unit_test(lines_one_record_per_line),
		cmocka_unit_test(lines_cr_bom_and_cap),
		cmocka_unit_test(json_after_bom),
		cmocka_unit_test(text_field_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

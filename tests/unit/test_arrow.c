/* test_arrow.c - the Arrow IPC reader on the fixtures of tests/scripts/arrow_gen.py
 * (fixtures/arrow/): stream and file formats, every column type it reads, nulls,
 * dictionaries and their deltas, compressed bodies, and corrupt, truncated and refused
 * files. Each file is fed whole, a byte at a time and in odd blocks: the records must be
 * the same. Also the FlatBuffers accessor on hand-made bytes that lie. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "reader/arrow.h"
#include "reader/flatbuf.h"
#include "reader/reader.h"
#include "reader_feed.h"

extern const struct dp_reader_type dp_reader_arrow;

struct run {
	struct dp_buf dump;     /* one line per record: path=value|path=value ... */
	struct dp_reader_stats st;
	int finish_rc;          /* of the last feed, or of finish */
	uint64_t records;
};

static int on_record(void *ctx, const struct dp_record *r)
{
	struct run *run = ctx;
	size_t i;

	for (i = 0; i < r->n_fields; i++) {
		const struct dp_field *f = &r->fields[i];
		const char *q = f->type == DP_VT_STRING ? "\"" : "";
		const char *v = f->type == DP_VT_NULL ? "null" : f->type == DP_VT_OBJECT ? "{"
			      : f->type == DP_VT_ARRAY ? "[" : f->value;
		int vlen = f->type >= DP_VT_NUMBER && f->type <= DP_VT_STRING ? (int)f->value_len
										   : (int)strlen(v);
		dp_buf_addf(&run->dump, "%s%.*s=%s%.*s%s", i ? "|" : "", (int)f->path_len, f->path, q,
			    vlen, v, q);
	}
	dp_buf_addc(&run->dump, '\n');
	run->records++;
	return DP_OK;
}

static char *slurp(const char *name, size_t *len)
{
	return dp_feed_load("arrow", name, len);
}

/* Read bytes through the reader in blocks of `step` (0: whole). */
static void run_bytes(struct run *run, const char *data, size_t len, size_t step,
		      const struct dp_config *cfg)
{
	memset(run, 0, sizeof(*run));
	dp_buf_init(&run->dump, 0);
	if (step == 0)
		step = len ? len : 1;
	run->finish_rc = dp_feed_run(&dp_reader_arrow, "t.arrow", cfg, on_record, run, &run->st,
				     data, len, step);
}

/* The file's records (checked the same in every block size) and its status. */
static char *read_fixture(const char *name, struct run *out)
{
	static const size_t steps[] = { 1, 7, 64, 4096 };
	struct dp_config cfg;
	struct run other;
	size_t len, i;
	char *data = slurp(name, &len);

	dp_config_init(&cfg);
	run_bytes(out, data, len, 0, &cfg);
	for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		run_bytes(&other, data, len, steps[i], &cfg);
		assert_string_equal(other.dump.data ? other.dump.data : "",
				    out->dump.data ? out->dump.data : "");
		assert_int_equal(other.finish_rc, out->finish_rc);
		dp_buf_release(&other.dump);
	}
	free(data);
	return out->dump.data ? out->dump.data : "";
}

static const char basic_rows[] =
	"text=\"hello world\"|id=1|score=0.5|ok=true|tags=[|tags=\"a\"|tags=\"b\"|meta={|"
	"meta.license=\"cc-by-4.0\"|meta.n=7|label=\"pos\"\n"
	"text=\"write to alice@example.com\"|id=-2|score=null|ok=false|tags=[|meta=null|"
	"label=\"neg\"\n"
	"text=null|id=3|score=1e+300|ok=null|tags=null|meta={|meta.license=null|meta.n=null|"
	"label=null\n"
	"text=\"second batch\"|id=4|score=-0.25|ok=true|tags=[|tags=\"x\"|meta={|"
	"meta.license=\"mit\"|meta.n=1|label=\"neg\"\n";

static void check_basic(const char *name)
{
	struct run run;

	assert_string_equal(read_fixture(name, &run), basic_rows);
	assert_int_equal(run.records, 4);
	assert_int_equal(run.finish_rc, DP_OK);
	assert_int_equal(run.st.n_notes, 0);
	dp_buf_release(&run.dump);
}

static void stream_format(void **state)
{
	(void)state;
	check_basic("basic.arrows");
}

static void file_format(void **state)
{
	(void)state;
	check_basic("basic.arrow");
}

static void legacy_prefix(void **state)
{
	(void)state;
	check_basic("legacy.arrows");
}

/* A file whose stream has no end-of-stream marker before its footer (a writer's slip):
 * the footer is no message, and the magic at its end says so. */
static void file_without_end_marker(void **state)
{
	(void)state;
	check_basic("noeos.arrow");
}

/* The file format as apache-arrow for JavaScript writes it: no Schema message before the
 * batches, the schema only in the footer. The batches are held and read at the end. */
static void schema_only_in_footer(void **state)
{
	struct dp_config cfg;
	struct run run;
	size_t len;
	char *data;

	(void)state;
	check_basic("footer_schema.arrow");
	data = slurp("footer_schema.arrow", &len);
	dp_config_init(&cfg);
	cfg.limits.parquet_memory = len - 100; /* too little to hold the file */
	run_bytes(&run, data, len, 64, &cfg);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_non_null(strstr(run.st.notes[0], "its schema only in its footer, over --parquet-memory"));
	dp_buf_release(&run.dump);
	free(data);
}

static void zstd_body(void **state)
{
	(void)state;
	check_basic("zstd.arrow");
}

static void lz4_frame_body(void **state)
{
	struct run run;
	const char *dump = read_fixture("lz4.arrows", &run);

	(void)state;
	assert_int_equal(run.finish_rc, DP_OK);
	assert_int_equal(run.records, 2);
	assert_true(strncmp(dump, "text=\"line 0 of a long text that compresses\nline 1 ", 51) == 0);
	assert_non_null(strstr(dump, "line 3999 of a long text that compresses\n\"|id=1\n"));
	assert_non_null(strstr(dump, "\ntext=\"short\"|id=2\n"));
	dp_buf_release(&run.dump);
}

static void nested_types(void **state)
{
	struct run run;

	(void)state;
	assert_string_equal(read_fixture("nested.arrows", &run),
			    "ll=[|ll=\"x\"|ll=\"yy\"|fl=[|fl=1|fl=65535|nothing=null|"
			    "ts=\"1970-01-01T00:00:00.000000005Z\"|f32=0.1|deep=[|"
			    "deep={|deep.q=\"a\"|deep.xs=[|deep.xs=1|deep.xs=-1|deep={|deep.q=\"b\"|"
			    "deep.xs=null|sv=\"short view\"|day=\"2024-05-01\"|"
			    "ms=\"2024-05-01T12:30:00.123\"|d64=\"1969-12-31\"\n"
			    "ll=null|fl=null|nothing=null|ts=\"1969-12-31T23:59:59.999999999Z\"|f32=null|"
			    "deep=[|sv=\"a view longer than twelve\"|day=\"0000-03-01\"|"
			    "ms=\"1970-01-01T00:00:00\"|d64=null\n");
	assert_int_equal(run.finish_rc, DP_OK);
	assert_int_equal(run.st.n_notes, 1);
	assert_string_equal(run.st.notes[0], "columns left out: tod (time)");
	dp_buf_release(&run.dump);
}

static void dictionary_deltas(void **state)
{
	struct run run;

	(void)state;
	assert_string_equal(read_fixture("dict_delta.arrows", &run),
			    "cat=\"b\"\ncat=\"a\"\ncat=\"c\"\ncat=null\ncat=\"z\"\n");
	assert_int_equal(run.finish_rc, DP_OK);
	dp_buf_release(&run.dump);
}

static void empty_table(void **state)
{
	struct run run;

	(void)state;
	assert_string_equal(read_fixture("empty.arrow", &run), "");
	assert_int_equal(run.finish_rc, DP_OK);
	assert_int_equal(run.st.n_notes, 0);
	dp_buf_release(&run.dump);
}

static void corrupt_batch_skipped(void **state)
{
	struct run run;
	const char *dump = read_fixture("corrupt.arrows", &run);

	(void)state;
	assert_int_equal(run.records, 4); /* batch 1's three rows, then the last batch's one */
	assert_non_null(strstr(dump, "\ntext=\"second batch\"|id=4|"));
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_int_equal(run.st.n_notes, 1);
	assert_string_equal(run.st.notes[0], "message 3, column text: buffer 1 out of bounds");
	dp_buf_release(&run.dump);
}

static void truncated_file(void **state)
{
	struct run run;

	(void)state;
	read_fixture("truncated.arrows", &run);
	assert_int_equal(run.records, 3);
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_int_equal(run.st.n_notes, 1);
	assert_non_null(strstr(run.st.notes[0], "cut short in message 3"));
	dp_buf_release(&run.dump);
}

static void big_endian_refused(void **state)
{
	struct run run;

	(void)state;
	read_fixture("bigendian.arrows", &run);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_string_equal(run.st.notes[0], "big-endian Arrow data: not read");
	dp_buf_release(&run.dump);
}

/* A compressed buffer claiming far more than --max-ratio times its message: refused with
 * a note before anything is allocated. */
static void decompression_bomb(void **state)
{
	struct run run;

	(void)state;
	read_fixture("bomb.arrows", &run);
	assert_int_equal(run.records, 0);
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_string_equal(run.st.notes[0], "message 1: decompresses to over --parquet-memory or "
			    "--max-ratio times its size");
	dp_buf_release(&run.dump);
}

/* A message over --parquet-memory is skipped with a note; the next ones are read. */
static void big_message_skipped(void **state)
{
	struct dp_config cfg;
	struct run run;
	size_t len;
	char *data = slurp("basic.arrows", &len);

	(void)state;
	dp_config_init(&cfg);
	cfg.limits.parquet_memory = 950; /* the schema (888 bytes) fits, batch 1 (984) does not,
					    batch 2 (784) does */
	run_bytes(&run, data, len, 5, &cfg);
	assert_int_equal(run.records, 1);
	assert_true(strncmp(run.dump.data, "text=\"second batch\"|id=4|", 25) == 0);
	assert_int_equal(run.finish_rc, DP_WARN);
	assert_non_null(strstr(run.st.notes[0], "over --parquet-memory"));
	dp_buf_release(&run.dump);
	free(data);
}

/* Every cut of a file and every flipped byte: no crash, and records only from whole
 * batches (ASan and UBSan builds check the rest). */
static void cut_and_flip(const char *name, uint64_t rows)
{
	struct dp_config cfg;
	struct run run;
	size_t len, i;
	char *data = slurp(name, &len);

	dp_config_init(&cfg);
	for (i = 0; i < len; i++) {
		run_bytes(&run, data, i, 13, &cfg);
		assert_true(run.records <= rows);
		dp_buf_release(&run.dump);
	}
	for (i = 0; i < len; i++) {
		data[i] = (char)~data[i];
		run_bytes(&run, data, len, 0, &cfg);
		assert_true(run.records <= rows + 8 * len + 4096 * 4);
		dp_buf_release(&run.dump);
		data[i] = (char)~data[i];
	}
	free(data);
}

static void every_cut_and_flip(void **state)
{
	(void)state;
	cut_and_flip("basic.arrow", 4);
	cut_and_flip("nested.arrows", 2);
	cut_and_flip("dict_delta.arrows", 5);
	cut_and_flip("zstd.arrow", 4);
	cut_and_flip("footer_schema.arrow", 4);
}

/* A stream is known by its first message; the file format by its magic (elsewhere). */
static void sniff_stream(void **state)
{
	size_t len;
	char *data = slurp("basic.arrows", &len);

	(void)state;
	assert_true(dp_arrow_sniff((const unsigned char *)data, len));
	assert_true(dp_arrow_sniff((const unsigned char *)data, 64)); /* a head of the schema */
	assert_false(dp_arrow_sniff((const unsigned char *)data, 15));
	data[8 + 3] = 0x7f; /* the root offset points far past the end */
	assert_false(dp_arrow_sniff((const unsigned char *)data, len));
	free(data);
	data = slurp("basic.arrow", &len);
	assert_false(dp_arrow_sniff((const unsigned char *)data, len));
	free(data);
	assert_false(dp_arrow_sniff((const unsigned char *)"\xff\xff\xff\xff\x10\0\0\0"
				    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 24));
}

static void flatbuf_lies(void **state)
{
	/* root -> table at 8 whose vtable (at 4, overlapping the table's soffset) says 2
	 * fields: field 0 at +4 (as an offset, it points past the end), field 1 absent */
	static const uint8_t buf[] = { 8, 0, 0, 0, 8, 0, 8, 0, 4, 0, 0, 0, 0xF0, 0, 0, 0 };
	struct dp_fb_table t, sub;
	struct dp_fb_vec v;
	uint64_t x;
	const char *s;
	size_t n;

	(void)state;
	assert_int_equal(dp_fb_root(buf, 3, &t), -1);
	assert_int_equal(dp_fb_root(buf, 8, &t), -1); /* the table is cut */
	assert_int_equal(dp_fb_root(buf, sizeof(buf), &t), 0);
	assert_int_equal(dp_fb_table_field(&t, 0, &sub), -1);
	assert_int_equal(dp_fb_string(&t, 0, &s, &n), -1);
	assert_int_equal(dp_fb_vector(&t, 0, 16, &v), -1);
	assert_int_equal(dp_fb_table_field(&t, 1, &sub), 0);
	assert_int_equal(dp_fb_scalar(&t, 7, 8, 42, &x), 0);
	assert_int_equal(x, 42);
	assert_int_equal(dp_fb_scalar(&t, 0, 4, 0, &x), 0);
	assert_int_equal(x, 0xF0);
	assert_int_equal(dp_fb_scalar(&t, 0, 8, 0, &x), -1); /* 8 bytes there run past the end */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stream_format),
		cmocka_unit_test(file_format),
		cmocka_unit_test(legacy_prefix),
		cmocka_unit_test(file_without_end_marker),
		cmocka_unit_test(schema_only_in_footer),
		cmocka_unit_test(zstd_body),
		cmocka_unit_test(lz4_frame_body),
		cmocka_unit_test(nested_types),
		cmocka_unit_test(dictionary_deltas),
		cmocka_unit_test(empty_table),
		cmocka_unit_test(corrupt_batch_skipped),
		cmocka_unit_test(truncated_file),
		cmocka_unit_test(big_endian_refused),
		cmocka_unit_test(decompression_bomb),
		cmocka_unit_test(big_message_skipped),
		cmocka_unit_test(every_cut_and_flip),
		cmocka_unit_test(sniff_stream),
		cmocka_unit_test(flatbuf_lies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

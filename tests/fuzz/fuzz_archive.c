/* fuzz_archive.c - libFuzzer target: the archive input path (libarchive formats and
 * filters, nesting, raw fallback, limits) over in-memory bytes, each member handed to the
 * reader the pipeline would choose. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "input/archive.h"
#include "reader/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_ctx {
	const struct dp_config *cfg;
	const struct dp_reader_type *rt;
	void *reader;
	struct dp_reader_stats st;
	struct dp_reader_ctx rc;
	uint64_t seq;
	struct dp_error err;
};

static int on_record(void *ctx, const struct dp_record *r)
{
	(void)ctx;
	return r->text_len && r->text[r->text_len - 1] == 1 ? DP_OK : DP_OK;
}

static int begin(void *ctx, struct dp_member *m, const unsigned char *head, size_t n)
{
	struct fuzz_ctx *f = ctx;

	f->reader = NULL;
	if (m->kind == DP_MEMBER_BINARY)
		return DP_OK;
	f->rt = dp_reader_choose(m->name, head, n);
	memset(&f->st, 0, sizeof(f->st));
	f->rc.cfg = f->cfg;
	f->rc.member = m;
	f->rc.seq_counter = &f->seq;
	f->rc.emit = on_record;
	f->rc.emit_ctx = f;
	f->rc.stats = &f->st;
	f->reader = f->rt->open(&f->rc, &f->err);
	return f->reader ? DP_OK : DP_FATAL;
}

static int data_cb(void *ctx, const void *p, size_t n)
{
	struct fuzz_ctx *f = ctx;

	if (f->reader && f->rt->feed(f->reader, p, n, &f->err) != DP_OK) {
		f->rt->close(f->reader);
		f->reader = NULL;
	}
	return DP_OK;
}

static int end(void *ctx, int status, const char *msg)
{
	struct fuzz_ctx *f = ctx;

	(void)status;
	(void)msg;
	if (f->reader) {
		f->rt->finish(f->reader, &f->err);
		f->rt->close(f->reader);
		f->reader = NULL;
	}
	return DP_OK;
}

static void skipped(void *ctx, const struct dp_member *m, const char *why)
{
	(void)ctx;
	(void)m;
	(void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_config cfg;
	struct fuzz_ctx f;
	struct dp_input_handler h = { &f, begin, data_cb, end, skipped, NULL, NULL };
	struct dp_input_info info;
	struct dp_error err;

	dp_config_init(&cfg);
	/* Small caps so a bomb costs the fuzzer milliseconds, not minutes. */
	cfg.limits.max_member_bytes = 4 << 20;
	cfg.limits.max_members = 64;
	cfg.limits.max_record_bytes = 1 << 16;
	memset(&f, 0, sizeof(f));
	f.cfg = &cfg;
	dp_error_clear(&err);
	dp_input_info_init(&info, "fuzz.bin");
	dp_input_read_memory("fuzz.bin", data, size, 0, &cfg, &h, &info, &err);
	if (f.reader) /* a fatal stop in the middle of a member */
		f.rt->close(f.reader);
	dp_input_info_release(&info);
	return 0;
}

/* zio.c - zstd streaming file I/O. */
#include "core/zio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define ZW_IN_CAP ((size_t)128 << 10)

struct dp_zwriter {
	FILE *f;
	ZSTD_CCtx *cc;
	void *out;
	size_t out_cap;
	char *in;        /* small writes gather here: a compressStream2 call costs ~100 ns */
	size_t in_len;
	uint64_t written; /* compressed bytes written so far */
	int failed;
};

#define ZR_OUT_CAP ((size_t)128 << 10)

struct dp_zreader {
	FILE *f;
	ZSTD_DCtx *dc;
	void *in;
	size_t in_cap;
	ZSTD_inBuffer ib;
	int eof;
	char *out;       /* small reads are served from here: a decompressStream call per */
	size_t out_pos, out_len; /* few-byte record field costs more than the data */
};

struct dp_zwriter *dp_zwriter_open(const char *path, int level)
{
	struct dp_zwriter *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->f = fopen(path, "wb");
	w->cc = ZSTD_createCCtx();
	w->out_cap = ZSTD_CStreamOutSize();
	w->out = malloc(w->out_cap);
	w->in = malloc(ZW_IN_CAP);
	if (!w->f || !w->cc || !w->out || !w->in) {
		if (w->f)
			fclose(w->f);
		ZSTD_freeCCtx(w->cc);
		free(w->out);
		free(w->in);
		free(w);
		return NULL;
	}
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_compressionLevel, level);
	return w;
}

void dp_zwriter_threads(struct dp_zwriter *w, unsigned n)
{
	/* at least one worker even for n <= 1: zstd's bytes are the same for every worker
	 * count >= 1 but differ without workers, and outputs must not depend on --threads.
	 * An error means a libzstd built without threads: it then compresses inline. */
	if (w)
		(void)ZSTD_CCtx_setParameter(w->cc, ZSTD_c_nbWorkers, n > 1 ? (int)n : 1);
}

static int pump(struct dp_zwriter *w, ZSTD_inBuffer *in, ZSTD_EndDirective mode)
{
	size_t left;

	do {
		ZSTD_outBuffer ob = { w->out, w->out_cap, 0 };
		left = ZSTD_compressStream2(w->cc, &ob, in, mode);
		if (ZSTD_isError(left))
			return -1;
		if (ob.pos && fwrite(w->out, 1, ob.pos, w->f) != ob.pos)
			return -1;
		w->written += ob.pos;
	} while (mode == ZSTD_e_end ? left != 0 : in->pos < in->size);
	return 0;
}

/* Compress what was gathered. 0 or -1. */
static int drain(struct dp_zwriter *w)
{
	ZSTD_inBuffer in = { w->in, w->in_len, 0 };

	w->in_len = 0;
	if (in.size && pump(w, &in, ZSTD_e_continue) != 0)
		w->failed = 1;
	return w->failed ? -1 : 0;
}

int dp_zwriter_write(struct dp_zwriter *w, const void *p, size_t n)
{
	if (w->failed)
		return -1;
	if (w->in_len + n > ZW_IN_CAP && drain(w) != 0)
		return -1;
	if (n >= ZW_IN_CAP) { /* large blocks go straight through */
		ZSTD_inBuffer in = { p, n, 0 };
		if (pump(w, &in, ZSTD_e_continue) != 0)
			w->failed = 1;
		return w->failed ? -1 : 0;
	}
	memcpy(w->in + w->in_len, p, n);
	w->in_len += n;
	return 0;
}

int dp_zwriter_end_frame(struct dp_zwriter *w, uint64_t *offset)
{
	ZSTD_inBuffer in = { NULL, 0, 0 };

	if (w->failed || drain(w) != 0 || pump(w, &in, ZSTD_e_end) != 0) {
		w->failed = 1;
		return -1;
	}
	*offset = w->written;
	return 0;
}

int dp_zwriter_close(struct dp_zwriter *w)
{
	ZSTD_inBuffer in = { NULL, 0, 0 };
	int rc;

	if (!w)
		return 0;
	rc = w->failed || drain(w) != 0 ? -1 : pump(w, &in, ZSTD_e_end);
	if (fclose(w->f) != 0)
		rc = -1;
	ZSTD_freeCCtx(w->cc);
	free(w->out);
	free(w->in);
	free(w);
	return rc;
}

struct dp_zreader *dp_zreader_open(const char *path)
{
	struct dp_zreader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->f = fopen(path, "rb");
	r->dc = ZSTD_createDCtx();
	r->in_cap = ZSTD_DStreamInSize();
	r->in = malloc(r->in_cap);
	r->out = malloc(ZR_OUT_CAP);
	if (!r->f || !r->dc || !r->in || !r->out) {
		dp_zreader_close(r);
		return NULL;
	}
	return r;
}

/* Decompress at most n bytes into p (at least one unless at the end). */
static ssize_t inflate(struct dp_zreader *r, void *p, size_t n)
{
	ZSTD_outBuffer ob = { p, n, 0 };

	while (ob.pos == 0) {
		if (r->ib.pos == r->ib.size) {
			if (r->eof)
				return 0;
			r->ib.size = fread(r->in, 1, r->in_cap, r->f);
			r->ib.src = r->in;
			r->ib.pos = 0;
			if (r->ib.size == 0) {
				r->eof = 1;
				return ferror(r->f) ? -1 : 0;
			}
		}
		size_t rc = ZSTD_decompressStream(r->dc, &ob, &r->ib);
		if (ZSTD_isError(rc))
			return -1;
	}
	return (ssize_t)ob.pos;
}

ssize_t dp_zreader_read(struct dp_zreader *r, void *p, size_t n)
{
	ssize_t got;

	if (r->out_pos == r->out_len) {
		if (n >= ZR_OUT_CAP)
			return inflate(r, p, n);
		if ((got = inflate(r, r->out, ZR_OUT_CAP)) <= 0)
			return got;
		r->out_pos = 0;
		r->out_len = (size_t)got;
	}
	got = (ssize_t)(n < r->out_len - r->out_pos ? n : r->out_len - r->out_pos);
	memcpy(p, r->out + r->out_pos, (size_t)got);
	r->out_pos += (size_t)got;
	return got;
}

int dp_zreader_seek(struct dp_zreader *r, uint64_t offset)
{
	if (offset > (uint64_t)INT64_MAX || fseeko(r->f, (off_t)offset, SEEK_SET) != 0)
		return -1;
	ZSTD_DCtx_reset(r->dc, ZSTD_reset_session_only);
	r->ib.size = r->ib.pos = 0;
	r->eof = 0;
	r->out_pos = r->out_len = 0;
	return 0;
}

void dp_zreader_close(struct dp_zreader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	ZSTD_freeDCtx(r->dc);
	free(r->in);
	free(r->out);
	free(r);
}

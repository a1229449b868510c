/* parquet_page.c - decoding a Parquet column chunk's pages into values by row. */
#include "reader/parquet_page.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "core/array.h"
#include "core/error.h"
#include "reader/bytes.h"
#include "reader/lz4.h"
#include "reader/parquet_enc.h"
#include "reader/snappy.h"
#include "reader/thrift.h"

enum { PAGE_DATA = 0, PAGE_INDEX = 1, PAGE_DICT = 2, PAGE_DATA_V2 = 3 };
enum { ENC_PLAIN = 0, ENC_PLAIN_DICT = 2, ENC_RLE = 3, ENC_DELTA_BINARY_PACKED = 5,
       ENC_DELTA_LENGTH_BYTE_ARRAY = 6, ENC_DELTA_BYTE_ARRAY = 7, ENC_RLE_DICT = 8,
       ENC_BYTE_STREAM_SPLIT = 9 };

struct page_header {
	int type;
	int32_t usize, csize;
	int32_t num_values, encoding, def_enc, rep_enc;
	int32_t def_len, rep_len;  /* data page v2: level bytes, stored uncompressed */
	int compressed;            /* data page v2: the values part is compressed */
};

/* One chunk being decoded. */
struct dec {
	const struct dp_pq_column *col;
	int codec;
	struct dp_pq_values *out;
	uint64_t *budget;
	char *why;
	size_t why_cap;
};

/* ---- the value store ---------------------------------------------------------------- */

void dp_pq_values_init(struct dp_pq_values *out)
{
	memset(out, 0, sizeof(*out));
}

void dp_pq_values_reset(struct dp_pq_values *out)
{
	size_t i;

	for (i = 0; i < out->nbufs; i++)
		free(out->bufs[i]);
	free(out->dict);
	out->dict = NULL;
	out->ndict = out->nbufs = out->n = out->nrows = 0;
}

void dp_pq_values_release(struct dp_pq_values *out)
{
	dp_pq_values_reset(out);
	free(out->v);
	free(out->rows);
	free(out->bufs);
	memset(out, 0, sizeof(*out));
}

void dp_pq_values_row(const struct dp_pq_values *out, size_t r, size_t *first, size_t *end)
{
	*first = *end = 0;
	if (r >= out->nrows)
		return;
	*first = out->rows[r];
	*end = r + 1 < out->nrows ? out->rows[r + 1] : out->n;
}

static int keep_buf(struct dp_pq_values *out, uint8_t *buf)
{
	if (dp_array_grow((void **)&out->bufs, &out->bufs_cap, out->nbufs + 1,
			  sizeof(*out->bufs))) {
		free(buf);
		return -1;
	}
	out->bufs[out->nbufs++] = buf;
	return 0;
}

static int fail(struct dec *d, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Set the reason (first one wins) and return rc. */
static int fail(struct dec *d, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (d->why[0])
		return rc;
	n = snprintf(d->why, d->why_cap, "column %s: ", d->col->path);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < d->why_cap)
		vsnprintf(d->why + n, d->why_cap - (size_t)n, fmt, ap);
	va_end(ap);
	return rc;
}

/* Take `bytes` from the row group's budget: DP_OK, or DP_WARN (why set) when spent. */
static int charge(struct dec *d, uint64_t bytes)
{
	if (bytes > *d->budget)
		return fail(d, DP_WARN, "over the decode budget (%llu MiB a row group, --max-ratio "
			    "times the file's size in all): not read",
			    (unsigned long long)(DP_PQ_GROUP_BUDGET >> 20));
	*d->budget -= bytes;
	return DP_OK;
}

/* ---- RLE / bit-packed hybrid ----------------------------------------------------------- */

int dp_pq_hybrid(const uint8_t *p, size_t n, unsigned bw, uint32_t *out, size_t count)
{
	const uint8_t *end = p + n;
	size_t got = 0, i;
	uint64_t h;

	if (bw > 32)
		return -1;
	while (got < count) {
		if (dp_uleb128(&p, end, &h) != 0)
			return -1;
		if (h & 1) { /* bit-packed: (h >> 1) groups of 8 values */
			uint64_t vals = (h >> 1) * 8, bytes = (h >> 1) * bw; /* checked below */
			if ((h >> 1) == 0 || (h >> 1) > UINT32_MAX || bytes > (uint64_t)(end - p))
				return -1;
			for (i = 0; i < vals && got < count; i++)
				out[got++] = (uint32_t)dp_bits(p, i, bw);
			p += bytes;
		} else { /* a run of one value stored in ceil(bw / 8) bytes */
			uint64_t run = h >> 1;
			unsigned k, nb = (bw + 7) / 8;
			uint32_t v = 0;
			if (run == 0 || nb > (size_t)(end - p))
				return -1;
			for (k = 0; k < nb; k++)
				v |= (uint32_t)p[k] << (8 * k);
			p += nb;
			for (; run && got < count; run--)
				out[got++] = v;
		}
	}
	return 0;
}

static unsigned bit_width(uint32_t max)
{
	unsigned w = 0;

	while (max) {
		w++;
		max >>= 1;
	}
	return w;
}

/* ---- page headers and decompression ------------------------------------------------------ */

static void sub_header(struct dp_thrift *t, struct page_header *h, int v2)
{
	int16_t id;
	int type;

	dp_thrift_struct_begin(t);
	while (dp_thrift_field(t, &id, &type)) {
		int64_t v;
		if (type == DP_THRIFT_STRUCT || type == DP_THRIFT_BINARY || type == DP_THRIFT_LIST) {
			dp_thrift_skip(t, type);
			continue;
		}
		v = dp_thrift_int(t, type);
		if (id == 1)
			h->num_values = (int32_t)v;
		else if (!v2 && id == 2)
			h->encoding = (int32_t)v;
		else if (!v2 && id == 3)
			h->def_enc = (int32_t)v;
		else if (!v2 && id == 4)
			h->rep_enc = (int32_t)v;
		else if (v2 && id == 4)
			h->encoding = (int32_t)v;
		else if (v2 && id == 5)
			h->def_len = (int32_t)v;
		else if (v2 && id == 6)
			h->rep_len = (int32_t)v;
		else if (v2 && id == 7)
			h->compressed = (int)v;
	}
	dp_thrift_struct_end(t);
}

/* The PageHeader at p (n bytes left in the chunk): 0 with *hlen its size, -1 when bad. */
static int page_header(const uint8_t *p, size_t n, struct page_header *h, size_t *hlen)
{
	struct dp_thrift t;
	int16_t id;
	int type;

	memset(h, 0, sizeof(*h));
	h->type = -1;
	h->def_enc = h->rep_enc = ENC_RLE;
	h->compressed = 1;
	dp_thrift_init(&t, p, n);
	dp_thrift_struct_begin(&t);
	while (dp_thrift_field(&t, &id, &type)) {
		if (id >= 1 && id <= 3 && type == DP_THRIFT_I32) {
			int32_t v = (int32_t)dp_thrift_int(&t, type);
			*(id == 1 ? &h->type : id == 2 ? &h->usize : &h->csize) = v;
		} else if ((id == 5 || id == 7 || id == 8) && type == DP_THRIFT_STRUCT) {
			sub_header(&t, h, id == 8);
		} else {
			dp_thrift_skip(&t, type);
		}
	}
	dp_thrift_struct_end(&t);
	*hlen = dp_thrift_used(&t, p);
	if (t.bad || h->usize < 0 || h->csize < 0 || (size_t)h->csize > n - *hlen ||
	    h->num_values < 0 || (uint32_t)h->num_values > DP_PQ_MAX_PAGE_VALUES ||
	    h->def_len < 0 || h->rep_len < 0)
		return -1;
	return 0;
}

static int inflate_all(const uint8_t *in, size_t n, uint8_t *out, size_t usize)
{
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK) /* gzip or zlib header */
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)usize;
	for (;;) {
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END && z.avail_in > 0 && z.avail_out > 0 &&
		    inflateReset(&z) == Z_OK)
			continue; /* concatenated gzip members */
		if (rc != Z_OK || z.avail_out == 0)
			break; /* the end, an error, no progress (Z_BUF_ERROR), or output full */
	}
	inflateEnd(&z);
	return (rc == Z_STREAM_END || rc == Z_OK) && z.avail_out == 0 ? 0 : -1;
}

/* Decompress [in, in+n) to exactly usize bytes in a new buffer (*out, owned by the caller;
 * one spare byte so an empty page still has a buffer): 0, -1 corrupt, -2 codec not
 * supported, -3 out of memory. */
static int decompress(int codec, const uint8_t *in, size_t n, size_t usize, uint8_t **out)
{
	size_t got = 0;
	uint8_t *b;

	*out = NULL;
	if (codec != DP_PQ_UNCOMPRESSED && codec != DP_PQ_SNAPPY && codec != DP_PQ_GZIP &&
	    codec != DP_PQ_ZSTD && codec != DP_PQ_LZ4_RAW)
		return -2;
	if (codec == DP_PQ_UNCOMPRESSED && n != usize)
		return -1;
	if (!(b = malloc(usize + 1)))
		return -3;
	if (codec == DP_PQ_UNCOMPRESSED)
		memcpy(b, in, n);
	else if (codec == DP_PQ_SNAPPY &&
		 (dp_snappy_uncompress(in, n, b, usize, &got) != 0 || got != usize))
		goto bad;
	else if (codec == DP_PQ_GZIP && usize && inflate_all(in, n, b, usize) != 0)
		goto bad;
	else if (codec == DP_PQ_LZ4_RAW &&
		 (dp_lz4_uncompress(in, n, b, usize, &got) != 0 || got != usize))
		goto bad;
	else if (codec == DP_PQ_ZSTD && ((got = ZSTD_decompress(b, usize, in, n)) != usize ||
					 ZSTD_isError(got)))
		goto bad;
	*out = b;
	return 0;
bad:
	free(b);
	return -1;
}

/* ---- values ------------------------------------------------------------------------------- */

/* Width in bytes of a fixed-width value of the column's type. */
static size_t fixed_width(const struct dp_pq_column *col)
{
	switch (col->type) {
	case DP_PQ_INT32:
	case DP_PQ_FLOAT:
		return 4;
	case DP_PQ_INT64:
	case DP_PQ_DOUBLE:
		return 8;
	case DP_PQ_INT96:
		return 12;
	default:
		return col->type_length > 0 ? (size_t)col->type_length : 0;
	}
}

/* An INT32/INT64 value from its bits: signed, or unsigned when the column is annotated so
 * (a uint32 of 4294967295 is not -1). */
static void int_value(const struct dp_pq_column *col, uint64_t x, struct dp_pq_value *v)
{
	if (col->type == DP_PQ_INT32)
		x = col->is_unsigned ? (uint32_t)x : (uint64_t)(int64_t)(int32_t)(uint32_t)x;
	v->kind = col->is_unsigned && col->type == DP_PQ_INT64 ? DP_PQV_UINT : DP_PQV_INT;
	v->u.i = (int64_t)x;
}

static void fixed_value(const struct dp_pq_column *col, const uint8_t *p, size_t w,
			struct dp_pq_value *v)
{
	uint64_t x = w <= 8 ? dp_le(p, (unsigned)w) : 0;
	float f;

	if (col->type == DP_PQ_INT32 || col->type == DP_PQ_INT64) {
		int_value(col, x, v);
	} else if (col->type == DP_PQ_FLOAT) {
		uint32_t x32 = (uint32_t)x;
		memcpy(&f, &x32, 4);
		v->kind = DP_PQV_FLOAT;
		v->u.d = f;
	} else if (col->type == DP_PQ_DOUBLE) {
		v->kind = DP_PQV_DOUBLE;
		memcpy(&v->u.d, &x, 8);
	} else { /* INT96 timestamps, fixed-length bytes: kept as bytes, not shown as text */
		v->kind = DP_PQV_BYTES;
		v->u.p = p;
		v->n = (uint32_t)w;
	}
}

/* `count` PLAIN values of the column's type from [p, p+n) into v: 0, or -1 when short. */
static int plain_values(const struct dp_pq_column *col, const uint8_t *p, size_t n,
			struct dp_pq_value *v, size_t count)
{
	size_t i, pos = 0, w = fixed_width(col);

	for (i = 0; i < count; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		if (col->type == DP_PQ_BOOLEAN) { /* bit-packed, least significant bit first */
			if (i / 8 >= n)
				return -1;
			v[i].kind = DP_PQV_BOOL;
			v[i].u.i = p[i / 8] >> (i % 8) & 1;
		} else if (col->type == DP_PQ_BYTE_ARRAY) {
			if (n - pos < 4 || (w = (size_t)dp_le(p + pos, 4)) > n - pos - 4)
				return -1;
			v[i].kind = col->is_string ? DP_PQV_STRING : DP_PQV_BYTES;
			v[i].u.p = p + pos + 4;
			v[i].n = (uint32_t)w;
			pos += 4 + w;
		} else {
			if (w == 0 || n - pos < w)
				return -1;
			fixed_value(col, p + pos, w, &v[i]);
			pos += w;
		}
	}
	return 0;
}

/* Integers by DELTA_BINARY_PACKED. */
static int delta_int_values(struct dec *d, const uint8_t *p, size_t n, struct dp_pq_value *v,
			    size_t k)
{
	int64_t *x;
	size_t i, used;
	int bad;

	if (d->col->type != DP_PQ_INT32 && d->col->type != DP_PQ_INT64)
		return fail(d, DP_WARN, "delta-packed values of a non-integer column");
	if (!(x = malloc(k * sizeof(*x))))
		return DP_FATAL;
	bad = dp_pq_delta_ints(p, n, x, k, &used);
	for (i = 0; i < k && !bad; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		int_value(d->col, (uint64_t)x[i], &v[i]);
	}
	free(x);
	return bad ? fail(d, DP_WARN, "corrupt delta-packed integers") : DP_OK;
}

/* Byte arrays by DELTA_LENGTH_BYTE_ARRAY or DELTA_BYTE_ARRAY (front coding). */
static int delta_byte_values(struct dec *d, int enc, const uint8_t *p, size_t n,
			     struct dp_pq_value *v, size_t k)
{
	struct dp_pq_span *s;
	uint8_t *buf = NULL;
	size_t i;
	int rc;

	if (d->col->type != DP_PQ_BYTE_ARRAY && (enc != ENC_DELTA_BYTE_ARRAY || d->col->type != DP_PQ_FIXED))
		return fail(d, DP_WARN, "delta byte-array values of a non-byte-array column");
	if (!(s = malloc(k * sizeof(*s))))
		return DP_FATAL;
	rc = enc == ENC_DELTA_LENGTH_BYTE_ARRAY ? dp_pq_delta_length(p, n, s, k)
						: dp_pq_delta_bytes(p, n, s, k, &buf);
	if (rc == 0 && buf && keep_buf(d->out, buf))
		rc = -2;
	for (i = 0; i < k && rc == 0 && buf; i++) /* front coding expanded: charge what it made */
		if (charge(d, s[i].n) != DP_OK)
			rc = -3;
	for (i = 0; i < k && rc == 0; i++)
		v[i] = (struct dp_pq_value){ .u.p = s[i].p, .n = s[i].n,
					     .kind = d->col->is_string ? DP_PQV_STRING : DP_PQV_BYTES };
	free(s);
	if (rc == -2)
		return DP_FATAL;
	if (rc == -3)
		return DP_WARN; /* why set by charge */
	return rc ? fail(d, DP_WARN, "corrupt delta-encoded byte arrays") : DP_OK;
}

/* Fixed-width values by BYTE_STREAM_SPLIT: the streams joined back, then read as PLAIN. */
static int split_values(struct dec *d, const uint8_t *p, size_t n, struct dp_pq_value *v,
			size_t k)
{
	size_t w = fixed_width(d->col), i;
	uint8_t *b;

	if (w == 0 || d->col->type == DP_PQ_INT96 || k > n)
		return fail(d, DP_WARN, "byte-stream-split values cut short or of a variable width");
	if (charge(d, (uint64_t)k * w) != DP_OK)
		return DP_WARN;
	if (!(b = malloc(k * w + 1)) || keep_buf(d->out, b))
		return DP_FATAL;
	if (dp_pq_split_streams(p, n, w, b, k))
		return fail(d, DP_WARN, "byte-stream-split values cut short");
	for (i = 0; i < k; i++)
		fixed_value(d->col, b + i * w, w, &v[i]);
	return DP_OK;
}

/* The values section of a data page: k present values in `enc` into v. */
static int page_values(struct dec *d, int enc, const uint8_t *p, size_t n,
		       struct dp_pq_value *v, size_t k)
{
	uint32_t *idx;
	size_t i;
	int bad = 0;

	if (k == 0)
		return DP_OK;
	if (enc == ENC_PLAIN)
		return plain_values(d->col, p, n, v, k) ? fail(d, DP_WARN, "values cut short")
							: DP_OK;
	if (enc == ENC_RLE && d->col->type == DP_PQ_BOOLEAN) {
		if (n < 4 || (idx = malloc(k * sizeof(*idx))) == NULL)
			return n < 4 ? fail(d, DP_WARN, "values cut short") : DP_FATAL;
		bad = dp_le(p, 4) > n - 4 || dp_pq_hybrid(p + 4, (size_t)dp_le(p, 4), 1, idx, k);
		for (i = 0; i < k && !bad; i++)
			v[i] = (struct dp_pq_value){ .u.i = idx[i], .kind = DP_PQV_BOOL };
		free(idx);
		return bad ? fail(d, DP_WARN, "corrupt boolean run") : DP_OK;
	}
	if (enc == ENC_DELTA_BINARY_PACKED)
		return delta_int_values(d, p, n, v, k);
	if (enc == ENC_DELTA_LENGTH_BYTE_ARRAY || enc == ENC_DELTA_BYTE_ARRAY)
		return delta_byte_values(d, enc, p, n, v, k);
	if (enc == ENC_BYTE_STREAM_SPLIT)
		return split_values(d, p, n, v, k);
	if (enc != ENC_PLAIN_DICT && enc != ENC_RLE_DICT)
		return fail(d, DP_WARN, "encoding %d not supported (values not read)", enc);
	if (!d->out->dict || n < 1 || p[0] > 32)
		return fail(d, DP_WARN, "dictionary page missing or bad index width");
	if (!(idx = malloc(k * sizeof(*idx))))
		return DP_FATAL;
	bad = dp_pq_hybrid(p + 1, n - 1, p[0], idx, k);
	for (i = 0; i < k && !bad; i++)
		if (!(bad = idx[i] >= d->out->ndict))
			v[i] = d->out->dict[idx[i]];
	free(idx);
	return bad ? fail(d, DP_WARN, "corrupt dictionary indices") : DP_OK;
}

static int push_value(struct dp_pq_values *out, const struct dp_pq_value *v)
{
	if (out->n >= DP_PQ_MAX_CHUNK_VALUES ||
	    dp_array_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v)))
		return -1;
	out->v[out->n++] = *v;
	return 0;
}

static int push_row(struct dp_pq_values *out)
{
	if (dp_array_grow((void **)&out->rows, &out->rows_cap, out->nrows + 1, sizeof(*out->rows)))
		return -1;
	out->rows[out->nrows++] = out->n;
	return 0;
}

/* Rows from the levels: a repetition level 0 starts a row, a full definition level is a
 * value, one less a null of the leaf itself (kept for flat columns), lower ones nulls of a
 * parent (nothing: JSON would not have the field either). */
static int assemble(struct dec *d, const uint32_t *def, const uint32_t *rep, size_t num,
		    const struct dp_pq_value *v, size_t k)
{
	static const struct dp_pq_value null_value;
	const struct dp_pq_column *col = d->col;
	size_t i, j = 0;

	for (i = 0; i < num; i++) {
		uint32_t r = rep ? rep[i] : 0, df = def ? def[i] : (uint32_t)col->max_def;
		int rc = 0;
		if (r == 0 || d->out->nrows == 0)
			rc = push_row(d->out);
		if (rc == 0 && df == (uint32_t)col->max_def)
			rc = j < k ? push_value(d->out, &v[j++]) : -2;
		else if (rc == 0 && col->max_rep == 0 && col->optional &&
			 df + 1 == (uint32_t)col->max_def)
			rc = push_value(d->out, &null_value);
		if (rc == -2)
			return fail(d, DP_WARN, "more values than the levels say");
		if (rc)
			return d->out->n >= DP_PQ_MAX_CHUNK_VALUES ?
				fail(d, DP_WARN, "more than %u values in one column chunk",
				     DP_PQ_MAX_CHUNK_VALUES) : DP_FATAL;
	}
	return DP_OK;
}

/* ---- pages ---------------------------------------------------------------------------------- */

/* `num` levels of maximum `max` from the hybrid runs [p, p+n) into a new array (*out stays
 * NULL when max is 0: every level is 0). */
static int levels(struct dec *d, const uint8_t *p, size_t n, int max, size_t num,
		  uint32_t **out)
{
	size_t i;

	*out = NULL;
	if (max == 0)
		return DP_OK;
	if (!(*out = malloc(num * sizeof(**out) + 1)))
		return DP_FATAL;
	if (dp_pq_hybrid(p, n, bit_width((uint32_t)max), *out, num))
		return fail(d, DP_WARN, "corrupt definition or repetition levels");
	for (i = 0; i < num; i++)
		if ((*out)[i] > (uint32_t)max)
			return fail(d, DP_WARN, "level %u above the schema's %d", (*out)[i], max);
	return DP_OK;
}

static int page_body(struct dec *d, const struct page_header *h, const uint8_t *rep_p,
		     size_t rep_n, const uint8_t *def_p, size_t def_n, const uint8_t *val_p,
		     size_t val_n)
{
	uint32_t *def = NULL, *rep = NULL;
	struct dp_pq_value *v = NULL;
	size_t num = (size_t)h->num_values, k = 0, i;
	/* charged before any work: the levels and values a few bytes of runs can make */
	int rc = charge(d, num * (sizeof(struct dp_pq_value) + sizeof(size_t)));

	if (rc == DP_OK)
		rc = levels(d, rep_p, rep_n, d->col->max_rep, num, &rep);
	if (rc == DP_OK)
		rc = levels(d, def_p, def_n, d->col->max_def, num, &def);
	if (rc == DP_OK) {
		for (i = 0; i < num; i++)
			k += !def || def[i] == (uint32_t)d->col->max_def;
		if (!(v = malloc(k * sizeof(*v) + 1)))
			rc = DP_FATAL;
	}
	if (rc == DP_OK)
		rc = page_values(d, h->encoding, val_p, val_n, v, k);
	if (rc == DP_OK)
		rc = assemble(d, def, rep, num, v, k);
	free(def);
	free(rep);
	free(v);
	return rc;
}

/* Decompress a page into a buffer kept by the values (they point into it). */
static int page_bytes(struct dec *d, const uint8_t *in, size_t n, size_t usize, uint8_t **out)
{
	int rc = charge(d, usize);

	if (rc != DP_OK)
		return rc;
	rc = decompress(d->codec, in, n, usize, out);

	if (rc == -2)
		return fail(d, DP_WARN, "%s compression not supported (values not read)",
			    dp_pq_codec_name(d->codec));
	if (rc == -3 || (rc == 0 && keep_buf(d->out, *out)))
		return DP_FATAL;
	return rc ? fail(d, DP_WARN, "corrupt %s page", dp_pq_codec_name(d->codec)) : DP_OK;
}

/* Data page v1: levels (each with a 4-byte length) and values, all compressed together. */
static int data_page_v1(struct dec *d, const struct page_header *h, const uint8_t *body)
{
	const uint8_t *lv[2] = { NULL, NULL };
	size_t lvn[2] = { 0, 0 }, pos = 0, usize = (size_t)h->usize, len;
	uint8_t *b;
	int i, rc = page_bytes(d, body, (size_t)h->csize, usize, &b);

	if (rc != DP_OK)
		return rc;
	/* only the levels the column has: parquet-mr (Spark, Hive) names the absent ones
	 * BIT_PACKED on every page of a flat or required column */
	if ((d->col->max_rep > 0 && h->rep_enc != ENC_RLE) ||
	    (d->col->max_def > 0 && h->def_enc != ENC_RLE))
		return fail(d, DP_WARN, "bit-packed levels (deprecated encoding) not supported");
	for (i = 0; i < 2; i++) { /* repetition levels, then definition levels */
		if ((i == 0 ? d->col->max_rep : d->col->max_def) == 0)
			continue;
		if (usize - pos < 4 || (len = (size_t)dp_le(b + pos, 4)) > usize - pos - 4)
			return fail(d, DP_WARN, "levels cut short");
		lv[i] = b + pos + 4;
		lvn[i] = len;
		pos += 4 + len;
	}
	return page_body(d, h, lv[0], lvn[0], lv[1], lvn[1], b + pos, usize - pos);
}

/* Data page v2: levels stored uncompressed before the (maybe compressed) values. */
static int data_page_v2(struct dec *d, const struct page_header *h, const uint8_t *body)
{
	size_t lv = (size_t)h->rep_len + (size_t)h->def_len, csize = (size_t)h->csize;
	size_t usize = (size_t)h->usize;
	const uint8_t *vals = body + lv;
	uint8_t *b;
	int rc;

	if (lv > csize || lv > usize)
		return fail(d, DP_WARN, "level lengths past the page");
	if (h->compressed && d->codec != DP_PQ_UNCOMPRESSED) {
		if ((rc = page_bytes(d, vals, csize - lv, usize - lv, &b)) != DP_OK)
			return rc;
		vals = b;
	} else if (csize != usize) {
		return fail(d, DP_WARN, "uncompressed page with two sizes");
	}
	return page_body(d, h, body, (size_t)h->rep_len, body + h->rep_len, (size_t)h->def_len,
			 vals, usize - lv);
}

static int dict_page(struct dec *d, const struct page_header *h, const uint8_t *body)
{
	size_t num = (size_t)h->num_values;
	uint8_t *b;
	int rc;

	if (d->out->dict)
		return fail(d, DP_WARN, "second dictionary page");
	if (h->encoding != ENC_PLAIN && h->encoding != ENC_PLAIN_DICT)
		return fail(d, DP_WARN, "dictionary encoding %d not supported", h->encoding);
	if ((rc = page_bytes(d, body, (size_t)h->csize, (size_t)h->usize, &b)) != DP_OK ||
	    (rc = charge(d, num * sizeof(*d->out->dict))) != DP_OK)
		return rc;
	if (!(d->out->dict = malloc(num * sizeof(*d->out->dict) + 1)))
		return DP_FATAL;
	if (plain_values(d->col, b, (size_t)h->usize, d->out->dict, num))
		return fail(d, DP_WARN, "dictionary cut short");
	d->out->ndict = num;
	return DP_OK;
}

int dp_pq_chunk_read(const uint8_t *file, size_t n, const struct dp_pq_chunk *c,
		     const struct dp_pq_column *col, struct dp_pq_values *out, uint64_t *budget,
		     char *why, size_t why_cap)
{
	struct dec d = { col, c->codec, out, budget, why, why_cap };
	uint64_t pos = c->start, end = c->start + c->size;
	int64_t seen = 0;
	int rc = DP_OK;

	dp_pq_values_reset(out);
	why[0] = '\0';
	if (c->bad || end > n)
		return fail(&d, DP_WARN, "chunk outside the file, in another file, or not of the "
			    "schema's type");
	while (rc == DP_OK && seen < c->num_values && pos < end) {
		struct page_header h;
		size_t hlen;
		if (page_header(file + pos, (size_t)(end - pos), &h, &hlen) != 0)
			return fail(&d, DP_WARN, "corrupt page header at byte %llu",
				    (unsigned long long)pos);
		/* the page's own bytes are charged too: chunks may overlap, so every column of
		 * every row group could read the same thousands of (empty) pages again */
		if ((rc = charge(&d, hlen + (uint64_t)h.csize + DP_PQ_PAGE_COST)) != DP_OK)
			break;
		if (h.type == PAGE_DICT)
			rc = dict_page(&d, &h, file + pos + hlen);
		else if (h.type == PAGE_DATA)
			rc = data_page_v1(&d, &h, file + pos + hlen);
		else if (h.type == PAGE_DATA_V2)
			rc = data_page_v2(&d, &h, file + pos + hlen);
		if (h.type == PAGE_DATA || h.type == PAGE_DATA_V2)
			seen += h.num_values;
		pos += hlen + (size_t)h.csize;
	}
	if (rc == DP_OK && seen < c->num_values)
		rc = fail(&d, DP_WARN, "%lld of %lld values found", (long long)seen,
			  (long long)c->num_values);
	return rc;
}

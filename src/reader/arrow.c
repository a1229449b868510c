/* arrow.c - the Apache Arrow IPC reader (Hugging Face `datasets` files): one record per row.
 *
 * Reads the streaming format (messages: a 0xFFFFFFFF continuation and an int32 metadata
 * length, or the pre-0.15 bare length; a FlatBuffers Message; a body) and the file format
 * ("ARROW1\0\0", the same stream up to its end-of-stream marker, then a footer, read only
 * when the stream has no Schema message, as apache-arrow for JavaScript writes it: then the
 * messages are held, up to --parquet-memory, and read at the end with the footer's schema).
 * Bytes are streamed: at most one message (metadata and body) is held, up to
 * --parquet-memory; a larger one is skipped and named in a note.
 *
 * The Schema gives the columns; each RecordBatch gives rows. Utf8, LargeUtf8 and Utf8View
 * columns become string fields, Int, FloatingPoint and Bool number and boolean fields, Date
 * and Timestamp ISO 8601 strings, Null columns and null values null fields; List,
 * LargeList, FixedSizeList and Map values are listed under the column's path, Struct
 * children as "a.b" (the Parquet reader's naming), each list and struct first as a container
 * field, as the JSON readers give them. Dictionary-encoded string columns (pandas
 * categoricals) are looked up in their DictionaryBatch messages (replaced or extended by
 * deltas). Binary columns are left out (image bytes), and so are types with no text
 * (decimal, times of day, durations, unions ...), named once in a note. Bodies compressed
 * with ZSTD or LZ4_FRAME are decoded, within --max-ratio. Every length, offset and buffer
 * is checked against its message: a corrupt message is named in a note and skipped, and the
 * member is counted as partly read. Rows are never free: a batch has at most 8 rows per
 * byte of its message (plus AR_FREE_ROWS), so a few bytes cannot claim billions of records.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "core/array.h"
#include "core/buf.h"
#include "core/limits.h"
#include "reader/arrow.h"
#include "reader/flatbuf.h"
#include "reader/lz4.h"
#include "reader/reader.h"
#include "reader/recbuild.h"

#define AR_MAX_COLS 4096     /* schema fields, nested ones included */
#define AR_MAX_NEST 64       /* schema nesting */
#define AR_FREE_ROWS 4096    /* rows a batch may have beyond 8 per byte of its message */

enum ar_kind {
	AK_NULL, AK_INT, AK_FLOAT, AK_BOOL, AK_UTF8, AK_VIEW, AK_TIME, AK_LIST, AK_FSLIST, AK_STRUCT,
	AK_DICT,
	AK_SKIP /* a column left out: its buffers are stepped over */
};

/* Message header types and the Type union's members used here (Message.fbs, Schema.fbs). */
enum { MH_SCHEMA = 1, MH_DICTIONARY = 2, MH_RECORD_BATCH = 3 };
enum {
	T_NULL = 1, T_INT, T_FLOAT, T_BINARY, T_UTF8, T_BOOL, T_DECIMAL, T_DATE, T_TIME,
	T_TIMESTAMP, T_INTERVAL, T_LIST, T_STRUCT, T_UNION, T_FIXED_BINARY, T_FIXED_LIST, T_MAP,
	T_DURATION, T_LARGE_BINARY, T_LARGE_UTF8, T_LARGE_LIST, T_RUN_END, T_BINARY_VIEW,
	T_UTF8_VIEW, T_LIST_VIEW, T_LARGE_LIST_VIEW
};

struct ar_col {
	enum ar_kind kind;
	unsigned nbufs;         /* buffers in a record batch (view types: plus a variadic count) */
	unsigned width;         /* bytes of a value (int, float, dictionary index) or offset */
	int is_signed;
	int variadic;           /* BinaryView, Utf8View */
	int hidden;             /* inside a column left out */
	uint64_t list_size;     /* FixedSizeList */
	uint64_t per_day;       /* Date, Timestamp: units a day (a date: no time of day) */
	int is_date, utc;       /* utc: a Timestamp with a time zone (its values are UTC) */
	size_t end;             /* index past its subtree (columns are in pre-order) */
	size_t path_off, path_len;
	size_t dict;            /* AK_DICT: index into dicts */
};

/* One column of the current batch, its buffers checked. */
struct ar_node {
	uint64_t length, nulls;
	const uint8_t *valid;   /* NULL when every value is valid */
	const uint8_t *vals;    /* values, indices or offsets */
	const uint8_t *data;    /* string bytes */
	uint64_t last;          /* offsets: the last one */
	size_t vfirst, vcount;  /* Utf8View: its data buffers, as batch buffer numbers */
};

/* A buffer of the current batch (Utf8View data buffers are looked up by number). */
struct ar_span {
	const uint8_t *p;
	size_t n;
};

struct ar_dict {
	int64_t id;
	unsigned width;         /* offsets of its Utf8 values: 4 or 8; 0 when not read */
	int seen;
	uint64_t bytes;         /* charged to the dictionaries' budget */
	struct dp_buf data;
	uint64_t *offs;         /* n + 1 */
	unsigned char *nul;
	size_t n, cap;
};

/* The RecordBatch being read (of a record or dictionary batch message). */
struct ar_batch {
	const uint8_t *body;
	size_t body_len;
	struct dp_fb_vec nodes, bufs, variadic;
	size_t next_buf, next_var;
	int codec;              /* -1 uncompressed, 0 LZ4_FRAME, 1 ZSTD */
	uint64_t length, bound;
	char why[120];
};

/* S_HOLD: a file format whose schema is only in its footer (apache-arrow for JavaScript
 * writes no Schema message): the rest of the member is held, and read at its end. */
enum ar_state { S_PREFIX, S_META, S_BODY, S_SKIP, S_TAIL, S_DONE, S_HOLD };

struct arrow {
	const struct dp_reader_ctx *rc;
	struct dp_recbuild b;
	enum ar_state state;
	unsigned char head[8];
	size_t nhead;
	int started, file_format, partial, have_schema, bad_index, stopped;
	uint64_t fed, msg_start, skip, rows, dict_bytes;
	uint32_t meta_len;
	uint64_t body_len;
	unsigned nmsg, version;
	struct dp_buf msg;      /* the current message: metadata, then body */
	struct dp_buf unz;      /* its decompressed buffers */
	struct dp_buf held;     /* S_HOLD: the member from its first message on */
	uint64_t hold_fed;      /* where held starts in the member */
	unsigned hold_nmsg;     /* the number of its first message */
	struct dp_buf paths;
	struct ar_col *cols;
	struct ar_node *nodes;
	size_t ncols;
	struct ar_dict *dicts;
	size_t ndicts;
	struct ar_span *spans;  /* the batch's buffers, by number */
	size_t cap_spans;
	int bad_view;
	char left_out[120];     /* the columns left out, for one note */
	char lost[160];         /* S_TAIL: why the framing was lost */
	unsigned char tail[6];  /* S_TAIL: the member's last bytes */
	size_t ntail;
};

static int64_t load_i64(const uint8_t *p)
{
	return (int64_t)dp_fb_u64(p);
}

static int bit(const uint8_t *bits, uint64_t i)
{
	return bits[i >> 3] >> (i & 7) & 1;
}

int dp_arrow_sniff(const unsigned char *head, size_t n)
{
	struct dp_fb_table m;
	uint64_t version = 0, type = 0;
	size_t len;

	if (n < 16 || memcmp(head, "\xff\xff\xff\xff", 4))
		return 0;
	len = dp_fb_u32(head + 4);
	len = len > n - 8 ? n - 8 : len; /* a schema longer than the head: what it holds */
	return !dp_fb_root(head + 8, len, &m) && !dp_fb_scalar(&m, 0, 2, 0, &version) &&
	       version <= 4 && !dp_fb_scalar(&m, 1, 1, 0, &type) && type == MH_SCHEMA;
}

static int arrow_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[16];

	if ((n >= 6 && !memcmp(head, "ARROW1", 6)) || dp_arrow_sniff(head, n))
		return 95;
	dp_reader_ext(name, ext, sizeof(ext));
	if (strcmp(ext, "arrow") && strcmp(ext, "feather") && strcmp(ext, "ipc") &&
	    strcmp(ext, "arrows"))
		return 0;
	return n >= 4 && !memcmp(head, "\xff\xff\xff\xff", 4) ? 90 : 60;
}

static void *arrow_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct arrow *a = calloc(1, sizeof(*a));

	if (!a) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	a->rc = rc;
	dp_buf_init(&a->msg, (size_t)rc->cfg->limits.parquet_memory);
	dp_buf_init(&a->unz, (size_t)rc->cfg->limits.parquet_memory);
	dp_buf_init(&a->held, (size_t)rc->cfg->limits.parquet_memory);
	dp_buf_init(&a->paths, 1u << 20);
	dp_recbuild_init(&a->b, rc);
	return a;
}

static void arrow_close(void *st)
{
	struct arrow *a = st;
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->ndicts; i++) {
		dp_buf_release(&a->dicts[i].data);
		free(a->dicts[i].offs);
		free(a->dicts[i].nul);
	}
	free(a->dicts);
	free(a->spans);
	free(a->cols);
	free(a->nodes);
	dp_buf_release(&a->msg);
	dp_buf_release(&a->unz);
	dp_buf_release(&a->held);
	dp_buf_release(&a->paths);
	dp_recbuild_release(&a->b);
	free(a);
}

/* ---- schema ---- */

/* A column left out, named once in a note at the end. */
static void left_out(struct arrow *a, const struct ar_col *c, const char *type)
{
	size_t n = strlen(a->left_out);

	if (n < sizeof(a->left_out) - 1)
		snprintf(a->left_out + n, sizeof(a->left_out) - n, "%s%.*s (%s)", n ? ", " : "",
			 (int)c->path_len, a->paths.data + c->path_off, type);
}

/* Types without text, left out: their name, and their buffers in *nbufs. */
static const char *skipped_type(unsigned tt, const struct dp_fb_table *t, int has_t,
				unsigned version, unsigned *nbufs)
{
	static const char *const names[] = { [T_DECIMAL] = "decimal",
		[T_TIME] = "time", [T_INTERVAL] = "interval",
		[T_DURATION] = "duration", [T_UNION] = "union", [T_RUN_END] = "run-end encoded",
		[T_LIST_VIEW] = "list view",
		[T_LARGE_LIST_VIEW] = "large list view" };
	uint64_t mode = 0;

	*nbufs = 2;
	if (tt == T_UNION) {
		if (has_t && dp_fb_scalar(t, 0, 2, 0, &mode))
			return NULL;
		*nbufs = (mode == 1 ? 2u : 1u) + (version < 4 ? 1u : 0u); /* V5 dropped validity */
	} else if (tt == T_RUN_END) {
		*nbufs = 0;
	} else if (tt == T_LIST_VIEW || tt == T_LARGE_LIST_VIEW) {
		*nbufs = 3;
	}
	return tt < sizeof(names) / sizeof(*names) ? names[tt] : NULL;
}

/* Int and FloatingPoint: the value's width. -1 when the type is not one known. */
static int number_type(struct ar_col *c, unsigned tt, const struct dp_fb_table *t, int has_t)
{
	uint64_t bits = 32, sign = 0, prec = 2;

	if (has_t && tt == T_INT && (dp_fb_scalar(t, 0, 4, 32, &bits) || dp_fb_scalar(t, 1, 1, 0, &sign)))
		return -1;
	if (has_t && tt == T_FLOAT && dp_fb_scalar(t, 0, 2, 0, &prec))
		return -1;
	if (tt == T_INT && bits != 8 && bits != 16 && bits != 32 && bits != 64)
		return -1;
	if (tt == T_FLOAT && prec > 2)
		return -1;
	c->kind = tt == T_INT ? AK_INT : AK_FLOAT;
	c->width = tt == T_INT ? (unsigned)bits / 8 : 2u << prec;
	c->is_signed = sign != 0;
	c->nbufs = 2;
	return 0;
}

/* Date and Timestamp columns: shown as ISO 8601 text, as JSON datasets hold dates. */
static int time_type(struct ar_col *c, unsigned tt, const struct dp_fb_table *t, int has_t)
{
	static const uint64_t per_second[] = { 1, 1000, 1000000, 1000000000 };
	const char *tz;
	size_t tzlen;
	uint64_t unit = tt == T_DATE ? 1 : 0;

	if (has_t && (dp_fb_scalar(t, 0, 2, unit, &unit) ||
		      (tt == T_TIMESTAMP && dp_fb_string(t, 1, &tz, &tzlen) < 0)))
		return -1;
	if (unit > (tt == T_DATE ? 1u : 3u))
		return -1;
	c->kind = AK_TIME;
	c->is_date = tt == T_DATE;
	c->width = c->is_date && unit == 0 ? 4 : 8;
	c->per_day = c->is_date ? (unit ? 86400000 : 1) : 86400 * per_second[unit];
	c->utc = tt == T_TIMESTAMP && has_t && dp_fb_string(t, 1, &tz, &tzlen) > 0;
	return 0;
}

/* The column's kind and buffers from its type. 0, or -1 for a type not known (its buffers
 * cannot be stepped over, so no batch can be read). */
static int col_type(struct arrow *a, struct ar_col *c, unsigned tt, const struct dp_fb_table *t,
		    int has_t)
{
	uint64_t size = 0;
	const char *skip;

	c->nbufs = 2;
	switch (tt) {
	case T_NULL: c->kind = AK_NULL; c->nbufs = 0; return 0;
	case T_INT: case T_FLOAT: return number_type(c, tt, t, has_t);
	case T_BOOL: c->kind = AK_BOOL; return 0;
	case T_UTF8: case T_LARGE_UTF8:
		c->kind = AK_UTF8; c->nbufs = 3; c->width = tt == T_UTF8 ? 4 : 8; return 0;
	case T_LIST: case T_LARGE_LIST: case T_MAP:
		c->kind = AK_LIST; c->width = tt == T_LARGE_LIST ? 8 : 4; return 0;
	case T_STRUCT: c->kind = AK_STRUCT; c->nbufs = 1; return 0;
	case T_FIXED_LIST:
		if (has_t && dp_fb_scalar(t, 0, 4, 0, &size))
			return -1;
		c->kind = AK_FSLIST; c->nbufs = 1; c->list_size = (uint32_t)size;
		return (int32_t)size < 0 ? -1 : 0;
	case T_BINARY: case T_LARGE_BINARY: c->kind = AK_SKIP; c->nbufs = 3; return 0;
	case T_FIXED_BINARY: c->kind = AK_SKIP; return 0;
	case T_BINARY_VIEW: c->kind = AK_SKIP; c->variadic = 1; return 0;
	case T_UTF8_VIEW: c->kind = AK_VIEW; c->variadic = 1; return 0;
	case T_DATE: case T_TIMESTAMP: return time_type(c, tt, t, has_t);
	default:
		if (!(skip = skipped_type(tt, t, has_t, a->version, &c->nbufs)))
			return -1;
		c->kind = AK_SKIP;
		left_out(a, c, skip);
		return 0;
	}
}

/* The column's path: its parent's, then "." and its name (a list's values keep the list's
 * path, as JSON arrays do). */
static int col_path(struct arrow *a, struct ar_col *c, const struct ar_col *parent,
		    const struct dp_fb_table *f)
{
	const char *name = "";
	size_t len = 0;

	if (dp_fb_string(f, 0, &name, &len) < 0)
		return -1;
	c->path_off = a->paths.len;
	if (parent && (parent->kind == AK_LIST || parent->kind == AK_FSLIST)) {
		c->path_off = parent->path_off;
		c->path_len = parent->path_len;
		return 0;
	}
	/* room first: the parent's path is copied from this very buffer */
	if (dp_buf_reserve(&a->paths, (parent ? parent->path_len + 1 : 0) + len + 1))
		return -1;
	if (parent && parent->path_len && (dp_buf_add(&a->paths, a->paths.data + parent->path_off,
						      parent->path_len) ||
					   dp_buf_addc(&a->paths, '.')))
		return -1;
	if (dp_buf_add(&a->paths, name, len) || dp_buf_addc(&a->paths, '\0'))
		return -1;
	c->path_len = a->paths.len - 1 - c->path_off;
	return 0;
}

/* A dictionary-encoded column: its index type, and its dictionary (shared by id). */
static int col_dict(struct arrow *a, struct ar_col *c, const struct dp_fb_table *enc)
{
	struct dp_fb_table it;
	uint64_t id = 0, bits = 32, sign = 1;
	size_t i;
	int has_it = dp_fb_table_field(enc, 1, &it);
	unsigned vwidth = c->kind == AK_UTF8 ? c->width : 0;

	if (has_it < 0 || dp_fb_scalar(enc, 0, 8, 0, &id) ||
	    (has_it && (dp_fb_scalar(&it, 0, 4, 32, &bits) || dp_fb_scalar(&it, 1, 1, 0, &sign))))
		return -1;
	if (bits != 8 && bits != 16 && bits != 32 && bits != 64)
		return -1;
	if (!vwidth && c->kind != AK_SKIP)
		left_out(a, c, "dictionary of non-string values");
	for (i = 0; i < a->ndicts && a->dicts[i].id != (int64_t)id; i++)
		;
	if (i == a->ndicts) {
		memset(&a->dicts[i], 0, sizeof(a->dicts[i]));
		a->dicts[i].id = (int64_t)id;
		a->dicts[i].width = vwidth;
		dp_buf_init(&a->dicts[i].data, 0);
		a->ndicts++;
	}
	c->kind = AK_DICT;
	c->nbufs = 2;
	c->width = (unsigned)bits / 8;
	c->is_signed = sign != 0;
	c->dict = i;
	return 0;
}

static int add_fields(struct arrow *a, const struct dp_fb_table *owner, unsigned id,
		      size_t parent, unsigned depth);

/* Field f as column a->ncols (and its children after it). 0, or -1 when corrupt. */
static int add_field(struct arrow *a, const struct dp_fb_table *f, size_t parent,
		     unsigned depth)
{
	struct dp_fb_table t, enc;
	uint64_t tt = 0;
	size_t me = a->ncols;
	struct ar_col *c = &a->cols[me];
	const struct ar_col *pc = parent == SIZE_MAX ? NULL : &a->cols[parent];
	int has_t, has_enc;

	if (me >= AR_MAX_COLS || depth > AR_MAX_NEST)
		return -1;
	memset(c, 0, sizeof(*c));
	a->ncols++;
	c->hidden = pc && (pc->hidden || pc->kind == AK_SKIP);
	has_t = dp_fb_table_field(f, 3, &t);
	has_enc = dp_fb_table_field(f, 4, &enc);
	if (has_t < 0 || has_enc < 0 || dp_fb_scalar(f, 2, 1, 0, &tt) || col_path(a, c, pc, f) ||
	    col_type(a, c, (unsigned)tt, &t, has_t > 0))
		return -1;
	if (has_enc) /* the batch holds indices; the values' children are the dictionary's */
		c->end = a->ncols;
	if (has_enc)
		return col_dict(a, c, &enc);
	if (add_fields(a, f, 5, me, depth + 1))
		return -1;
	a->cols[me].end = a->ncols;
	return 0;
}

/* The fields in vector `id` of owner (a Schema's, or a Field's children). */
static int add_fields(struct arrow *a, const struct dp_fb_table *owner, unsigned id,
		      size_t parent, unsigned depth)
{
	struct dp_fb_vec v;
	struct dp_fb_table f;
	size_t i;
	int rc = dp_fb_vector(owner, id, 4, &v);

	if (rc < 0)
		return -1;
	for (i = 0; rc > 0 && i < v.len; i++)
		if (dp_fb_vec_table(&v, i, &f) || add_field(a, &f, parent, depth))
			return -1;
	return 0;
}

static int read_schema(struct arrow *a, const struct dp_fb_table *s)
{
	uint64_t endian = 0;

	if (a->have_schema)
		return DP_OK; /* the file format's footer repeats it; a stream has one */
	if (dp_fb_scalar(s, 0, 2, 0, &endian))
		return DP_WARN;
	if (endian != 0) {
		dp_reader_note(a->rc->stats, "big-endian Arrow data: not read");
		return DP_WARN;
	}
	a->cols = calloc(AR_MAX_COLS, sizeof(*a->cols));
	a->dicts = calloc(AR_MAX_COLS, sizeof(*a->dicts));
	if (!a->cols || !a->dicts)
		return DP_FATAL;
	if (add_fields(a, s, 1, SIZE_MAX, 0)) {
		dp_reader_note(a->rc->stats, "message %u: the schema is corrupt, or has a type not "
			       "known, or more than %d fields", a->nmsg, AR_MAX_COLS);
		return DP_WARN;
	}
	if (!(a->nodes = calloc(a->ncols + 1, sizeof(*a->nodes))))
		return DP_FATAL;
	if (a->left_out[0])
		dp_reader_note(a->rc->stats, "columns left out: %s", a->left_out);
	a->have_schema = 1;
	return DP_OK;
}

/* ---- buffers ---- */

static int why(struct ar_batch *bt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The reason a batch cannot be read, for its note; returns -1. */
static int why(struct ar_batch *bt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bt->why, sizeof(bt->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Buffer k of the batch as stored in the body (bounds checked). */
static int raw_buf(struct ar_batch *bt, size_t k, const uint8_t **p, size_t *len)
{
	const uint8_t *e;
	int64_t off, n;

	if (k >= bt->bufs.len)
		return why(bt, "buffer %zu missing (%zu in the batch)", k, bt->bufs.len);
	e = dp_fb_vec_elem(&bt->bufs, k);
	off = load_i64(e);
	n = load_i64(e + 8);
	if (off < 0 || n < 0 || (uint64_t)off > bt->body_len ||
	    (uint64_t)n > bt->body_len - (uint64_t)off)
		return why(bt, "buffer %zu out of bounds", k);
	*p = n ? bt->body + off : (const uint8_t *)"";
	*len = (size_t)n;
	return 0;
}

/* An LZ4 frame (Arrow's LZ4_FRAME codec) of exactly ulen bytes into out: 0, or -1. */
static int lz4_frame(const uint8_t *in, size_t n, uint8_t *out, size_t ulen)
{
	size_t pos, done = 0, size;
	uint32_t bs;
	uint8_t flg;

	if (n < 7 || dp_fb_u32(in) != 0x184D2204u)
		return -1;
	flg = in[4];
	if ((flg >> 6) != 1 || (flg & 1)) /* version 01, no dictionary id */
		return -1;
	pos = 7 + ((flg & 8) ? 8 : 0); /* FLG, BD, content size, header checksum */
	while (pos <= n && n - pos >= 4) {
		bs = dp_fb_u32(in + pos);
		pos += 4;
		if (bs == 0) /* end mark; a content checksum may follow (not checked) */
			return done == ulen ? 0 : -1;
		size = bs & 0x7fffffffu;
		if (size > n - pos)
			return -1;
		if (bs >> 31) { /* stored */
			if (size > ulen - done)
				return -1;
			memcpy(out + done, in + pos, size);
			done += size;
		} else if (dp_lz4_uncompress_at(in + pos, size, out, ulen, done, &done)) {
			return -1; /* linked blocks refer back into earlier ones: out[0, done) */
		}
		pos += size + ((flg & 0x10) ? 4 : 0);
	}
	return -1;
}

/* What a message's buffers may decompress to: --parquet-memory, and --max-ratio times the
 * body (past DP_RATIO_GRACE_BYTES), so a few bytes cannot claim a huge allocation. */
static uint64_t unpack_limit(const struct arrow *a, const struct ar_batch *bt)
{
	uint64_t cap = a->rc->cfg->limits.parquet_memory, ratio = a->rc->cfg->limits.max_ratio;
	uint64_t allowed = bt->body_len && ratio > UINT64_MAX / bt->body_len
				   ? UINT64_MAX : bt->body_len * ratio;

	allowed = allowed < DP_RATIO_GRACE_BYTES ? DP_RATIO_GRACE_BYTES : allowed;
	return allowed < cap ? allowed : cap;
}

/* Bytes all compressed buffers of the batch decompress to (their 8-byte prefixes). */
static int unpacked_size(struct arrow *a, struct ar_batch *bt, uint64_t *total)
{
	const uint8_t *p = NULL;
	size_t k, len = 0;
	int64_t ulen;
	uint64_t limit = unpack_limit(a, bt);

	*total = 0;
	for (k = 0; k < bt->bufs.len; k++) {
		if (raw_buf(bt, k, &p, &len))
			return -1;
		if (len && len < 8)
			return why(bt, "buffer %zu: compressed, but %zu bytes", k, len);
		ulen = len ? load_i64(p) : -1;
		if (ulen < -1)
			return why(bt, "buffer %zu: uncompressed length %" PRId64, k, ulen);
		if (ulen > 0 && (uint64_t)ulen > limit - *total)
			return why(bt, "decompresses to over --parquet-memory or --max-ratio "
				   "times its size");
		*total += ulen > 0 ? (uint64_t)ulen : 0;
	}
	return 0;
}

/* Buffer k (at *p, *len) decompressed when the body is. */
static int unpack(struct arrow *a, struct ar_batch *bt, size_t k, const uint8_t **p,
		  size_t *len)
{
	size_t ulen;
	uint8_t *out;
	int bad;

	if (bt->codec < 0 || *len == 0)
		return 0;
	if (load_i64(*p) == -1) { /* left uncompressed */
		*p += 8;
		*len -= 8;
		return 0;
	}
	ulen = (size_t)load_i64(*p);
	if (ulen == 0) { /* nothing to decompress (and maybe no room allocated) */
		*p = (const uint8_t *)"";
		*len = 0;
		return 0;
	}
	if (ulen > a->unz.alloc - a->unz.len)
		return why(bt, "buffer %zu: decompressed size changed", k);
	out = (uint8_t *)a->unz.data + a->unz.len;
	bad = bt->codec == 1 ? ZSTD_decompress(out, ulen, *p + 8, *len - 8) != ulen
			     : lz4_frame(*p + 8, *len - 8, out, ulen) != 0;
	if (bad)
		return why(bt, "buffer %zu: corrupt %s data", k, bt->codec ? "ZSTD" : "LZ4_FRAME");
	a->unz.len += ulen;
	*p = out;
	*len = ulen;
	return 0;
}

/* The next buffer of the batch, decompressed when the body is. */
static int next_buf(struct arrow *a, struct ar_batch *bt, const uint8_t **p, size_t *len)
{
	size_t k = bt->next_buf++;

	if (raw_buf(bt, k, p, len) || unpack(a, bt, k, p, len))
		return -1;
	a->spans[k].p = *p;
	a->spans[k].n = *len;
	return 0;
}

/* A view column's count of data buffers (the batch's next variadic count). */
static int variadic_count(struct ar_batch *bt, uint64_t *n)
{
	int64_t extra;

	if (bt->next_var >= bt->variadic.len)
		return why(bt, "variadic buffer count missing");
	extra = load_i64(dp_fb_vec_elem(&bt->variadic, bt->next_var++));
	if (extra < 0 || (uint64_t)extra > bt->bufs.len)
		return why(bt, "variadic buffer count %" PRId64, extra);
	*n = (uint64_t)extra;
	return 0;
}

/* Step over a column's buffers (a column left out, or inside one). */
static int skip_bufs(struct ar_batch *bt, const struct ar_col *col)
{
	const uint8_t *p = NULL;
	uint64_t n = 0;
	size_t len = 0;

	if (col->variadic && variadic_count(bt, &n)) /* plus the data buffers of a view */
		return -1;
	for (n += col->nbufs; n; n--)
		if (raw_buf(bt, bt->next_buf++, &p, &len))
			return -1;
	return 0;
}

/* ---- batches ---- */

static int64_t off_at(const uint8_t *p, unsigned width, uint64_t i)
{
	return width == 4 ? (int64_t)(int32_t)dp_fb_u32(p + 4 * i) : load_i64(p + 8 * i);
}

/* Offsets (strings, lists): length + 1 of them, never decreasing; string bytes after. */
static int load_offsets(struct arrow *a, struct ar_batch *bt, const struct ar_col *col,
			struct ar_node *nd)
{
	const uint8_t *p = NULL, *d = NULL;
	size_t len = 0, dlen = 0, k = bt->next_buf;
	uint64_t i;
	int64_t prev = 0, cur;

	if (next_buf(a, bt, &p, &len))
		return -1;
	if (nd->length && len / col->width < nd->length + 1)
		return why(bt, "buffer %zu: %zu bytes of offsets for %" PRIu64 " values", k, len,
			   nd->length);
	if (nd->length)
		prev = off_at(p, col->width, 0);
	for (i = 1; i <= nd->length && prev >= 0; i++) {
		cur = off_at(p, col->width, i);
		prev = cur < prev ? -1 : cur;
	}
	if (prev < 0)
		return why(bt, "buffer %zu: offsets out of order", k);
	nd->vals = p;
	nd->last = (uint64_t)prev;
	if (col->kind != AK_UTF8)
		return 0;
	if (next_buf(a, bt, &d, &dlen))
		return -1;
	if (nd->last > dlen)
		return why(bt, "buffer %zu: %zu bytes of strings, offsets reach %" PRIu64, k + 1,
			   dlen, nd->last);
	nd->data = d;
	return 0;
}

/* A Utf8View column: its 16-byte views, then its data buffers (checked per value). */
static int load_views(struct arrow *a, struct ar_batch *bt, struct ar_node *nd)
{
	const uint8_t *p = NULL;
	size_t len = 0, k = bt->next_buf;
	uint64_t n = 0;

	if (next_buf(a, bt, &p, &len))
		return -1;
	if (len / 16 < nd->length)
		return why(bt, "buffer %zu: %zu bytes of views for %" PRIu64 " values", k, len,
			   nd->length);
	nd->vals = p;
	if (variadic_count(bt, &n))
		return -1;
	nd->vfirst = bt->next_buf;
	nd->vcount = (size_t)n;
	for (; n; n--)
		if (next_buf(a, bt, &p, &len))
			return -1;
	return 0;
}

/* The values buffer of a number, boolean or dictionary-index column. */
static int load_values(struct arrow *a, struct ar_batch *bt, const struct ar_col *col,
		       struct ar_node *nd)
{
	const uint8_t *p = NULL;
	size_t len = 0, k = bt->next_buf;
	uint64_t need;

	if (col->kind == AK_STRUCT || col->kind == AK_FSLIST)
		return 0;
	if (col->kind == AK_LIST || col->kind == AK_UTF8)
		return load_offsets(a, bt, col, nd);
	if (col->kind == AK_VIEW)
		return load_views(a, bt, nd);
	if (next_buf(a, bt, &p, &len))
		return -1;
	need = col->kind == AK_BOOL ? (nd->length + 7) / 8 : nd->length * col->width;
	if (len < need)
		return why(bt, "buffer %zu: %zu bytes for %" PRIu64 " values", k, len, nd->length);
	nd->vals = p;
	return 0;
}

/* Column c's node and buffers, checked against the batch. */
static int load_node(struct arrow *a, struct ar_batch *bt, const struct ar_col *col, size_t c,
		     struct ar_node *nd)
{
	const uint8_t *e, *p = NULL;
	size_t len = 0;
	int64_t n, nulls;

	memset(nd, 0, sizeof(*nd));
	if (c >= bt->nodes.len)
		return why(bt, "field node %zu missing (%zu in the batch)", c, bt->nodes.len);
	e = dp_fb_vec_elem(&bt->nodes, c);
	n = load_i64(e);
	nulls = load_i64(e + 8);
	if (n < 0 || nulls < 0 || nulls > n || (uint64_t)n > bt->bound)
		return why(bt, "field node %zu: %" PRId64 " values, %" PRId64 " nulls", c, n, nulls);
	nd->length = (uint64_t)n;
	nd->nulls = (uint64_t)nulls;
	if (col->kind == AK_SKIP || col->hidden)
		return skip_bufs(bt, col);
	if (col->kind == AK_NULL)
		return 0;
	if (next_buf(a, bt, &p, &len))
		return -1;
	if (nd->nulls && len < (nd->length + 7) / 8)
		return why(bt, "buffer %zu: validity of %zu bytes for %" PRIu64 " values",
			   bt->next_buf - 1, len, nd->length);
	nd->valid = nd->nulls ? p : NULL;
	return load_values(a, bt, col, nd);
}

/* Parents and children agree: a list's offsets stay within its values, a struct's children
 * and the top-level columns have a value for every row. */
static int check_tree(struct arrow *a, struct ar_batch *bt)
{
	size_t c, ch;
	const struct ar_node *nd;

	for (c = 0; c < a->ncols; c = a->cols[c].end)
		if (a->nodes[c].length < bt->length)
			return why(bt, "field node %zu: %" PRIu64 " values for %" PRIu64 " rows", c,
				    a->nodes[c].length, bt->length);
	for (c = 0; c < a->ncols; c++) {
		const struct ar_col *col = &a->cols[c];
		nd = &a->nodes[c];
		if (col->hidden || (col->kind != AK_LIST && col->kind != AK_FSLIST &&
				    col->kind != AK_STRUCT))
			continue;
		if (col->kind != AK_STRUCT && c + 1 >= col->end)
			return why(bt, "field %zu: a list without its values", c);
		if (col->kind == AK_LIST && nd->last > a->nodes[c + 1].length)
			return why(bt, "field node %zu: offsets past its values", c);
		if (col->kind == AK_FSLIST && col->list_size &&
		    nd->length > a->nodes[c + 1].length / col->list_size)
			return why(bt, "field node %zu: fixed-size lists past its values", c);
		for (ch = c + 1; col->kind == AK_STRUCT && ch < col->end; ch = a->cols[ch].end)
			if (a->nodes[ch].length < nd->length)
				return why(bt, "field node %zu: fewer values than its struct", ch);
	}
	return 0;
}

/* The batch's counts and vectors, and its buffers' decompressed room. */
static int open_batch(struct arrow *a, const struct dp_fb_table *rb, const uint8_t *body,
		      size_t body_len, struct ar_batch *bt)
{
	struct dp_fb_table comp;
	uint64_t len = 0, codec = 0, total = 0;
	int has_comp;

	memset(bt, 0, sizeof(*bt));
	bt->body = body;
	bt->body_len = body_len;
	bt->codec = -1;
	if (dp_fb_scalar(rb, 0, 8, 0, &len) || dp_fb_vector(rb, 1, 16, &bt->nodes) < 0 ||
	    dp_fb_vector(rb, 2, 16, &bt->bufs) < 0 || (has_comp = dp_fb_table_field(rb, 3, &comp)) < 0 ||
	    dp_fb_vector(rb, 4, 8, &bt->variadic) < 0 ||
	    (has_comp && dp_fb_scalar(&comp, 0, 1, 0, &codec)))
		return why(bt, "corrupt record batch metadata");
	if (codec > 1)
		return why(bt, "compression codec %" PRIu64 " not known", codec);
	if (bt->bufs.len > a->cap_spans) {
		free(a->spans);
		a->cap_spans = 0;
		if (!(a->spans = calloc(bt->bufs.len, sizeof(*a->spans))))
			return why(bt, "out of memory for %zu buffers", bt->bufs.len);
		a->cap_spans = bt->bufs.len;
	}
	dp_buf_reset(&a->unz);
	if (has_comp) {
		bt->codec = (int)codec;
		if (unpacked_size(a, bt, &total))
			return -1;
		if (dp_buf_reserve(&a->unz, (size_t)total) != DP_OK)
			return why(bt, "out of memory decompressing");
	}
	bt->bound = 8 * ((uint64_t)a->meta_len + body_len + total) + AR_FREE_ROWS;
	if (len > bt->bound)
		return why(bt, "%" PRIu64 " rows: more than its bytes can hold", len);
	bt->length = len;
	return 0;
}

/* ---- dictionaries ---- */

/* Room for `more` values in dictionary d, within --parquet-memory for all dictionaries. */
static int dict_room(struct arrow *a, struct ar_dict *d, uint64_t more, uint64_t bytes)
{
	size_t cap = d->cap;

	a->dict_bytes += more * 9 + bytes;
	d->bytes += more * 9 + bytes;
	if (a->dict_bytes > a->rc->cfg->limits.parquet_memory)
		return DP_WARN;
	/* offs and nul are parallel: both grow from d->cap to the same new capacity */
	if (dp_array_grow((void **)&d->offs, &cap, (size_t)(d->n + more + 1), sizeof(*d->offs)) ||
	    dp_array_grow((void **)&d->nul, &d->cap, (size_t)(d->n + more + 1), sizeof(*d->nul)))
		return DP_FATAL;
	return DP_OK;
}

/* The dictionary's values from a checked Utf8 node (after its earlier ones for a delta). */
static int dict_add(struct arrow *a, struct ar_dict *d, const struct ar_node *nd, int delta)
{
	uint64_t i, s, e;
	int rc;

	if (!delta) { /* a replacement */
		a->dict_bytes -= d->bytes;
		d->bytes = 0;
		dp_buf_reset(&d->data);
		d->n = 0;
	}
	if ((rc = dict_room(a, d, nd->length, nd->last)) != DP_OK)
		return rc;
	if (d->n == 0)
		d->offs[0] = 0;
	for (i = 0; i < nd->length; i++) {
		s = (uint64_t)off_at(nd->vals, d->width, i);
		e = (uint64_t)off_at(nd->vals, d->width, i + 1);
		d->nul[d->n] = nd->valid && !bit(nd->valid, i);
		if (dp_buf_add(&d->data, nd->data + s, (size_t)(e - s)) == DP_FATAL)
			return DP_FATAL;
		d->offs[++d->n] = d->data.len;
	}
	d->seen = 1;
	return DP_OK;
}

/* A DictionaryBatch: the values of the dictionary it names. 0; -1 with bt->why; -2 when
 * out of memory. */
static int read_dict(struct arrow *a, const struct dp_fb_table *db, const uint8_t *body,
		     size_t body_len, struct ar_batch *bt)
{
	struct dp_fb_table rb;
	struct ar_col col;
	struct ar_node nd;
	uint64_t id = 0, delta = 0;
	size_t i;
	int rc;

	if (dp_fb_scalar(db, 0, 8, 0, &id) || dp_fb_table_field(db, 1, &rb) <= 0 ||
	    dp_fb_scalar(db, 2, 1, 0, &delta))
		return why(bt, "corrupt dictionary batch metadata");
	for (i = 0; i < a->ndicts && a->dicts[i].id != (int64_t)id; i++)
		;
	if (i == a->ndicts)
		return why(bt, "dictionary %" PRId64 " is no column's", (int64_t)id);
	if (!a->dicts[i].width)
		return 0; /* not strings: not read */
	memset(&col, 0, sizeof(col));
	col.kind = AK_UTF8;
	col.nbufs = 3;
	col.width = a->dicts[i].width;
	if (open_batch(a, &rb, body, body_len, bt) || load_node(a, bt, &col, 0, &nd))
		return -1;
	rc = dict_add(a, &a->dicts[i], &nd, delta != 0);
	if (rc == DP_WARN)
		return why(bt, "dictionaries over --parquet-memory");
	return rc == DP_FATAL ? -2 : 0;
}

/* ---- rows ---- */

static uint64_t uint_at(const uint8_t *p, unsigned width, uint64_t i)
{
	return width == 1 ? p[i] : width == 2 ? dp_fb_u16(p + 2 * i)
		: width == 4 ? dp_fb_u32(p + 4 * i) : dp_fb_u64(p + 8 * i);
}

static int64_t sint_at(const uint8_t *p, unsigned width, uint64_t i)
{
	return width == 1 ? (int8_t)p[i] : width == 2 ? (int16_t)dp_fb_u16(p + 2 * i)
		: width == 4 ? (int32_t)dp_fb_u32(p + 4 * i) : load_i64(p + 8 * i);
}

static double float_at(const uint8_t *p, unsigned width, uint64_t i)
{
	uint32_t u32;
	uint64_t u64;
	float f;
	double d;
	unsigned h, e, m;

	if (width == 4) {
		u32 = dp_fb_u32(p + 4 * i);
		memcpy(&f, &u32, 4);
		return f;
	}
	if (width == 8) {
		u64 = dp_fb_u64(p + 8 * i);
		memcpy(&d, &u64, 8);
		return d;
	}
	h = dp_fb_u16(p + 2 * i); /* IEEE half */
	e = h >> 10 & 31;
	m = h & 1023;
	d = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, (int)e - 25);
	return h & 0x8000 ? -d : d;
}

static int put_null(struct arrow *a, const struct ar_col *col)
{
	return dp_recbuild_field(&a->b, a->paths.data + col->path_off, col->path_len, DP_VT_NULL,
				 "", 0);
}

/* Row r of a dictionary-encoded column: its string, or null (an index past the dictionary
 * is counted and shown as null). */
static int put_dict(struct arrow *a, const struct ar_col *col, const struct ar_node *nd,
		    uint64_t r)
{
	const struct ar_dict *d = &a->dicts[col->dict];
	int64_t idx = col->is_signed ? sint_at(nd->vals, col->width, r)
				     : (int64_t)uint_at(nd->vals, col->width, r);

	if (idx < 0 || (uint64_t)idx >= d->n) {
		a->bad_index = 1;
		return put_null(a, col);
	}
	if (d->nul[idx])
		return put_null(a, col);
	return dp_recbuild_field(&a->b, a->paths.data + col->path_off, col->path_len,
				 DP_VT_STRING, (d->data.data ? d->data.data : "") + d->offs[idx],
				 (size_t)(d->offs[idx + 1] - d->offs[idx]));
}

/* Row r of a Utf8View column: up to 12 bytes in the view itself, else a slice of one of
 * its data buffers (checked here: a bad view is shown as null and noted). */
static int put_view(struct arrow *a, const struct ar_col *col, const struct ar_node *nd,
		    uint64_t r)
{
	const uint8_t *v = nd->vals + 16 * r, *data = v + 4;
	int32_t len = (int32_t)dp_fb_u32(v), idx = (int32_t)dp_fb_u32(v + 8),
		off = (int32_t)dp_fb_u32(v + 12);
	const struct ar_span *sp;
	int bad = len < 0;

	if (len > 12) {
		bad = idx < 0 || (size_t)idx >= nd->vcount || off < 0;
		sp = bad ? NULL : &a->spans[nd->vfirst + (size_t)idx];
		bad = bad || (size_t)off > sp->n || (size_t)len > sp->n - (size_t)off;
		data = bad ? data : sp->p + off;
	}
	if (bad) {
		a->bad_view = 1;
		return put_null(a, col);
	}
	return dp_recbuild_field(&a->b, a->paths.data + col->path_off, col->path_len,
				 DP_VT_STRING, (const char *)data, (size_t)len);
}

/* Days since 1970-01-01 as a proleptic Gregorian date (the days-from-civil inverse). */
static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Row r of a Date or Timestamp column as ISO 8601 ("2024-05-01", "2024-05-01T12:30:00Z";
 * a fraction of a second only when there is one). */
static int put_time(struct arrow *a, const struct ar_col *col, const struct ar_node *nd,
		    uint64_t r)
{
	int64_t v = sint_at(nd->vals, col->width, r), per = (int64_t)col->per_day, days, y, t;
	int64_t per_s = per / 86400;
	unsigned mo, d, digits = per_s >= 1000000000 ? 9 : per_s >= 1000000 ? 6 : 3;
	char buf[80];
	int n;

	t = v % per; /* units into the day, made >= 0 (no product that could overflow) */
	days = v / per - (t < 0);
	t += t < 0 ? per : 0;
	civil(days, &y, &mo, &d);
	n = snprintf(buf, sizeof(buf), "%04" PRId64 "-%02u-%02u", y, mo, d);
	if (!col->is_date) {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "T%02u:%02u:%02u",
			      (unsigned)(t / per_s / 3600), (unsigned)(t / per_s / 60 % 60),
			      (unsigned)(t / per_s % 60));
		if (per_s > 1 && t % per_s)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, ".%0*" PRId64, (int)digits,
				      t % per_s);
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s", col->utc ? "Z" : "");
	}
	return dp_recbuild_field(&a->b, a->paths.data + col->path_off, col->path_len,
				 DP_VT_STRING, buf, (size_t)n);
}

/* Decimal digits of v (a '-' first when neg) into buf (24 bytes): their count. snprintf's
 * format parsing was a tenth of the reader's time on integer columns. */
static int uint_text(uint64_t v, int neg, char *buf)
{
	char tmp[24];
	int n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (neg)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	return k;
}

static int int_text(int64_t v, char *buf)
{
	return uint_text(v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, buf);
}

/* Row r of a column of strings, numbers, booleans or dictionary indices. */
static int put_scalar(struct arrow *a, const struct ar_col *col, const struct ar_node *nd,
		      uint64_t r)
{
	const char *path = a->paths.data + col->path_off;
	char num[40];
	int64_t s;
	double v;
	int n;

	switch (col->kind) {
	case AK_UTF8:
		s = off_at(nd->vals, col->width, r);
		return dp_recbuild_field(&a->b, path, col->path_len, DP_VT_STRING,
					 (const char *)nd->data + s,
					 (size_t)(off_at(nd->vals, col->width, r + 1) - s));
	case AK_BOOL:
		n = bit(nd->vals, r);
		return dp_recbuild_field(&a->b, path, col->path_len, DP_VT_BOOL,
					 n ? "true" : "false", n ? 4 : 5);
	case AK_INT:
		n = col->is_signed ? int_text(sint_at(nd->vals, col->width, r), num)
				   : uint_text(uint_at(nd->vals, col->width, r), 0, num);
		break;
	case AK_FLOAT:
		v = float_at(nd->vals, col->width, r);
		return dp_recbuild_real(&a->b, path, col->path_len, v, col->width < 8);
	case AK_DICT:
		return put_dict(a, col, nd, r);
	case AK_VIEW:
		return put_view(a, col, nd, r);
	case AK_TIME:
		return put_time(a, col, nd, r);
	default:
		return DP_OK;
	}
	return dp_recbuild_field(&a->b, path, col->path_len, DP_VT_NUMBER, num, (size_t)n);
}

/* Value r of column c as fields: a struct's children, a list's values, or a scalar. */
static int put_value(struct arrow *a, size_t c, uint64_t r)
{
	const struct ar_col *col = &a->cols[c];
	const struct ar_node *nd = &a->nodes[c];
	uint64_t k = 0, end = 0;
	size_t ch;
	int rc = DP_OK;

	if (col->kind == AK_SKIP || a->b.oversize ||
	    (col->kind == AK_DICT && !a->dicts[col->dict].width))
		return DP_OK;
	if (col->kind == AK_NULL || (nd->valid && !bit(nd->valid, r)))
		return put_null(a, col);
	if (col->kind == AK_STRUCT || col->kind == AK_LIST || col->kind == AK_FSLIST)
		rc = dp_recbuild_field(&a->b, a->paths.data + col->path_off, col->path_len,
				       col->kind == AK_STRUCT ? DP_VT_OBJECT : DP_VT_ARRAY, "", 0);
	if (col->kind == AK_STRUCT) { /* a container first, as the JSON readers list it */
		for (ch = c + 1; ch < col->end && rc == DP_OK; ch = a->cols[ch].end)
			rc = put_value(a, ch, r);
		return rc;
	}
	if (col->kind == AK_LIST) {
		k = (uint64_t)off_at(nd->vals, col->width, r);
		end = (uint64_t)off_at(nd->vals, col->width, r + 1);
	} else if (col->kind == AK_FSLIST) {
		k = r * col->list_size;
		end = k + col->list_size;
	} else {
		return put_scalar(a, col, nd, r);
	}
	for (; k < end && rc == DP_OK && !a->b.oversize; k++)
		rc = put_value(a, c + 1, k);
	return rc;
}

static int emit_rows(struct arrow *a, const struct ar_batch *bt)
{
	uint64_t r;
	size_t c;
	int rc = DP_OK;

	for (r = 0; r < bt->length; r++) {
		dp_recbuild_begin(&a->b, a->msg_start, ++a->rows);
		for (c = 0; c < a->ncols && rc == DP_OK; c = a->cols[c].end)
			rc = put_value(a, c, r);
		if (rc != DP_OK || (rc = dp_recbuild_end(&a->b)) != DP_OK)
			return rc;
	}
	return DP_OK;
}

/* A RecordBatch: its rows as records, or a note saying why not. */
static int read_batch(struct arrow *a, const struct dp_fb_table *rb, const uint8_t *body,
		      size_t body_len)
{
	struct ar_batch bt;
	size_t c = 0;
	int rc = open_batch(a, rb, body, body_len, &bt);

	for (; rc == 0 && c < a->ncols; c++)
		rc = load_node(a, &bt, &a->cols[c], c, &a->nodes[c]);
	if (rc == 0 && check_tree(a, &bt) == 0) {
		a->bad_index = a->bad_view = 0;
		rc = emit_rows(a, &bt);
		if (a->bad_index || a->bad_view)
			dp_reader_note(a->rc->stats, "message %u: %s (shown as null)", a->nmsg,
				       a->bad_index ? "dictionary indices past their dictionary"
						    : "string views past their buffers");
		a->partial |= a->bad_index | a->bad_view;
		return rc;
	}
	if (rc && c > 0)
		dp_reader_note(a->rc->stats, "message %u, column %s: %s", a->nmsg,
			       a->paths.data + a->cols[c - 1].path_off, bt.why);
	else
		dp_reader_note(a->rc->stats, "message %u: %s", a->nmsg, bt.why);
	a->partial = 1;
	return DP_OK;
}

/* ---- messages ---- */

/* The Message at the start of a->msg: its header type and table, body length. */
static int parse_message(struct arrow *a, uint64_t *type, struct dp_fb_table *h, int64_t *body)
{
	struct dp_fb_table m;
	uint64_t version = 0, blen = 0;

	if (dp_fb_root((const uint8_t *)a->msg.data, a->meta_len, &m) ||
	    dp_fb_scalar(&m, 0, 2, 0, &version) || dp_fb_scalar(&m, 1, 1, 0, type) ||
	    dp_fb_table_field(&m, 2, h) <= 0 || dp_fb_scalar(&m, 3, 8, 0, &blen))
		return -1;
	a->version = (unsigned)version;
	*body = (int64_t)blen;
	return *body < 0 ? -1 : 0;
}

/* Held bytes over --parquet-memory: the member cannot be read. */
static int hold_over(struct arrow *a)
{
	dp_reader_note(a->rc->stats, "an Arrow file with its schema only in its footer, over "
		       "--parquet-memory (%" PRIu64 "): not read",
		       (uint64_t)a->rc->cfg->limits.parquet_memory);
	return DP_WARN;
}

/* The file format's first message is no Schema (or it ends before one): the schema is in
 * the footer, at the member's end. Hold this message (`n` bytes of metadata and body, its
 * prefix written anew) and the rest of the member, up to --parquet-memory; read them at
 * finish. DP_OK, or DP_WARN over the cap. */
static int hold_start(struct arrow *a, const void *msg, size_t n)
{
	uint8_t pre[8] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
	uint32_t len = n ? a->meta_len : 0;
	int rc;

	pre[4] = (uint8_t)len;
	pre[5] = (uint8_t)(len >> 8);
	pre[6] = (uint8_t)(len >> 16);
	pre[7] = (uint8_t)(len >> 24);
	a->hold_fed = a->msg_start;
	a->hold_nmsg = a->nmsg;
	a->state = S_HOLD;
	if ((rc = dp_buf_add(&a->held, pre, 8)) == DP_OK && n)
		rc = dp_buf_add(&a->held, msg, n);
	return rc == DP_WARN ? hold_over(a) : rc;
}

/* The whole message is in a->msg: read it. DP_OK (a corrupt one is noted and skipped),
 * DP_WARN when the rest of the member cannot be read, DP_FATAL. */
static int read_message(struct arrow *a)
{
	const uint8_t *body = (const uint8_t *)a->msg.data + a->meta_len;
	struct dp_fb_table h;
	struct ar_batch bt;
	uint64_t type = 0;
	int64_t blen;
	int rc;

	if (parse_message(a, &type, &h, &blen))
		return DP_WARN; /* checked before the body was read */
	if (type == MH_SCHEMA)
		return read_schema(a, &h);
	if (!a->have_schema && a->file_format)
		return hold_start(a, a->msg.data, a->msg.len);
	if (!a->have_schema) {
		dp_reader_note(a->rc->stats, "message %u: a batch before the schema", a->nmsg);
		return DP_WARN;
	}
	if (type == MH_RECORD_BATCH)
		return read_batch(a, &h, body, (size_t)a->body_len);
	if (type != MH_DICTIONARY) {
		dp_reader_note(a->rc->stats, "message %u: of type %" PRIu64 " (a tensor?): not read",
			       a->nmsg, type);
		a->partial = 1;
		return DP_OK;
	}
	memset(&bt, 0, sizeof(bt));
	if ((rc = read_dict(a, &h, body, (size_t)a->body_len, &bt)) == -2)
		return DP_FATAL;
	if (rc) {
		dp_reader_note(a->rc->stats, "message %u: %s", a->nmsg, bt.why);
		a->partial = 1;
	}
	return DP_OK;
}

/* Keep the last 6 of the bytes seen, and these. */
static void keep_tail(struct arrow *a, const void *d, size_t n)
{
	size_t take = n < 6 ? n : 6, keep = 6 - take < a->ntail ? 6 - take : a->ntail;

	memmove(a->tail, a->tail + a->ntail - keep, keep);
	memcpy(a->tail + keep, (const char *)d + n - take, take);
	a->ntail = keep + take;
}

/* The framing is lost at the current message (`seen`: its bytes read). In the file format
 * after the schema, this may be a footer written without an end-of-stream marker: the
 * member's last bytes tell at finish. Otherwise the rest cannot be read: DP_WARN. */
static int lost(struct arrow *a, const char *why, const void *seen, size_t n)
{
	if (a->file_format && a->have_schema) {
		snprintf(a->lost, sizeof(a->lost), "message %u: %s", a->nmsg, why);
		a->state = S_TAIL;
		keep_tail(a, seen, n);
		return DP_OK;
	}
	dp_reader_note(a->rc->stats, "message %u: %s", a->nmsg, why);
	return DP_WARN;
}

/* The metadata is in: the body's length, or skip a message too big to hold. */
static int meta_done(struct arrow *a)
{
	struct dp_fb_table h;
	uint64_t type;
	int64_t blen;
	uint64_t cap = a->rc->cfg->limits.parquet_memory;
	char why[80];

	if (parse_message(a, &type, &h, &blen)) {
		snprintf(why, sizeof(why), "corrupt metadata (byte %" PRIu64 ")", a->msg_start);
		return lost(a, why, a->msg.data, a->msg.len);
	}
	a->body_len = (uint64_t)blen;
	if (a->body_len > cap - a->meta_len) {
		dp_reader_note(a->rc->stats, "message %u: %" PRIu64 " bytes, over --parquet-memory "
			       "(%" PRIu64 "): skipped", a->nmsg, a->body_len + a->meta_len, cap);
		a->partial = 1;
		a->skip = a->body_len;
		a->state = S_SKIP;
		return DP_OK;
	}
	a->state = S_BODY;
	return DP_OK;
}

/* The prefix's bytes are in a->head: the metadata's length, or more prefix to read. */
static int prefix_done(struct arrow *a)
{
	uint32_t v = dp_fb_u32(a->head);
	char why[80];

	if (!a->started && a->nhead == 4 && !memcmp(a->head, "ARRO", 4))
		return DP_DONE; /* the file format's magic: 4 more bytes */
	if (!a->started && a->nhead == 8 && !memcmp(a->head, "ARRO", 4)) {
		a->file_format = a->started = 1;
		a->nhead = 0;
		if (!memcmp(a->head, "ARROW1", 6))
			return DP_OK;
		dp_reader_note(a->rc->stats, "starts like an Arrow file, but its magic is wrong");
		return DP_WARN;
	}
	if (!a->started && !memcmp(a->head, "FEA1", 4)) {
		dp_reader_note(a->rc->stats, "a Feather v1 file (not Arrow IPC): not read");
		return DP_WARN;
	}
	a->started = 1;
	if (v == 0xFFFFFFFFu && a->nhead == 4)
		return DP_DONE; /* a continuation marker: the length follows */
	v = a->nhead == 8 ? dp_fb_u32(a->head + 4) : v;
	if (v == 0) {
		a->nhead = 0;
		a->state = S_DONE; /* end of stream (the file format's footer follows) */
		return a->file_format && !a->have_schema ? hold_start(a, NULL, 0) : DP_OK;
	}
	if (v > INT32_MAX || v > a->rc->cfg->limits.parquet_memory) {
		snprintf(why, sizeof(why), "metadata of %" PRIu32 " bytes (byte %" PRIu64 "): "
			 "corrupt, or not Arrow", v, a->msg_start);
		v = (uint32_t)a->nhead;
		a->nhead = 0;
		return lost(a, why, a->head, v);
	}
	a->nhead = 0;
	a->meta_len = v;
	dp_buf_reset(&a->msg);
	a->state = S_META;
	return DP_OK;
}

/* Take bytes for the current state; returns how many were used, *rc the status. */
static size_t step(struct arrow *a, const char *d, size_t n, int *rc)
{
	size_t k, want;

	if (a->state == S_PREFIX) {
		if (a->nhead == 0)
			a->msg_start = a->fed;
		want = a->nhead < 4 ? 4 : 8;
		k = want - a->nhead < n ? want - a->nhead : n;
		memcpy(a->head + a->nhead, d, k);
		a->nhead += k;
		if (a->nhead == want && (*rc = prefix_done(a)) == DP_DONE)
			*rc = DP_OK;
		return k;
	}
	if (a->state == S_TAIL) {
		keep_tail(a, d, n);
		return n;
	}
	if (a->state == S_HOLD) {
		*rc = dp_buf_add(&a->held, d, n);
		*rc = *rc == DP_WARN ? hold_over(a) : *rc;
		return n;
	}
	if (a->state == S_SKIP || a->state == S_DONE) {
		k = a->state == S_DONE || a->skip > n ? n : (size_t)a->skip;
		a->skip -= a->state == S_SKIP ? k : 0;
		if (a->state == S_SKIP && a->skip == 0)
			a->state = S_PREFIX;
		a->nmsg += a->state == S_PREFIX;
		return k;
	}
	want = a->state == S_META ? a->meta_len : (size_t)(a->meta_len + a->body_len);
	k = want - a->msg.len < n ? want - a->msg.len : n;
	if (k && (*rc = dp_buf_add(&a->msg, d, k)) != DP_OK)
		return k;
	if (a->msg.len == want && a->state == S_META)
		*rc = meta_done(a);
	if (a->msg.len == a->meta_len + a->body_len && a->state == S_BODY && *rc == DP_OK) {
		*rc = read_message(a);
		a->state = a->state == S_BODY ? S_PREFIX : a->state;
		a->nmsg++;
	}
	return k;
}

/* Bytes through the states, as far as they go: DP_OK, DP_WARN or DP_FATAL. */
static int feed_bytes(struct arrow *a, const char *data, size_t n)
{
	int rc = DP_OK;
	size_t k;

	while (rc == DP_OK && n > 0) {
		k = step(a, data, n, &rc);
		data += k;
		n -= k;
		a->fed += k;
	}
	return rc;
}

/* S_HOLD at the member's end: the schema from the footer (its last bytes: the footer, its
 * int32 length, "ARROW1"), then the held messages read as the stream they are. */
static int replay_held(struct arrow *a)
{
	struct dp_buf held = a->held;
	const uint8_t *p = (const uint8_t *)held.data;
	struct dp_fb_table footer, schema;
	size_t n = held.len;
	uint32_t flen = n >= 10 ? dp_fb_u32(p + n - 10) : 0;
	int rc = DP_WARN;

	if (n < 10 || memcmp(p + n - 6, "ARROW1", 6) || flen > n - 10 ||
	    dp_fb_root(p + n - 10 - flen, flen, &footer) ||
	    dp_fb_table_field(&footer, 1, &schema) <= 0)
		dp_reader_note(a->rc->stats, "message %u: a batch before the schema, and no footer "
			       "that holds one", a->hold_nmsg);
	else
		rc = read_schema(a, &schema);
	dp_buf_init(&a->held, 0); /* taken: the replay must not add to it */
	if (rc == DP_OK) {
		a->state = S_PREFIX;
		a->nhead = 0;
		a->nmsg = a->hold_nmsg;
		a->fed = a->hold_fed;
		rc = feed_bytes(a, held.data, n);
	}
	dp_buf_release(&held);
	return rc;
}

static int arrow_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct arrow *a = st;
	int rc;

	if (a->stopped)
		return DP_WARN;
	rc = feed_bytes(a, data, n);
	if (rc == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory reading an Arrow file");
	a->stopped = rc == DP_WARN;
	if (rc == DP_WARN)
		return dp_error_set(err, DP_WARN, "Arrow data that cannot be read on (see the "
				    "member's notes)");
	return DP_OK;
}

static int arrow_finish(void *st, struct dp_error *err)
{
	struct arrow *a = st;
	int rc;

	if (!a->stopped && a->state == S_HOLD && (rc = replay_held(a)) != DP_OK) {
		if (rc == DP_FATAL)
			return dp_error_set(err, DP_FATAL, "out of memory reading an Arrow file");
		a->stopped = 1;
	}
	if (a->stopped)
		return dp_error_set(err, DP_WARN, "Arrow data that cannot be read on (see the "
				    "member's notes)");
	if (a->state == S_TAIL && (a->ntail < 6 || memcmp(a->tail, "ARROW1", 6))) {
		dp_reader_note(a->rc->stats, "%s", a->lost);
		return dp_error_set(err, DP_WARN, "corrupt Arrow data (see the member's notes)");
	}
	if (a->state != S_DONE && a->state != S_TAIL && (a->state != S_PREFIX || a->nhead)) {
		dp_reader_note(a->rc->stats, "cut short in message %u (byte %" PRIu64 ")", a->nmsg,
			       a->msg_start);
		return dp_error_set(err, DP_WARN, "Arrow data cut short (truncated file?)");
	}
	if (a->fed && !a->have_schema) {
		dp_reader_note(a->rc->stats, "no schema: not Arrow IPC data");
		return dp_error_set(err, DP_WARN, "Arrow data without a schema");
	}
	return a->partial ? dp_error_set(err, DP_WARN, "some Arrow messages could not be read "
					 "(see the member's notes)") : DP_OK;
}

const struct dp_reader_type dp_reader_arrow = {
	"arrow", arrow_bid, arrow_open, arrow_feed, arrow_finish, arrow_close
};

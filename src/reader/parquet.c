/* parquet.c - the Parquet reader: one record per row, its columns as fields.
 *
 * A Parquet file's footer comes last, so the member is read whole into memory (up to
 * --parquet-memory) and decoded at its end, one row group at a time. A larger member that
 * is a plain file (not inside an archive or a compressed stream) is read again from disk at
 * its end, footer first, then one row group's pages at a time; a larger one inside an
 * archive is not read, and says so. String columns
 * (UTF8/STRING, ENUM, JSON annotations) become string fields, numbers and booleans become
 * number and boolean fields; list and map columns give each row all of their values under
 * the column's path without the wrapper levels ("messages.content"), as JSON arrays do.
 * Binary columns (images, audio, fixed-length and INT96 values) are not text and are left
 * out. A column that cannot be decoded (a codec or encoding not supported, a corrupt page)
 * is named in a note and leaves the member partly read; the other columns' rows still count.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "reader/parquet_meta.h"
#include "reader/parquet_page.h"
#include "reader/reader.h"
#include "reader/recbuild.h"

struct parquet {
	const struct dp_reader_ctx *rc;
	struct dp_buf file;          /* the whole member, or (direct) one row group's pages */
	int over;                    /* past --parquet-memory: no bytes kept */
	int direct_ok;               /* a plain file on disk: it can be read again by parts */
	int fd;                      /* direct: the file, -1 when closed */
	uint64_t fed;                /* the member's bytes */
	struct dp_recbuild b;
	struct dp_pq_meta meta;
	struct dp_pq_values *vals;   /* one per column */
	unsigned char *usable;       /* per column: decoded in this row group */
	size_t *shown, nshown;       /* the usable text/number columns: a row's fields come from
					these only, so a row costs nothing for thousands of others */
	int partial;
	uint64_t row;                /* rows emitted so far (1-based line of the next is row+1) */
	uint64_t decoded;            /* bytes all row groups so far charged to their budgets */
};

/* Over --parquet-memory and a plain file: read again from disk by row group. */
static int direct(const struct parquet *p)
{
	return p->over && p->direct_ok;
}

static int parquet_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[16];

	if (n >= 4 && !memcmp(head, "PAR1", 4))
		return 95;
	dp_reader_ext(name, ext, sizeof(ext));
	return !strcmp(ext, "parquet") ? 60 : 0;
}

static void *parquet_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct parquet *p = calloc(1, sizeof(*p));

	if (!p) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	p->rc = rc;
	p->fd = -1;
	dp_buf_init(&p->file, (size_t)rc->cfg->limits.parquet_memory);
	dp_recbuild_init(&p->b, rc);
	if (rc->member && rc->member->depth == 0 && rc->member->origin) {
		struct stat st; /* the member is the file's own bytes: it can be read again */
		p->direct_ok = stat(rc->member->origin, &st) == 0 && S_ISREG(st.st_mode);
	}
	return p;
}

static int parquet_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct parquet *p = st;
	int rc;

	p->fed += n;
	if (p->over)
		return DP_OK;
	rc = dp_buf_add(&p->file, data, n);
	if (rc == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory");
	if (rc == DP_WARN) { /* over the cap: stop keeping bytes; read by parts, or say so */
		p->over = 1;
		dp_buf_release(&p->file);
	}
	return DP_OK;
}

/* An integer of a DECIMAL column with `scale` (1..30) digits after the point, as JSON
 * would write the number (1234 of scale 2 is 12.34, 1200 is 12): into buf (40 bytes). */
static int decimal_text(int64_t v, int scale, char *buf, size_t cap)
{
	char digits[48];
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof(digits), "%0*" PRIu64, scale + 1, mag);
	int whole = n - scale, end = n;

	while (end > whole && digits[end - 1] == '0')
		end--;
	return snprintf(buf, cap, "%s%.*s%s%.*s", v < 0 ? "-" : "", whole, digits,
			end > whole ? "." : "", end - whole, digits + whole);
}

/* One value of column col as a field of the current record (binary values are left out). */
static int add_value(struct parquet *p, const struct dp_pq_column *col,
		     const struct dp_pq_value *v)
{
	const char *path = col->path;
	char num[40];
	int n;

	switch (v->kind) {
	case DP_PQV_STRING:
		return dp_recbuild_field(&p->b, path, col->path_len, DP_VT_STRING,
					 (const char *)v->u.p, v->n);
	case DP_PQV_BOOL:
		return dp_recbuild_field(&p->b, path, col->path_len, DP_VT_BOOL,
					 v->u.i ? "true" : "false", v->u.i ? 4 : 5);
	case DP_PQV_INT:
		n = col->scale ? decimal_text(v->u.i, col->scale, num, sizeof(num))
			       : snprintf(num, sizeof(num), "%" PRId64, v->u.i);
		return dp_recbuild_field(&p->b, path, col->path_len, DP_VT_NUMBER, num, (size_t)n);
	case DP_PQV_UINT:
		n = snprintf(num, sizeof(num), "%" PRIu64, (uint64_t)v->u.i);
		return dp_recbuild_field(&p->b, path, col->path_len, DP_VT_NUMBER, num, (size_t)n);
	case DP_PQV_FLOAT:
	case DP_PQV_DOUBLE:
		return dp_recbuild_real(&p->b, path, col->path_len, v->u.d, v->kind == DP_PQV_FLOAT);
	case DP_PQV_NULL:
		return dp_recbuild_field(&p->b, path, col->path_len, DP_VT_NULL, "", 0);
	default:
		return DP_OK;
	}
}

/* 1 for a column of bytes (not text): its values are left out, and so are its nulls, or
 * the card would show a field that is always null. */
static int is_binary(const struct dp_pq_column *col)
{
	return col->type == DP_PQ_INT96 || col->type == DP_PQ_FIXED ||
	       (col->type == DP_PQ_BYTE_ARRAY && !col->is_string);
}

/* A byte-array column without a string label whose values in this row group are all text
 * (valid UTF-8, no control bytes but tab and line ends) is text: Impala and old Hive write
 * their strings so. Its values become strings. Image or audio bytes fail at once (their
 * headers hold NUL bytes), and so do raw hashes. */
static int unlabelled_text(const struct dp_pq_column *col, struct dp_pq_values *vals)
{
	size_t i, k;

	if (col->type != DP_PQ_BYTE_ARRAY || col->is_string)
		return 0;
	for (i = 0; i < vals->n; i++) {
		const struct dp_pq_value *v = &vals->v[i];
		if (v->kind != DP_PQV_BYTES)
			continue;
		for (k = 0; k < v->n; k++)
			if (v->u.p[k] < 0x20 && v->u.p[k] != '\t' && v->u.p[k] != '\n' &&
			    v->u.p[k] != '\r')
				return 0;
		if (!dp_utf8_valid((const char *)v->u.p, v->n))
			return 0;
	}
	for (i = 0; i < vals->n; i++)
		if (vals->v[i].kind == DP_PQV_BYTES)
			vals->v[i].kind = DP_PQV_STRING;
	return 1;
}

static int emit_row(struct parquet *p, size_t r)
{
	size_t c, k, i, first, end;
	int rc = DP_OK;

	dp_recbuild_begin(&p->b, 0, ++p->row);
	for (k = 0; k < p->nshown && rc == DP_OK; k++) {
		c = p->shown[k];
		dp_pq_values_row(&p->vals[c], r, &first, &end);
		for (i = first; i < end && rc == DP_OK; i++)
			rc = add_value(p, &p->meta.cols[c], &p->vals[c].v[i]);
	}
	return rc == DP_OK ? dp_recbuild_end(&p->b) : rc;
}

/* n bytes at `off` of the file into buf: 0, or -1 (a read error or a file cut short). */
static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/* Direct: the file opened again (the same size as the bytes read) and its footer parsed. */
static int open_direct(struct parquet *p, struct dp_error *err)
{
	uint8_t head[4], tail[8], *footer;
	uint32_t flen = 0;
	struct stat st;
	int rc;

	p->fd = open(p->rc->member->origin, O_RDONLY | O_CLOEXEC);
	if (p->fd < 0 || fstat(p->fd, &st) != 0 || (uint64_t)st.st_size != p->fed)
		return dp_error_set(err, DP_WARN, "parquet file over --parquet-memory, and it "
				    "cannot be read again by parts (it changed or went away)");
	if (read_at(p->fd, head, 4, 0) || read_at(p->fd, tail, 8, p->fed - 8))
		return dp_error_set(err, DP_WARN, "cannot read the parquet file's ends again");
	if ((rc = dp_pq_meta_ends(head, tail, p->fed, &flen, err)) != DP_OK)
		return rc;
	if (flen > p->rc->cfg->limits.parquet_memory)
		return dp_error_set(err, DP_WARN, "parquet footer of %u bytes: over --parquet-memory",
				    flen);
	if (!(footer = malloc((size_t)flen + 1)))
		return dp_error_set(err, DP_FATAL, "out of memory");
	rc = read_at(p->fd, footer, flen, p->fed - 8 - flen)
		     ? dp_error_set(err, DP_WARN, "cannot read the parquet footer again")
		     : dp_pq_meta_parse_footer(footer, flen, p->fed - 8 - flen, &p->meta, err);
	free(footer);
	return rc;
}

/* Direct: the span of row group rg's pages into p->file (*base: its offset in the file).
 * DP_WARN when it is over --parquet-memory or cannot be read. */
static int load_group(struct parquet *p, const struct dp_pq_rowgroup *rg, uint64_t *base)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t c;

	for (c = 0; c < p->meta.ncols; c++) {
		const struct dp_pq_chunk *ch = &rg->chunks[c];
		if (ch->bad)
			continue; /* refused by its own column's read */
		lo = ch->start < lo ? ch->start : lo;
		hi = ch->start + ch->size > hi ? ch->start + ch->size : hi;
	}
	dp_buf_reset(&p->file);
	*base = lo < hi ? lo : 0;
	if (lo >= hi)
		return DP_OK;
	if (hi - lo > p->file.limit)
		return DP_WARN;
	if (dp_buf_reserve(&p->file, (size_t)(hi - lo)) == DP_FATAL)
		return DP_FATAL;
	if (read_at(p->fd, p->file.data, (size_t)(hi - lo), lo))
		return DP_WARN;
	p->file.len = (size_t)(hi - lo);
	return DP_OK;
}

/* One column chunk of row group rg: from the whole member in memory, or (direct) from the
 * row group's pages loaded at `base`. */
static int read_chunk(struct parquet *p, const struct dp_pq_rowgroup *rg, size_t c,
		      uint64_t base, int loaded, uint64_t *left, char *why, size_t cap)
{
	struct dp_pq_chunk ch = rg->chunks[c];

	if (loaded != DP_OK) {
		snprintf(why, cap, "column %s: the row group's pages were not read (over "
			 "--parquet-memory, or a read error)", p->meta.cols[c].path);
		return DP_WARN;
	}
	if (direct(p) && !ch.bad)
		ch.start -= base;
	return dp_pq_chunk_read((const uint8_t *)(p->file.data ? p->file.data : ""), p->file.len,
				&ch, &p->meta.cols[c], &p->vals[c], left, why, cap);
}

/* Decode every column chunk of row group g within `budget` bytes; a column that fails is
 * noted and left out. */
static int decode_group(struct parquet *p, size_t g, uint64_t budget)
{
	const struct dp_pq_rowgroup *rg = &p->meta.rgs[g];
	uint64_t left = budget, base = 0;
	char why[200];
	size_t c;
	int rc, loaded = DP_OK;

	p->nshown = 0;
	if (direct(p) && (loaded = load_group(p, rg, &base)) == DP_FATAL)
		return DP_FATAL;
	for (c = 0; c < p->meta.ncols; c++) {
		rc = read_chunk(p, rg, c, base, loaded, &left, why, sizeof(why));
		if (rc == DP_FATAL)
			return DP_FATAL;
		if (rc == DP_OK && p->vals[c].nrows != (size_t)rg->num_rows) {
			snprintf(why, sizeof(why), "column %s: %zu rows, the row group says %" PRId64,
				 p->meta.cols[c].path, p->vals[c].nrows, rg->num_rows);
			rc = DP_WARN;
		}
		p->usable[c] = rc == DP_OK;
		if (rc == DP_OK && (!is_binary(&p->meta.cols[c]) ||
				    unlabelled_text(&p->meta.cols[c], &p->vals[c])))
			p->shown[p->nshown++] = c;
		if (rc != DP_OK) {
			dp_reader_note(p->rc->stats, "row group %zu, %s", g, why);
			p->partial = 1;
		}
	}
	p->decoded += budget - left;
	return DP_OK;
}

/* What the next row group may decode: DP_PQ_GROUP_BUDGET, less when the whole member would
 * expand past --max-ratio times its size (after DP_RATIO_GRACE_BYTES, as an archive member
 * may): a few bytes of RLE runs make millions of rows, and each row group can do it again. */
static uint64_t group_budget(const struct parquet *p)
{
	uint64_t ratio = p->rc->cfg->limits.max_ratio, len = p->fed, allowed;

	allowed = len && ratio > UINT64_MAX / len ? UINT64_MAX : len * ratio;
	if (allowed < DP_RATIO_GRACE_BYTES)
		allowed = DP_RATIO_GRACE_BYTES;
	if (p->decoded >= allowed)
		return 0;
	return allowed - p->decoded < DP_PQ_GROUP_BUDGET ? allowed - p->decoded
							 : DP_PQ_GROUP_BUDGET;
}

/* 1 when some column of the row group was decoded: a row group with none gives no
 * records (its row count alone, which the footer may inflate, is not trusted). */
static int any_usable(const struct parquet *p, size_t g)
{
	size_t c;

	for (c = 0; c < p->meta.ncols; c++)
		if (p->usable[c])
			return 1;
	dp_reader_note(p->rc->stats, "row group %zu: no column could be read; its %" PRId64
		       " rows are not counted", g, p->meta.rgs[g].num_rows);
	return 0;
}

static int read_groups(struct parquet *p)
{
	size_t g, r;
	int rc = DP_OK;

	p->vals = calloc(p->meta.ncols, sizeof(*p->vals));
	p->usable = calloc(p->meta.ncols, 1);
	p->shown = calloc(p->meta.ncols, sizeof(*p->shown));
	if (!p->vals || !p->usable || !p->shown)
		return DP_FATAL;
	for (g = 0; g < p->meta.nrgs && rc == DP_OK; g++) {
		size_t rows = (size_t)p->meta.rgs[g].num_rows;
		uint64_t budget = group_budget(p);
		if (budget == 0) {
			dp_reader_note(p->rc->stats, "row groups from %zu on not read: the file decodes "
				       "to more than --max-ratio (%" PRIu64 ") times its size", g,
				       p->rc->cfg->limits.max_ratio);
			p->partial = 1;
			break;
		}
		if ((rc = decode_group(p, g, budget)) != DP_OK)
			break;
		if (!any_usable(p, g))
			rows = 0;
		for (r = 0; r < rows && rc == DP_OK; r++)
			rc = emit_row(p, r);
		for (r = 0; r < p->meta.ncols; r++)
			dp_pq_values_reset(&p->vals[r]); /* the row group's pages are freed */
	}
	return rc;
}

static int parquet_finish(void *st, struct dp_error *err)
{
	struct parquet *p = st;
	int rc;

	if (p->over && !p->direct_ok) {
		unsigned long long cap = (unsigned long long)p->rc->cfg->limits.parquet_memory;
		dp_reader_note(p->rc->stats, "parquet file over --parquet-memory (%llu bytes) inside "
			       "an archive or compressed stream: not read", cap);
		return dp_error_set(err, DP_WARN, "parquet file over --parquet-memory (%llu bytes) "
				    "inside an archive or compressed stream: not read (it is read "
				    "whole there)", cap);
	}
	rc = direct(p) ? open_direct(p, err)
		       : dp_pq_meta_parse((const uint8_t *)(p->file.data ? p->file.data : ""),
					  p->file.len, &p->meta, err);
	if (rc == DP_WARN)
		dp_reader_note(p->rc->stats, "%s", err->msg);
	if (rc != DP_OK)
		return rc;
	if ((rc = read_groups(p)) == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory reading a parquet file");
	if (rc != DP_OK)
		return rc;
	return p->partial ? dp_error_set(err, DP_WARN, "some parquet columns could not be read "
					 "(see the member's notes)") : DP_OK;
}

static void parquet_close(void *st)
{
	struct parquet *p = st;
	size_t c;

	if (!p)
		return;
	for (c = 0; p->vals && c < p->meta.ncols; c++)
		dp_pq_values_release(&p->vals[c]);
	free(p->vals);
	free(p->usable);
	free(p->shown);
	dp_pq_meta_release(&p->meta);
	if (p->fd >= 0)
		close(p->fd);
	dp_recbuild_release(&p->b);
	dp_buf_release(&p->file);
	free(p);
}

const struct dp_reader_type dp_reader_parquet = {
	"parquet", parquet_bid, parquet_open, parquet_feed, parquet_finish, parquet_close
};

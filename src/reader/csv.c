/* csv.c - the csv and tsv readers: RFC 4180 (quoted fields with embedded delimiters,
 * newlines and doubled quotes; CRLF or LF), the first row is the header. Streaming byte
 * state machine: rows may span any number of blocks. A row over --max-record-bytes is
 * skipped (oversize); an unterminated quote at the end of the member is counted malformed.
 */
#include "core/buf.h"
#include "reader/recbuild.h"
#include "reader/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum csv_state { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

struct csv {
	const struct dp_reader_ctx *rc;
	struct dp_recbuild rb;
	char delim;
	int quoting;                /* csv: RFC 4180 quotes; tsv: quotes are plain text */
	enum csv_state state;
	struct dp_buf row;          /* field bytes of the current row, NUL-separated */
	size_t *ends;               /* end offset of each field in `row` */
	size_t n_fields, cap_fields;
	char **header;              /* column names */
	size_t n_header;
	int oversize;
	int header_done;
	struct dp_reader_bom bom;   /* a UTF-8 BOM before the header is dropped */
	uint64_t offset, row_offset, line, row_line;
	char colname[32];
};

#define BID_LINES 8 /* complete lines of the head compared when sniffing a table */

/* A line of the head: its delimiters, and how many of them end it (before a CR). */
struct delim_line {
	size_t count, trail;
};

/* Keep a non-blank line; a blank line between it and the lines before is kept first, as a
 * line without delimiters (only blank lines at the end of the head are passed over). */
static size_t put_line(struct delim_line out[BID_LINES], size_t lines, struct delim_line l,
		       int *blank)
{
	if (*blank)
		out[lines++] = (struct delim_line){ 0, 0 };
	*blank = 0;
	if (lines < BID_LINES)
		out[lines++] = l;
	return lines;
}

/* Delimiters per line (outside double quotes when `quoting`; a quoted newline does not end
 * a line) of the first complete lines of head into out; returns how many lines. Blank
 * lines (spaces, CR) before the first line and after the last (of two or more) are passed
 * over: a table may end with one. */
static size_t delim_counts(const unsigned char *head, size_t n, char delim, int quoting,
			   struct delim_line out[BID_LINES])
{
	size_t i, lines = 0, count = 0, trail = 0;
	int quoted = 0, content = 0, blank = 0;

	for (i = 0; i < n && lines < BID_LINES; i++) {
		if (!quoted && head[i] == '\n') {
			if (count || content)
				lines = put_line(out, lines, (struct delim_line){ count, trail }, &blank);
			else
				blank = lines > 0;
			count = trail = 0;
			content = 0;
		} else if (!quoted && head[i] == (unsigned char)delim) {
			count++;
			trail++;
		} else if (head[i] != '\r' && (quoted || (head[i] != ' ' && head[i] != '\t'))) {
			quoted ^= quoting && head[i] == '"';
			content = 1;
			trail = 0;
		}
	}
	if (blank && (lines < 2 || count || content) && lines < BID_LINES)
		out[lines++] = (struct delim_line){ 0, 0 }; /* text after it, or one line before */
	return lines;
}

/* Line b has as many delimiters as line a (the header); a TSV line may end with extra tabs
 * (empty fields some exporters add to the header or to the rows only), a row of a table of
 * three or more columns may end early (its empty last fields left out, as in distro-info's
 * CSV files) but holds a delimiter. */
static int same_fields(struct delim_line a, struct delim_line b, char delim)
{
	size_t ta = delim == '\t' ? a.trail : 0, tb = delim == '\t' ? b.trail : 0;

	if (b.count - tb <= a.count && a.count - ta <= b.count)
		return 1;
	return a.count >= 2 && b.count >= 1 && b.count < a.count;
}

/* By extension; else by content: a table's lines have the same number of delimiters (two
 * or more lines compared), which prose with a few commas per line does not. */
static int bid_delim(const char *name, const unsigned char *head, size_t n, const char *want,
		     char delim)
{
	struct delim_line counts[BID_LINES];
	size_t lines, i;
	char ext[16];

	dp_reader_ext(name, ext, sizeof(ext));
	if (!strcmp(ext, want))
		return 90;
	if (n == 0 || head[0] == '{' || head[0] == '[')
		return 0;
	lines = delim_counts(head, n, delim, delim == ',', counts);
	if (lines == 0 || counts[0].count == 0)
		return 0;
	if (lines == 1) /* one long line in the head: nothing to compare it with */
		return counts[0].count >= 2 ? 15 : 0;
	if (lines == 2 && counts[0].count == 1 && delim == ',') /* prose as likely as a table */
		return 0;
	for (i = 1; i < lines; i++)
		if (!same_fields(counts[0], counts[i], delim))
			return 0;
	return 15;
}

static int csv_bid(const char *name, const unsigned char *head, size_t n)
{
	return bid_delim(name, head, n, "csv", ',');
}

static int tsv_bid(const char *name, const unsigned char *head, size_t n)
{
	return bid_delim(name, head, n, "tsv", '\t');
}

static void *open_delim(const struct dp_reader_ctx *rc, struct dp_error *err, char delim)
{
	struct csv *c = calloc(1, sizeof(*c));

	if (!c) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	c->rc = rc;
	c->delim = delim;
	c->quoting = delim == ',';
	c->line = 1;
	c->row_line = 1;
	dp_recbuild_init(&c->rb, rc);
	dp_buf_init(&c->row, (size_t)rc->cfg->limits.max_record_bytes);
	return c;
}

static void *csv_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	return open_delim(rc, err, ',');
}

static void *tsv_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	return open_delim(rc, err, '\t');
}

static int add_byte(struct csv *c, char ch)
{
	if (c->oversize)
		return DP_OK;
	int rc = dp_buf_addc(&c->row, ch);
	if (rc == DP_WARN)
		c->oversize = 1;
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

static int end_field(struct csv *c)
{
	if (c->oversize)
		return DP_OK;
	if (c->n_fields == c->cap_fields) {
		size_t cap = c->cap_fields ? c->cap_fields * 2 : 32;
		size_t *e = realloc(c->ends, cap * sizeof(*e));
		if (!e)
			return DP_FATAL;
		c->ends = e;
		c->cap_fields = cap;
	}
	c->ends[c->n_fields++] = c->row.len;
	return add_byte(c, '\0');
}

static const char *field_at(const struct csv *c, size_t i, size_t *len)
{
	size_t start = i ? c->ends[i - 1] + 1 : 0;

	*len = c->ends[i] - start;
	return c->row.data + start;
}

static int take_header(struct csv *c)
{
	size_t i, len;

	c->header = calloc(c->n_fields ? c->n_fields : 1, sizeof(*c->header));
	if (!c->header)
		return DP_FATAL;
	for (i = 0; i < c->n_fields; i++) {
		const char *f = field_at(c, i, &len);
		c->header[i] = strndup(f, len);
		if (!c->header[i])
			return DP_FATAL;
	}
	c->n_header = c->n_fields;
	c->header_done = 1;
	return DP_OK;
}

static int emit_row(struct csv *c)
{
	size_t i, len;

	dp_recbuild_begin(&c->rb, c->row_offset, c->row_line);
	for (i = 0; i < c->n_fields; i++) {
		const char *f = field_at(c, i, &len);
		const char *name = c->colname;
		if (i < c->n_header)
			name = c->header[i];
		else
			snprintf(c->colname, sizeof(c->colname), "column%zu", i + 1);
		if (dp_recbuild_field(&c->rb, name, strlen(name), DP_VT_STRING, f, len) != DP_OK)
			return DP_FATAL;
	}
	if (c->n_fields != c->n_header)
		dp_reader_note(c->rc->stats, "line %llu: %zu fields, header has %zu",
			       (unsigned long long)c->row_line, c->n_fields, c->n_header);
	return dp_recbuild_end(&c->rb);
}

static int end_row(struct csv *c)
{
	int rc = DP_OK;
	size_t len;

	if (c->oversize) {
		c->rc->stats->oversize++;
		dp_reader_note(c->rc->stats, "line %llu: row over --max-record-bytes, skipped",
			       (unsigned long long)c->row_line);
	} else if (c->n_fields == 1 && (field_at(c, 0, &len), len == 0)) {
		/* blank line */
	} else if (!c->header_done) {
		rc = take_header(c);
	} else {
		rc = emit_row(c);
	}
	c->n_fields = 0;
	c->oversize = 0;
	dp_buf_reset(&c->row);
	c->state = FIELD_START;
	c->row_offset = c->offset + 1;
	c->row_line = c->line + 1;
	return rc;
}

/* One byte through the state machine; the caller keeps offset and line. */
static int step(struct csv *c, char ch)
{
	switch (c->state) {
	case QUOTED:
		if (ch == '"') {
			c->state = QUOTE_IN_QUOTED;
			return DP_OK;
		}
		return add_byte(c, ch);
	case QUOTE_IN_QUOTED:
		if (ch == '"') {
			c->state = QUOTED;
			return add_byte(c, ch);
		}
		c->state = UNQUOTED; /* closing quote: what follows is a delimiter or stray text */
		/* fall through */
	case FIELD_START:
	case UNQUOTED:
		if (ch == c->delim) {
			c->state = FIELD_START;
			return end_field(c);
		}
		if (ch == '\n') {
			int rc = end_field(c);
			return rc == DP_OK ? end_row(c) : rc;
		}
		if (ch == '\r')
			return DP_OK;
		if (ch == '"' && c->state == FIELD_START && c->quoting) {
			c->state = QUOTED;
			return DP_OK;
		}
		c->state = UNQUOTED;
		return add_byte(c, ch);
	}
	return DP_OK;
}

/* Bytes from p on that the state machine would only append to the current field: inside
 * a quoted field everything but a quote or a newline (lines are counted), elsewhere in a
 * field everything but a delimiter, CR or LF. They are appended in one piece. */
static size_t plain_run(const struct csv *c, const char *p, size_t n)
{
	size_t k = 0;

	if (c->state == QUOTED)
		while (k < n && p[k] != '"' && p[k] != '\n')
			k++;
	else if (c->state == UNQUOTED)
		while (k < n && p[k] != c->delim && p[k] != '\n' && p[k] != '\r')
			k++;
	return k;
}

static int add_run(struct csv *c, const char *p, size_t n)
{
	int rc;

	if (c->oversize)
		return DP_OK;
	rc = dp_buf_add(&c->row, p, n);
	if (rc == DP_WARN)
		c->oversize = 1;
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

static int csv_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct csv *c = st;
	const char *replay;
	int was_done = c->bom.done, rc;
	size_t i, back = dp_reader_bom(&c->bom, &data, &n, &replay);

	if (!was_done && c->bom.done && c->bom.seen == 3)
		c->offset += 3;
	for (i = 0; i < back; i++, c->offset++) /* a false start: those bytes are data */
		if (step(c, replay[i]) == DP_FATAL)
			return dp_error_set(err, DP_FATAL, "out of memory");
	for (i = 0; i < n; i++) {
		size_t run = plain_run(c, data + i, n - i);
		if (run) {
			if (add_run(c, data + i, run) == DP_FATAL)
				return dp_error_set(err, DP_FATAL, "out of memory");
			c->offset += run;
			i += run - 1;
			continue;
		}
		rc = step(c, data[i]);
		if (rc == DP_FATAL)
			return dp_error_set(err, DP_FATAL, "out of memory");
		c->offset++;
		if (data[i] == '\n')
			c->line++;
	}
	return DP_OK;
}

static int csv_finish(void *st, struct dp_error *err)
{
	struct csv *c = st;

	if (c->state == QUOTED) {
		c->rc->stats->malformed++;
		dp_reader_note(c->rc->stats, "line %llu: unterminated quoted field",
			       (unsigned long long)c->row_line);
		return dp_error_set(err, DP_WARN, "line %llu: unterminated quoted field",
				    (unsigned long long)c->row_line);
	}
	if (c->row.len || c->n_fields || c->state != FIELD_START) {
		c->offset--; /* end_row expects to sit on the newline */
		int rc = end_field(c);
		if (rc == DP_OK)
			rc = end_row(c);
		if (rc == DP_FATAL)
			return dp_error_set(err, DP_FATAL, "out of memory");
	}
	return DP_OK;
}

static void csv_close(void *st)
{
	struct csv *c = st;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_header; i++)
		free(c->header[i]);
	free(c->header);
	free(c->ends);
	dp_buf_release(&c->row);
	dp_recbuild_release(&c->rb);
	free(c);
}

const struct dp_reader_type dp_reader_csv = {
	"csv", csv_bid, csv_open, csv_feed, csv_finish, csv_close
};

const struct dp_reader_type dp_reader_tsv = {
	"tsv", tsv_bid, tsv_open, csv_feed, csv_finish, csv_close
};

/* lines.c - the lines reader: one record per non-blank line (a sentence or document per
 * line, as plain-text training corpora are often laid out). Chosen with --format lines
 * only: by default a text file is one record. A line past --max-record-bytes is cut there,
 * kept and counted as oversize; a trailing CR and a leading UTF-8 BOM are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "reader/recbuild.h"
#include "reader/reader.h"

struct lines {
	const struct dp_reader_ctx *rc;
	struct dp_buf line;
	int cut;                   /* the current line went past the cap */
	uint64_t offset, line_no;  /* of the current line's start */
	uint64_t pos;              /* bytes of the member seen */
	struct dp_reader_bom bom;  /* a UTF-8 BOM is not part of the first line */
};

static int lines_bid(const char *name, const unsigned char *head, size_t n)
{
	(void)name;
	(void)head;
	(void)n;
	return 0; /* never by guess: --format lines */
}

static void *lines_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct lines *l = calloc(1, sizeof(*l));

	if (!l) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	l->rc = rc;
	l->line_no = 1;
	/* one byte over the cap: a line of exactly the cap may still end with its CR */
	dp_buf_init(&l->line, (size_t)rc->cfg->limits.max_record_bytes + 1);
	return l;
}

static int blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
			return 0;
	return 1;
}

/* Emit the line gathered so far (unless blank) and start the next one at `next`. */
static int end_line(struct lines *l, uint64_t next)
{
	size_t n = l->line.len;
	int rc = DP_OK;

	if (n && l->line.data[n - 1] == '\r' && !l->cut)
		n--;
	if (n > l->line.limit - 1) { /* past the cap once its CR is dropped */
		n = l->line.limit - 1;
		l->cut = 1;
	}
	if (n && !blank(l->line.data, n)) {
		if (l->cut)
			dp_reader_note(l->rc->stats, "line %llu: over --max-record-bytes, cut",
				       (unsigned long long)l->line_no);
		rc = dp_reader_emit_text(l->rc, l->line.data, n, l->offset, l->line_no, l->cut);
	}
	dp_buf_reset(&l->line);
	l->cut = 0;
	l->offset = next;
	l->line_no++;
	return rc;
}

/* Append up to the buffer's limit (the cap plus one byte for a CR); past it the line is
 * marked cut and the rest dropped. */
static int add(struct lines *l, const char *p, size_t n)
{
	size_t room = l->line.limit - l->line.len;

	if (l->cut)
		return DP_OK;
	if (n > room) {
		n = room;
		l->cut = 1;
	}
	return n && dp_buf_add(&l->line, p, n) == DP_FATAL ? DP_FATAL : DP_OK;
}

static int lines_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct lines *l = st;
	const char *p, *end, *nl, *replay;
	int was_done = l->bom.done, rc = DP_OK;
	size_t back = dp_reader_bom(&l->bom, &data, &n, &replay);

	if (!was_done && l->bom.done && l->bom.seen == 3)
		l->pos = l->offset = 3; /* the first line starts after the BOM */
	if (back) { /* a false start: those bytes begin the first line */
		rc = add(l, replay, back);
		l->pos += back;
	}
	p = data;
	end = data + n;
	while (rc == DP_OK && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		rc = add(l, p, (size_t)((nl ? nl : end) - p));
		l->pos += (uint64_t)((nl ? nl + 1 : end) - p);
		if (rc == DP_OK && nl)
			rc = end_line(l, l->pos);
		p = nl ? nl + 1 : end;
	}
	if (rc == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory");
	return rc;
}

static int lines_finish(void *st, struct dp_error *err)
{
	struct lines *l = st;
	int rc = l->line.len ? end_line(l, l->pos) : DP_OK;

	if (rc == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory");
	return rc;
}

static void lines_close(void *st)
{
	struct lines *l = st;

	if (!l)
		return;
	dp_buf_release(&l->line);
	free(l);
}

const struct dp_reader_type dp_reader_lines = {
	"lines", lines_bid, lines_open, lines_feed, lines_finish, lines_close
};

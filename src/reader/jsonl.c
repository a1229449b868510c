/* jsonl.c - the jsonl reader: one JSON object per line, parsed by yajl as the bytes stream
 * by (no line copy). A bad line is counted and skipped; a line over --max-record-bytes is
 * abandoned (counted as oversize) so memory stays bounded, and the next line is read.
 */
#include "reader/jsonev.h"
#include "reader/reader.h"

#include <stdlib.h>
#include <string.h>

struct jsonl {
	struct dp_jsonev ev;
	const struct dp_reader_ctx *rc;
	uint64_t offset;       /* bytes of the member consumed so far */
	uint64_t line;         /* current line number (1-based) */
	uint64_t line_bytes;   /* bytes of the current line so far */
	int skipping;          /* discard the rest of the current line */
	int bad;               /* the current line already failed */
	int nonblank;          /* the current line held a non-space byte */
	int by_yajl;           /* yajl parsed (part of) the current line */
	struct dp_reader_bom bom;
};

static int jsonl_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[16];
	size_t i = dp_reader_json_start(head, n);

	dp_reader_ext(name, ext, sizeof(ext));
	if (!strcmp(ext, "jsonl") || !strcmp(ext, "ndjson") || !strcmp(ext, "jsonlines"))
		return 90;
	if (i < n && head[i] == '{' && dp_reader_json_opens(head, n, i)) {
		const unsigned char *nl = memchr(head + i, '\n', n - i), *e = nl;
		/* a first line that closes its object (trailing spaces, tabs, CR aside) looks
		 * like JSONL; head[i] is '{', so e stops after it */
		while (e && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e && e[-1] == '}')
			return 60;
		if (!strcmp(ext, "json"))
			return 10;
		/* a first line longer than the head is a long record; a shorter one that leaves
		 * its object open is a pretty-printed document (the json reader bids 20) */
		return nl ? 15 : 30;
	}
	return 0;
}

static void *jsonl_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct jsonl *j = calloc(1, sizeof(*j));

	if (!j) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	j->rc = rc;
	if (dp_jsonev_init(&j->ev, rc) != DP_OK) {
		dp_jsonev_release(&j->ev);
		free(j);
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	j->ev.jsonl = 1;
	j->ev.batch = 1;
	j->line = 1;
	dp_jsonev_position(&j->ev, 0, 1);
	return j;
}

static int has_nonspace(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 1;
	return 0;
}

/* After a parse: a syntax error makes the line malformed and the rest of it skipped. */
static int parsed(struct jsonl *j, int rc, struct dp_error *err)
{
	if (rc != DP_WARN)
		return rc;
	j->rc->stats->malformed++;
	dp_reader_note(j->rc->stats, "line %llu: %s", (unsigned long long)j->line, err->msg);
	dp_error_clear(err);
	j->skipping = 1;
	j->bad = 1;
	return dp_jsonev_reset(&j->ev);
}

/* Feed one piece of the current line (no newline inside). */
static int feed_piece(struct jsonl *j, const char *p, size_t n, struct dp_error *err)
{
	if (j->skipping || n == 0)
		return DP_OK;
	if (!j->nonblank && has_nonspace(p, n))
		j->nonblank = 1;
	j->line_bytes += n;
	if (j->line_bytes > j->rc->cfg->limits.max_record_bytes) {
		j->rc->stats->oversize++;
		dp_reader_note(j->rc->stats, "line %llu: record over --max-record-bytes, skipped",
			       (unsigned long long)j->line);
		j->skipping = 1;
		j->bad = 1;
		return dp_jsonev_reset(&j->ev);
	}
	j->by_yajl = 1;
	return parsed(j, dp_jsonev_feed(&j->ev, p, n, err), err);
}

/* Parse what the event layer held back of this line, and end a token yajl holds past the
 * line's value ("{...} 12"), before the line is judged. */
static int flush_line(struct jsonl *j, struct dp_error *err)
{
	int rc = DP_OK;

	if (!j->skipping && j->ev.pending.len)
		rc = parsed(j, dp_jsonev_flush(&j->ev, err), err);
	if (rc == DP_OK && !j->skipping && j->by_yajl)
		rc = parsed(j, dp_jsonev_end_token(&j->ev, err), err);
	return rc;
}

static int end_line(struct jsonl *j)
{
	int rc = DP_OK;
	struct dp_jsonev *e = &j->ev;
	int sound = !j->bad && e->depth == 0 && !e->non_object && e->records_done == 1;

	/* the record is emitted only now: a line holding more (a second object, a number)
	 * is malformed as a whole, never also a record */
	if (dp_jsonev_end_line(e, sound) == DP_FATAL)
		return DP_FATAL;
	if (!j->bad && j->nonblank && !sound) {
		j->rc->stats->malformed++;
		dp_reader_note(j->rc->stats, "line %llu: %s", (unsigned long long)j->line,
			       e->depth ? "incomplete JSON value" :
			       (uint64_t)e->records_done + e->non_object > 1 ? "more than one value" :
			       e->non_object ? "not a JSON object" : "no JSON value");
		rc = dp_jsonev_reset(e);
	} else if (j->bad && !j->skipping) {
		rc = dp_jsonev_reset(e);
	}
	e->records_done = 0;
	e->non_object = 0;
	j->skipping = 0;
	j->bad = 0;
	j->nonblank = 0;
	j->by_yajl = 0;
	j->line_bytes = 0;
	j->line++;
	dp_jsonev_position(e, j->offset, j->line);
	return rc;
}

/* A piece that is a whole line (it began at a line start and its newline is here) goes to
 * the fast parser first; what that declines, and every partial line, goes to yajl. */
static int whole_line(struct jsonl *j, const char *p, size_t len, int complete,
		      struct dp_error *err)
{
	int rc;

	if (!complete || j->skipping || j->line_bytes != 0 ||
	    len > j->rc->cfg->limits.max_record_bytes)
		return feed_piece(j, p, len, err);
	rc = dp_jsonev_line(&j->ev, p, len);
	if (rc != DP_OK)
		return rc == DP_FATAL ? DP_FATAL : feed_piece(j, p, len, err);
	j->nonblank = 1;
	j->line_bytes = len;
	return DP_OK;
}

static int feed_lines(struct jsonl *j, const char *data, size_t n, struct dp_error *err);

static int jsonl_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct jsonl *j = st;
	const char *replay;
	int was_done = j->bom.done;
	size_t back = dp_reader_bom(&j->bom, &data, &n, &replay);

	if (!was_done && j->bom.done && j->bom.seen == 3) { /* a BOM: the first line starts after */
		j->offset = 3;
		dp_jsonev_position(&j->ev, j->offset, j->line);
	}
	if (back && feed_lines(j, replay, back, err) == DP_FATAL)
		return DP_FATAL;
	return feed_lines(j, data, n, err);
}

static int feed_lines(struct jsonl *j, const char *data, size_t n, struct dp_error *err)
{
	const char *p = data, *end = data + n;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		rc = whole_line(j, p, len, nl != NULL, err);
		if (rc == DP_FATAL)
			return rc;
		j->offset += len;
		p += len;
		if (!nl)
			break;
		j->offset++;
		p++;
		if (flush_line(j, err) == DP_FATAL)
			return DP_FATAL;
		rc = end_line(j);
		if (rc == DP_FATAL)
			return rc;
	}
	return DP_OK;
}

static int jsonl_finish(void *st, struct dp_error *err)
{
	struct jsonl *j = st;

	if (flush_line(j, err) == DP_FATAL)
		return DP_FATAL;
	return end_line(j) == DP_FATAL ? DP_FATAL : DP_OK;
}

static void jsonl_close(void *st)
{
	struct jsonl *j = st;

	if (!j)
		return;
	dp_jsonev_release(&j->ev);
	free(j);
}

const struct dp_reader_type dp_reader_jsonl = {
	"jsonl", jsonl_bid, jsonl_open, jsonl_feed, jsonl_finish, jsonl_close
};

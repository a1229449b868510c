/* text.c - the text reader: a whole member is one record (.txt, .md, source code). Text
 * past --max-record-bytes is dropped and the record is marked truncated (and counted).
 */
#include "core/buf.h"
#include "reader/recbuild.h"
#include "reader/reader.h"

#include <stdlib.h>

struct text {
	const struct dp_reader_ctx *rc;
	struct dp_buf buf;
	int truncated;
};

static int text_bid(const char *name, const unsigned char *head, size_t n)
{
	(void)name;
	(void)head;
	(void)n;
	return 1; /* the fallback for any text member */
}

static void *text_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct text *t = calloc(1, sizeof(*t));

	if (!t) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	t->rc = rc;
	dp_buf_init(&t->buf, (size_t)rc->cfg->limits.max_record_bytes);
	return t;
}

static int text_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct text *t = st;
	size_t room;
	int rc;

	if (t->truncated)
		return DP_OK;
	room = t->buf.limit - t->buf.len;
	if (n > room) {
		n = room;
		t->truncated = 1;
	}
	rc = dp_buf_add(&t->buf, data, n);
	if (rc == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "out of memory");
	return DP_OK;
}

static int text_finish(void *st, struct dp_error *err)
{
	struct text *t = st;

	(void)err;
	if (t->truncated)
		dp_reader_note(t->rc->stats, "text over --max-record-bytes, truncated (--format lines "
			       "reads a record per line)");
	return dp_reader_emit_text(t->rc, t->buf.data, t->buf.len, 0, 1, t->truncated);
}

static void text_close(void *st)
{
	struct text *t = st;

	if (!t)
		return;
	dp_buf_release(&t->buf);
	free(t);
}

const struct dp_reader_type dp_reader_text = {
	"text", text_bid, text_open, text_feed, text_finish, text_close
};

/* json.c - the json reader: a top-level array of objects (each element a record) or a
 * top-level object (one record), streamed through yajl, never loaded whole. A syntax error
 * ends the member (JSON cannot be resynchronised); records before it are kept.
 */
#include "reader/jsonev.h"
#include "reader/reader.h"

#include <stdlib.h>
#include <string.h>

struct json {
	struct dp_jsonev ev;
	const struct dp_reader_ctx *rc;
	uint64_t fed;
	int failed;
	struct dp_reader_bom bom;
};

static int json_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[16];
	size_t i = dp_reader_json_start(head, n);

	dp_reader_ext(name, ext, sizeof(ext));
	if (i < n && head[i] == '[') {
		if (!strcmp(ext, "json"))
			return 90;
		return dp_reader_json_opens(head, n, i) ? 50 : 0;
	}
	if (!strcmp(ext, "json"))
		return 80;
	return i < n && head[i] == '{' && dp_reader_json_opens(head, n, i) ? 20 : 0;
}

static void *json_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j || dp_jsonev_init(&j->ev, rc) != DP_OK) {
		if (j)
			dp_jsonev_release(&j->ev);
		free(j);
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	j->rc = rc;
	j->ev.batch = 1;
	return j;
}

static int feed_json(struct json *j, const char *data, size_t n, struct dp_error *err);

/* A UTF-8 byte-order mark before the document is dropped (yajl would refuse it). */
static int json_feed(void *st, const char *data, size_t n, struct dp_error *err)
{
	struct json *j = st;
	const char *replay;
	size_t back, before = n;

	back = dp_reader_bom(&j->bom, &data, &n, &replay);
	j->fed += before - n;
	if (back) {
		int rc = feed_json(j, replay, back, err);
		j->fed -= back; /* counted when they were first seen */
		if (rc != DP_OK)
			return rc;
	}
	return feed_json(j, data, n, err);
}

static int feed_json(struct json *j, const char *data, size_t n, struct dp_error *err)
{
	int rc;

	if (j->failed)
		return DP_OK;
	rc = dp_jsonev_feed(&j->ev, data, n, err);
	j->fed += n;
	if (rc == DP_OK && j->ev.quiet + j->ev.pending.len > j->rc->cfg->limits.max_record_bytes) {
		/* one token longer than a record may be: JSON cannot skip it and resume */
		j->failed = 1;
		j->rc->stats->oversize++;
		dp_reader_note(j->rc->stats, "near byte %llu: a value over --max-record-bytes; "
			       "the rest of the document is not read", (unsigned long long)j->fed);
		dp_jsonev_reset(&j->ev); /* frees what was held */
		return DP_WARN;
	}
	if (rc == DP_WARN) {
		j->failed = 1;
		j->rc->stats->malformed++;
		dp_reader_note(j->rc->stats, "near byte %llu: %s", (unsigned long long)j->fed,
			       err->msg);
		return DP_WARN;
	}
	return rc;
}

static int json_finish(void *st, struct dp_error *err)
{
	struct json *j = st;
	yajl_status s;

	if (j->failed)
		return DP_WARN;
	if (dp_jsonev_flush(&j->ev, err) != DP_OK) {
		j->rc->stats->malformed++;
		dp_reader_note(j->rc->stats, "end of member: %s", err->msg);
		return DP_WARN;
	}
	s = yajl_complete_parse(j->ev.h);
	if (s != yajl_status_ok || j->ev.depth != 0) {
		j->rc->stats->malformed++;
		dp_reader_note(j->rc->stats, "end of member: incomplete JSON document");
		return dp_error_set(err, DP_WARN, "incomplete JSON document");
	}
	if (j->ev.non_object) { /* each one skipped is one malformed record */
		j->rc->stats->malformed += j->ev.non_object;
		dp_reader_note(j->rc->stats, "%llu value(s) that are not objects were skipped",
			       (unsigned long long)j->ev.non_object);
	}
	return DP_OK;
}

static void json_close(void *st)
{
	struct json *j = st;

	if (!j)
		return;
	dp_jsonev_release(&j->ev);
	free(j);
}

const struct dp_reader_type dp_reader_json = {
	"json", json_bid, json_open, json_feed, json_finish, json_close
};

/* jsonev.c - JSON events to records. */
#include "reader/jsonev.h"
#include "reader/jsonline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JE(ctx) ((struct dp_jsonev *)(ctx))

/* Enter a container; `restore` is the path length to go back to when it closes. */
static int push(struct dp_jsonev *e, int array, size_t restore)
{
	if (e->depth >= DP_MAX_JSON_NESTING) {
		e->too_deep = 1;
		return 0; /* cancels the parse; reported as a malformed value */
	}
	if (e->depth == e->cap_depth) {
		size_t cap = e->cap_depth ? e->cap_depth * 2 : 64;
		size_t *pl = realloc(e->path_len, cap * sizeof(*pl));
		if (!pl)
			return 0;
		e->path_len = pl;
		unsigned char *ia = realloc(e->is_array, cap);
		if (!ia)
			return 0;
		e->is_array = ia;
		e->cap_depth = cap;
	}
	e->path_len[e->depth] = restore;
	e->is_array[e->depth] = (unsigned char)array;
	e->depth++;
	return 1;
}

/* Depth of the values that belong to a record (inside the record object). */
static size_t record_depth(const struct dp_jsonev *e)
{
	return e->array_mode ? 2 : 1;
}

static int recording(const struct dp_jsonev *e)
{
	return e->in_record &&
	       e->depth - record_depth(e) < e->rb.rc->cfg->limits.max_field_depth;
}

/* Full path of a value at the current position, into e->key's tail (returned). */
static const char *value_path(struct dp_jsonev *e, size_t *len)
{
	size_t base = e->path.len;

	if (e->depth && !e->is_array[e->depth - 1]) {
		if (base)
			dp_buf_addc(&e->path, '.');
		dp_buf_add(&e->path, e->key.data ? e->key.data : "", e->key.len);
	}
	*len = e->path.len;
	e->path.len = base; /* the bytes stay readable until the next write */
	return e->path.data ? e->path.data : "";
}

/* A record is complete: emitted now, or for JSONL when its line ends sound. 1 or 0. */
static int record_closed(struct dp_jsonev *e)
{
	e->records_done++;
	if (e->jsonl) {
		e->record_ready = 1;
		return 1;
	}
	e->status = e->embed ? DP_OK : dp_recbuild_end(&e->rb);
	return e->status != DP_FATAL;
}

static int add_value(struct dp_jsonev *e, enum dp_value_type t, const char *v, size_t n)
{
	const char *p;
	size_t plen;

	e->events++;
	if (!e->in_record) {
		if (t == DP_VT_STRING && e->depth == (e->array_mode ? 1u : 0u)) {
			/* a bare string element: a record whose text is that string */
			dp_recbuild_begin(&e->rb, e->rec_offset, e->rec_line);
			dp_recbuild_field(&e->rb, "text", 4, t, v, n);
			return record_closed(e);
		}
		if (e->depth <= (e->array_mode ? 1u : 0u))
			e->non_object++;
		return 1;
	}
	if (!recording(e)) {
		dp_recbuild_depth_limited(&e->rb);
		return 1;
	}
	p = value_path(e, &plen);
	return dp_recbuild_field(&e->rb, p, plen, t, v, n) == DP_OK;
}

static int cb_null(void *ctx) { return add_value(JE(ctx), DP_VT_NULL, "", 0); }

static int cb_bool(void *ctx, int b)
{
	return add_value(JE(ctx), DP_VT_BOOL, b ? "true" : "false", b ? 4 : 5);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
	return add_value(JE(ctx), DP_VT_NUMBER, s, n);
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return add_value(JE(ctx), DP_VT_STRING, (const char *)s, n);
}

static int cb_key(void *ctx, const unsigned char *s, size_t n)
{
	struct dp_jsonev *e = JE(ctx);

	e->events++;
	dp_buf_reset(&e->key);
	if (n > 1024)
		n = 1024; /* keys are names, not payload */
	return dp_buf_add(&e->key, s, n) != DP_FATAL;
}

static int open_container(struct dp_jsonev *e, int array)
{
	size_t plen, restore = e->path.len;
	const char *p;

	e->events++;
	if (e->depth == 0 && !e->in_record && !e->array_mode && array && !e->jsonl) {
		e->array_mode = 1;
		return push(e, 1, restore);
	}
	if (!e->in_record && e->depth == (e->array_mode ? 1u : 0u)) {
		if (array) {
			e->non_object++;
			return push(e, 1, restore);
		}
		e->in_record = 1;
		if (!e->embed)
			dp_recbuild_begin(&e->rb, e->rec_offset, e->rec_line);
		return push(e, 0, restore);
	}
	if (recording(e)) {
		p = value_path(e, &plen);
		if (dp_recbuild_field(&e->rb, p, plen, array ? DP_VT_ARRAY : DP_VT_OBJECT, "", 0) !=
		    DP_OK)
			return 0;
		/* the container's own path becomes the prefix of its children */
		e->path.len = plen;
	} else if (e->in_record) {
		dp_recbuild_depth_limited(&e->rb);
	}
	return push(e, array, restore);
}

static int close_container(struct dp_jsonev *e)
{
	e->events++;
	if (e->depth == 0)
		return 0;
	e->depth--;
	e->path.len = e->path_len[e->depth];
	if (e->in_record && e->depth == (e->array_mode ? 1u : 0u)) {
		e->in_record = 0;
		if (!record_closed(e))
			return 0;
	}
	if (e->depth == 0 && e->array_mode)
		e->array_mode = 0; /* the top-level array ended; another value may follow */
	return 1;
}

static int cb_start_map(void *ctx) { return open_container(JE(ctx), 0); }
static int cb_end_map(void *ctx) { return close_container(JE(ctx)); }
static int cb_start_array(void *ctx) { return open_container(JE(ctx), 1); }
static int cb_end_array(void *ctx) { return close_container(JE(ctx)); }

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
};

static int alloc_handle(struct dp_jsonev *e)
{
	e->h = yajl_alloc(&callbacks, NULL, e);
	if (!e->h)
		return DP_FATAL;
	yajl_config(e->h, yajl_allow_multiple_values, 1);
	yajl_config(e->h, yajl_dont_validate_strings, 1);
	return DP_OK;
}

int dp_jsonev_init(struct dp_jsonev *e, const struct dp_reader_ctx *rc)
{
	memset(e, 0, sizeof(*e));
	dp_recbuild_init(&e->rb, rc);
	dp_buf_init(&e->path, 0);
	dp_buf_init(&e->key, 0);
	dp_buf_init(&e->pending, 0);
	dp_buf_init(&e->unescaped, 0);
	if (dp_buf_reserve(&e->path, 256) != DP_OK || dp_buf_reserve(&e->key, 64) != DP_OK)
		return DP_FATAL;
	return alloc_handle(e);
}

void dp_jsonev_release(struct dp_jsonev *e)
{
	if (e->h)
		yajl_free(e->h);
	e->h = NULL;
	dp_recbuild_release(&e->rb);
	dp_buf_release(&e->path);
	dp_buf_release(&e->key);
	dp_buf_release(&e->pending);
	dp_buf_release(&e->unescaped);
	free(e->path_len);
	free(e->is_array);
	e->path_len = NULL;
	e->is_array = NULL;
}

int dp_jsonev_reset(struct dp_jsonev *e)
{
	if (e->h)
		yajl_free(e->h);
	e->h = NULL;
	e->depth = 0;
	e->array_mode = 0;
	e->in_record = 0;
	e->non_object = 0;
	e->too_deep = 0;
	dp_buf_reset(&e->path);
	dp_buf_reset(&e->key);
	dp_buf_release(&e->pending); /* may be large: give it back */
	dp_buf_init(&e->pending, 0);
	e->quiet = 0;
	e->record_ready = 0;
	return alloc_handle(e);
}

void dp_jsonev_position(struct dp_jsonev *e, uint64_t offset, uint64_t line)
{
	e->rec_offset = offset;
	e->rec_line = line;
}

int dp_jsonev_line(struct dp_jsonev *e, const char *line, size_t n)
{
	size_t i = 0, events;
	enum dp_jsonline_result r;

	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == n || line[i] != '{' || e->depth != 0 || e->pending.len != 0)
		return DP_DONE; /* blank lines, non-objects and odd states are yajl's */
	r = dp_jsonline_parse(line, n, &callbacks, e, &e->unescaped, &events);
	if (r == DP_JSONLINE_DONE) {
		e->quiet = 0; /* as yajl's parse of the line, which had events, would leave it */
		return e->status == DP_FATAL ? DP_FATAL : DP_OK;
	}
	if (e->status == DP_FATAL)
		return DP_FATAL;
	if (events == 0)
		return DP_DONE;
	/* A record is emitted only by the last event, which a declined line never saw: drop
	 * the open record's state; yajl parses the line again from its start. */
	return dp_jsonev_reset(e) == DP_OK ? DP_DONE : DP_FATAL;
}

static int parse(struct dp_jsonev *e, const char *data, size_t n, struct dp_error *err);

int dp_jsonev_end_token(struct dp_jsonev *e, struct dp_error *err)
{
	/* the newline the line ended with: it ends a number or literal, is an error in an
	 * unterminated string ('{...} "abc'), and nothing between values; in an open value
	 * the line is incomplete anyway */
	return e->depth == 0 && e->pending.len == 0 ? parse(e, "\n", 1, err) : DP_OK;
}

int dp_jsonev_end_line(struct dp_jsonev *e, int sound)
{
	if (!e->record_ready)
		return DP_OK;
	e->record_ready = 0;
	if (!sound)
		return DP_OK;
	e->status = dp_recbuild_end(&e->rb);
	return e->status == DP_FATAL ? DP_FATAL : DP_OK;
}

int dp_jsonev_feed(struct dp_jsonev *e, const char *data, size_t n, struct dp_error *err)
{
	if (!e->batch || (e->quiet < DP_JSONEV_QUIET_MIN && e->pending.len == 0))
		return parse(e, data, n, err);
	if (dp_buf_add(&e->pending, data, n) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory while parsing JSON");
	if (e->pending.len < e->quiet && e->pending.len < DP_JSONEV_PENDING_MAX)
		return DP_OK; /* yajl holds `quiet` bytes of the token: wait until this doubles it */
	return dp_jsonev_flush(e, err);
}

int dp_jsonev_flush(struct dp_jsonev *e, struct dp_error *err)
{
	int rc;

	if (e->pending.len == 0)
		return DP_OK;
	rc = parse(e, e->pending.data, e->pending.len, err);
	dp_buf_reset(&e->pending);
	return rc;
}

static int parse(struct dp_jsonev *e, const char *data, size_t n, struct dp_error *err)
{
	uint64_t before = e->events;
	yajl_status st;

	st = yajl_parse(e->h, (const unsigned char *)data, n);
	e->quiet = e->events == before ? e->quiet + n : 0;

	if (e->status == DP_FATAL)
		return DP_FATAL;
	if (st == yajl_status_ok)
		return DP_OK;
	if (st == yajl_status_client_canceled && e->too_deep) {
		e->too_deep = 0;
		return dp_error_set(err, DP_WARN, "JSON nested deeper than %d levels",
				    DP_MAX_JSON_NESTING);
	}
	if (st == yajl_status_client_canceled)
		return dp_error_set(err, DP_FATAL, "out of memory while parsing JSON");
	unsigned char *msg = yajl_get_error(e->h, 0, (const unsigned char *)data, n);
	const char *m = msg ? (const char *)msg : "JSON syntax error";
	dp_error_set(err, DP_WARN, "%.*s", (int)strcspn(m, "\n"), m);
	if (msg)
		yajl_free_error(e->h, msg);
	return DP_WARN;
}

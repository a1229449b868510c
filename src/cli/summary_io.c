/* summary_io.c - the pipeline summary as a JSON side file, saved and loaded exactly. */
#include "cli/summary_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/side_file.h"
#include "analyse/state_io.h"
#include "core/array.h"
#include "core/json.h"
#include "core/record.h"

#define SUMMARY_SIDE_VERSION 1
#define N_COUNTS 9

void dp_strpool_release(struct dp_strpool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* The pooled copy of s (NULL stays NULL); NULL with *failed set when out of memory. */
static const char *intern(struct dp_strpool *p, const char *s, int *failed)
{
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i], s))
			return p->v[i];
	if (dp_array_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)))
		goto oom;
	if (!(p->v[p->n] = strdup(s)))
		goto oom;
	return p->v[p->n++];
oom:
	*failed = 1;
	return NULL;
}

/* ---- save ------------------------------------------------------------------------- */

static void save_row(struct dp_json *j, const struct dp_member_row *m)
{
	dp_json_obj_begin(j);
	dp_json_key(j, "origin");
	dp_state_save_bytes(j, m->origin, strlen(m->origin));
	dp_json_kv_str(j, "format", m->format);
	dp_json_kv_u64(j, "kind", (uint64_t)m->kind);
	dp_json_kv_u64(j, "member_index", m->member_index);
	dp_json_kv_u64(j, "bytes", m->bytes);
	dp_json_kv_u64(j, "records", m->records);
	dp_json_kv_u64(j, "malformed", m->malformed);
	dp_json_kv_u64(j, "oversize", m->oversize);
	dp_json_kv_u64(j, "first_seq", m->first_seq);
	dp_json_kv_str(j, "split", m->split);
	dp_json_kv_u64(j, "status", (uint64_t)(m->status < 0 ? -m->status : m->status));
	dp_json_kv_str(j, "digest", m->digest);
	dp_json_kv_str(j, "notes", m->notes);
	dp_json_obj_end(j);
}

static void save_info(struct dp_json *j, const struct dp_input_info *in)
{
	uint64_t c[5] = { in->bytes, in->members, in->members_skipped, in->members_failed,
			  in->errors_total };
	size_t k;

	dp_json_key(j, "path");
	dp_state_save_bytes(j, in->path, strlen(in->path));
	dp_json_kv_str(j, "sha256", in->sha256);
	dp_json_kv_str(j, "container", in->container);
	dp_json_kv_str(j, "compression", in->compression);
	dp_json_key(j, "counts");
	dp_state_save_u64s(j, c, 5);
	dp_json_kv_bool(j, "unreadable", in->unreadable);
	dp_json_kv_bool(j, "skipped", in->skipped);
	dp_json_kv_bool(j, "excluded", in->excluded);
	dp_json_key(j, "limits_hit");
	dp_state_save_u64s(j, in->limits_hit, DP_LIMIT_COUNT);
	dp_json_key(j, "errors");
	dp_json_arr_begin(j);
	for (k = 0; k < in->n_errors; k++)
		dp_state_save_bytes(j, in->errors[k], strlen(in->errors[k]));
	dp_json_arr_end(j);
}

static void save_input(struct dp_json *j, const struct dp_input_result *r)
{
	size_t k;

	dp_json_obj_begin(j);
	save_info(j, &r->info);
	dp_json_kv_u64(j, "records", r->records);
	dp_json_kv_u64(j, "status", (uint64_t)(r->status < 0 ? -r->status : r->status));
	dp_json_key(j, "members");
	dp_json_arr_begin(j);
	for (k = 0; k < r->n_members; k++)
		save_row(j, &r->members[k]);
	dp_json_arr_end(j);
	dp_json_obj_end(j);
}

static void save_counts(struct dp_json *j, const char *key, const struct dp_count *v, size_t n)
{
	size_t i;

	dp_json_key(j, key);
	dp_json_arr_begin(j);
	for (i = 0; i < n; i++) {
		dp_json_arr_begin(j);
		dp_json_str(j, v[i].name);
		dp_json_u64(j, v[i].records);
		dp_json_u64(j, v[i].bytes);
		dp_json_arr_end(j);
	}
	dp_json_arr_end(j);
}

int dp_summary_save(const struct dp_summary *s, const char *path, struct dp_error *err)
{
	struct dp_json *j = dp_json_new(0);
	uint64_t c[N_COUNTS] = { s->records, s->text_bytes, s->records_with_text,
				 s->records_empty_text, s->malformed, s->oversize, s->invalid_utf8,
				 s->depth_limited, s->bytes_decoded };
	size_t i;
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "out of memory");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "version", SUMMARY_SIDE_VERSION);
	dp_json_key(j, "counts");
	dp_state_save_u64s(j, c, N_COUNTS);
	save_counts(j, "by_format", s->by_format, s->n_by_format);
	save_counts(j, "by_split", s->by_split, s->n_by_split);
	dp_json_key(j, "inputs");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_inputs; i++)
		save_input(j, &s->inputs[i]);
	dp_json_arr_end(j);
	dp_json_obj_end(j);
	rc = dp_side_write(path, j);
	dp_json_free(j);
	return rc ? dp_error_set(err, DP_FATAL, "cannot write %s", path) : DP_OK;
}

/* ---- load ------------------------------------------------------------------------- */

struct loader {
	struct dp_strpool *pool;
	uint32_t offset;
	char *buf;          /* DP_STATE_KEY_MAX + 1 bytes */
	int failed;
};

/* A NUL-terminated copy of the byte string v, malloc'd; NULL when malformed or no memory. */
static char *load_str(struct loader *l, yajl_val v)
{
	size_t n;

	if (dp_state_load_bytes(v, l->buf, DP_STATE_KEY_MAX, &n))
		return NULL;
	return strndup(l->buf, n);
}

static void copy_fixed(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static int load_row(struct loader *l, struct dp_input_result *r, yajl_val v, uint32_t input)
{
	struct dp_member_row *m;
	char *origin = load_str(l, dp_jt_get(v, "origin"));
	uint64_t kind = 0, mi = 0, st = 0;
	const char *notes = dp_jt_str(v, "notes", NULL);

	m = origin ? dp_input_result_add(r, origin) : NULL;
	free(origin);
	if (!m)
		return -1;
	m->format = intern(l->pool, dp_jt_str(v, "format", NULL), &l->failed);
	m->split = intern(l->pool, dp_jt_str(v, "split", NULL), &l->failed);
	if (dp_state_u64(v, "kind", &kind) || dp_state_u64(v, "member_index", &mi) ||
	    dp_state_u64(v, "bytes", &m->bytes) || dp_state_u64(v, "records", &m->records) ||
	    dp_state_u64(v, "malformed", &m->malformed) ||
	    dp_state_u64(v, "oversize", &m->oversize) ||
	    dp_state_u64(v, "first_seq", &m->first_seq) || dp_state_u64(v, "status", &st))
		return -1;
	m->kind = (enum dp_member_kind)kind;
	m->input_index = input;
	m->member_index = (uint32_t)mi;
	m->status = (int)st;
	m->first_seq += (uint64_t)l->offset << DP_SEQ_INPUT_SHIFT;
	copy_fixed(m->digest, sizeof(m->digest), dp_jt_str(v, "digest", ""));
	if (notes && !(m->notes = strdup(notes)))
		return -1;
	return l->failed ? -1 : 0;
}

static int load_info(struct loader *l, struct dp_input_info *in, yajl_val v)
{
	yajl_val errs = dp_jt_get(v, "errors");
	uint64_t c[5];
	size_t k;

	if (!(in->path = load_str(l, dp_jt_get(v, "path"))) ||
	    dp_state_load_u64s(dp_jt_get(v, "counts"), c, 5) ||
	    dp_state_load_u64s(dp_jt_get(v, "limits_hit"), in->limits_hit, DP_LIMIT_COUNT) ||
	    !YAJL_IS_ARRAY(errs) || dp_state_len(errs) > DP_MAX_ERRORS_KEPT)
		return -1;
	copy_fixed(in->sha256, sizeof(in->sha256), dp_jt_str(v, "sha256", ""));
	copy_fixed(in->container, sizeof(in->container), dp_jt_str(v, "container", ""));
	copy_fixed(in->compression, sizeof(in->compression), dp_jt_str(v, "compression", ""));
	in->bytes = c[0], in->members = c[1], in->members_skipped = c[2];
	in->members_failed = c[3], in->errors_total = c[4];
	in->unreadable = YAJL_IS_TRUE(dp_jt_get(v, "unreadable"));
	in->skipped = YAJL_IS_TRUE(dp_jt_get(v, "skipped"));
	in->excluded = in->skipped && YAJL_IS_TRUE(dp_jt_get(v, "excluded"));
	for (k = 0; k < dp_state_len(errs); k++) {
		if (!(in->errors[k] = load_str(l, dp_state_at(errs, k))))
			return -1;
		in->n_errors++;
	}
	return 0;
}

static int load_input(struct loader *l, struct dp_input_result *r, yajl_val v, uint32_t input)
{
	yajl_val rows = dp_jt_get(v, "members");
	uint64_t st = 0;
	size_t k;

	if (load_info(l, &r->info, v) || dp_state_u64(v, "records", &r->records) ||
	    dp_state_u64(v, "status", &st) || !YAJL_IS_ARRAY(rows))
		return -1;
	r->status = (int)st;
	for (k = 0; k < dp_state_len(rows); k++)
		if (load_row(l, r, dp_state_at(rows, k), input))
			return -1;
	return 0;
}

static int load_counts(struct dp_count *v, size_t *n, yajl_val a)
{
	uint64_t rec, bytes;
	size_t i;

	if (!YAJL_IS_ARRAY(a))
		return -1;
	for (i = 0; i < dp_state_len(a); i++) {
		yajl_val e = dp_state_at(a, i);
		const char *name = YAJL_GET_STRING(dp_state_at(e, 0));
		if (!name || dp_state_as_u64(dp_state_at(e, 1), &rec) ||
		    dp_state_as_u64(dp_state_at(e, 2), &bytes))
			return -1;
		dp_count_add(v, n, name, strlen(name), rec, bytes);
	}
	return 0;
}

/* Input arrays grown here are sized in powers of two, so their capacity is implied. */
static size_t pow2_at_least(size_t n)
{
	size_t c = 1;

	while (c < n)
		c <<= 1;
	return c;
}

static int load_all(struct loader *l, struct dp_summary *s, yajl_val v, size_t *added)
{
	yajl_val ins = dp_jt_get(v, "inputs");
	uint64_t version = 0, c[N_COUNTS];
	size_t i, n0 = s->n_inputs;
	struct dp_input_result *grown;

	if (dp_state_u64(v, "version", &version) || version != SUMMARY_SIDE_VERSION ||
	    dp_state_load_u64s(dp_jt_get(v, "counts"), c, N_COUNTS) || !YAJL_IS_ARRAY(ins) ||
	    load_counts(s->by_format, &s->n_by_format, dp_jt_get(v, "by_format")) ||
	    load_counts(s->by_split, &s->n_by_split, dp_jt_get(v, "by_split")))
		return -1;
	if (pow2_at_least(n0) < n0 + dp_state_len(ins) + 1) { /* merges load shard by shard */
		grown = realloc(s->inputs, pow2_at_least(n0 + dp_state_len(ins) + 1) *
				sizeof(*grown));
		if (!grown)
			return -1;
		s->inputs = grown;
	}
	for (i = 0; i < dp_state_len(ins); i++) {
		memset(&s->inputs[s->n_inputs], 0, sizeof(s->inputs[0]));
		s->n_inputs++;  /* counted first so a half-loaded input is still released */
		if (load_input(l, &s->inputs[s->n_inputs - 1], dp_state_at(ins, i),
			       l->offset + (uint32_t)i))
			return -1;
	}
	s->records += c[0], s->text_bytes += c[1], s->records_with_text += c[2];
	s->records_empty_text += c[3], s->malformed += c[4], s->oversize += c[5];
	s->invalid_utf8 += c[6], s->depth_limited += c[7], s->bytes_decoded += c[8];
	*added = s->n_inputs - n0;
	return 0;
}

int dp_summary_load(struct dp_summary *into, const char *path, uint32_t input_offset,
		    struct dp_strpool *pool, size_t *n_inputs, struct dp_error *err)
{
	struct loader l = { pool, input_offset, malloc(DP_STATE_KEY_MAX + 1), 0 };
	char msg[256];
	size_t added = 0;
	yajl_val v;
	int rc;

	if (!l.buf)
		return dp_error_set(err, DP_FATAL, "out of memory");
	if (!(v = dp_jt_load(path, msg, sizeof(msg)))) {
		free(l.buf);
		return dp_error_set(err, DP_FATAL, "cannot read %s: %s", path, msg);
	}
	rc = load_all(&l, into, v, &added);
	yajl_tree_free(v);
	free(l.buf);
	if (n_inputs)
		*n_inputs = added;
	return rc ? dp_error_set(err, DP_FATAL, "%s is malformed, of another version, or memory "
				 "ran out", path) : DP_OK;
}

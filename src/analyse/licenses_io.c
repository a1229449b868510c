/* licenses_io.c - licenses partial state as a side file. */
#include "analyse/licenses_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/licenses_state.h"
#include "analyse/side_file.h"
#include "analyse/state_io.h"
#include "core/array.h"

#define LIC_SIDE_VERSION 1
#define N_COUNTS 8

static const char *const kinds[] = { "text", "notice", "tag", "reference", "metadata",
	"field", NULL };

static void save_det(struct dp_json *j, const struct det *d)
{
	uint64_t conf;

	memcpy(&conf, &d->conf, sizeof(conf)); /* the exact double, not its 6-digit print */
	dp_json_arr_begin(j);
	dp_state_save_bytes(j, d->origin, strlen(d->origin));
	dp_json_u64(j, d->member_index);
	dp_state_save_bytes(j, d->spdx, strlen(d->spdx));
	if (d->value)
		dp_state_save_bytes(j, d->value, strlen(d->value));
	else
		dp_json_null(j);
	dp_json_str(j, d->kind);
	dp_json_u64(j, conf);
	dp_json_u64(j, d->a);
	dp_json_u64(j, d->b);
	dp_json_u64(j, d->records);
	dp_json_arr_end(j);
}

static void save_body(const struct lic_state *s, struct dp_json *j)
{
	uint64_t c[N_COUNTS] = { s->values_dropped, s->records, s->missing, s->unknown,
				 s->unrecognized, s->mapped, s->members_scanned,
				 s->members_truncated };
	size_t i;

	dp_json_kv_u64(j, "version", LIC_SIDE_VERSION);
	dp_json_key(j, "counts");
	dp_state_save_u64s(j, c, N_COUNTS);
	dp_json_key(j, "detections");
	dp_json_arr_begin(j);
	for (i = 0; i < s->nd; i++)
		save_det(j, &s->d[i]);
	dp_json_arr_end(j);
	dp_json_key(j, "values");
	dp_json_arr_begin(j);
	for (i = 0; i < s->nfv; i++) {
		dp_json_arr_begin(j);
		dp_state_save_bytes(j, s->fv[i].value, strlen(s->fv[i].value));
		dp_json_u64(j, s->fv[i].count);
		dp_json_arr_end(j);
	}
	dp_json_arr_end(j);
}

int dp_licenses_save(void *state, const char *dir, struct dp_error *err)
{
	struct lic_state *s = state;
	struct dp_json *j = dp_json_new(0);
	char path[4200];
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "licenses: out of memory");
	snprintf(path, sizeof(path), "%s/licenses.json", dir);
	dp_json_obj_begin(j);
	save_body(s, j);
	dp_json_obj_end(j);
	rc = dp_side_write(path, j);
	dp_json_free(j);
	return rc ? dp_error_set(err, DP_FATAL, "licenses: cannot write %s", path) : DP_OK;
}

static const char *static_kind(const char *k)
{
	int i;

	for (i = 0; k && kinds[i]; i++)
		if (!strcmp(kinds[i], k))
			return kinds[i];
	return NULL;
}

static struct det *det_push(struct lic_state *s)
{
	if (dp_array_grow((void **)&s->d, &s->capd, s->nd + 1, sizeof(*s->d)))
		return NULL;
	memset(&s->d[s->nd], 0, sizeof(s->d[0]));
	return &s->d[s->nd];
}

/* Element k of e as a malloc'd string (NULL for a JSON null); -1 when malformed. */
static int dup_bytes(yajl_val e, size_t k, char *buf, char **out)
{
	size_t n;

	*out = NULL;
	if (YAJL_IS_NULL(dp_state_at(e, k)))
		return 0;
	if (dp_state_load_bytes(dp_state_at(e, k), buf, DP_STATE_KEY_MAX, &n))
		return -1;
	*out = strndup(buf, n);
	return *out ? 0 : -1;
}

static int load_det(struct lic_state *s, yajl_val e, char *buf)
{
	struct det *d = det_push(s);
	uint64_t x[5];
	int k, rc;

	if (!d || dp_state_len(e) != 9)
		return -1;
	d->kind = static_kind(YAJL_GET_STRING(dp_state_at(e, 4)));
	rc = d->kind ? 0 : -1;
	for (k = 0; k < 5 && rc == 0; k++)
		rc = dp_state_as_u64(dp_state_at(e, k ? (size_t)k + 4 : 1), &x[k]);
	if (rc == 0 && (dup_bytes(e, 0, buf, &d->origin) || dup_bytes(e, 2, buf, &d->spdx) ||
			dup_bytes(e, 3, buf, &d->value) || !d->origin || !d->spdx))
		rc = -1;
	if (rc) {
		free(d->origin);
		free(d->spdx);
		free(d->value);
		return -1;
	}
	d->member_index = (uint32_t)x[0];
	memcpy(&d->conf, &x[1], sizeof(d->conf));
	d->a = (uint32_t)x[2];
	d->b = (uint32_t)x[3];
	d->records = x[4];
	s->nd++;
	return 0;
}

static int load_value(struct lic_state *s, yajl_val e, char *buf)
{
	struct fval *f;
	uint64_t count;
	size_t n;

	if (dp_state_len(e) != 2 || dp_state_as_u64(dp_state_at(e, 1), &count) ||
	    dp_state_load_bytes(dp_state_at(e, 0), buf, DP_STATE_KEY_MAX, &n))
		return -1;
	f = dp_licenses_value(s, buf, n);
	if (f)
		f->count += count;
	else
		s->values_dropped += count; /* as lic_merge does when the table is full */
	return s->failed ? -1 : 0;
}

static int load_body(struct lic_state *s, yajl_val v, char *buf)
{
	yajl_val dets = dp_jt_get(v, "detections"), vals = dp_jt_get(v, "values");
	uint64_t version = 0, c[N_COUNTS];
	size_t i;

	if (dp_state_u64(v, "version", &version) || version != LIC_SIDE_VERSION ||
	    dp_state_load_u64s(dp_jt_get(v, "counts"), c, N_COUNTS) || !YAJL_IS_ARRAY(dets) ||
	    !YAJL_IS_ARRAY(vals))
		return -1;
	for (i = 0; i < dp_state_len(dets); i++)
		if (load_det(s, dp_state_at(dets, i), buf))
			return -1;
	for (i = 0; i < dp_state_len(vals); i++)
		if (load_value(s, dp_state_at(vals, i), buf))
			return -1;
	s->values_dropped += c[0], s->records += c[1], s->missing += c[2];
	s->unknown += c[3], s->unrecognized += c[4], s->mapped += c[5];
	s->members_scanned += c[6], s->members_truncated += c[7];
	return 0;
}

int dp_licenses_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err)
{
	char path[4200], msg[256], *buf = malloc(DP_STATE_KEY_MAX + 1);
	yajl_val v;
	int rc;

	snprintf(path, sizeof(path), "%s/licenses.json", lc->dir);
	if (!buf)
		return dp_error_set(err, DP_FATAL, "licenses: out of memory");
	if (!(v = dp_jt_load(path, msg, sizeof(msg)))) {
		free(buf);
		return dp_error_set(err, DP_FATAL, "licenses: cannot read %s: %s", path, msg);
	}
	rc = load_body(state, v, buf);
	yajl_tree_free(v);
	free(buf);
	return rc ? dp_error_set(err, DP_FATAL, "licenses: %s is malformed or memory ran out",
				 path) : DP_OK;
}

/* pii_io.c - PII partial state as a side file. */
#include "analyse/pii_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/pii_state.h"
#include "analyse/side_file.h"
#include "analyse/state_io.h"
#include "core/array.h"

#define PII_SIDE_VERSION 1

static void save_rules(const struct pii_state *s, struct dp_json *j)
{
	size_t i;

	dp_json_key(j, "rules");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_rules; i++) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "id", s->rs[i].id);
		dp_json_kv_u64(j, "findings", s->rs[i].findings);
		dp_json_kv_u64(j, "records", s->rs[i].records);
		dp_json_kv_u64(j, "limit_hits", s->rs[i].limit_hits +
			       (s->scratch ? dp_rules_scratch_limit_hits(s->scratch, i) : 0));
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static void save_members(const struct pii_state *s, struct dp_json *j)
{
	size_t i;

	dp_json_key(j, "members");
	dp_json_arr_begin(j);
	for (i = 0; i < s->n_members; i++) {
		const struct member_stat *m = &s->members[i];
		dp_json_arr_begin(j);
		dp_json_u64(j, m->member_index);
		dp_state_save_bytes(j, m->origin, strlen(m->origin));
		dp_json_u64(j, m->findings);
		dp_json_u64(j, m->records);
		dp_json_arr_end(j);
	}
	dp_json_arr_end(j);
}

int dp_pii_save(void *state, const char *dir, struct dp_error *err)
{
	struct pii_state *s = state;
	struct dp_json *j = dp_json_new(0);
	char path[4200];
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "pii: out of memory");
	snprintf(path, sizeof(path), "%s/pii.json", dir);
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "version", PII_SIDE_VERSION);
	save_rules(s, j);
	dp_json_kv_u64(j, "findings", s->findings);
	dp_json_kv_u64(j, "dropped", s->dropped +
		       (s->scratch ? dp_rules_scratch_dropped(s->scratch) : 0));
	dp_json_kv_u64(j, "records_scanned", s->records_scanned);
	dp_json_kv_u64(j, "records_with_findings", s->records_with_findings);
	save_members(s, j);
	dp_json_obj_end(j);
	rc = dp_side_write(path, j);
	dp_json_free(j);
	return rc ? dp_error_set(err, DP_FATAL, "pii: cannot write %s", path) : DP_OK;
}

static struct rule_stat *rule_by_id(struct pii_state *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n_rules; i++)
		if (!strcmp(s->rs[i].id, id))
			return &s->rs[i];
	return NULL;
}

static int load_rules(struct pii_state *s, yajl_val v)
{
	uint64_t f, r, l;
	size_t i;

	if (!YAJL_IS_ARRAY(v) || dp_state_len(v) != s->n_rules)
		return -1;
	for (i = 0; i < dp_state_len(v); i++) {
		yajl_val e = dp_state_at(v, i);
		struct rule_stat *rs = rule_by_id(s, dp_jt_str(e, "id", ""));
		if (!rs || dp_state_u64(e, "findings", &f) || dp_state_u64(e, "records", &r) ||
		    dp_state_u64(e, "limit_hits", &l))
			return -1;
		rs->findings += f;
		rs->records += r;
		rs->limit_hits += l;
	}
	return 0;
}

static int member_cmp(const void *a, const void *b)
{
	const struct member_stat *x = a, *y = b;

	return (x->member_index > y->member_index) - (x->member_index < y->member_index);
}

static int add_member(struct pii_state *s, const uint64_t x[3], const char *origin, size_t n)
{
	struct member_stat *m;

	if (dp_array_grow((void **)&s->members, &s->cap_members, s->n_members + 1,
			  sizeof(*s->members)))
		return -1;
	m = &s->members[s->n_members];
	if (!(m->origin = strndup(origin, n)))
		return -1;
	m->member_index = x[0];
	m->findings = x[1];
	m->records = x[2];
	s->n_members++;
	return 0;
}

/* Shards hold disjoint inputs: their members are appended, then kept in run-wide order. */
static int load_members(struct pii_state *s, yajl_val v, uint32_t offset)
{
	char *origin = malloc(DP_STATE_KEY_MAX);
	size_t i, n, first = s->n_members;
	uint64_t x[3];
	int rc = YAJL_IS_ARRAY(v) && origin ? 0 : -1;

	for (i = 0; rc == 0 && i < dp_state_len(v); i++) {
		yajl_val e = dp_state_at(v, i);
		rc = dp_state_len(e) == 4 && !dp_state_as_u64(dp_state_at(e, 0), &x[0]) &&
		     !dp_state_as_u64(dp_state_at(e, 2), &x[1]) &&
		     !dp_state_as_u64(dp_state_at(e, 3), &x[2]) &&
		     !dp_state_load_bytes(dp_state_at(e, 1), origin, DP_STATE_KEY_MAX, &n) ? 0 : -1;
		x[0] += (uint64_t)offset << 32;
		if (rc == 0)
			rc = add_member(s, x, origin, n);
	}
	free(origin);
	if (first > 0 && first < s->n_members &&
	    s->members[first - 1].member_index > s->members[first].member_index)
		qsort(s->members, s->n_members, sizeof(*s->members), member_cmp);
	return rc;
}

int dp_pii_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err)
{
	struct pii_state *s = state;
	char path[4200], msg[256];
	uint64_t version = 0, f, d, r, w;
	yajl_val v;
	int rc;

	snprintf(path, sizeof(path), "%s/pii.json", lc->dir);
	if (!(v = dp_jt_load(path, msg, sizeof(msg))))
		return dp_error_set(err, DP_FATAL, "pii: cannot read %s: %s", path, msg);
	rc = dp_state_u64(v, "version", &version) || version != PII_SIDE_VERSION ||
	     dp_state_u64(v, "findings", &f) || dp_state_u64(v, "dropped", &d) ||
	     dp_state_u64(v, "records_scanned", &r) ||
	     dp_state_u64(v, "records_with_findings", &w) || load_rules(s, dp_jt_get(v, "rules")) ||
	     load_members(s, dp_jt_get(v, "members"), lc->input_offset);
	yajl_tree_free(v);
	if (rc)
		return dp_error_set(err, DP_FATAL, "pii: %s is malformed or was written with other "
				    "rules (pass merge the same --rules options as scan)", path);
	s->findings += f;
	s->dropped += d;
	s->records_scanned += r;
	s->records_with_findings += w;
	return DP_OK;
}

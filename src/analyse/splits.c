/* splits.c - per-split counters. */
#include "analyse/splits.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

const char *dp_splits_size_category(uint64_t n)
{
	static const char *const names[] = {
		"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
		"100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T", "n>1T"
	};
	uint64_t bound = 1000;
	size_t i;

	for (i = 0; i < 10; i++, bound *= 10)
		if (n < bound)
			return names[i];
	return names[10];
}

void dp_splits_init(struct dp_splits *s)
{
	dp_tally_init(&s->records, DP_SPLITS_MAX);
	dp_tally_init(&s->members, DP_SPLITS_MAX);
}

void dp_splits_release(struct dp_splits *s)
{
	dp_tally_release(&s->records);
	dp_tally_release(&s->members);
}

int dp_splits_add_record(struct dp_splits *s, const struct dp_record *r)
{
	const char *name = DP_SPLIT_NONE;
	size_t len = sizeof(DP_SPLIT_NONE) - 1;

	if (r->meta[DP_META_SPLIT] && r->meta_len[DP_META_SPLIT]) {
		name = r->meta[DP_META_SPLIT];
		len = r->meta_len[DP_META_SPLIT];
	} else if (r->member && r->member->split && r->member->split[0]) {
		name = r->member->split;
		len = strlen(name);
	}
	return dp_tally_add(&s->records, name, len, 1, r->text_len) == -2 ? DP_FATAL : DP_OK;
}

int dp_splits_add_member(struct dp_splits *s, const struct dp_member *m, uint64_t bytes)
{
	const char *name = m->split && m->split[0] ? m->split : DP_SPLIT_NONE;

	if (m->kind == DP_MEMBER_ARCHIVE || m->kind == DP_MEMBER_SPECIAL)
		return DP_OK;
	return dp_tally_add(&s->members, name, strlen(name), 1, bytes) == -2 ? DP_FATAL : DP_OK;
}

int dp_splits_merge(struct dp_splits *into, const struct dp_splits *from)
{
	if (dp_tally_merge(&into->records, &from->records) ||
	    dp_tally_merge(&into->members, &from->members))
		return DP_FATAL;
	return DP_OK;
}

static void report_split(const struct dp_splits *s, const char *name, struct dp_json *out)
{
	long r = dp_tally_find(&s->records, name, strlen(name));
	long m = dp_tally_find(&s->members, name, strlen(name));
	uint64_t recs = r >= 0 ? s->records.e[r].n : 0;

	dp_json_obj_begin(out);
	dp_json_kv_str(out, "name", name);
	dp_json_kv_u64(out, "records", recs);
	dp_json_kv_u64(out, "text_bytes", r >= 0 ? s->records.e[r].bytes : 0);
	dp_json_kv_u64(out, "members", m >= 0 ? s->members.e[m].n : 0);
	dp_json_kv_u64(out, "bytes", m >= 0 ? s->members.e[m].bytes : 0);
	dp_json_kv_str(out, "size_category", dp_splits_size_category(recs));
	dp_json_obj_end(out);
}

void dp_splits_report(const struct dp_splits *s, uint64_t total_records, struct dp_json *out)
{
	struct dp_tally names;
	size_t *ord, i;

	/* The union of both tables' names, sorted. */
	dp_tally_init(&names, 0);
	dp_tally_merge(&names, &s->records);
	dp_tally_merge(&names, &s->members);
	ord = dp_tally_sorted_by_key(&names);
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", total_records);
	dp_json_kv_str(out, "size_category", dp_splits_size_category(total_records));
	/* Records whose split name came past the DP_SPLITS_MAX-th distinct one. */
	dp_json_kv_u64(out, "records_unlisted", s->records.dropped_n);
	dp_json_key(out, "splits");
	dp_json_arr_begin(out);
	for (i = 0; ord && i < names.len; i++)
		report_split(s, dp_tally_key(&names, ord[i]), out);
	dp_json_arr_end(out);
	dp_json_obj_end(out);
	free(ord);
	dp_tally_release(&names);
}

void dp_splits_save(const struct dp_splits *s, struct dp_json *out)
{
	dp_json_obj_begin(out);
	dp_json_key(out, "records");
	dp_tally_save(&s->records, out);
	dp_json_key(out, "members");
	dp_tally_save(&s->members, out);
	dp_json_obj_end(out);
}

int dp_splits_load(struct dp_splits *s, yajl_val v)
{
	if (dp_tally_load(&s->records, dp_jt_get(v, "records")) ||
	    dp_tally_load(&s->members, dp_jt_get(v, "members")))
		return DP_FATAL;
	return DP_OK;
}

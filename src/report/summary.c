/* summary.c - the pipeline's own counters. */
#include "report/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

void dp_count_add(struct dp_count *v, size_t *n, const char *name, size_t name_len,
		  uint64_t records, uint64_t bytes)
{
	char key[32];
	size_t i;

	if (name_len >= sizeof(key))
		name_len = sizeof(key) - 1;
	memcpy(key, name, name_len);
	key[name_len] = '\0';
	for (i = 0; i < *n; i++)
		if (!strcmp(v[i].name, key))
			break;
	if (i == *n) {
		/* the last slot is "other": every name past the others is counted there */
		if (*n >= DP_SUMMARY_MAX_COUNTS - 1 && strcmp(key, "other")) {
			dp_count_add(v, n, "other", 5, records, bytes);
			return;
		}
		memcpy(v[i].name, key, name_len + 1);
		v[i].records = 0;
		v[i].bytes = 0;
		(*n)++;
	}
	v[i].records += records;
	v[i].bytes += bytes;
}

struct dp_member_row *dp_input_result_add(struct dp_input_result *r, const char *origin)
{
	struct dp_member_row *row;

	if (dp_array_grow((void **)&r->members, &r->cap_members, r->n_members + 1,
			  sizeof(*r->members)))
		return NULL;
	row = &r->members[r->n_members];
	memset(row, 0, sizeof(*row));
	row->origin = strdup(origin);
	if (!row->origin)
		return NULL;
	r->n_members++;
	return row;
}

void dp_input_result_release(struct dp_input_result *r)
{
	size_t i;

	for (i = 0; i < r->n_members; i++) {
		free(r->members[i].origin);
		free(r->members[i].notes);
	}
	free(r->members);
	dp_input_info_release(&r->info);
	memset(r, 0, sizeof(*r));
}

void dp_summary_merge(struct dp_summary *into, const struct dp_summary *from)
{
	size_t i;

	into->records += from->records;
	into->text_bytes += from->text_bytes;
	into->records_with_text += from->records_with_text;
	into->records_empty_text += from->records_empty_text;
	into->malformed += from->malformed;
	into->oversize += from->oversize;
	into->invalid_utf8 += from->invalid_utf8;
	into->depth_limited += from->depth_limited;
	into->bytes_decoded += from->bytes_decoded;
	for (i = 0; i < from->n_by_format; i++)
		dp_count_add(into->by_format, &into->n_by_format, from->by_format[i].name,
			     strlen(from->by_format[i].name), from->by_format[i].records,
			     from->by_format[i].bytes);
	for (i = 0; i < from->n_by_split; i++)
		dp_count_add(into->by_split, &into->n_by_split, from->by_split[i].name,
			     strlen(from->by_split[i].name), from->by_split[i].records,
			     from->by_split[i].bytes);
}

void dp_summary_release(struct dp_summary *s)
{
	size_t i;

	for (i = 0; i < s->n_inputs; i++)
		dp_input_result_release(&s->inputs[i]);
	free(s->inputs);
	memset(s, 0, sizeof(*s));
}

/* batch.c - record copies in one arena. */
#include "cli/batch.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"

/* A record as offsets into the arena (pointers are made at seal time). */
struct dp_batch_rec {
	struct dp_record r;          /* scalar fields; pointers are not valid here */
	size_t member;               /* index into b->members */
	size_t text_off;
	size_t spans_first, n_spans; /* into a per-batch span list, field names as offsets */
	size_t fields_first, n_fields;
	size_t meta_off[DP_META_COUNT];
	int meta_set[DP_META_COUNT];
};

/* Spans and fields are stored as offsets in the same structs, then fixed. */

void dp_batch_init(struct dp_batch *b)
{
	memset(b, 0, sizeof(*b));
	dp_buf_init(&b->arena, 0);
}

void dp_batch_release(struct dp_batch *b)
{
	dp_buf_release(&b->arena);
	free(b->recs);
	free(b->members);
	free(b->member_name_off);
	free(b->out);
	free(b->spans);
	free(b->fields);
	memset(b, 0, sizeof(*b));
}

void dp_batch_reset(struct dp_batch *b)
{
	dp_buf_reset(&b->arena);
	b->n = 0;
	b->n_members = 0;
	b->n_spans = 0;
	b->n_fields = 0;
}

int dp_batch_full(const struct dp_batch *b)
{
	return b->n >= DP_BATCH_RECORDS || b->arena.len >= DP_BATCH_BYTES;
}

/* Append bytes and a NUL; returns the offset or (size_t)-1. */
static size_t put(struct dp_batch *b, const char *s, size_t n)
{
	size_t off = b->arena.len;

	if (dp_buf_add0(&b->arena, s, n) != 0)
		return (size_t)-1;
	return off;
}

static int add_member(struct dp_batch *b, const struct dp_member *m)
{
	size_t i = b->n_members;
	size_t o1, o2;

	if (i && b->members[i - 1].input_index == m->input_index &&
	    b->members[i - 1].member_index == m->member_index)
		return 0;
	if (dp_array_grow((void **)&b->members, &b->cap_members, i + 1, sizeof(*b->members)) ||
	    dp_array_grow((void **)&b->member_name_off, &b->cap_name_off, 2 * (i + 1),
			  sizeof(size_t)))
		return -1;
	o1 = put(b, m->origin, strlen(m->origin));
	o2 = put(b, m->name ? m->name : "", m->name ? strlen(m->name) : 0);
	if (o1 == (size_t)-1 || o2 == (size_t)-1)
		return -1;
	b->members[i] = *m;
	b->member_name_off[2 * i] = o1;
	b->member_name_off[2 * i + 1] = o2;
	b->n_members++;
	return 0;
}

static int copy_spans(struct dp_batch *b, struct dp_batch_rec *br, const struct dp_record *r)
{
	size_t i;

	br->spans_first = b->n_spans;
	br->n_spans = r->n_spans;
	if (dp_array_grow((void **)&b->spans, &b->cap_spans, b->n_spans + r->n_spans,
			  sizeof(*b->spans)))
		return -1;
	for (i = 0; i < r->n_spans; i++) {
		struct dp_text_span *s = &b->spans[b->n_spans++];
		size_t off = put(b, r->spans[i].field, strlen(r->spans[i].field));
		if (off == (size_t)-1)
			return -1;
		*s = r->spans[i];
		s->field = (const char *)(uintptr_t)off;
	}
	return 0;
}

static int copy_fields(struct dp_batch *b, struct dp_batch_rec *br, const struct dp_record *r)
{
	size_t i;

	br->fields_first = b->n_fields;
	br->n_fields = r->n_fields;
	if (dp_array_grow((void **)&b->fields, &b->cap_fields, b->n_fields + r->n_fields,
			  sizeof(*b->fields)))
		return -1;
	for (i = 0; i < r->n_fields; i++) {
		struct dp_field *f = &b->fields[b->n_fields++];
		size_t po = put(b, r->fields[i].path, r->fields[i].path_len);
		size_t vo = put(b, r->fields[i].value, r->fields[i].value_len);
		if (po == (size_t)-1 || vo == (size_t)-1)
			return -1;
		*f = r->fields[i];
		f->path = (const char *)(uintptr_t)po;
		f->value = (const char *)(uintptr_t)vo;
	}
	return 0;
}

/* Bytes [p, p + n) that are the whole value of one of the record's fields (the usual case
 * for its text and metadata): their copy is that field's, at the returned arena offset.
 * (size_t)-1 when they are not. */
static size_t copied_field(const struct dp_batch *b, const struct dp_batch_rec *br,
			  const struct dp_record *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < r->n_fields; i++)
		if (r->fields[i].value == p && r->fields[i].value_len == n)
			return (size_t)(uintptr_t)b->fields[br->fields_first + i].value;
	return (size_t)-1;
}

/* Copy bytes the record points to, unless they are a field's value already copied. */
static size_t put_shared(struct dp_batch *b, const struct dp_batch_rec *br,
			 const struct dp_record *r, const char *p, size_t n)
{
	size_t off = copied_field(b, br, r, p, n);

	return off != (size_t)-1 ? off : put(b, p, n);
}

int dp_batch_add(struct dp_batch *b, const struct dp_record *r)
{
	struct dp_batch_rec *br;
	size_t k;

	if (dp_array_grow((void **)&b->recs, &b->cap, b->n + 1, sizeof(*b->recs)) ||
	    add_member(b, r->member))
		return -1;
	br = &b->recs[b->n];
	br->r = *r;
	br->member = b->n_members - 1;
	if (copy_spans(b, br, r) || copy_fields(b, br, r))
		return -1;
	br->text_off = put_shared(b, br, r, r->text, r->text_len);
	if (br->text_off == (size_t)-1)
		return -1;
	for (k = 0; k < DP_META_COUNT; k++) {
		br->meta_set[k] = r->meta[k] != NULL;
		br->meta_off[k] = br->meta_set[k] ? put_shared(b, br, r, r->meta[k], r->meta_len[k]) : 0;
		if (br->meta_off[k] == (size_t)-1)
			return -1;
	}
	b->n++;
	return 0;
}

int dp_batch_seal(struct dp_batch *b)
{
	const char *base = b->arena.data;
	size_t i, k;

	if (dp_array_grow((void **)&b->out, &b->cap_out, b->n, sizeof(*b->out)))
		return -1;
	for (i = 0; i < b->n_members; i++) {
		b->members[i].origin = base + b->member_name_off[2 * i];
		b->members[i].name = base + b->member_name_off[2 * i + 1];
	}
	for (i = 0; i < b->n_spans; i++)
		b->spans[i].field = base + (uintptr_t)b->spans[i].field;
	for (i = 0; i < b->n_fields; i++) {
		b->fields[i].path = base + (uintptr_t)b->fields[i].path;
		b->fields[i].value = base + (uintptr_t)b->fields[i].value;
	}
	for (i = 0; i < b->n; i++) {
		const struct dp_batch_rec *br = &b->recs[i];
		struct dp_record *r = &b->out[i];
		*r = br->r;
		r->member = &b->members[br->member];
		r->text = base + br->text_off;
		r->spans = b->spans + br->spans_first;
		r->fields = br->n_fields ? b->fields + br->fields_first : NULL;
		for (k = 0; k < DP_META_COUNT; k++)
			r->meta[k] = br->meta_set[k] ? base + br->meta_off[k] : NULL;
	}
	return 0;
}

/* recbuild.c - field collection, text selection and metadata capture for one record. */
#include "reader/recbuild.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const default_text_fields[] = { "text", "content", "body" };

static void names_init(struct dp_recbuild *b, const struct dp_config *cfg)
{
	size_t i, k;

	b->text_is_default = cfg->text_fields.n == 0;
	if (b->text_is_default)
		for (i = 0; i < sizeof(default_text_fields) / sizeof(*default_text_fields); i++)
			b->text_names[b->n_text_names++] =
				(struct dp_recbuild_name){ default_text_fields[i], strlen(default_text_fields[i]) };
	for (i = 0; i < cfg->text_fields.n; i++)
		b->text_names[b->n_text_names++] =
			(struct dp_recbuild_name){ cfg->text_fields.v[i], strlen(cfg->text_fields.v[i]) };
	for (k = 0; k < DP_META_COUNT; k++) {
		for (i = 0; i < cfg->meta_fields[k].n; i++)
			b->meta_names[k][i] = (struct dp_recbuild_name){ cfg->meta_fields[k].v[i],
									 strlen(cfg->meta_fields[k].v[i]) };
		b->n_meta_names[k] = cfg->meta_fields[k].n;
	}
}

void dp_recbuild_init(struct dp_recbuild *b, const struct dp_reader_ctx *rc)
{
	memset(b, 0, sizeof(*b));
	b->rc = rc;
	names_init(b, rc->cfg);
	dp_buf_init(&b->arena, (size_t)rc->cfg->limits.max_record_bytes * 2 + 4096);
	dp_buf_init(&b->text, (size_t)rc->cfg->limits.max_record_bytes + 4096);
}

void dp_recbuild_release(struct dp_recbuild *b)
{
	dp_buf_release(&b->arena);
	dp_buf_release(&b->text);
	free(b->raw);
	free(b->fields);
	free(b->spans);
	b->raw = NULL;
	b->fields = NULL;
	b->spans = NULL;
}

void dp_recbuild_begin(struct dp_recbuild *b, uint64_t offset, uint64_t line)
{
	dp_buf_reset(&b->arena);
	dp_buf_reset(&b->text);
	b->n_fields = 0;
	b->n_spans = 0;
	b->single = NULL;
	b->oversize = 0;
	b->depth_limited = 0;
	b->offset = offset;
	b->line = line;
}

static int grow_fields(struct dp_recbuild *b)
{
	size_t cap = b->cap_fields ? b->cap_fields * 2 : 64;
	struct dp_recbuild_field *r = realloc(b->raw, cap * sizeof(*r));

	if (!r)
		return DP_FATAL;
	b->raw = r;
	struct dp_field *f = realloc(b->fields, cap * sizeof(*f));
	if (!f)
		return DP_FATAL;
	b->fields = f;
	b->cap_fields = cap;
	return DP_OK;
}

int dp_recbuild_field(struct dp_recbuild *b, const char *path, size_t path_len,
		      enum dp_value_type type, const char *value, size_t value_len)
{
	struct dp_recbuild_field *f;
	size_t po, vo;
	int rc;

	if (b->oversize)
		return DP_OK;
	if (b->n_fields >= b->rc->cfg->limits.max_fields) {
		b->oversize = 1;
		return DP_OK;
	}
	if (b->n_fields == b->cap_fields && grow_fields(b) != DP_OK)
		return DP_FATAL;
	po = b->arena.len;
	rc = dp_buf_add0(&b->arena, path, path_len);
	vo = b->arena.len;
	if (rc == DP_OK)
		rc = dp_buf_add0(&b->arena, value, value_len);
	if (rc == DP_WARN) {
		b->oversize = 1;
		return DP_OK;
	}
	if (rc != DP_OK)
		return rc;
	f = &b->raw[b->n_fields++];
	f->path_off = po;
	f->path_len = path_len;
	f->val_off = vo;
	f->val_len = value_len;
	f->type = type;
	return DP_OK;
}

int dp_recbuild_real(struct dp_recbuild *b, const char *path, size_t path_len, double v,
		     int is_float)
{
	char num[40];
	int prec, n = 0;

	if (!isfinite(v))
		return dp_recbuild_field(b, path, path_len, DP_VT_NULL, "", 0);
	for (prec = is_float ? 6 : 15; prec <= (is_float ? 9 : 17); prec++) {
		n = snprintf(num, sizeof(num), "%.*g", prec, v);
		if (is_float ? (float)strtod(num, NULL) == (float)v : strtod(num, NULL) == v)
			break;
	}
	return dp_recbuild_field(b, path, path_len, DP_VT_NUMBER, num, (size_t)n);
}

void dp_recbuild_depth_limited(struct dp_recbuild *b)
{
	b->depth_limited = 1;
}

void dp_recbuild_oversize(struct dp_recbuild *b)
{
	b->oversize = 1;
}

/* Field names are matched ignoring ASCII case: CSV exports and spreadsheets name their
 * columns "Text" and "License", and a License column read as no license field at all
 * raised the no-license gap over records that carry one. */
static int path_eq(const struct dp_field *f, const struct dp_recbuild_name *p)
{
	size_t i;

	if (f->path_len != p->n)
		return 0;
	for (i = 0; i < p->n; i++) {
		unsigned char a = (unsigned char)f->path[i], b = (unsigned char)p->s[i];
		if (a != b && (a | 0x20) != (b | 0x20))
			return 0;
		if (a != b && !((a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
			return 0;
	}
	return 1;
}

/* A text field: the common single one is used in place (its value is NUL-terminated in
 * the arena); a second one starts the joined copy, a newline between fields. */
static int add_span(struct dp_recbuild *b, const struct dp_field *f)
{
	struct dp_text_span *s;

	if (b->n_spans == b->cap_spans) {
		size_t cap = b->cap_spans ? b->cap_spans * 2 : 8;
		struct dp_text_span *v = realloc(b->spans, cap * sizeof(*v));
		if (!v)
			return DP_FATAL;
		b->spans = v;
		b->cap_spans = cap;
	}
	if (b->single) { /* a second text field: copy the first one now */
		const struct dp_field *first = b->single;
		b->single = NULL;
		if (dp_buf_add(&b->text, first->value, first->value_len) != DP_OK) {
			b->spans[0].len = 0;
			return DP_WARN;
		}
	}
	if (b->n_spans && dp_buf_addc(&b->text, '\n') != DP_OK)
		return DP_WARN;
	s = &b->spans[b->n_spans++];
	s->field = f->path;
	s->offset = b->text.len;
	s->len = f->value_len;
	if (b->n_spans == 1) {
		b->single = f;
		return DP_OK;
	}
	if (dp_buf_add(&b->text, f->value, f->value_len) != DP_OK) {
		s->len = 0;
		return DP_WARN;
	}
	return DP_OK;
}

static int is_meta_path(const struct dp_recbuild *b, const struct dp_field *f)
{
	size_t k, i;

	for (k = 0; k < DP_META_COUNT; k++)
		for (i = 0; i < b->n_meta_names[k]; i++)
			if (path_eq(f, &b->meta_names[k][i]))
				return 1;
	return 0;
}

/* Add every string field whose path is `p`; returns how many matched, or -1 on error. */
static int spans_for_path(struct dp_recbuild *b, const struct dp_recbuild_name *p)
{
	size_t i;
	int n = 0;

	for (i = 0; i < b->n_fields; i++) {
		if (b->fields[i].type != DP_VT_STRING || !path_eq(&b->fields[i], p))
			continue;
		if (add_span(b, &b->fields[i]) == DP_FATAL)
			return -1;
		n++;
	}
	return n;
}

static int select_text(struct dp_recbuild *b)
{
	size_t i;

	for (i = 0; i < b->n_text_names; i++) {
		int n = spans_for_path(b, &b->text_names[i]);
		if (n < 0)
			return DP_FATAL;
		if (n > 0 && b->text_is_default)
			return DP_OK; /* the first default that exists */
	}
	if (!b->text_is_default)
		return DP_OK;
	for (i = 0; i < b->n_fields; i++)
		if (b->fields[i].type == DP_VT_STRING && !is_meta_path(b, &b->fields[i]) &&
		    add_span(b, &b->fields[i]) == DP_FATAL)
			return DP_FATAL;
	return DP_OK;
}

/* A split field's value is shown as a name in the report and card (records per split,
 * leakage): one that does not look like a split name (a letter, then letters, digits,
 * '_', '-', '.' or spaces, at most 64 bytes) could be anything, an address or a phone
 * number among them, so it is counted under one fixed name instead. */
static int split_value_ok(const char *v, size_t n)
{
	size_t i;
	int letter = 0;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		int alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		letter |= alpha;
		if (!alpha && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.' && c != ' ')
			return 0;
	}
	return letter;
}

static void select_meta(const struct dp_recbuild *b, struct dp_record *r)
{
	size_t k, i, j;

	for (k = 0; k < DP_META_COUNT; k++) {
		for (i = 0; i < b->n_meta_names[k] && !r->meta[k]; i++) {
			for (j = 0; j < b->n_fields; j++) {
				const struct dp_field *f = &b->fields[j];
				if (f->type == DP_VT_OBJECT || f->type == DP_VT_ARRAY ||
				    !path_eq(f, &b->meta_names[k][i]))
					continue;
				r->meta[k] = f->value;
				r->meta_len[k] = f->value_len;
				break;
			}
		}
	}
	if (r->meta[DP_META_SPLIT] && r->meta_len[DP_META_SPLIT] &&
	    !split_value_ok(r->meta[DP_META_SPLIT], r->meta_len[DP_META_SPLIT])) {
		r->meta[DP_META_SPLIT] = DP_SPLIT_UNRECOGNIZED;
		r->meta_len[DP_META_SPLIT] = sizeof(DP_SPLIT_UNRECOGNIZED) - 1;
	}
}

int dp_recbuild_end(struct dp_recbuild *b)
{
	const struct dp_reader_ctx *rc = b->rc;
	struct dp_record r;
	size_t i;
	int st;

	for (i = 0; i < b->n_fields; i++) {
		const struct dp_recbuild_field *f = &b->raw[i];
		b->fields[i].path = b->arena.data + f->path_off;
		b->fields[i].path_len = f->path_len;
		b->fields[i].value = b->arena.data + f->val_off;
		b->fields[i].value_len = f->val_len;
		b->fields[i].type = f->type;
	}
	memset(&r, 0, sizeof(r));
	st = select_text(b);
	if (st == DP_FATAL)
		return st;
	if (st == DP_WARN)
		b->oversize = 1;
	r.member = rc->member;
	r.index = rc->stats->records;
	r.seq = dp_seq_make(rc->member->input_index, (*rc->seq_counter)++);
	r.offset = b->offset;
	r.line = b->line;
	r.text = b->single ? b->single->value : b->text.data ? b->text.data : "";
	r.text_len = b->single ? b->single->value_len : b->text.len;
	r.spans = b->spans;
	r.n_spans = b->n_spans;
	r.has_text_field = b->n_spans > 0;
	r.text_invalid_utf8 = !dp_utf8_valid(r.text, r.text_len);
	r.truncated = b->oversize;
	r.fields = b->fields;
	r.n_fields = b->n_fields;
	select_meta(b, &r);
	rc->stats->records++;
	rc->stats->oversize += (uint64_t)b->oversize;
	rc->stats->invalid_utf8 += (uint64_t)r.text_invalid_utf8;
	rc->stats->depth_limited += (uint64_t)b->depth_limited;
	return rc->emit(rc->emit_ctx, &r);
}

int dp_reader_emit_text(const struct dp_reader_ctx *rc, const char *text, size_t len,
			uint64_t offset, uint64_t line, int truncated)
{
	struct dp_text_span span = { "", 0, len };
	struct dp_record r;

	memset(&r, 0, sizeof(r));
	r.member = rc->member;
	r.index = rc->stats->records;
	r.seq = dp_seq_make(rc->member->input_index, (*rc->seq_counter)++);
	r.offset = offset;
	r.line = line;
	r.text = text ? text : "";
	r.text_len = len;
	r.spans = &span;
	r.n_spans = 1;
	r.has_text_field = 1;
	r.text_invalid_utf8 = !dp_utf8_valid(r.text, len);
	r.truncated = truncated;
	rc->stats->records++;
	rc->stats->oversize += (uint64_t)(truncated != 0);
	rc->stats->invalid_utf8 += (uint64_t)r.text_invalid_utf8;
	return rc->emit(rc->emit_ctx, &r);
}

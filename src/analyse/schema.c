/* schema.c - per-path type, presence, emptiness and value statistics. */
#include "analyse/schema.h"
#include "rules/mask.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "analyse/state_io.h"

static const char *const type_names[DP_SCHEMA_TYPES] = {
	"null", "bool", "number", "string", "object", "array"
};

const char *dp_schema_type_name(int t)
{
	return t >= 0 && t < DP_SCHEMA_TYPES ? type_names[t] : "unknown";
}

void dp_schema_init(struct dp_schema *s)
{
	memset(s, 0, sizeof(*s));
	dp_tally_init(&s->paths, DP_SCHEMA_MAX_FIELDS);
}

void dp_schema_release(struct dp_schema *s)
{
	size_t i;

	for (i = 0; i < s->paths.len; i++) {
		dp_tally_release(&s->fields[i].values);
		free(s->fields[i].hll);
	}
	free(s->fields);
	dp_tally_release(&s->paths);
	dp_schema_init(s);
}

/* Index of the field for `path`, creating it; -1 when the path cap refused it, -2 when out
 * of memory. */
static long field_get(struct dp_schema *s, const char *path, size_t len)
{
	size_t before = s->paths.len, n;
	long i = dp_tally_add(&s->paths, path, len, 1, 0);
	struct dp_schema_field *f;

	if (i < 0 || s->paths.len == before)
		return i;
	if (s->paths.len > s->alloc) {
		n = s->alloc ? s->alloc * 2 : 16;
		f = realloc(s->fields, n * sizeof(*f));
		if (!f)
			return -2;
		s->fields = f;
		s->alloc = n;
	}
	f = &s->fields[i];
	memset(f, 0, sizeof(*f));
	dp_tally_init(&f->values, 0);
	f->hll = malloc(sizeof(*f->hll));
	if (!f->hll)
		return -2;
	dp_hll_init(f->hll);
	return i;
}

static void go_high(struct dp_schema_field *f)
{
	f->high_card = 1;
	dp_tally_release(&f->values);
}

/* Record one scalar value for the low-cardinality table and the HLL. */
static int add_value(struct dp_schema_field *f, const char *v, size_t n)
{
	dp_hll_add(f->hll, v, n);
	if (f->high_card)
		return DP_OK;
	if (n > DP_SCHEMA_VALUE_MAX) {
		go_high(f);
		return DP_OK;
	}
	if (dp_tally_add(&f->values, v, n, 1, 0) == -2)
		return DP_FATAL;
	if (f->values.len > DP_SCHEMA_MAX_VALUES)
		go_high(f);
	return DP_OK;
}

/* 1 when field `f` (a container) is followed by a child or element in the list. */
static int has_child(const struct dp_field *f, const struct dp_field *next, const struct dp_field *end)
{
	if (next >= end || next->path_len < f->path_len ||
	    memcmp(next->path, f->path, f->path_len))
		return 0;
	return next->path_len == f->path_len || next->path[f->path_len] == '.';
}

static int is_empty(const struct dp_field *f, const struct dp_field *end)
{
	switch (f->type) {
	case DP_VT_NULL:
		return 1;
	case DP_VT_STRING:
		return f->value_len == 0;
	case DP_VT_OBJECT:
	case DP_VT_ARRAY:
		return !has_child(f, f + 1, end);
	default:
		return 0;
	}
}

/* 1 when a is b or a path under b ("b.x"). */
static int under(const struct dp_field *a, const struct dp_field *b)
{
	return a->path_len >= b->path_len && !memcmp(a->path, b->path, b->path_len) &&
	       (a->path_len == b->path_len || a->path[b->path_len] == '.');
}

static int count_field(struct dp_schema *s, const struct dp_field *f, const struct dp_field *end,
		       int element)
{
	long i = field_get(s, f->path, f->path_len);
	struct dp_schema_field *sf;
	unsigned t = (unsigned)f->type < DP_SCHEMA_TYPES ? (unsigned)f->type : DP_VT_NULL;

	if (i == -2)
		return DP_FATAL;
	if (i < 0) {
		s->fields_dropped++;
		return DP_OK;
	}
	sf = &s->fields[i];
	if (sf->stamp != s->records) {
		sf->stamp = s->records;
		sf->records++;
	}
	if (element)
		sf->item_types[t]++;
	else
		sf->types[t]++;
	sf->empty += (uint64_t)is_empty(f, end);
	if (t == DP_VT_STRING || t == DP_VT_NUMBER || t == DP_VT_BOOL)
		return add_value(sf, f->value, f->value_len);
	return DP_OK;
}

int dp_schema_add(struct dp_schema *s, const struct dp_field *f, size_t n)
{
	const struct dp_field *open[DP_SCHEMA_ARRAY_DEPTH], *end = f + n;
	size_t depth = 0, i;
	int element, rc;

	if (!n)
		return DP_OK;
	s->records++; /* also the stamp that makes presence per record */
	for (i = 0; i < n; i++) {
		while (depth && !under(&f[i], open[depth - 1]))
			depth--;
		element = depth && f[i].path_len == open[depth - 1]->path_len;
		rc = count_field(s, &f[i], end, element);
		if (rc != DP_OK)
			return rc;
		if (f[i].type == DP_VT_ARRAY && depth < DP_SCHEMA_ARRAY_DEPTH)
			open[depth++] = &f[i];
	}
	return DP_OK;
}

static int merge_field(struct dp_schema_field *a, const struct dp_schema_field *b)
{
	unsigned t;

	for (t = 0; t < DP_SCHEMA_TYPES; t++) {
		a->types[t] += b->types[t];
		a->item_types[t] += b->item_types[t];
	}
	a->records += b->records;
	a->empty += b->empty;
	dp_hll_merge(a->hll, b->hll);
	if (b->high_card && !a->high_card)
		go_high(a);
	if (a->high_card)
		return DP_OK;
	if (dp_tally_merge(&a->values, &b->values))
		return DP_FATAL;
	if (a->values.len > DP_SCHEMA_MAX_VALUES)
		go_high(a);
	return DP_OK;
}

int dp_schema_merge(struct dp_schema *into, const struct dp_schema *from)
{
	size_t i;
	long j;

	into->records += from->records;
	into->fields_dropped += from->fields_dropped;
	for (i = 0; i < from->paths.len; i++) {
		j = field_get(into, dp_tally_key(&from->paths, i), from->paths.e[i].key_len);
		if (j == -2)
			return DP_FATAL;
		if (j < 0) { /* over the path cap: count its occurrences as dropped */
			into->fields_dropped += from->paths.e[i].n;
			continue;
		}
		/* field_get counted one occurrence; paths.n is the sum of occurrences. */
		into->paths.e[j].n += from->paths.e[i].n - 1;
		if (merge_field(&into->fields[j], &from->fields[i]) != DP_OK)
			return DP_FATAL;
	}
	return DP_OK;
}

static void report_types(const char *key, const uint64_t *types, struct dp_json *out)
{
	int t;

	dp_json_key(out, key);
	dp_json_obj_begin(out);
	for (t = 0; t < DP_SCHEMA_TYPES; t++)
		if (types[t])
			dp_json_kv_u64(out, type_names[t], types[t]);
	dp_json_obj_end(out);
}

/* The one type name, "mixed" when several, "none" when only array elements were seen. */
static const char *main_type(const uint64_t *types)
{
	int t, found = -1;

	for (t = 0; t < DP_SCHEMA_TYPES; t++) {
		if (!types[t] || t == DP_VT_NULL)
			continue;
		if (found >= 0)
			return "mixed";
		found = t;
	}
	if (found < 0)
		return types[DP_VT_NULL] ? "null" : "none";
	return type_names[found];
}

/* The categorical values, PII-masked and cut to VALUE_SHOWN bytes (a value is a label,
 * not a text to reproduce). */
#define VALUE_SHOWN 200
static void report_values(const struct dp_schema_field *f, struct dp_json *out,
			  const struct dp_rules *rules, struct dp_rules_scratch *scratch)
{
	struct dp_buf masked;
	size_t *ord, i;

	if (!rules || !scratch)
		return; /* values cannot be masked: list none rather than raw ones */
	ord = dp_tally_sorted(&f->values);
	dp_buf_init(&masked, 0);
	dp_json_key(out, "values");
	dp_json_arr_begin(out);
	for (i = 0; ord && i < f->values.len; i++) {
		dp_json_obj_begin(out);
		dp_buf_reset(&masked);
		dp_rules_mask(rules, scratch, dp_tally_key(&f->values, ord[i]),
			      f->values.e[ord[i]].key_len, &masked);
		dp_json_key(out, "value");
		dp_json_strn(out, masked.data ? masked.data : "",
			     masked.len > VALUE_SHOWN ? VALUE_SHOWN : masked.len);
		dp_json_kv_u64(out, "count", f->values.e[ord[i]].n);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_buf_release(&masked);
	free(ord);
}

/* A field path is made of the data's own keys, and JSON objects keyed by address
 * ({"votes": {"jane@corp.com": 1}}) make paths of PII: the path is masked like a value,
 * and marked "masked" (it no longer names the field: croissant.json leaves it out). */
static void report_path(const char *path, struct dp_json *out, const struct dp_rules *rules,
			struct dp_rules_scratch *scratch)
{
	struct dp_buf masked;
	size_t n = strlen(path);

	dp_buf_init(&masked, 0);
	if (rules && scratch && dp_rules_mask(rules, scratch, path, n, &masked) == DP_OK &&
	    (masked.len != n || memcmp(masked.data, path, n) != 0)) {
		dp_json_key(out, "path");
		dp_json_strn(out, masked.data ? masked.data : "", masked.len);
		dp_json_kv_bool(out, "masked", 1);
	} else {
		dp_json_kv_str(out, "path", path);
	}
	dp_buf_release(&masked);
}

static void report_field(const struct dp_schema *s, size_t i, struct dp_json *out,
			 const struct dp_rules *rules, struct dp_rules_scratch *scratch)
{
	const struct dp_schema_field *f = &s->fields[i];
	uint64_t nvals = 0;
	int t;

	for (t = 0; t < DP_SCHEMA_TYPES; t++)
		nvals += f->types[t] + f->item_types[t];
	dp_json_obj_begin(out);
	report_path(dp_tally_key(&s->paths, i), out, rules, scratch);
	dp_json_kv_str(out, "type", main_type(f->types));
	report_types("types", f->types, out);
	if (f->types[DP_VT_ARRAY])
		report_types("item_types", f->item_types, out);
	dp_json_kv_u64(out, "records", f->records);
	dp_json_kv_double(out, "presence", s->records ? (double)f->records / (double)s->records : 0);
	dp_json_kv_u64(out, "empty", f->empty);
	dp_json_kv_double(out, "empty_rate", nvals ? (double)f->empty / (double)nvals : 0);
	dp_json_kv_u64(out, "distinct", f->high_card ? dp_hll_estimate(f->hll) : f->values.len);
	dp_json_kv_bool(out, "distinct_exact", !f->high_card);
	dp_json_kv_bool(out, "categorical", !f->high_card && f->values.len > 0);
	if (!f->high_card && f->values.len > 0)
		report_values(f, out, rules, scratch);
	dp_json_obj_end(out);
}

void dp_schema_report(const struct dp_schema *s, struct dp_json *out, const struct dp_rules *rules,
		      struct dp_rules_scratch *scratch)
{
	size_t *ord = dp_tally_sorted_by_key(&s->paths), i;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", s->records);
	dp_json_kv_u64(out, "fields_dropped", s->fields_dropped);
	dp_json_kv_double(out, "distinct_error", DP_HLL_STDERR);
	dp_json_key(out, "fields");
	dp_json_arr_begin(out);
	for (i = 0; ord && i < s->paths.len; i++)
		report_field(s, ord[i], out, rules, scratch);
	dp_json_arr_end(out);
	dp_json_obj_end(out);
	free(ord);
}

static void save_field(const struct dp_schema *s, size_t i, struct dp_json *out)
{
	const struct dp_schema_field *f = &s->fields[i];

	dp_json_obj_begin(out);
	dp_json_key(out, "path");
	dp_state_save_bytes(out, dp_tally_key(&s->paths, i), s->paths.e[i].key_len);
	dp_json_kv_u64(out, "n", s->paths.e[i].n);
	dp_json_key(out, "types");
	dp_state_save_u64s(out, f->types, DP_SCHEMA_TYPES);
	dp_json_key(out, "item_types");
	dp_state_save_u64s(out, f->item_types, DP_SCHEMA_TYPES);
	dp_json_kv_u64(out, "records", f->records);
	dp_json_kv_u64(out, "empty", f->empty);
	dp_json_kv_bool(out, "high", f->high_card);
	dp_json_key(out, "values");
	dp_tally_save(&f->values, out);
	dp_json_key(out, "hll");
	dp_hll_save(f->hll, out);
	dp_json_obj_end(out);
}

void dp_schema_save(const struct dp_schema *s, struct dp_json *out)
{
	size_t i;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", s->records);
	dp_json_kv_u64(out, "fields_dropped", s->fields_dropped);
	dp_json_key(out, "fields");
	dp_json_arr_begin(out);
	for (i = 0; i < s->paths.len; i++)
		save_field(s, i, out);
	dp_json_arr_end(out);
	dp_json_obj_end(out);
}

/* Read one saved field into a fresh state (`tmp`, holding just that field) so the regular
 * merge does the combining. */
static int load_field(struct dp_schema *tmp, yajl_val v)
{
	char *path = malloc(DP_STATE_KEY_MAX);
	struct dp_schema_field *f;
	uint64_t n, high;
	size_t len;
	long i = -1;

	if (path && !dp_state_load_bytes(dp_jt_get(v, "path"), path, DP_STATE_KEY_MAX, &len) &&
	    !dp_state_u64(v, "n", &n) && n > 0)
		i = field_get(tmp, path, len);
	free(path);
	if (i < 0)
		return DP_FATAL;
	f = &tmp->fields[i];
	tmp->paths.e[i].n = n;
	high = YAJL_IS_TRUE(dp_jt_get(v, "high"));
	if (dp_state_load_u64s(dp_jt_get(v, "types"), f->types, DP_SCHEMA_TYPES) ||
	    dp_state_load_u64s(dp_jt_get(v, "item_types"), f->item_types, DP_SCHEMA_TYPES) ||
	    dp_state_u64(v, "records", &f->records) || dp_state_u64(v, "empty", &f->empty) ||
	    dp_tally_load(&f->values, dp_jt_get(v, "values")) ||
	    dp_hll_load(f->hll, dp_jt_get(v, "hll")))
		return DP_FATAL;
	if (high)
		go_high(f);
	return DP_OK;
}

int dp_schema_load(struct dp_schema *s, yajl_val v)
{
	yajl_val fl = dp_jt_get(v, "fields");
	struct dp_schema tmp;
	uint64_t recs, dropped;
	size_t i;
	int rc = DP_OK;

	if (dp_state_u64(v, "records", &recs) || dp_state_u64(v, "fields_dropped", &dropped) ||
	    !YAJL_IS_ARRAY(fl))
		return DP_FATAL;
	for (i = 0; rc == DP_OK && i < dp_state_len(fl); i++) {
		dp_schema_init(&tmp);
		rc = load_field(&tmp, dp_state_at(fl, i));
		if (rc == DP_OK)
			rc = dp_schema_merge(s, &tmp);
		dp_schema_release(&tmp);
	}
	s->records += recs;
	s->fields_dropped += dropped;
	return rc;
}

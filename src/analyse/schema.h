/* schema.h - the field schema of structured records (JSONL, JSON, CSV), mergeable.
 *
 * Per field path: values seen by type (array elements counted apart, as item types),
 * records where the path is present, empty values ("" , null, [] and {}), a HyperLogLog of
 * the distinct scalar values, and, for low-cardinality fields, the exact value counts.
 *
 * Low cardinality rule (order-independent, so merge(A, B) equals one scan of both): a field
 * keeps exact counts while it has seen at most DP_SCHEMA_MAX_VALUES distinct scalar values,
 * each at most DP_SCHEMA_VALUE_MAX bytes. Its value set is the union of its parts' sets, so
 * a merged field goes high-cardinality exactly when the whole would. High-cardinality fields
 * report the HLL estimate (standard error DP_HLL_STDERR).
 *
 * At most DP_SCHEMA_MAX_FIELDS distinct paths are tracked; fields past that are counted in
 * `fields_dropped` (which paths are kept then depends on input order).
 */
#ifndef DP_ANALYSE_SCHEMA_H
#define DP_ANALYSE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/hll.h"
#include "analyse/tally.h"
#include "core/json.h"
#include "core/record.h"

#define DP_SCHEMA_MAX_VALUES 50
#define DP_SCHEMA_VALUE_MAX 128
#define DP_SCHEMA_MAX_FIELDS 1000
#define DP_SCHEMA_TYPES 6            /* enum dp_value_type */
#define DP_SCHEMA_ARRAY_DEPTH 16

struct dp_schema_field {
	uint64_t types[DP_SCHEMA_TYPES];       /* values by type (not array elements) */
	uint64_t item_types[DP_SCHEMA_TYPES];  /* array elements by type */
	uint64_t records;                      /* records where the path occurs */
	uint64_t empty;                        /* "", null, [], {} */
	uint64_t stamp;                        /* last record counted (not merged) */
	int high_card;                         /* over the low-cardinality rule */
	struct dp_tally values;                /* exact value counts while !high_card */
	struct dp_hll *hll;                    /* owned */
};

struct dp_schema {
	uint64_t records;              /* records with at least one field */
	uint64_t fields_dropped;       /* field occurrences past DP_SCHEMA_MAX_FIELDS paths */
	struct dp_tally paths;         /* path -> index into fields[] */
	struct dp_schema_field *fields;
	size_t alloc;
};

void dp_schema_init(struct dp_schema *s);
void dp_schema_release(struct dp_schema *s);
/* Count one record's fields. DP_OK, or DP_FATAL when out of memory. */
int dp_schema_add(struct dp_schema *s, const struct dp_field *f, size_t n);
int dp_schema_merge(struct dp_schema *into, const struct dp_schema *from);
/* {records, fields_dropped, fields[{path, type, types{}, item_types{}, records, presence,
 *  empty, empty_rate, distinct, distinct_exact, values[{value, count}]}]} sorted by path. */
/* `rules`/`scratch` (may be NULL: then no values are listed at all) mask PII and secrets in
 * the categorical values shown, so the report never carries a raw finding. */
struct dp_rules;
struct dp_rules_scratch;
void dp_schema_report(const struct dp_schema *s, struct dp_json *out, const struct dp_rules *rules,
		      struct dp_rules_scratch *scratch);

/* "string", "number", ... for enum dp_value_type. */
const char *dp_schema_type_name(int t);

/* Save the whole state as JSON; load merges a saved state into s (normally fresh), so
 * merge(load(save(A)), load(save(B))) equals merge(A, B). DP_OK or DP_FATAL. */
void dp_schema_save(const struct dp_schema *s, struct dp_json *out);
int dp_schema_load(struct dp_schema *s, yajl_val v);

#endif

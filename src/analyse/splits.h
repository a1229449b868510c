/* splits.h - records and bytes per split, and Hugging Face size categories.
 *
 * A record's split is its split field (--split-field) when present, else its member's
 * split (declared for its file by a README's configs, else found in its path), else
 * "(none)", as in records.by_split. `records` and `text_bytes` count
 * records by that split; `bytes` and `members` count decoded member bytes by the member's
 * path split. Exact; merge adds (up to DP_SPLITS_MAX distinct split names).
 */
#ifndef DP_ANALYSE_SPLITS_H
#define DP_ANALYSE_SPLITS_H

#include <stddef.h>
#include <stdint.h>

#include "analyse/tally.h"
#include "core/json.h"
#include "core/record.h"

#define DP_SPLITS_MAX 256
#define DP_SPLIT_NONE "(none)"

struct dp_splits {
	struct dp_tally records;  /* split -> records, text bytes */
	struct dp_tally members;  /* split -> members, decoded bytes */
};

/* The Hugging Face size_categories bucket of a record count: "n<1K", "1K<n<10K", ...,
 * "100B<n<1T", "n>1T" (static string). */
const char *dp_splits_size_category(uint64_t n);

void dp_splits_init(struct dp_splits *s);
void dp_splits_release(struct dp_splits *s);
int dp_splits_add_record(struct dp_splits *s, const struct dp_record *r);
int dp_splits_add_member(struct dp_splits *s, const struct dp_member *m, uint64_t bytes);
int dp_splits_merge(struct dp_splits *into, const struct dp_splits *from);
/* {records, size_category, records_unlisted, splits[{name, records, text_bytes, members,
 *  bytes, size_category}]} with splits sorted by name. */
void dp_splits_report(const struct dp_splits *s, uint64_t total_records, struct dp_json *out);

/* Save the state as JSON; load merges a saved state into s. DP_OK or DP_FATAL. */
void dp_splits_save(const struct dp_splits *s, struct dp_json *out);
int dp_splits_load(struct dp_splits *s, yajl_val v);

#endif

/* summary.h - what the pipeline itself measured (inputs, members, record counts), as plain
 * data that report.json is written from. Analysers' sections are written by their own
 * report hooks; this struct holds only the pipeline's part.
 *
 * Every count is a sum, so two summaries merge by adding (dp_summary_merge), which is what
 * the thread join and `dataprov merge` do.
 */
#ifndef DP_REPORT_SUMMARY_H
#define DP_REPORT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "input/archive.h"
#include "reader/reader.h"

struct dp_member_row {
	char *origin;              /* owned */
	const char *format;        /* static string: reader name, binary type or skip reason */
	enum dp_member_kind kind;
	uint32_t input_index, member_index;
	uint64_t bytes, records, malformed, oversize;
	uint64_t first_seq;
	const char *split;         /* static or NULL */
	int status;                /* DP_OK, DP_WARN (partly read) */
	char digest[33];           /* XXH3-128 hex of the decoded bytes ("" when not read) */
	char *notes;               /* owned: the reader's first malformed-record locations */
};

/* A counted name (format, split ...). */
struct dp_count {
	char name[32];             /* truncated copy */
	uint64_t records, bytes;
};

#define DP_SUMMARY_MAX_COUNTS 64

struct dp_input_result {
	struct dp_input_info info;
	struct dp_member_row *members;
	size_t n_members, cap_members;
	uint64_t records;
	int status;                /* DP_OK, DP_WARN */
};

struct dp_summary {
	struct dp_input_result *inputs;  /* in input order */
	size_t n_inputs;
	uint64_t records, text_bytes, records_with_text, records_empty_text;
	uint64_t malformed, oversize, invalid_utf8, depth_limited;
	uint64_t bytes_decoded;
	struct dp_count by_format[DP_SUMMARY_MAX_COUNTS];
	size_t n_by_format;
	struct dp_count by_split[DP_SUMMARY_MAX_COUNTS];
	size_t n_by_split;
};

/* Add to the counter `name` (first n bytes, truncated to 31) in `v`; names past the table's
 * capacity are counted under "other". */
void dp_count_add(struct dp_count *v, size_t *n, const char *name, size_t name_len,
		  uint64_t records, uint64_t bytes);

/* Append a member row (origin copied). Returns the row or NULL when out of memory. */
struct dp_member_row *dp_input_result_add(struct dp_input_result *r, const char *origin);
void dp_input_result_release(struct dp_input_result *r);

/* Fold the counters of `from` into `into` (inputs are not moved). */
void dp_summary_merge(struct dp_summary *into, const struct dp_summary *from);
void dp_summary_release(struct dp_summary *s);

#endif

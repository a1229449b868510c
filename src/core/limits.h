/* limits.h - every resource cap in one place, with its default and its flag.
 *
 * Each cap is a field of struct dp_limits, set from the command line (see cli/options.c).
 * Going over a cap is never fatal: it is a counted event named in report.json
 * (coverage.limits_hit[]), and the rest of the input is still read.
 */
#ifndef DP_CORE_LIMITS_H
#define DP_CORE_LIMITS_H

#include <stdint.h>

#define DP_DEFAULT_MAX_DEPTH 4                      /* --max-depth: archive nesting */
#define DP_DEFAULT_MAX_RATIO 1000                   /* --max-ratio: expansion after 1 MiB */
#define DP_DEFAULT_MAX_MEMBER_BYTES (64ULL << 30)   /* --max-member-bytes: decoded member */
#define DP_DEFAULT_MAX_MEMBERS 10000000ULL          /* --max-members: per top-level input */
#define DP_DEFAULT_MAX_RECORD_BYTES (64ULL << 20)   /* --max-record-bytes: one record */
#define DP_DEFAULT_MAX_FIELD_DEPTH 64               /* --max-field-depth: JSON nesting kept */
#define DP_DEFAULT_MAX_FIELDS 4096                  /* fields kept per record */
#define DP_MAX_JSON_NESTING 10000                   /* deeper JSON is malformed (bounded state) */
#define DP_DEFAULT_MATCH_LIMIT 100000               /* --match-limit: PCRE2 match limit */
#define DP_DEFAULT_DEPTH_LIMIT 1000                 /* --depth-limit: PCRE2 depth limit */
#define DP_DEFAULT_DEDUP_MEMORY (1ULL << 30)        /* --dedup-memory */
#define DP_RATIO_GRACE_BYTES (1ULL << 20)           /* ratio is checked after this much */
#define DP_MAX_RANDOM_ACCESS_BYTES (256ULL << 20)   /* a nested 7z is read into memory up to this */
#define DP_DEFAULT_PARQUET_MEMORY (1ULL << 30)      /* --parquet-memory: a Parquet member held
						       whole; a larger plain file is read by
						       row group, a larger archived one is not */
#define DP_MAX_ERRORS_KEPT 20                       /* error messages kept per input */
#define DP_LICENSE_SCAN_BYTES (1u << 20)            /* bytes of a member scanned for licenses */
#define DP_LICENSE_VALUES_MAX 4096                  /* distinct license-field values counted */

struct dp_limits {
	unsigned max_depth;
	uint64_t max_ratio;
	uint64_t max_member_bytes;
	uint64_t max_members;
	uint64_t max_record_bytes;
	unsigned max_field_depth;
	unsigned max_fields;
	uint32_t match_limit;
	uint32_t depth_limit;
	uint64_t dedup_memory;
	uint64_t parquet_memory;
};

/* Fill `l` with the defaults above. */
void dp_limits_init(struct dp_limits *l);

#endif

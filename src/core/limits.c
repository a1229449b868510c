/* limits.c - default resource caps. */
#include "core/limits.h"

void dp_limits_init(struct dp_limits *l)
{
	l->max_depth = DP_DEFAULT_MAX_DEPTH;
	l->max_ratio = DP_DEFAULT_MAX_RATIO;
	l->max_member_bytes = DP_DEFAULT_MAX_MEMBER_BYTES;
	l->max_members = DP_DEFAULT_MAX_MEMBERS;
	l->max_record_bytes = DP_DEFAULT_MAX_RECORD_BYTES;
	l->parquet_memory = DP_DEFAULT_PARQUET_MEMORY;
	l->max_field_depth = DP_DEFAULT_MAX_FIELD_DEPTH;
	l->max_fields = DP_DEFAULT_MAX_FIELDS;
	l->match_limit = DP_DEFAULT_MATCH_LIMIT;
	l->depth_limit = DP_DEFAULT_DEPTH_LIMIT;
	l->dedup_memory = DP_DEFAULT_DEDUP_MEMORY;
}

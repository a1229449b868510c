/* gaps.h - what the card must flag: gaps[] computed from the parsed report.
 *
 * Each gap is {id, severity, message, evidence[] {origin, lines?, note}}; gaps come in the
 * fixed order of dp_gap_ids, so the same report always gives the same gaps. Rules read the
 * report defensively: a missing section or key counts as "unknown" and never crashes.
 * Gap ids, severities and thresholds are documented in dataprov-card(5).
 */
#ifndef DP_REPORT_GAPS_H
#define DP_REPORT_GAPS_H

#include <yajl/yajl_tree.h>

#include "core/config.h"
#include "core/error.h"
#include "core/json.h"

#define DP_GAP_DUP_RATE 0.05    /* exact duplicate rate above this is a `duplication` gap */
#define DP_GAP_LEAK_RATE 0.0    /* split leakage rate above this is a `leakage` gap */

struct dp_gap_opts {
	double dup_rate;    /* duplicate-rate threshold (default DP_GAP_DUP_RATE) */
	double leak_rate;   /* leakage-rate threshold (default DP_GAP_LEAK_RATE) */
};

/* Every gap id, in report order (NULL-terminated). */
extern const char *const dp_gap_ids[];

/* Write the gaps of `report` as a JSON array value. License facts come from the license
 * corpus; when it cannot be loaded, the facts-based rules are skipped (never a crash). */
void dp_gaps_write(yajl_val report, const struct dp_gap_opts *o, struct dp_json *out);

/* Check a --fail-on list (comma-separated gap ids, or "any"). DP_OK, or DP_WARN with err
 * naming the unknown id. */
int dp_gaps_check_list(const char *list, struct dp_error *err);

/* 1 when `gaps` (the gaps array of a report) holds a gap listed in `list`, else 0. */
int dp_gaps_match(yajl_val gaps, const char *list);

/* Re-read report.json at `path`, append `gaps` (replacing any) and write it back in place.
 * On DP_OK *failed is set from cfg->fail_on. Returns DP_OK or DP_FATAL (err says why). */
int dp_gaps_append(const char *path, const struct dp_config *cfg, int *failed,
		   struct dp_error *err);

#endif

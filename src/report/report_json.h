/* report_json.h - writing report.json ("format": "dataprov-report/1"), the one canonical
 * result every other output is rendered from. Key names are a public interface (DESIGN.md
 * section 4): extend freely, rename only with a format version bump.
 */
#ifndef DP_REPORT_REPORT_JSON_H
#define DP_REPORT_REPORT_JSON_H

#include "core/config.h"
#include "core/error.h"
#include "core/json.h"
#include "report/summary.h"

#define DP_REPORT_FORMAT "dataprov-report/1"

/* Writes the analysers' sections, each as "key": value, into the top-level object. */
typedef void (*dp_report_sections_fn)(void *ctx, struct dp_json *out);

/* Write the whole report to `path`. `findings_lines` is recorded in the report (0 when
 * findings are off). Returns DP_OK or DP_FATAL (err names the file). */
int dp_report_write(const char *path, const struct dp_config *cfg, const struct dp_summary *s,
		    uint64_t findings_lines, dp_report_sections_fn sections, void *ctx,
		    struct dp_error *err);

/* Status words used in inputs[] and members[]. */
const char *dp_report_status_word(int status);

#endif

/* pipeline.h - the scan: inputs -> members -> readers -> analysers, on worker threads.
 *
 * Each worker takes the next input (in input order) and reads it whole with its own
 * analyser states; at the end the states are merged with the analysers' merge (the same
 * operation `dataprov merge` uses), so the result does not depend on the thread count.
 * Findings lines go to one file per input and are concatenated in input order.
 */
#ifndef DP_CLI_PIPELINE_H
#define DP_CLI_PIPELINE_H

#include <signal.h>
#include <stdint.h>

#include "core/config.h"
#include "core/error.h"
#include "core/json.h"
#include "input/walk.h"
#include "report/summary.h"

struct dp_pipeline;

struct dp_pipeline_paths {
	const char *workdir;       /* private directory for findings parts and spills */
};

/* Run the scan of `paths` (n of them, already expanded into files) and keep the merged
 * analyser states. Returns DP_OK, DP_WARN (some input could not be read) or DP_FATAL. */
struct dp_pipeline *dp_pipeline_new(const struct dp_config *cfg, const char *workdir);
void dp_pipeline_free(struct dp_pipeline *p);
int dp_pipeline_run(struct dp_pipeline *p, const struct dp_walk_item *items, size_t n,
		    volatile sig_atomic_t *cancel, struct dp_error *err);

/* After run: the pipeline's own summary (borrowed). */
const struct dp_summary *dp_pipeline_summary(const struct dp_pipeline *p);
/* After run: the merged analyser states, indexed like dp_analysers[] (NULL for an analyser
 * that --analysers turned off); borrowed. */
void *const *dp_pipeline_states(const struct dp_pipeline *p);

/* After run: finish analysers and write report.json's analyser sections through `out`. */
int dp_pipeline_finish(struct dp_pipeline *p, struct dp_error *err);
void dp_pipeline_report_sections(struct dp_pipeline *p, struct dp_json *out);

/* After finish: concatenate the findings parts into `dest` (zstd-compressed). Returns the
 * number of lines through *lines. */
int dp_pipeline_write_findings(struct dp_pipeline *p, const char *dest, uint64_t *lines,
			       struct dp_error *err);

#endif

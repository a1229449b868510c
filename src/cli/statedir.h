/* statedir.h - OUTDIR/state: the side files that make a scan's (or a merge's) OUTDIR a
 * mergeable summary (see dataprov-merge(1)).
 *
 *   state/summary.json   the pipeline summary (cli/summary_io.h)
 *   state/NAME...        what analyser NAME's save hook writes (analyse/NAME_io.h)
 *   state/state.json     {"version": 1, "inputs": N, "first_input": PATH or null,
 *                         "analysers": [names saved, registry order]} (read first by merge
 *                         to order and number the shards)
 */
#ifndef DP_CLI_STATEDIR_H
#define DP_CLI_STATEDIR_H

#include "core/error.h"
#include "report/summary.h"

#define DP_STATEDIR_NAME "state"

/* Create `dir` and write the summary and the save side files of every non-NULL state
 * (indexed like dp_analysers[]). Call after the analysers were merged and before finish.
 * DP_OK or DP_FATAL (err names the file). */
int dp_statedir_save(const char *dir, const struct dp_summary *s, void *const *states,
		     struct dp_error *err);

#endif

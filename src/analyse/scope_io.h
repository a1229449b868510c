/* scope_io.h - the scope analyser's side file for `dataprov merge`: OUTDIR/state/scope.json
 * holds dp_scope_save's exact partial state (sketches, histograms, tallies); loading shifts
 * the seqs it holds (the lowest-seq bad-URL and bad-date examples) by the shard's input
 * offset and merges it with dp_scope_load.
 */
#ifndef DP_ANALYSE_SCOPE_IO_H
#define DP_ANALYSE_SCOPE_IO_H

#include "analyse/analyser.h"

/* The `save` and `load` hooks: DP_OK or DP_FATAL with err naming the file. */
int dp_scope_save_file(void *state, const char *dir, struct dp_error *err);
int dp_scope_load_file(void *state, const struct dp_load_ctx *lc, struct dp_error *err);

#endif

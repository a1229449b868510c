/* pii_io.h - the PII analyser's side file for `dataprov merge` (OUTDIR/state/pii.json):
 * per-rule counts with limit hits, totals, and the per-member counts with their run-wide
 * member order; loading shifts that order by the shard's input offset.
 */
#ifndef DP_ANALYSE_PII_IO_H
#define DP_ANALYSE_PII_IO_H

#include "analyse/analyser.h"

/* The `save` and `load` hooks: DP_OK or DP_FATAL with err naming the file. A shard scanned
 * with other rules than this run's is refused. */
int dp_pii_save(void *state, const char *dir, struct dp_error *err);
int dp_pii_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err);

#endif

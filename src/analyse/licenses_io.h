/* licenses_io.h - the licenses analyser's side file for `dataprov merge`
 * (OUTDIR/state/licenses.json): every detection with its member index and exact
 * confidence, every license-field value with its count (the report lists only the top
 * 100), and the counters. Nothing in it depends on the input index, so loading needs no
 * shift.
 */
#ifndef DP_ANALYSE_LICENSES_IO_H
#define DP_ANALYSE_LICENSES_IO_H

#include "analyse/analyser.h"

/* The `save` and `load` hooks: DP_OK or DP_FATAL with err naming the file. */
int dp_licenses_save(void *state, const char *dir, struct dp_error *err);
int dp_licenses_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err);

#endif

/* summary_io.h - the pipeline summary (inputs, member rows with their seqs, counters) as a
 * side file of a scan's OUTDIR (state/summary.json), and loading many such files into one
 * summary for `dataprov merge`.
 *
 * report.json shows most of the summary, but not the member rows' first seqs, their
 * malformed-record notes, per-input limit counts and a few counters: the side file holds
 * the whole struct so a merge reproduces report.json exactly.
 */
#ifndef DP_CLI_SUMMARY_IO_H
#define DP_CLI_SUMMARY_IO_H

#include <stdint.h>

#include "core/error.h"
#include "report/summary.h"

/* Interned static-like strings (member formats and splits) that loaded rows point to;
 * they must outlive the summary. */
struct dp_strpool {
	char **v;
	size_t n, cap;
};

void dp_strpool_release(struct dp_strpool *p);

/* Write `s` to `path`. DP_OK or DP_FATAL (err names the file). */
int dp_summary_save(const struct dp_summary *s, const char *path, struct dp_error *err);

/* Append the inputs of the summary saved at `path` to `into` (after its inputs), with every
 * input index shifted by `input_offset` and seq by input_offset << DP_SEQ_INPUT_SHIFT, and
 * add its counters. Strings for formats and splits are interned in `pool`. *n_inputs
 * (may be NULL) receives the number of inputs appended. `into` must start empty (zeroed)
 * and be filled only by this function. DP_OK or DP_FATAL. */
int dp_summary_load(struct dp_summary *into, const char *path, uint32_t input_offset,
		    struct dp_strpool *pool, size_t *n_inputs, struct dp_error *err);

#endif

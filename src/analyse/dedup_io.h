/* dedup_io.h - saving the dedup analyser's partial state as side files of a scan's OUTDIR
 * and folding those of many shards into one state, for `dataprov merge`.
 *
 * Side files in DIR (OUTDIR/state), see dataprov-merge(1):
 *   dedup.json                 counters, splits and the whole-file digests (small)
 *   dedup-LEVEL-entries.zst    the digest entries of LEVEL (exact, normalized), sorted by
 *                              (digest, split), one 64-byte struct dp_dedup_entry each
 *   dedup-LEVEL-log.zst        (digest, seq) of the occurrences that are not among the
 *                              three smallest seqs of their entry, sorted, 24 bytes each
 *   dedup-previews.zst         (seq, len, first bytes) of first occurrences, for previews
 * Binary records are little-endian (dedup.json says so; another byte order is refused).
 *
 * Loading never reads a digest file into memory: each is decompressed, with its seqs
 * shifted, into a run file of the merge's spill directory and handed to the state's run
 * lists, so finish's k-way merge (runfile.h) computes the merged result in bounded memory.
 */
#ifndef DP_ANALYSE_DEDUP_IO_H
#define DP_ANALYSE_DEDUP_IO_H

#include "analyse/analyser.h"

/* The `save` hook: DP_OK or DP_FATAL (err names the file). The state stays ready for
 * finish (its in-memory tables are only sorted). */
int dp_dedup_save(void *state, const char *dir, struct dp_error *err);
/* The `load` hook: DP_OK, or DP_FATAL when a side file is missing, malformed or cannot be
 * copied (err names it). */
int dp_dedup_load(void *state, const struct dp_load_ctx *lc, struct dp_error *err);

#endif

/* merge.h - `dataprov merge`: fold the OUTDIRs of many scans (shards) into one result, as
 * if one scan had read all their inputs (dataprov-merge(1)).
 *
 * Shards are ordered by their first input's path (then their directory), so the same set
 * of shard results gives the same bytes in any order and grouping; their inputs are
 * renumbered in that order. Only one shard's side files are open at a time; the merged
 * state holds the member rows (for report.json), the whole-file digests and small
 * per-analyser tables, while record digests stay on disk as runs merged k ways.
 */
#ifndef DP_CLI_MERGE_H
#define DP_CLI_MERGE_H

#include <signal.h>
#include <stddef.h>

#include "core/config.h"
#include "core/error.h"

/* Merge the shard OUTDIRs `dirs` (n of them) into cfg->outdir. Returns a process exit code
 * (enum dp_exit); err holds the message for DP_EXIT_FATAL. */
int dp_merge_run(const struct dp_config *cfg, char *const *dirs, size_t n,
		 volatile sig_atomic_t *cancel, struct dp_error *err);

#endif

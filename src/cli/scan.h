/* scan.h - one whole scan as a function (used by `scan` and, per dataset, by `audit`):
 * walk the paths, run the pipeline, write report.json, findings and the card atomically.
 */
#ifndef DP_CLI_SCAN_H
#define DP_CLI_SCAN_H

#include <signal.h>
#include <stddef.h>

#include "core/config.h"
#include "core/error.h"

/* Scan `paths` into cfg->outdir. Returns a process exit code (enum dp_exit); err holds the
 * message for DP_EXIT_FATAL. */
int dp_scan_run(const struct dp_config *cfg, char *const *paths, size_t n,
		volatile sig_atomic_t *cancel, struct dp_error *err);

#endif

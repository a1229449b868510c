/* progress.h - the progress line on stderr: bytes done of the total, rate, ETA, records,
 * and the input being read. Shown when stderr is a terminal (--progress=auto), always, or
 * never; --quiet implies never.
 */
#ifndef DP_CLI_PROGRESS_H
#define DP_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

struct dp_progress_state {
	int enabled;
	double t0, last;
	uint64_t total;             /* sum of input sizes when known (0 = unknown) */
	const char *const *paths;
	size_t n_paths;
	int shown;
};

void dp_progress_begin(struct dp_progress_state *ps, const struct dp_config *cfg,
		       const char *const *paths, size_t n);
/* Redraw (at most a few times a second). `next_input` is how many inputs were started. */
void dp_progress_show(struct dp_progress_state *ps, uint64_t bytes, uint64_t records,
		      size_t next_input);
/* Clear the line on a terminal; elsewhere print the final figures on a line of their own. */
void dp_progress_end(struct dp_progress_state *ps, uint64_t bytes, uint64_t records);

#endif

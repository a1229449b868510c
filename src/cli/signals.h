/* signals.h - SIGINT/SIGTERM set a flag that the pipeline polls between blocks, so an
 * interrupted scan stops cleanly and removes its temporary output. The flag is the one
 * piece of process-wide mutable state, as signal handling requires.
 */
#ifndef DP_CLI_SIGNALS_H
#define DP_CLI_SIGNALS_H

#include <signal.h>

/* Install the handlers (SIGPIPE and SIGXFSZ are ignored, so writes fail with an error
 * instead of killing the run) and park /dev/null on closed descriptors 0-2; returns the
 * flag (non-zero once a signal arrived). */
volatile sig_atomic_t *dp_signals_install(void);
/* The signal that arrived (0 if none). */
int dp_signals_caught(void);

#endif

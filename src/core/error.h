/* error.h - status codes and the caller-owned error record used by every stage.
 *
 * Functions that can fail return an int status and take a `struct dp_error *` owned by the
 * caller. On DP_WARN or DP_FATAL the callee fills the message, which names the file and the
 * member (origin) concerned. Only main.c and the logger print.
 */
#ifndef DP_CORE_ERROR_H
#define DP_CORE_ERROR_H

#include <stddef.h>

enum dp_status {
	DP_OK = 0,    /* success */
	DP_DONE = 1,  /* end of stream / nothing more to do (not an error) */
	DP_WARN = 2,  /* this input, member or record was skipped and counted; go on */
	DP_FATAL = 3  /* the run cannot go on (output not writable, out of memory, ...) */
};

#define DP_ERROR_MSG_MAX 1024

struct dp_error {
	int status;                   /* DP_OK when no error was set */
	char msg[DP_ERROR_MSG_MAX];   /* human-readable, names input and member */
};

/* Reset `err` to "no error". Accepts NULL. */
void dp_error_clear(struct dp_error *err);

/* Set status and a printf-style message; returns `status` so callers can write
 * `return dp_error_set(err, DP_WARN, "...")`. Accepts NULL `err` (message dropped). */
int dp_error_set(struct dp_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

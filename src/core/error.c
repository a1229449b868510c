/* error.c - the dp_error record. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

void dp_error_clear(struct dp_error *err)
{
	if (!err)
		return;
	err->status = DP_OK;
	err->msg[0] = '\0';
}

int dp_error_set(struct dp_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

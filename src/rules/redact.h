/* redact.h - redacted previews of finding values, so findings can be shared without the
 * values themselves: j***@e***.com, **** **** **** 4242, ***-**-**89, ghp_***, 192.*.*.*.
 * Pure functions; safe from any thread.
 */
#ifndef DP_RULES_REDACT_H
#define DP_RULES_REDACT_H

#include <stddef.h>

#include "rules/rulefile.h"

/* Write the preview of value [v, v+n) in `style` to out (cap >= 16), NUL-terminated,
 * truncated to fit. Never copies more of the value than the style shows. Returns the
 * length written. */
size_t dp_redact_preview(enum dp_preview style, const char *v, size_t n, char *out,
			 size_t cap);

#endif

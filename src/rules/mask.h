/* mask.h - text with its PII and secrets replaced by redacted previews, for every place
 * that shows data-derived text (duplicate previews, categorical field values): the
 * report and the card never carry a raw finding.
 */
#ifndef DP_RULES_MASK_H
#define DP_RULES_MASK_H

#include <stddef.h>

#include "core/buf.h"
#include "rules/rules.h"

/* Append [text, text+n) to `out` with every finding of `r` replaced by its redacted
 * preview (j***@e***.com ...). `s` is a scratch of `r` owned by the calling thread.
 * Returns DP_OK, or DP_FATAL when out of memory (out then holds a prefix). */
int dp_rules_mask(const struct dp_rules *r, struct dp_rules_scratch *s, const char *text,
		  size_t n, struct dp_buf *out);

#endif

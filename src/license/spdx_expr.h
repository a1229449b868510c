/* spdx_expr.h - SPDX license expressions: parse, validate, rewrite in canonical spelling.
 *
 * Grammar (SPDX 2.3 annex D): expr = and ("OR" and)*; and = with ("AND" with)*;
 * with = simple ["WITH" exception-id]; simple = id ["+"] | "(" expr ")". Ids are
 * [A-Za-z0-9.-]+, including LicenseRef-x and DocumentRef-x:LicenseRef-y. Operators are read
 * in any case and written in upper case; "+" stays attached to its id.
 */
#ifndef DP_LICENSE_SPDX_EXPR_H
#define DP_LICENSE_SPDX_EXPR_H

#include <stddef.h>

#include "core/error.h"

/* Called for each id found: its spelling (NUL-terminated, borrowed; a "+" that follows a
 * license id is included: "GPL-2.0+"), whether it follows WITH. May return a canonical
 * spelling to write instead (or NULL to keep it). */
typedef const char *(*dp_spdx_id_fn)(void *ctx, const char *id, int is_exception);

/* Parse s[0..n). On success writes the canonical expression into out (cap bytes) and
 * returns DP_OK; on a syntax error returns DP_WARN with err saying where. id_cb may be NULL.
 * At most 64 ids and nesting 16 deep. */
int dp_spdx_expr_parse(const char *s, size_t n, char *out, size_t cap, dp_spdx_id_fn id_cb,
		       void *ctx, struct dp_error *err);

#endif

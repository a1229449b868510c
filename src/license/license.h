/* license.h - license detection: the public API used by the CLI and the analyser.
 *
 * dp_license_scan finds, in one text, full license texts (also several, embedded in a longer
 * file), standard license headers (notices), SPDX-License-Identifier tags (kept as whole
 * expressions) and references (license URLs, "licensed under the X license" phrases), each
 * with an SPDX id or expression, a kind, a confidence and a line range. The corpus is
 * read-only: any number of threads may scan with the same corpus at once.
 */
#ifndef DP_LICENSE_LICENSE_H
#define DP_LICENSE_LICENSE_H

#include <stddef.h>
#include <stdint.h>

#include "license/corpus.h"

struct dp_license_hit {
	const char *spdx;        /* SPDX id or expression (borrowed, valid during the callback) */
	const char *kind;        /* "text", "notice", "tag", "reference" */
	double confidence;       /* 0..1 */
	uint32_t line_start, line_end;   /* 1-based, inclusive */
};

typedef void (*dp_license_hit_fn)(void *ctx, const struct dp_license_hit *hit);

/* Scan text[0..len) and call cb once per detection, in line order. Returns DP_OK, or
 * DP_FATAL when out of memory. */
int dp_license_scan(const struct dp_license_corpus *c, const char *text, size_t len,
		    dp_license_hit_fn cb, void *ctx);

/* Cheap test: 1 when the text holds a keyword that any license statement needs (license,
 * licence, copyright, permission, SPDX, creativecommons, public domain, ...), else 0. */
int dp_license_prefilter(const char *text, size_t len);

/* Classes of a free-form license value (see dp_license_map_value). */
enum dp_license_class {
	DP_LICENSE_MAPPED = 0,      /* mapped to an SPDX id or expression */
	DP_LICENSE_UNKNOWN,         /* "unknown", "other", "see license", ... */
	DP_LICENSE_UNRECOGNIZED,    /* a value that maps to nothing */
	DP_LICENSE_MISSING          /* empty or absent */
};

/* Map a free-form value (Hugging Face id, spelling, URL, SPDX expression) to SPDX. On
 * DP_LICENSE_MAPPED the SPDX id/expression is written to out (NUL-terminated, cap bytes).
 * s may be NULL (missing). */
enum dp_license_class dp_license_map_value(const struct dp_license_corpus *c, const char *s,
					   size_t n, char *out, size_t cap);

/* Name of a class: "mapped", "unknown", "unrecognized", "missing". */
const char *dp_license_class_name(enum dp_license_class k);

#endif

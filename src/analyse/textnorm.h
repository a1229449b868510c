/* textnorm.h - the text normalisation behind the `normalized` dedup level.
 *
 * The rule (documented in dataprov-dedup(7)):
 *   1. invalid UTF-8 bytes are replaced by U+FFFD (one per bad byte, as dp_utf8_sanitize);
 *   2. utf8proc with STABLE | COMPAT | COMPOSE | CASEFOLD | IGNORE, i.e. NFKC with Unicode
 *      full case folding applied during the compatibility decomposition, and default
 *      ignorable code points (soft hyphen, zero-width joiners, ...) removed;
 *   3. runs of White_Space code points (U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680,
 *      U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) become one U+0020, and
 *      leading and trailing white space is dropped.
 *
 * Speed: ASCII text is lower-cased and collapsed in one pass (eight bytes at a time) without
 * utf8proc, and so are white-space-delimited segments whose only non-ASCII characters are
 * Latin-1 letters U+00C0..U+00FF. Only the other segments with a non-ASCII byte go through
 * utf8proc; this is exact because ASCII white space neither composes nor reorders with
 * its neighbours.
 * Output is produced in chunks (about 64 KiB), so memory does not grow with the text
 * except for a single segment without ASCII white space.
 *
 * A struct dp_textnorm is per-thread scratch: not shareable, reused across records (no
 * per-record allocation once the buffers have grown).
 */
#ifndef DP_ANALYSE_TEXTNORM_H
#define DP_ANALYSE_TEXTNORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct dp_textnorm {
	int32_t *cp;          /* code point scratch for one non-ASCII segment */
	size_t cp_cap;        /* in code points */
	char *san;            /* sanitised copy of a segment with invalid UTF-8 */
	size_t san_cap;
	char *out;            /* normalised bytes not yet emitted */
	size_t out_len, out_cap;
	int any_out;          /* some non-white-space output was produced */
	uint64_t slow_segments; /* segments that needed utf8proc (for benchmarks) */
};

/* Receives normalised bytes in order. `final` is 1 on the last call of a text (which may
 * have n == 0). Returns 0, or -1 to abort. */
typedef int (*dp_textnorm_emit_fn)(void *ctx, const char *p, size_t n, int final);

void dp_textnorm_init(struct dp_textnorm *tn);
void dp_textnorm_release(struct dp_textnorm *tn);

/* Normalise [s, s+n) and pass the result to `emit`. Returns DP_OK, DP_FATAL when out of
 * memory or when emit returned -1. *out_len (may be NULL) receives the normalised length. */
int dp_textnorm_run(struct dp_textnorm *tn, const char *s, size_t n, dp_textnorm_emit_fn emit,
		    void *ctx, uint64_t *out_len);

/* Convenience for tests and tools: the normalised text appended to `out`. Same returns. */
int dp_textnorm_apply(struct dp_textnorm *tn, const char *s, size_t n, struct dp_buf *out);

/* A short display form of a text: invalid UTF-8 replaced by U+FFFD, control characters
 * shown as U+FFFD, white-space runs collapsed to one space, trimmed, cut after
 * `max_chars` code points (then "..." is appended). Written NUL-terminated to out
 * (cap >= 4 * max_chars + 4 always suffices). Returns the length written. */
size_t dp_textnorm_preview(const char *s, size_t n, size_t max_chars, char *out, size_t cap);

/* 1 when cp has the Unicode White_Space property. */
int dp_textnorm_is_space(uint32_t cp);

#endif

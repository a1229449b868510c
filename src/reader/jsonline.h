/* jsonline.h - a fast, strict parser for one whole JSON text held in memory (a JSONL line),
 * delivering the same events through the same yajl_callbacks as yajl would.
 *
 * It exists for speed: yajl lexes a byte at a time through a state table, while most of a
 * dataset line is long strings, which this parser skips eight bytes at a time. It takes
 * only plain, well-formed JSON (RFC 8259 numbers, the common escapes, spaces, tabs and
 * CRs between tokens, nesting up to DP_JSONLINE_MAX_DEPTH) and DECLINES everything else —
 * syntax errors, control characters in strings, \u escapes of NUL or of surrogates, form
 * feeds between tokens, a second value — so that yajl, which gives the error messages and
 * the odd cases their established meaning, parses those. For every text it accepts it
 * delivers exactly the events yajl (allow_multiple_values, dont_validate_strings) delivers;
 * tests/unit/test_jsonline.c and tests/fuzz/fuzz_jsonline.c check that against yajl.
 *
 * The last event of the top-level value (its closing bracket, or the scalar itself) is
 * delivered only once the rest of the text is known to be blank, so a declined text has
 * seen every event but that one: a caller whose side effects happen at the end of a value
 * (a JSONL record is emitted when its object closes) can undo the earlier ones and re-parse.
 */
#ifndef DP_READER_JSONLINE_H
#define DP_READER_JSONLINE_H

#include <stddef.h>
#include <yajl/yajl_parse.h>

#include "core/buf.h"

#define DP_JSONLINE_MAX_DEPTH 64

enum dp_jsonline_result {
	DP_JSONLINE_STOPPED = -1, /* a callback returned 0 */
	DP_JSONLINE_DECLINED = 0, /* not taken: parse the text with yajl instead */
	DP_JSONLINE_DONE = 1      /* one value, then only blanks: every event delivered */
};

/* Parse text[0..n). Strings with escapes are decoded into `scratch` (reused; the pointer
 * given to a callback is valid during that call only). `*events` is set to the number of
 * events delivered (0 means the caller has nothing to undo). */
enum dp_jsonline_result dp_jsonline_parse(const char *text, size_t n, const yajl_callbacks *cb,
					  void *ctx, struct dp_buf *scratch, size_t *events);

#endif

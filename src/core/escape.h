/* escape.h - making untrusted text (member names, field values) safe for each output.
 *
 * JSON escaping is done by yajl_gen; these cover the terminal and Markdown. Invalid UTF-8
 * bytes are shown as \xHH everywhere, so a hostile name cannot forge output.
 */
#ifndef DP_CORE_ESCAPE_H
#define DP_CORE_ESCAPE_H

#include <stddef.h>

/* Copy NUL-terminated `in` to `out` (capacity `cap`, always NUL-terminated), replacing
 * control characters (C0, DEL, C1, bidirectional overrides and isolates) and invalid
 * UTF-8 bytes with \xHH and '\n' with \n.
 * Returns the length written (truncated output ends with "..."). */
size_t dp_term_escape(const char *in, char *out, size_t cap);

/* Like dp_term_escape, and also backslash-escapes Markdown specials (`*_[]<>|#!\`) so a
 * name renders literally inside a table cell. */
size_t dp_md_escape(const char *in, char *out, size_t cap);

/* Replace invalid UTF-8 sequences in [in, in+n) by U+FFFD, writing to out (capacity
 * cap >= 3*n+1 always suffices). Returns the output length; NUL-terminates. */
size_t dp_utf8_sanitize(const char *in, size_t n, char *out, size_t cap);

#endif

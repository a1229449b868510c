/* utf8.h - UTF-8 validation and decoding (strict: no overlongs, no surrogates, <= U+10FFFF).
 */
#ifndef DP_CORE_UTF8_H
#define DP_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes at p (at most
 * `avail`) do not start a valid sequence. On success stores the code point in *cp. */
size_t dp_utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);

/* 1 when [s, s+n) is entirely valid UTF-8. ASCII runs are checked 8 bytes at a time. */
int dp_utf8_valid(const char *s, size_t n);

/* Encode cp (must be <= 0x10FFFF) into out (>= 4 bytes); returns bytes written. */
size_t dp_utf8_encode(uint32_t cp, char *out);

#endif

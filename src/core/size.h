/* size.h - parsing human-readable byte sizes ("512", "64K", "1.5G") for size options.
 *
 * Units are binary: K = 2^10, M = 2^20, G = 2^30, T = 2^40; an optional trailing "B" or
 * "iB" is accepted ("64KiB", "2GB"), case-insensitive. A fractional part is allowed with
 * a unit ("1.5G"); the result is rounded down to whole bytes.
 */
#ifndef DP_CORE_SIZE_H
#define DP_CORE_SIZE_H

#include <stdint.h>

/* Parse `s` into *out. Returns 0, or -1 (and leaves *out untouched) when `s` is NULL,
 * empty, negative, malformed, or the value does not fit in 64 bits. */
int dp_parse_size(const char *s, uint64_t *out);

#endif

/* swar.h - eight bytes at a time in a uint64_t ("SIMD within a register"), the byte masks
 * the text scanners share (textnorm, scripts, dedup previews, UTF-8 checks).
 *
 * A mask has 0x80 in each byte that matches and 0 elsewhere. The comparisons are exact
 * for ASCII bytes (test `w & DP_SWAR_HIGHS` first). Scanners that relate neighbouring
 * bytes (`mask << 8` is the byte before) read words with memcpy, which is little-endian
 * order only where DP_SWAR_LE is 1; elsewhere they must take their byte-at-a-time path.
 */
#ifndef DP_CORE_SWAR_H
#define DP_CORE_SWAR_H

#include <stdint.h>

#define DP_SWAR_ONES 0x0101010101010101ULL
#define DP_SWAR_HIGHS 0x8080808080808080ULL

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define DP_SWAR_LE 1
#else
#define DP_SWAR_LE 0
#endif

/* Bytes (all < 0x80) that are >= k. */
static inline uint64_t dp_swar_ge(uint64_t w, unsigned k)
{
	return (w + DP_SWAR_ONES * (0x80u - k)) & DP_SWAR_HIGHS;
}

/* Bytes (all < 0x80) that are < k. */
static inline uint64_t dp_swar_lt(uint64_t w, unsigned k)
{
	return ~dp_swar_ge(w, k) & DP_SWAR_HIGHS;
}

/* Bytes equal to c (any w; no false positives). */
static inline uint64_t dp_swar_eq(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (DP_SWAR_ONES * c);

	return ~(((x & ~DP_SWAR_HIGHS) + ~DP_SWAR_HIGHS) | x) & DP_SWAR_HIGHS;
}

/* How many bytes a mask marks. (Not __builtin_popcountll: without -mpopcnt that is a
 * libgcc call.) */
static inline unsigned dp_swar_count(uint64_t m)
{
	return (unsigned)(((m >> 7) * DP_SWAR_ONES) >> 56);
}

#endif

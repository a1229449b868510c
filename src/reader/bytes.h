/* bytes.h - the integer encodings Parquet and its codecs share: ULEB128 varints (Thrift,
 * Snappy, RLE/bit-packed run headers, delta encodings), fixed-width little-endian values,
 * and values bit-packed least significant bit first. The caller bounds every read.
 */
#ifndef DP_READER_BYTES_H
#define DP_READER_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* A ULEB128 varint at *p (advanced past it): 0, or -1 when it runs past `end` or past 64
 * bits. */
static inline int dp_uleb128(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	unsigned shift;

	*v = 0;
	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* The little-endian value of k (0..8) bytes at p. */
static inline uint64_t dp_le(const uint8_t *p, unsigned k)
{
	uint64_t v = 0;

	while (k--)
		v = v << 8 | p[k];
	return v;
}

/* Value i of width bw (0..64) of a run bit-packed least significant bit first at p: reads
 * only the bytes that hold its bits. */
static inline uint64_t dp_bits(const uint8_t *p, size_t i, unsigned bw)
{
	uint64_t bit = (uint64_t)i * bw, v = 0;
	size_t byte = (size_t)(bit >> 3);
	unsigned shift = (unsigned)(bit & 7), nb = (shift + bw + 7) / 8, k;

	for (k = 0; k < nb && k < 8; k++)
		v |= (uint64_t)p[byte + k] << (8 * k);
	v >>= shift;
	if (nb > 8) /* 64 bits starting mid-byte: the ninth byte's low bits */
		v |= (uint64_t)p[byte + 8] << (64 - shift);
	return bw == 64 ? v : v & ((UINT64_C(1) << bw) - 1);
}

#endif

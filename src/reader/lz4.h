/* lz4.h - a bounds-checked decoder of the LZ4 block format (Parquet's LZ4_RAW pages).
 * Decoding only.
 */
#ifndef DP_READER_LZ4_H
#define DP_READER_LZ4_H

#include <stddef.h>
#include <stdint.h>

/* Decode the block [in, in+n) into out (cap bytes): 0 with *out_len set, or -1 when the
 * block is corrupt or would not fit. Never reads or writes out of bounds. */
int dp_lz4_uncompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len);

/* The same, decoding into out[start, cap) after the bytes out[0, start) that its matches may
 * refer back into (an LZ4 frame's linked blocks, as Arrow's LZ4_FRAME writes them):
 * *out_len is the new end. */
int dp_lz4_uncompress_at(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t start,
			 size_t *out_len);

#endif

/* snappy.h - a bounds-checked decoder of the Snappy block format (Parquet's default page
 * compression). Decoding only: dataprov never writes Snappy.
 */
#ifndef DP_READER_SNAPPY_H
#define DP_READER_SNAPPY_H

#include <stddef.h>
#include <stdint.h>

/* The uncompressed length stated by the block's preamble into *len: 0, or -1 when bad. */
int dp_snappy_length(const uint8_t *in, size_t n, size_t *len);

/* Decode the block [in, in+n) into out (cap bytes, at least the stated length): 0 with
 * *out_len set, or -1 on a corrupt block (a copy before the start, a length past the end or
 * disagreeing with the preamble). Never reads or writes out of bounds. */
int dp_snappy_uncompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 size_t *out_len);

#endif

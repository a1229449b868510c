/* lz4.c - LZ4 block decoding: sequences of literals and back-references. */
#include "reader/lz4.h"

#include <string.h>

/* A length nibble of 15 goes on in the following bytes (each 255 means more). */
static int more_length(const uint8_t **p, const uint8_t *end, size_t *len)
{
	uint8_t b;

	do {
		if (*p >= end || *len > SIZE_MAX / 2)
			return -1;
		b = *(*p)++;
		*len += b;
	} while (b == 255);
	return 0;
}

int dp_lz4_uncompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	return dp_lz4_uncompress_at(in, n, out, cap, 0, out_len);
}

int dp_lz4_uncompress_at(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t start,
			 size_t *out_len)
{
	const uint8_t *p = in, *end = in + n;
	size_t pos = start;

	if (start > cap)
		return -1;
	while (p < end) {
		uint8_t token = *p++;
		size_t lit = token >> 4, mlen = token & 15, off;
		if ((lit == 15 && more_length(&p, end, &lit)) || lit > (size_t)(end - p) ||
		    lit > cap - pos)
			return -1;
		memcpy(out + pos, p, lit);
		p += lit;
		pos += lit;
		if (p == end) /* the last sequence has literals only */
			break;
		if (end - p < 2)
			return -1;
		off = (size_t)p[0] | (size_t)p[1] << 8;
		p += 2;
		if ((mlen == 15 && more_length(&p, end, &mlen)) || off == 0 || off > pos)
			return -1;
		mlen += 4;
		if (mlen > cap - pos)
			return -1;
		for (; mlen; mlen--, pos++) /* byte by byte: a match may overlap its own output */
			out[pos] = out[pos - off];
	}
	*out_len = pos;
	return 0;
}

/* snappy.c - Snappy block decoding: a varint length, then literals and back-references. */
#include "reader/snappy.h"

#include <string.h>

#include "reader/bytes.h"

/* The block's length preamble: a varint of at most 32 bits. */
static int varint32(const uint8_t **p, const uint8_t *end, size_t *v)
{
	uint64_t x;

	if (dp_uleb128(p, end, &x) != 0 || x > UINT32_MAX)
		return -1;
	*v = (size_t)x;
	return 0;
}

int dp_snappy_length(const uint8_t *in, size_t n, size_t *len)
{
	return varint32(&in, in + n, len);
}

/* One element at *p (tag already read): a literal copied from the input, or a copy of
 * earlier output. -1 when it would read or write out of bounds. */
static int element(const uint8_t **p, const uint8_t *end, uint8_t tag, uint8_t *out,
		   size_t *pos, size_t total)
{
	size_t len, off;
	unsigned extra;

	if ((tag & 3) == 0) { /* literal: length-1 in the tag, or in 1..4 following bytes */
		len = (size_t)(tag >> 2);
		if (len >= 60) {
			extra = (unsigned)len - 59;
			if ((size_t)(end - *p) < extra)
				return -1;
			len = (size_t)dp_le(*p, extra);
			*p += extra;
		}
		len += 1;
		if ((size_t)(end - *p) < len || total - *pos < len)
			return -1;
		memcpy(out + *pos, *p, len);
		*p += len;
		*pos += len;
		return 0;
	}
	extra = (tag & 3) == 1 ? 1 : (tag & 3) == 2 ? 2 : 4;
	if ((size_t)(end - *p) < extra)
		return -1;
	if ((tag & 3) == 1) {
		len = 4 + ((tag >> 2) & 7);
		off = (size_t)(tag >> 5) << 8 | **p;
	} else {
		len = 1 + (size_t)(tag >> 2);
		off = (size_t)dp_le(*p, extra);
	}
	*p += extra;
	if (off == 0 || off > *pos || total - *pos < len)
		return -1;
	for (; len; len--, (*pos)++) /* byte by byte: a copy may overlap its own output */
		out[*pos] = out[*pos - off];
	return 0;
}

int dp_snappy_uncompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
			 size_t *out_len)
{
	const uint8_t *p = in, *end = in + n;
	size_t total, pos = 0;

	if (varint32(&p, end, &total) != 0 || total > cap)
		return -1;
	while (p < end) {
		uint8_t tag = *p++;
		if (element(&p, end, tag, out, &pos, total) != 0)
			return -1;
	}
	if (pos != total)
		return -1;
	*out_len = total;
	return 0;
}

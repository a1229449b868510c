/* parquet_enc.c - the delta and split encodings of Parquet values (see parquet_enc.h). */
#include "reader/parquet_enc.h"

#include <stdlib.h>
#include <string.h>

#include "reader/bytes.h"

static uint64_t unzigzag(uint64_t v)
{
	return (v >> 1) ^ (0 - (v & 1));
}

/* One block's miniblocks after its header: adds to *prev, writes out[*got ...]. */
static int delta_block(const uint8_t **p, const uint8_t *end, uint64_t nmini, uint64_t per_mini,
		       int64_t *out, size_t count, size_t *got, uint64_t *prev)
{
	const uint8_t *widths;
	uint64_t min, m, i;

	if (dp_uleb128(p, end, &min) != 0 || nmini > (uint64_t)(end - *p))
		return -1;
	min = unzigzag(min);
	widths = *p;
	*p += nmini;
	for (m = 0; m < nmini && *got < count; m++) {
		uint64_t bytes = per_mini * widths[m] / 8;
		if (widths[m] > 64 || bytes > (uint64_t)(end - *p))
			return -1;
		for (i = 0; i < per_mini && *got < count; i++) {
			*prev += min + dp_bits(*p, (size_t)i, widths[m]);
			out[(*got)++] = (int64_t)*prev;
		}
		*p += bytes;
	}
	return 0;
}

int dp_pq_delta_ints(const uint8_t *p, size_t n, int64_t *out, size_t count, size_t *used)
{
	const uint8_t *s = p, *end = p + n;
	uint64_t block, nmini, total, first, per_mini;
	size_t got = 0;

	if (dp_uleb128(&p, end, &block) || dp_uleb128(&p, end, &nmini) || dp_uleb128(&p, end, &total) ||
	    dp_uleb128(&p, end, &first))
		return -1;
	if (block == 0 || nmini == 0 || block % nmini || (per_mini = block / nmini) % 32 ||
	    block > (1u << 20) || total != count)
		return -1;
	first = unzigzag(first);
	if (count)
		out[got++] = (int64_t)first;
	while (got < count)
		if (delta_block(&p, end, nmini, per_mini, out, count, &got, &first) != 0)
			return -1;
	*used = (size_t)(p - s);
	return 0;
}

/* Lengths by DELTA_BINARY_PACKED, then the bytes: spans into [p, p+n); *used as above. */
static int lengths_then_bytes(const uint8_t *p, size_t n, struct dp_pq_span *out, size_t count,
			      size_t *used)
{
	int64_t *len = malloc(count * sizeof(*len) + 1);
	size_t i, pos = 0;
	int rc = -1;

	if (!len)
		return -2;
	if (dp_pq_delta_ints(p, n, len, count, &pos) == 0) {
		for (i = 0; i < count; i++) {
			if (len[i] < 0 || len[i] > UINT32_MAX || (uint64_t)len[i] > n - pos)
				break;
			out[i].p = p + pos;
			out[i].n = (uint32_t)len[i];
			pos += (size_t)len[i];
		}
		rc = i == count ? 0 : -1;
	}
	free(len);
	*used = pos;
	return rc;
}

int dp_pq_delta_length(const uint8_t *p, size_t n, struct dp_pq_span *out, size_t count)
{
	size_t used;

	return lengths_then_bytes(p, n, out, count, &used);
}

/* Join prefix[i] bytes of value i-1 and suffix i into buf (spans rewritten to point there). */
static int front_join(const int64_t *prefix, struct dp_pq_span *v, size_t count, uint8_t **buf)
{
	uint64_t total = 0;
	size_t i, pos = 0;
	uint8_t *b;

	for (i = 0; i < count; i++) {
		uint64_t prev = i ? (uint64_t)v[i - 1].n + (uint64_t)prefix[i - 1] : 0;
		if (prefix[i] < 0 || (uint64_t)prefix[i] > prev)
			return -1;
		total += (uint64_t)prefix[i] + v[i].n;
		if (total > DP_PQ_MAX_FRONT_BYTES)
			return -1;
	}
	if (!(*buf = b = malloc((size_t)total + 1)))
		return -2;
	for (i = 0; i < count; i++) {
		size_t k = (size_t)prefix[i], start = pos;
		if (k)
			memcpy(b + pos, v[i - 1].p, k);
		memcpy(b + pos + k, v[i].p, v[i].n);
		pos += k + v[i].n;
		v[i].p = b + start;
		v[i].n = (uint32_t)(k + v[i].n);
	}
	return 0;
}

int dp_pq_delta_bytes(const uint8_t *p, size_t n, struct dp_pq_span *out, size_t count,
		      uint8_t **buf)
{
	int64_t *prefix = malloc(count * sizeof(*prefix) + 1);
	size_t used, used2;
	int rc = -1;

	*buf = NULL;
	if (!prefix)
		return -2;
	if (dp_pq_delta_ints(p, n, prefix, count, &used) == 0 &&
	    lengths_then_bytes(p + used, n - used, out, count, &used2) == 0)
		rc = front_join(prefix, out, count, buf);
	free(prefix);
	return rc;
}

int dp_pq_split_streams(const uint8_t *p, size_t n, size_t width, uint8_t *out, size_t count)
{
	size_t i, j;

	if (width == 0 || count > n / width)
		return -1;
	for (i = 0; i < count; i++)
		for (j = 0; j < width; j++)
			out[i * width + j] = p[j * count + i];
	return 0;
}

/* parquet_enc.h - Parquet's delta and split value encodings: DELTA_BINARY_PACKED (integers,
 * and the lengths inside the two byte-array encodings), DELTA_LENGTH_BYTE_ARRAY,
 * DELTA_BYTE_ARRAY (front coding) and BYTE_STREAM_SPLIT. Bounds-checked; -1 on bad input.
 */
#ifndef DP_READER_PARQUET_ENC_H
#define DP_READER_PARQUET_ENC_H

#include <stddef.h>
#include <stdint.h>

#define DP_PQ_MAX_FRONT_BYTES (256u << 20) /* bytes a DELTA_BYTE_ARRAY page may expand to */

/* `count` integers of DELTA_BINARY_PACKED data at [p, p+n) into out; *used = bytes read
 * (the data that follows starts there). Arithmetic wraps, as the format says. */
int dp_pq_delta_ints(const uint8_t *p, size_t n, int64_t *out, size_t count, size_t *used);

/* A byte-array value: start and length. */
struct dp_pq_span {
	const uint8_t *p;
	uint32_t n;
};

/* DELTA_LENGTH_BYTE_ARRAY: `count` values pointing into [p, p+n). */
int dp_pq_delta_length(const uint8_t *p, size_t n, struct dp_pq_span *out, size_t count);

/* DELTA_BYTE_ARRAY: `count` values rebuilt from prefixes of their predecessors into a new
 * buffer (*buf, owned by the caller; NULL when count is 0), the spans pointing into it. */
int dp_pq_delta_bytes(const uint8_t *p, size_t n, struct dp_pq_span *out, size_t count,
		      uint8_t **buf);

/* BYTE_STREAM_SPLIT: `count` values of `width` bytes, byte j of value i at p[j * count + i],
 * joined into out (count * width bytes). */
int dp_pq_split_streams(const uint8_t *p, size_t n, size_t width, uint8_t *out, size_t count);

#endif

/* parquet_page.h - one column chunk of a Parquet row group decoded into values grouped by
 * row: page headers, decompression (none, Snappy, gzip, zstd), definition and repetition
 * levels (RLE/bit-packed hybrid), PLAIN and dictionary encodings, data pages v1 and v2.
 *
 * A repeated (list) column gives each row all of its present values; a null of a flat
 * column's own (not of a parent struct) gives a NULL value, as JSON would have it; nested
 * nulls and empty lists give nothing.
 * Strings point into page buffers owned by the dp_pq_values, valid until it is reset.
 */
#ifndef DP_READER_PARQUET_PAGE_H
#define DP_READER_PARQUET_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "reader/parquet_meta.h"

#define DP_PQ_MAX_PAGE_VALUES (1u << 24)  /* values (with nulls) in one page */
#define DP_PQ_MAX_CHUNK_VALUES (1u << 26) /* values of one column chunk */
#define DP_PQ_GROUP_BUDGET (1ULL << 30)   /* bytes decoded pages and values of one row group
					     may take: a small file cannot claim more */
#define DP_PQ_PAGE_COST 64                /* charged for a page beyond its bytes in the file */

enum dp_pq_kind { DP_PQV_NULL = 0, DP_PQV_BOOL, DP_PQV_INT, DP_PQV_FLOAT, DP_PQV_DOUBLE,
		  DP_PQV_STRING, DP_PQV_BYTES, DP_PQV_UINT };

struct dp_pq_value {
	union {
		const uint8_t *p;  /* STRING, BYTES */
		int64_t i;         /* BOOL, INT; UINT: the bits of a uint64_t */
		double d;          /* DOUBLE, FLOAT (widened) */
	} u;
	uint32_t n;                /* STRING, BYTES length */
	uint8_t kind;              /* enum dp_pq_kind */
};

struct dp_pq_values {
	struct dp_pq_value *v;
	size_t n, cap;
	size_t *rows;              /* rows[r]: index in v of row r's first value */
	size_t nrows, rows_cap;
	struct dp_pq_value *dict;  /* the chunk's dictionary */
	size_t ndict;
	uint8_t **bufs;            /* decompressed pages the values point into */
	size_t nbufs, bufs_cap;
};

void dp_pq_values_init(struct dp_pq_values *out);
/* Forget the values and free the page buffers (the arrays are kept for reuse). */
void dp_pq_values_reset(struct dp_pq_values *out);
void dp_pq_values_release(struct dp_pq_values *out);

/* The values [first, end) of row r (empty when r is past the last row). */
void dp_pq_values_row(const struct dp_pq_values *out, size_t r, size_t *first, size_t *end);

/* Decode the chunk `c` of column `col` from the whole file [file, file+n) into `out`
 * (reset first). What the pages and values take is charged to *budget (the row group's
 * DP_PQ_GROUP_BUDGET, shared by its columns). DP_OK; DP_WARN with `why` set (unsupported
 * codec or encoding, corrupt page, budget spent): the values read so far are kept;
 * DP_FATAL: out of memory. */
int dp_pq_chunk_read(const uint8_t *file, size_t n, const struct dp_pq_chunk *c,
		     const struct dp_pq_column *col, struct dp_pq_values *out, uint64_t *budget,
		     char *why, size_t why_cap);

/* Decode `count` values of an RLE/bit-packed hybrid run sequence of width `bw` (0..32)
 * from [p, p+n) into out. 0, or -1 when the data ends early or is malformed. */
int dp_pq_hybrid(const uint8_t *p, size_t n, unsigned bw, uint32_t *out, size_t count);

#endif

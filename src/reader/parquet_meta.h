/* parquet_meta.h - a Parquet file's footer: its leaf columns (with JSON-like dotted paths
 * and their definition and repetition levels) and its row groups' column chunks.
 *
 * Only what reading records needs is kept. Every offset and size is checked against the
 * file: a chunk that lies outside it is marked bad rather than trusted.
 */
#ifndef DP_READER_PARQUET_META_H
#define DP_READER_PARQUET_META_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define DP_PQ_MAX_COLUMNS 4096     /* leaf columns kept; a wider file is refused */
#define DP_PQ_MAX_SCHEMA 16384     /* schema elements */
#define DP_PQ_MAX_NEST 64          /* schema nesting */
#define DP_PQ_MAX_ROWGROUPS 1000000

enum dp_pq_type {                  /* physical types, as numbered by the format */
	DP_PQ_BOOLEAN = 0, DP_PQ_INT32, DP_PQ_INT64, DP_PQ_INT96, DP_PQ_FLOAT, DP_PQ_DOUBLE,
	DP_PQ_BYTE_ARRAY, DP_PQ_FIXED
};

enum dp_pq_codec {
	DP_PQ_UNCOMPRESSED = 0, DP_PQ_SNAPPY, DP_PQ_GZIP, DP_PQ_LZO, DP_PQ_BROTLI, DP_PQ_LZ4,
	DP_PQ_ZSTD, DP_PQ_LZ4_RAW
};

struct dp_pq_column {
	char *path;                /* owned: "messages.content" (list/map wrapper levels left out) */
	size_t path_len;
	int type;                  /* enum dp_pq_type */
	int32_t type_length;       /* FIXED_LEN_BYTE_ARRAY width */
	int is_string;             /* annotated UTF8/STRING, ENUM or JSON: text, not bytes */
	int is_unsigned;           /* INT32/INT64 annotated UINT_* or unsigned INTEGER */
	int scale;                 /* a DECIMAL in an INT32/INT64: digits after the point */
	int optional;              /* the leaf itself may be null (not only its parents) */
	int max_def, max_rep;
};

struct dp_pq_chunk {
	uint64_t start, size;      /* bytes of the chunk's pages in the file */
	int64_t num_values;
	int codec;
	int type;                  /* as the chunk states it */
	int bad;                   /* outside the file, external, or not matching the schema */
};

struct dp_pq_rowgroup {
	int64_t num_rows;
	struct dp_pq_chunk *chunks; /* one per column, in column order */
};

struct dp_pq_meta {
	struct dp_pq_column *cols;
	size_t ncols;
	struct dp_pq_rowgroup *rgs;
	size_t nrgs;
	int64_t num_rows;
};

/* Parse the footer of the whole file [file, file+n). DP_OK, DP_WARN (not a readable Parquet
 * file: err says why) or DP_FATAL (out of memory). The meta is released by the caller
 * after any return. */
int dp_pq_meta_parse(const uint8_t *file, size_t n, struct dp_pq_meta *m, struct dp_error *err);
void dp_pq_meta_release(struct dp_pq_meta *m);

/* The same in two steps, for a file read by parts: check its first 4 and last 8 bytes
 * (`head`, `tail`) of a file of n bytes and get the footer's length (DP_OK or DP_WARN),
 * then parse the footer's flen bytes, the pages' data being the file's first data_size. */
int dp_pq_meta_ends(const uint8_t *head, const uint8_t *tail, uint64_t n, uint32_t *flen,
		    struct dp_error *err);
int dp_pq_meta_parse_footer(const uint8_t *footer, uint32_t flen, uint64_t data_size,
			    struct dp_pq_meta *m, struct dp_error *err);

/* A codec's name ("snappy", "brotli" ...) for messages. */
const char *dp_pq_codec_name(int codec);

#endif

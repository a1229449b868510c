/* recbuild.h - assembling a structured record (fields, text, metadata) without per-record
 * allocation, shared by the JSON, CSV and WebDataset readers.
 *
 * Usage per record: dp_recbuild_begin, then dp_recbuild_field for every value in document
 * order (containers before their children), then dp_recbuild_end which selects the text and
 * metadata fields according to the config and emits the record. Memory is arenas reused
 * across records and capped at --max-record-bytes; past it the record is marked truncated
 * (fields after the cap are dropped) and counted as oversize.
 *
 * Text selection (documented in dataprov(1)): the --text-field paths in order; by default
 * the first of "text", "content", "body" present; otherwise every string value except the
 * metadata fields (id, url, license, split, date paths). Values are joined with "\n".
 */
#ifndef DP_READER_RECBUILD_H
#define DP_READER_RECBUILD_H

#include "core/buf.h"
#include "reader/reader.h"

/* What a split field's value that is no split name is counted under (see dataprov(1)). */
#define DP_SPLIT_UNRECOGNIZED "(unrecognized)"

struct dp_recbuild_field {
	size_t path_off, path_len, val_off, val_len;
	enum dp_value_type type;
};

/* A field path to look for, with its length (computed once, not per record). */
struct dp_recbuild_name {
	const char *s;
	size_t n;
};

struct dp_recbuild {
	const struct dp_reader_ctx *rc;
	struct dp_recbuild_name text_names[DP_MAX_LIST + 3]; /* --text-field, or the defaults */
	size_t n_text_names;
	int text_is_default;
	struct dp_recbuild_name meta_names[DP_META_COUNT][DP_MAX_LIST];
	size_t n_meta_names[DP_META_COUNT];
	struct dp_buf arena;                 /* paths and values, each NUL-terminated */
	struct dp_buf text;                  /* the joined text of several text fields */
	const struct dp_field *single;       /* the only text field so far: used in place */
	struct dp_recbuild_field *raw;       /* fields as arena offsets */
	struct dp_field *fields;             /* the same as pointers, built at end */
	size_t n_fields, cap_fields;
	struct dp_text_span *spans;
	size_t n_spans, cap_spans;
	int oversize;
	int depth_limited;
	uint64_t offset, line;
};

void dp_recbuild_init(struct dp_recbuild *b, const struct dp_reader_ctx *rc);
void dp_recbuild_release(struct dp_recbuild *b);

void dp_recbuild_begin(struct dp_recbuild *b, uint64_t offset, uint64_t line);
/* Add a field; returns DP_OK or DP_FATAL (out of memory). Over the cap, it is dropped and
 * the record is marked oversize. */
int dp_recbuild_field(struct dp_recbuild *b, const char *path, size_t path_len,
		      enum dp_value_type type, const char *value, size_t value_len);
/* Add a floating-point value as a number field, in the shortest decimal text that reads
 * back as v (%.15g to %.17g; %.6g to %.9g for a single-precision `is_float` value), so 0.1
 * shows as 0.1; NaN and infinities, which JSON has no number for, as a null. Returns as
 * dp_recbuild_field. */
int dp_recbuild_real(struct dp_recbuild *b, const char *path, size_t path_len, double v,
		     int is_float);
/* Note that the record held values nested deeper than --max-field-depth (dropped). */
void dp_recbuild_depth_limited(struct dp_recbuild *b);
/* Mark the record oversize (the reader skipped part of it). */
void dp_recbuild_oversize(struct dp_recbuild *b);
/* Finish and emit the record; returns emit's status. */
int dp_recbuild_end(struct dp_recbuild *b);

/* Emit a record with the given text and no fields (used by the text reader). */
int dp_reader_emit_text(const struct dp_reader_ctx *rc, const char *text, size_t len,
			uint64_t offset, uint64_t line, int truncated);

#endif

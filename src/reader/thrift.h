/* thrift.h - a bounds-checked reader of Thrift's compact protocol, enough for the Parquet
 * footer and page headers: field headers, varints, binaries, lists, and skipping any value.
 *
 * The cursor never reads outside [p, end). The first problem (truncation, an over-long
 * varint, nesting deeper than DP_THRIFT_MAX_DEPTH, a bad type) sets t->bad and every later
 * call returns 0 or fails, so a decoder may read a whole struct and check t->bad once.
 */
#ifndef DP_READER_THRIFT_H
#define DP_READER_THRIFT_H

#include <stddef.h>
#include <stdint.h>

#define DP_THRIFT_MAX_DEPTH 32

enum dp_thrift_type {
	DP_THRIFT_STOP = 0,
	DP_THRIFT_TRUE = 1,   /* a boolean field's value is its type */
	DP_THRIFT_FALSE = 2,
	DP_THRIFT_BYTE = 3,
	DP_THRIFT_I16 = 4,
	DP_THRIFT_I32 = 5,
	DP_THRIFT_I64 = 6,
	DP_THRIFT_DOUBLE = 7,
	DP_THRIFT_BINARY = 8,
	DP_THRIFT_LIST = 9,
	DP_THRIFT_SET = 10,
	DP_THRIFT_MAP = 11,
	DP_THRIFT_STRUCT = 12
};

struct dp_thrift {
	const uint8_t *p, *end;
	int bad;
	int depth;                        /* structs entered */
	int nest;                         /* values being skipped, nested */
	int16_t last[DP_THRIFT_MAX_DEPTH]; /* previous field id per open struct */
};

void dp_thrift_init(struct dp_thrift *t, const void *data, size_t n);

/* Enter / leave a struct (the caller reads its fields between the two). */
void dp_thrift_struct_begin(struct dp_thrift *t);
void dp_thrift_struct_end(struct dp_thrift *t);

/* The next field header of the open struct: 1 with *id and *type set, 0 at its end (STOP)
 * or on a bad input. */
int dp_thrift_field(struct dp_thrift *t, int16_t *id, int *type);

/* Integer values (zigzag varints; BYTE is one raw byte). Bad input: 0 and t->bad. */
int64_t dp_thrift_int(struct dp_thrift *t, int type);

/* A binary/string value: pointer into the input and its length (NULL, 0 when bad). */
const uint8_t *dp_thrift_binary(struct dp_thrift *t, size_t *len);

/* A list or set header: the element count, *elem its type. Bad input: 0 and t->bad. */
size_t dp_thrift_list(struct dp_thrift *t, int *elem);

/* Skip one value of `type` (a whole struct, list or map included). */
void dp_thrift_skip(struct dp_thrift *t, int type);

/* Bytes consumed from the start `data` given to dp_thrift_init. */
size_t dp_thrift_used(const struct dp_thrift *t, const void *data);

#endif

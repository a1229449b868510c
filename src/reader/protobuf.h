/* protobuf.h - a bounds-checked reader of the protobuf wire format (what tf.train.Example
 * is serialized in): a message is a run of fields, each a varint key (field number << 3 |
 * wire type) and a value: a varint (0), 8 bytes (1), a length and that many bytes (2), or
 * 4 bytes (5). Groups (3, 4) are refused. Nothing is allocated; values point into the
 * caller's bytes.
 */
#ifndef DP_READER_PROTOBUF_H
#define DP_READER_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

enum dp_pb_wire { DP_PB_VARINT = 0, DP_PB_I64 = 1, DP_PB_LEN = 2, DP_PB_I32 = 5 };

struct dp_pb {
	const uint8_t *p, *end;
};

struct dp_pb_field {
	uint32_t num;              /* field number (1 .. 2^29 - 1) */
	enum dp_pb_wire wire;
	uint64_t v;                /* VARINT, I64, I32: the value (little-endian for I64, I32) */
	const uint8_t *data;       /* LEN: the bytes (borrowed from the message) */
	size_t len;
};

/* Read the message [p, p + n). */
void dp_pb_init(struct dp_pb *r, const void *p, size_t n);

/* The next field into *f: 1, or 0 at the end of the message, or -1 when the bytes are no
 * protobuf (a cut value, a length past the end, a group, field number 0). */
int dp_pb_next(struct dp_pb *r, struct dp_pb_field *f);

/* A varint at r's position (for packed repeated fields): 1, 0 at the end, -1 when cut. */
int dp_pb_varint(struct dp_pb *r, uint64_t *v);

#endif

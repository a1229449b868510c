/* protobuf.c - the protobuf wire format, read with every length checked. */
#include "reader/protobuf.h"
#include "reader/bytes.h"

void dp_pb_init(struct dp_pb *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
}

int dp_pb_varint(struct dp_pb *r, uint64_t *v)
{
	if (r->p >= r->end)
		return 0;
	if (dp_uleb128(&r->p, r->end, v) != 0) {
		r->p = r->end;
		return -1;
	}
	return 1;
}

/* A fixed-width value of k bytes. */
static int fixed(struct dp_pb *r, unsigned k, uint64_t *v)
{
	if ((size_t)(r->end - r->p) < k)
		return -1;
	*v = dp_le(r->p, k);
	r->p += k;
	return 0;
}

static int value(struct dp_pb *r, struct dp_pb_field *f)
{
	switch (f->wire) {
	case DP_PB_VARINT:
		return dp_pb_varint(r, &f->v) == 1 ? 0 : -1;
	case DP_PB_I64:
		return fixed(r, 8, &f->v);
	case DP_PB_I32:
		return fixed(r, 4, &f->v);
	case DP_PB_LEN:
		if (dp_pb_varint(r, &f->v) != 1 || f->v > (uint64_t)(r->end - r->p))
			return -1;
		f->data = r->p;
		f->len = (size_t)f->v;
		r->p += f->len;
		return 0;
	default:
		return -1;
	}
}

int dp_pb_next(struct dp_pb *r, struct dp_pb_field *f)
{
	uint64_t key;
	int k = dp_pb_varint(r, &key);

	if (k <= 0)
		return k;
	f->num = (uint32_t)(key >> 3);
	f->wire = (enum dp_pb_wire)(key & 7);
	f->v = 0;
	f->data = NULL;
	f->len = 0;
	if (f->num == 0 || key >> 32 || value(r, f) != 0) {
		r->p = r->end;
		return -1;
	}
	return 1;
}

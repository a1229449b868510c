/* thrift.c - Thrift compact protocol decoding over a bounded byte range (see thrift.h). */
#include "reader/thrift.h"

#include <string.h>

#include "reader/bytes.h"

void dp_thrift_init(struct dp_thrift *t, const void *data, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->p = data;
	t->end = t->p + n;
}

static uint64_t varint(struct dp_thrift *t)
{
	uint64_t v = 0;

	if (!t->bad && dp_uleb128(&t->p, t->end, &v) != 0)
		t->bad = 1;
	return t->bad ? 0 : v;
}

static int64_t zigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

void dp_thrift_struct_begin(struct dp_thrift *t)
{
	if (t->depth >= DP_THRIFT_MAX_DEPTH) {
		t->bad = 1;
		return;
	}
	t->last[t->depth++] = 0;
}

void dp_thrift_struct_end(struct dp_thrift *t)
{
	if (t->depth > 0)
		t->depth--;
}

int dp_thrift_field(struct dp_thrift *t, int16_t *id, int *type)
{
	uint8_t b;
	int delta;

	if (t->bad || t->depth == 0 || t->p >= t->end) {
		t->bad = 1;
		return 0;
	}
	b = *t->p++;
	*type = b & 0x0f;
	if (*type == DP_THRIFT_STOP)
		return 0;
	if (*type > DP_THRIFT_STRUCT) {
		t->bad = 1;
		return 0;
	}
	delta = b >> 4;
	*id = delta ? (int16_t)(t->last[t->depth - 1] + delta) : (int16_t)zigzag(varint(t));
	t->last[t->depth - 1] = *id;
	return !t->bad;
}

int64_t dp_thrift_int(struct dp_thrift *t, int type)
{
	if (t->bad)
		return 0;
	switch (type) {
	case DP_THRIFT_TRUE:
		return 1;
	case DP_THRIFT_FALSE:
		return 0;
	case DP_THRIFT_BYTE:
		if (t->p >= t->end) {
			t->bad = 1;
			return 0;
		}
		return (int8_t)*t->p++;
	case DP_THRIFT_I16:
	case DP_THRIFT_I32:
	case DP_THRIFT_I64:
		return zigzag(varint(t));
	default:
		t->bad = 1;
		return 0;
	}
}

const uint8_t *dp_thrift_binary(struct dp_thrift *t, size_t *len)
{
	uint64_t n = varint(t);
	const uint8_t *s = t->p;

	*len = 0;
	if (t->bad || n > (uint64_t)(t->end - t->p)) {
		t->bad = 1;
		return NULL;
	}
	t->p += n;
	*len = (size_t)n;
	return s;
}

size_t dp_thrift_list(struct dp_thrift *t, int *elem)
{
	uint64_t n;
	uint8_t b;

	*elem = 0;
	if (t->bad || t->p >= t->end) {
		t->bad = 1;
		return 0;
	}
	b = *t->p++;
	*elem = b & 0x0f;
	n = b >> 4;
	if (n == 15)
		n = varint(t);
	/* every element takes at least one byte, except booleans and empty structs' STOPs
	 * which take one too: a count past the bytes left is a lie */
	if (t->bad || n > (uint64_t)(t->end - t->p)) {
		t->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static void skip_value(struct dp_thrift *t, int type);

static void skip_bytes(struct dp_thrift *t, size_t n)
{
	if (t->bad || n > (size_t)(t->end - t->p))
		t->bad = 1;
	else
		t->p += n;
}

static void skip_list(struct dp_thrift *t)
{
	int elem;
	size_t i, n = dp_thrift_list(t, &elem);

	for (i = 0; i < n && !t->bad; i++) {
		if (elem == DP_THRIFT_TRUE || elem == DP_THRIFT_FALSE)
			skip_bytes(t, 1); /* in lists a boolean is a byte */
		else
			dp_thrift_skip(t, elem);
	}
}

static void skip_map(struct dp_thrift *t)
{
	uint64_t i, n = varint(t);
	int kt, vt;

	if (n == 0 || t->bad)
		return;
	if (t->p >= t->end || n > (uint64_t)(t->end - t->p)) {
		t->bad = 1;
		return;
	}
	kt = *t->p >> 4;
	vt = *t->p++ & 0x0f;
	for (i = 0; i < n && !t->bad; i++) {
		dp_thrift_skip(t, kt);
		dp_thrift_skip(t, vt);
	}
}

void dp_thrift_skip(struct dp_thrift *t, int type)
{
	if (t->bad || ++t->nest > DP_THRIFT_MAX_DEPTH) {
		t->bad = 1;
		return;
	}
	skip_value(t, type);
	t->nest--;
}

static void skip_value(struct dp_thrift *t, int type)
{
	int16_t id;
	int ft;
	size_t len;

	switch (type) {
	case DP_THRIFT_TRUE:
	case DP_THRIFT_FALSE:
		return;
	case DP_THRIFT_BYTE:
		skip_bytes(t, 1);
		return;
	case DP_THRIFT_I16:
	case DP_THRIFT_I32:
	case DP_THRIFT_I64:
		(void)varint(t);
		return;
	case DP_THRIFT_DOUBLE:
		skip_bytes(t, 8);
		return;
	case DP_THRIFT_BINARY:
		(void)dp_thrift_binary(t, &len);
		return;
	case DP_THRIFT_LIST:
	case DP_THRIFT_SET:
		skip_list(t);
		return;
	case DP_THRIFT_MAP:
		skip_map(t);
		return;
	case DP_THRIFT_STRUCT:
		dp_thrift_struct_begin(t);
		while (dp_thrift_field(t, &id, &ft))
			dp_thrift_skip(t, ft);
		dp_thrift_struct_end(t);
		return;
	default:
		t->bad = 1;
	}
}

size_t dp_thrift_used(const struct dp_thrift *t, const void *data)
{
	return (size_t)(t->p - (const uint8_t *)data);
}

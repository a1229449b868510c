/* flatbuf.c - bounds-checked FlatBuffers table reads (see flatbuf.h). */
#include "reader/bytes.h"
#include "reader/flatbuf.h"

uint16_t dp_fb_u16(const uint8_t *p)
{
	return (uint16_t)dp_le(p, 2);
}

uint32_t dp_fb_u32(const uint8_t *p)
{
	return (uint32_t)dp_le(p, 4);
}

uint64_t dp_fb_u64(const uint8_t *p)
{
	return dp_le(p, 8);
}

/* The table at `pos`, its vtable checked. */
static int table_at(const uint8_t *p, size_t n, size_t pos, struct dp_fb_table *out)
{
	int64_t vt;

	if (n < 4 || pos > n - 4)
		return -1;
	vt = (int64_t)pos - (int64_t)(int32_t)dp_fb_u32(p + pos); /* soffset: table - vtable */
	if (vt < 0 || (uint64_t)vt > n - 4)
		return -1;
	out->p = p;
	out->n = n;
	out->pos = pos;
	out->vt = (size_t)vt;
	out->vt_len = dp_fb_u16(p + out->vt);
	if (out->vt_len < 4 || (out->vt_len & 1) || out->vt_len > n - out->vt)
		return -1;
	return 0;
}

int dp_fb_root(const uint8_t *p, size_t n, struct dp_fb_table *out)
{
	if (n < 4)
		return -1;
	return table_at(p, n, dp_fb_u32(p), out);
}

/* Position of field `id` holding `width` bytes: 1 with *pos, 0 absent, -1 outside. */
static int field_pos(const struct dp_fb_table *t, unsigned id, size_t width, size_t *pos)
{
	size_t slot = 4 + 2 * (size_t)id;
	uint16_t fo;

	if (slot + 2 > t->vt_len)
		return 0;
	fo = dp_fb_u16(t->p + t->vt + slot);
	if (fo == 0)
		return 0;
	if (t->pos > t->n - width || fo > t->n - width - t->pos) /* pos + fo + width <= n */
		return -1;
	*pos = t->pos + fo;
	return 1;
}

int dp_fb_scalar(const struct dp_fb_table *t, unsigned id, size_t width, uint64_t dflt,
		 uint64_t *out)
{
	size_t pos;
	int rc = t->n < width ? -1 : field_pos(t, id, width, &pos);

	*out = dflt;
	if (rc <= 0)
		return rc;
	*out = width == 1 ? t->p[pos] : width == 2 ? dp_fb_u16(t->p + pos)
			      : width == 4 ? dp_fb_u32(t->p + pos) : dp_fb_u64(t->p + pos);
	return 0;
}

/* Follow the uoffset at `pos` (4 bytes inside the buffer): the target's position. */
static int follow(const uint8_t *p, size_t n, size_t pos, size_t *target)
{
	uint32_t off = dp_fb_u32(p + pos);

	if (off > n - pos)
		return -1;
	*target = pos + off;
	return 0;
}

/* The target of offset field `id`: 1, 0 absent, -1 bad. */
static int offset_field(const struct dp_fb_table *t, unsigned id, size_t *target)
{
	size_t pos;
	int rc = t->n < 4 ? -1 : field_pos(t, id, 4, &pos);

	if (rc <= 0)
		return rc;
	return follow(t->p, t->n, pos, target) ? -1 : 1;
}

int dp_fb_table_field(const struct dp_fb_table *t, unsigned id, struct dp_fb_table *out)
{
	size_t target;
	int rc = offset_field(t, id, &target);

	if (rc <= 0)
		return rc;
	return table_at(t->p, t->n, target, out) ? -1 : 1;
}

int dp_fb_vector(const struct dp_fb_table *t, unsigned id, size_t elem, struct dp_fb_vec *out)
{
	size_t target;
	uint32_t len;
	int rc = offset_field(t, id, &target);

	if (rc <= 0)
		return rc;
	if (target > t->n - 4 || elem == 0)
		return -1;
	len = dp_fb_u32(t->p + target);
	if ((uint64_t)len * elem > t->n - target - 4)
		return -1;
	out->p = t->p;
	out->n = t->n;
	out->pos = target + 4;
	out->len = len;
	out->elem = elem;
	return 1;
}

int dp_fb_string(const struct dp_fb_table *t, unsigned id, const char **s, size_t *len)
{
	struct dp_fb_vec v;
	int rc = dp_fb_vector(t, id, 1, &v);

	if (rc <= 0)
		return rc;
	*s = (const char *)v.p + v.pos;
	*len = v.len;
	return 1;
}

int dp_fb_vec_table(const struct dp_fb_vec *v, size_t i, struct dp_fb_table *out)
{
	size_t target;

	if (i >= v->len || v->elem != 4 || follow(v->p, v->n, v->pos + 4 * i, &target))
		return -1;
	return table_at(v->p, v->n, target, out);
}

const uint8_t *dp_fb_vec_elem(const struct dp_fb_vec *v, size_t i)
{
	return v->p + v->pos + i * v->elem;
}

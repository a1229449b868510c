/* flatbuf.h - a read-only, bounds-checked accessor of FlatBuffers tables (the Arrow IPC
 * metadata): root table, scalar fields, sub-tables, strings, vectors of structs and of
 * tables, unions (a type byte plus a table).
 *
 * Nothing in the buffer is trusted: every offset, vtable and length is checked against the
 * buffer [p, p+n) before it is used, and a failed check makes the call return -1 (the
 * caller names the problem). No allocation; every struct here is a view into the caller's
 * buffer, valid while it lives. Little-endian reads, whatever the host.
 */
#ifndef DP_READER_FLATBUF_H
#define DP_READER_FLATBUF_H

#include <stddef.h>
#include <stdint.h>

/* A table: its position and its checked vtable. */
struct dp_fb_table {
	const uint8_t *p;   /* the whole buffer */
	size_t n;
	size_t pos;         /* the table */
	size_t vt;          /* its vtable */
	size_t vt_len;      /* the vtable's size in bytes (4 + 2 per field slot) */
};

/* A vector: `len` elements of `elem` bytes from p[pos] (structs inline, or uoffsets). */
struct dp_fb_vec {
	const uint8_t *p;
	size_t n;
	size_t pos;
	size_t len;
	size_t elem;
};

/* Little-endian loads from p (no alignment needed). */
uint64_t dp_fb_u64(const uint8_t *p);
uint32_t dp_fb_u32(const uint8_t *p);
uint16_t dp_fb_u16(const uint8_t *p);

/* The root table of the buffer: 0, or -1 when the buffer cannot hold one. */
int dp_fb_root(const uint8_t *p, size_t n, struct dp_fb_table *out);

/* Scalar field `id` of `width` bytes (1, 2, 4 or 8), zero-extended into *out; an absent
 * field gives `dflt`. 0, or -1 when the field lies outside the buffer. */
int dp_fb_scalar(const struct dp_fb_table *t, unsigned id, size_t width, uint64_t dflt,
		 uint64_t *out);

/* Sub-table field `id`: 1 (set in *out), 0 when absent, -1 when corrupt. */
int dp_fb_table_field(const struct dp_fb_table *t, unsigned id, struct dp_fb_table *out);

/* String field `id`: 1 with *s (not NUL-terminated for sure) and *len, 0 absent, -1 bad. */
int dp_fb_string(const struct dp_fb_table *t, unsigned id, const char **s, size_t *len);

/* Vector field `id` of elements of `elem` bytes (4 for tables): 1, 0 absent, -1 bad. */
int dp_fb_vector(const struct dp_fb_table *t, unsigned id, size_t elem, struct dp_fb_vec *out);

/* Element i (< v->len) of a vector of tables: 0, or -1 when corrupt. */
int dp_fb_vec_table(const struct dp_fb_vec *v, size_t i, struct dp_fb_table *out);

/* Element i (< v->len) of a vector of structs: a pointer to its v->elem bytes. */
const uint8_t *dp_fb_vec_elem(const struct dp_fb_vec *v, size_t i);

#endif

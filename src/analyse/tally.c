/* tally.c - open-addressing hash table of counted keys. */
#include "analyse/tally.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyse/state_io.h"
#include "core/array.h"

void dp_tally_init(struct dp_tally *t, size_t max_keys)
{
	memset(t, 0, sizeof(*t));
	t->max_keys = max_keys;
}

void dp_tally_release(struct dp_tally *t)
{
	free(t->e);
	free(t->slot);
	free(t->keys);
	dp_tally_init(t, t->max_keys);
}

void dp_tally_clear(struct dp_tally *t)
{
	t->len = 0;
	t->keys_len = 0;
	t->dropped_keys = t->dropped_n = t->dropped_bytes = 0;
	if (t->slot)
		memset(t->slot, 0, t->nslot * sizeof(*t->slot));
}

static long lookup(const struct dp_tally *t, uint64_t h, const char *key, size_t len,
		   size_t *pos)
{
	size_t mask = t->nslot - 1, i = (size_t)h & mask;
	const struct dp_tally_entry *e;

	while (t->slot[i]) {
		e = &t->e[t->slot[i] - 1];
		if (e->hash == h && e->key_len == len && !memcmp(t->keys + e->key_off, key, len))
			return (long)(t->slot[i] - 1);
		i = (i + 1) & mask;
	}
	*pos = i;
	return -1;
}

static int rehash(struct dp_tally *t)
{
	size_t n = t->nslot ? t->nslot * 2 : 64, i, j;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (i = 0; i < t->len; i++) {
		j = (size_t)t->e[i].hash & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = (uint32_t)(i + 1);
	}
	free(t->slot);
	t->slot = s;
	t->nslot = n;
	return 0;
}

static long insert(struct dp_tally *t, uint64_t h, const char *key, size_t len)
{
	struct dp_tally_entry *e;
	size_t pos = 0;

	if (dp_array_grow((void **)&t->e, &t->alloc, t->len + 1, sizeof(*t->e)) ||
	    dp_array_grow((void **)&t->keys, &t->keys_alloc, t->keys_len + len + 1, 1))
		return -2;
	if ((t->len + 1) * 2 > t->nslot && rehash(t))
		return -2;
	lookup(t, h, key, len, &pos);
	e = &t->e[t->len];
	e->hash = h;
	e->key_off = t->keys_len;
	e->key_len = len;
	e->n = e->bytes = 0;
	memcpy(t->keys + t->keys_len, key, len);
	t->keys[t->keys_len + len] = '\0';
	t->keys_len += len + 1;
	t->slot[pos] = (uint32_t)(t->len + 1);
	return (long)t->len++;
}

long dp_tally_find(const struct dp_tally *t, const char *key, size_t len)
{
	size_t pos;

	if (!t->nslot)
		return -1;
	return lookup(t, XXH3_64bits(key, len), key, len, &pos);
}

long dp_tally_add(struct dp_tally *t, const char *key, size_t len, uint64_t n, uint64_t bytes)
{
	uint64_t h = XXH3_64bits(key, len);
	size_t pos;
	long i = t->nslot ? lookup(t, h, key, len, &pos) : -1;

	if (i < 0) {
		if (t->max_keys && t->len >= t->max_keys) {
			t->dropped_keys++;
			t->dropped_n += n;
			t->dropped_bytes += bytes;
			return -1;
		}
		i = insert(t, h, key, len);
		if (i < 0)
			return i;
	}
	t->e[i].n += n;
	t->e[i].bytes += bytes;
	return i;
}

int dp_tally_merge(struct dp_tally *into, const struct dp_tally *from)
{
	size_t i;

	for (i = 0; i < from->len; i++)
		if (dp_tally_add(into, dp_tally_key(from, i), from->e[i].key_len, from->e[i].n,
				 from->e[i].bytes) == -2)
			return -1;
	into->dropped_keys += from->dropped_keys;
	into->dropped_n += from->dropped_n;
	into->dropped_bytes += from->dropped_bytes;
	return 0;
}

static int key_cmp(const struct dp_tally *t, size_t a, size_t b)
{
	const struct dp_tally_entry *x = &t->e[a], *y = &t->e[b];
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(t->keys + x->key_off, t->keys + y->key_off, n);

	if (c)
		return c;
	return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* A small merge sort (qsort has no context argument in C11). */
static void msort(const struct dp_tally *t, size_t *v, size_t *tmp, size_t n, int by_key)
{
	size_t h = n / 2, i = 0, j = h, k = 0;
	int c;

	if (n < 2)
		return;
	msort(t, v, tmp, h, by_key);
	msort(t, v + h, tmp, n - h, by_key);
	while (i < h && j < n) {
		c = by_key ? 0 : (t->e[v[j]].n > t->e[v[i]].n) - (t->e[v[j]].n < t->e[v[i]].n);
		if (!c)
			c = key_cmp(t, v[i], v[j]);
		tmp[k++] = c <= 0 ? v[i++] : v[j++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static size_t *sorted(const struct dp_tally *t, int by_key)
{
	size_t *v, *tmp, i;

	if (!t->len)
		return NULL;
	v = malloc(t->len * sizeof(*v));
	tmp = malloc(t->len * sizeof(*tmp));
	if (!v || !tmp) {
		free(v);
		free(tmp);
		return NULL;
	}
	for (i = 0; i < t->len; i++)
		v[i] = i;
	msort(t, v, tmp, t->len, by_key);
	free(tmp);
	return v;
}

size_t *dp_tally_sorted(const struct dp_tally *t) { return sorted(t, 0); }
size_t *dp_tally_sorted_by_key(const struct dp_tally *t) { return sorted(t, 1); }

void dp_tally_save(const struct dp_tally *t, struct dp_json *out)
{
	uint64_t dropped[3] = { t->dropped_keys, t->dropped_n, t->dropped_bytes };
	size_t i;

	dp_json_obj_begin(out);
	dp_json_key(out, "e");
	dp_json_arr_begin(out);
	for (i = 0; i < t->len; i++) {
		dp_json_arr_begin(out);
		dp_state_save_bytes(out, dp_tally_key(t, i), t->e[i].key_len);
		dp_json_u64(out, t->e[i].n);
		dp_json_u64(out, t->e[i].bytes);
		dp_json_arr_end(out);
	}
	dp_json_arr_end(out);
	dp_json_key(out, "dropped");
	dp_state_save_u64s(out, dropped, 3);
	dp_json_obj_end(out);
}

int dp_tally_load(struct dp_tally *t, yajl_val v)
{
	yajl_val e = dp_jt_get(v, "e");
	uint64_t dropped[3], n, b;
	char *key = malloc(DP_STATE_KEY_MAX);
	size_t i, len;
	int rc = 0;

	if (!key || !YAJL_IS_ARRAY(e) || dp_state_load_u64s(dp_jt_get(v, "dropped"), dropped, 3))
		rc = -1;
	for (i = 0; rc == 0 && i < dp_state_len(e); i++) {
		yajl_val x = dp_state_at(e, i);

		if (dp_state_len(x) != 3 ||
		    dp_state_load_bytes(dp_state_at(x, 0), key, DP_STATE_KEY_MAX, &len) ||
		    dp_state_as_u64(dp_state_at(x, 1), &n) || dp_state_as_u64(dp_state_at(x, 2), &b) ||
		    dp_tally_add(t, key, len, n, b) == -2)
			rc = -1;
	}
	if (rc == 0) {
		t->dropped_keys += dropped[0];
		t->dropped_n += dropped[1];
		t->dropped_bytes += dropped[2];
	}
	free(key);
	return rc;
}

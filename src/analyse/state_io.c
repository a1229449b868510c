/* state_io.c - exact JSON round trips for byte strings and integer arrays. */
#include "analyse/state_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

void dp_state_save_bytes(struct dp_json *j, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0;
	char *h;

	if (dp_utf8_valid(s, n) && !memchr(s, '\0', n)) {
		dp_json_strn(j, s, n);
		return;
	}
	dp_json_obj_begin(j);
	dp_json_key(j, "hex");
	h = malloc(2 * n + 1); /* saving happens once per run, not per record */
	if (!h) {
		dp_json_null(j); /* the loader rejects it: a failed save is never silent */
		dp_json_obj_end(j);
		return;
	}
	for (i = 0; i < n; i++) {
		h[k++] = hex[(unsigned char)s[i] >> 4];
		h[k++] = hex[(unsigned char)s[i] & 15];
	}
	dp_json_strn(j, h, k);
	free(h);
	dp_json_obj_end(j);
}

static int unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int dp_state_load_bytes(yajl_val v, char *out, size_t cap, size_t *n)
{
	yajl_val h;
	size_t len, i;

	if (YAJL_IS_STRING(v)) {
		len = strlen(v->u.string);
		if (len >= cap)
			return -1;
		memcpy(out, v->u.string, len + 1);
		*n = len;
		return 0;
	}
	h = dp_jt_get(v, "hex");
	if (!YAJL_IS_STRING(h) || (len = strlen(h->u.string)) % 2 || len / 2 >= cap)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int a = unhex(h->u.string[2 * i]), b = unhex(h->u.string[2 * i + 1]);

		if (a < 0 || b < 0)
			return -1;
		out[i] = (char)(a << 4 | b);
	}
	out[len / 2] = '\0';
	*n = len / 2;
	return 0;
}

void dp_state_save_u64s(struct dp_json *j, const uint64_t *v, size_t n)
{
	size_t i;

	dp_json_arr_begin(j);
	for (i = 0; i < n; i++)
		dp_json_u64(j, v[i]);
	dp_json_arr_end(j);
}

/* By the number's text, not YAJL_IS_INTEGER: yajl marks an integer valid only when it
 * fits a long long, and saved states hold values up to UINT64_MAX (the min of an empty
 * histogram), which made a shard without records unmergeable. */
int dp_state_as_u64(yajl_val v, uint64_t *out)
{
	const char *r;
	char *end;

	if (!YAJL_IS_NUMBER(v) || !(r = v->u.number.r) || *r < '0' || *r > '9')
		return -1;
	errno = 0;
	*out = strtoull(r, &end, 10);
	return *end || errno == ERANGE ? -1 : 0;
}

int dp_state_load_u64s(yajl_val v, uint64_t *out, size_t n)
{
	size_t i;

	if (!YAJL_IS_ARRAY(v) || v->u.array.len != n)
		return -1;
	for (i = 0; i < n; i++)
		if (dp_state_as_u64(v->u.array.values[i], &out[i]))
			return -1;
	return 0;
}

int dp_state_u64(yajl_val obj, const char *key, uint64_t *out)
{
	return dp_state_as_u64(dp_jt_get(obj, key), out);
}

int dp_state_i64(yajl_val obj, const char *key, int64_t *out)
{
	yajl_val v = dp_jt_get(obj, key);

	if (!YAJL_IS_INTEGER(v))
		return -1;
	*out = YAJL_GET_INTEGER(v);
	return 0;
}

yajl_val dp_state_at(yajl_val v, size_t i)
{
	return YAJL_IS_ARRAY(v) && i < v->u.array.len ? v->u.array.values[i] : NULL;
}

size_t dp_state_len(yajl_val v)
{
	return YAJL_IS_ARRAY(v) ? v->u.array.len : 0;
}

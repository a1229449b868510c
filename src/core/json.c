/* json.c - deterministic JSON generation and tree helpers. */
#include "core/json.h"
#include "core/escape.h"
#include "core/utf8.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

struct dp_json {
	yajl_gen g;
	int failed;
};

struct dp_json *dp_json_new(int pretty)
{
	struct dp_json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->g = yajl_gen_alloc(NULL);
	if (!j->g) {
		free(j);
		return NULL;
	}
	if (pretty) {
		yajl_gen_config(j->g, yajl_gen_beautify, 1);
		yajl_gen_config(j->g, yajl_gen_indent_string, "  ");
	}
	return j;
}

void dp_json_free(struct dp_json *j)
{
	if (!j)
		return;
	yajl_gen_free(j->g);
	free(j);
}

static void chk(struct dp_json *j, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok)
		j->failed = 1;
}

void dp_json_obj_begin(struct dp_json *j) { chk(j, yajl_gen_map_open(j->g)); }
void dp_json_obj_end(struct dp_json *j) { chk(j, yajl_gen_map_close(j->g)); }
void dp_json_arr_begin(struct dp_json *j) { chk(j, yajl_gen_array_open(j->g)); }
void dp_json_arr_end(struct dp_json *j) { chk(j, yajl_gen_array_close(j->g)); }
void dp_json_null(struct dp_json *j) { chk(j, yajl_gen_null(j->g)); }
void dp_json_bool(struct dp_json *j, int v) { chk(j, yajl_gen_bool(j->g, v != 0)); }

void dp_json_strn(struct dp_json *j, const char *s, size_t n)
{
	char stackbuf[1024], *tmp;
	size_t cap, m;

	if (dp_utf8_valid(s, n)) {
		chk(j, yajl_gen_string(j->g, (const unsigned char *)s, n));
		return;
	}
	cap = 3 * n + 1;
	tmp = cap <= sizeof(stackbuf) ? stackbuf : malloc(cap);
	if (!tmp) {
		j->failed = 1;
		return;
	}
	m = dp_utf8_sanitize(s, n, tmp, cap);
	chk(j, yajl_gen_string(j->g, (const unsigned char *)tmp, m));
	if (tmp != stackbuf)
		free(tmp);
}

void dp_json_str(struct dp_json *j, const char *s)
{
	if (!s)
		dp_json_null(j);
	else
		dp_json_strn(j, s, strlen(s));
}

void dp_json_key(struct dp_json *j, const char *key)
{
	dp_json_str(j, key);
}

void dp_json_u64(struct dp_json *j, uint64_t v)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%" PRIu64, v);

	chk(j, yajl_gen_number(j->g, num, (size_t)n));
}

void dp_json_i64(struct dp_json *j, int64_t v)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);

	chk(j, yajl_gen_number(j->g, num, (size_t)n));
}

void dp_json_double(struct dp_json *j, double v)
{
	char num[64];
	int n;

	if (!isfinite(v)) {
		dp_json_null(j);
		return;
	}
	if (v == 0)
		v = 0; /* no "-0" */
	n = snprintf(num, sizeof(num), "%.6g", v);
	/* %g may give "1e-07": valid JSON. Make sure integral values still read as numbers. */
	chk(j, yajl_gen_number(j->g, num, (size_t)n));
}

void dp_json_value(struct dp_json *j, const yajl_val v)
{
	size_t i;

	if (!v) {
		dp_json_null(j);
		return;
	}
	switch (v->type) {
	case yajl_t_string: dp_json_str(j, v->u.string); break;
	case yajl_t_number: chk(j, yajl_gen_number(j->g, v->u.number.r, strlen(v->u.number.r))); break;
	case yajl_t_true: dp_json_bool(j, 1); break;
	case yajl_t_false: dp_json_bool(j, 0); break;
	case yajl_t_object:
		dp_json_obj_begin(j);
		for (i = 0; i < v->u.object.len; i++) {
			dp_json_key(j, v->u.object.keys[i]);
			dp_json_value(j, v->u.object.values[i]);
		}
		dp_json_obj_end(j);
		break;
	case yajl_t_array:
		dp_json_arr_begin(j);
		for (i = 0; i < v->u.array.len; i++)
			dp_json_value(j, v->u.array.values[i]);
		dp_json_arr_end(j);
		break;
	default: dp_json_null(j); break;
	}
}

void dp_json_kv_str(struct dp_json *j, const char *key, const char *s)
{
	dp_json_key(j, key);
	dp_json_str(j, s);
}

void dp_json_kv_u64(struct dp_json *j, const char *key, uint64_t v)
{
	dp_json_key(j, key);
	dp_json_u64(j, v);
}

void dp_json_kv_double(struct dp_json *j, const char *key, double v)
{
	dp_json_key(j, key);
	dp_json_double(j, v);
}

void dp_json_kv_bool(struct dp_json *j, const char *key, int v)
{
	dp_json_key(j, key);
	dp_json_bool(j, v);
}

const char *dp_json_text(struct dp_json *j, size_t *len)
{
	const unsigned char *buf = NULL;
	size_t n = 0;

	yajl_gen_get_buf(j->g, &buf, &n);
	if (len)
		*len = n;
	return (const char *)buf;
}

int dp_json_failed(const struct dp_json *j)
{
	return j->failed;
}

void dp_json_clear(struct dp_json *j)
{
	yajl_gen_clear(j->g);
	yajl_gen_reset(j->g, NULL);
}

yajl_val dp_jt_get(yajl_val root, const char *path)
{
	char key[256];
	const char *p = path;
	yajl_val v = root;

	while (v && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		size_t i;
		yajl_val next = NULL;

		if (n >= sizeof(key) || !YAJL_IS_OBJECT(v))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		for (i = 0; i < v->u.object.len; i++)
			if (strcmp(v->u.object.keys[i], key) == 0) {
				next = v->u.object.values[i];
				break;
			}
		v = next;
		p = dot ? dot + 1 : p + n;
	}
	return v;
}

const char *dp_jt_str(yajl_val root, const char *path, const char *fallback)
{
	yajl_val v = dp_jt_get(root, path);

	return YAJL_IS_STRING(v) ? v->u.string : fallback;
}

uint64_t dp_jt_u64(yajl_val root, const char *path, uint64_t fallback)
{
	yajl_val v = dp_jt_get(root, path);

	if (!YAJL_IS_NUMBER(v))
		return fallback;
	return strtoull(v->u.number.r, NULL, 10);
}

double dp_jt_double(yajl_val root, const char *path, double fallback)
{
	yajl_val v = dp_jt_get(root, path);

	if (!YAJL_IS_NUMBER(v))
		return fallback;
	return strtod(v->u.number.r, NULL);
}

yajl_val dp_jt_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	yajl_val v;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return NULL;
	}
	for (;;) {
		if (cap - len < 65536) {
			char *p = realloc(data, cap ? cap * 2 : 65536 * 2);
			if (!p) {
				free(data);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			data = p;
			cap = cap ? cap * 2 : 65536 * 2;
		}
		n = fread(data + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[len] = '\0';
	v = dp_jt_parse(data, err, errlen);
	free(data);
	return v;
}

/* 1 when [ and { nest deeper than `limit` outside strings. */
static int nested_deeper(const char *s, size_t limit)
{
	size_t depth = 0;
	int in_string = 0;

	for (; *s; s++) {
		if (in_string) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_string = 0;
		} else if (*s == '"') {
			in_string = 1;
		} else if (*s == '[' || *s == '{') {
			if (++depth > limit)
				return 1;
		} else if ((*s == ']' || *s == '}') && depth) {
			depth--;
		}
	}
	return 0;
}

yajl_val dp_jt_parse(const char *text, char *err, size_t errlen)
{
	if (nested_deeper(text, DP_JT_MAX_DEPTH)) {
		snprintf(err, errlen, "JSON nested deeper than %d levels", DP_JT_MAX_DEPTH);
		return NULL;
	}
	return yajl_tree_parse(text, err, errlen);
}

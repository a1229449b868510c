/* jsonline.c - the fast strict JSON text parser (see jsonline.h for what it takes). */
#include "reader/jsonline.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/error.h"
#include "core/swar.h"

enum { OK = 1, DECLINE = 0, STOP = -1 };

struct jl {
	const unsigned char *p, *end;
	const yajl_callbacks *cb;
	void *ctx;
	struct dp_buf *scratch;
	size_t events;
	size_t depth;
	unsigned char is_array[DP_JSONLINE_MAX_DEPTH];
};

static int emit(struct jl *j, int cb_result)
{
	j->events++;
	return cb_result ? OK : STOP;
}

static void skip_blank(struct jl *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r'))
		j->p++;
}

/* Only blanks left: the top-level value may deliver its last event. */
static int rest_blank(struct jl *j)
{
	skip_blank(j);
	return j->p == j->end;
}

/* The first byte in [p, end) that ends a run of plain string bytes: '"', '\\' or a
 * control character (end when there is none). Sixteen bytes at a time with SSE2, else
 * eight in a word: there the lowest marked byte of each mask is exact (the < 0x20 test
 * can only mis-mark bytes above a real one). */
static const unsigned char *plain_end(const unsigned char *p, const unsigned char *end)
{
#if defined(__SSE2__)
	/* sixteen at a time where x86-64 guarantees SSE2; c < 0x20 as min(c, 0x1f) == c */
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
		      ctl = _mm_set1_epi8(0x1f);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
					 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
#if DP_SWAR_LE
	while (end - p >= 8) {
		uint64_t w, m;

		memcpy(&w, p, 8);
		m = dp_swar_eq(w, '"') | dp_swar_eq(w, '\\') |
		    ((w - DP_SWAR_ONES * 0x20) & ~w & DP_SWAR_HIGHS);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
		p += 8;
	}
#endif
	while (p < end && *p != '"' && *p != '\\' && *p >= 0x20)
		p++;
	return p;
}

static int hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return 0;
		v = v << 4 | d;
	}
	*out = v;
	return 1;
}

/* Decode the escape at j->p (the byte after '\\') into scratch. NUL and surrogates are
 * declined: yajl gives those its own readings. */
static int unescape(struct jl *j)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned cp;
	unsigned char u[3];

	if (j->p >= j->end)
		return DECLINE;
	if (*j->p != 'u') {
		k = *j->p ? strchr(from, *j->p) : NULL;
		if (!k)
			return DECLINE;
		j->p++;
		return dp_buf_addc(j->scratch, to[k - from]) == DP_OK ? OK : DECLINE;
	}
	if (j->end - j->p < 5 || !hex4(j->p + 1, &cp) || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
		return DECLINE;
	j->p += 5;
	if (cp < 0x80)
		return dp_buf_addc(j->scratch, (char)cp) == DP_OK ? OK : DECLINE;
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return dp_buf_add(j->scratch, u, 2) == DP_OK ? OK : DECLINE;
	}
	u[0] = (unsigned char)(0xE0 | cp >> 12);
	u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[2] = (unsigned char)(0x80 | (cp & 0x3F));
	return dp_buf_add(j->scratch, u, 3) == DP_OK ? OK : DECLINE;
}

/* A string whose opening quote was just passed. Without escapes it points into the text;
 * with them it is decoded into scratch. */
static int string(struct jl *j, const unsigned char **s, size_t *n)
{
	const unsigned char *q = plain_end(j->p, j->end);

	if (q < j->end && *q == '"') {
		*s = j->p;
		*n = (size_t)(q - j->p);
		j->p = q + 1;
		return OK;
	}
	dp_buf_reset(j->scratch);
	for (;;) {
		if (q >= j->end || *q < 0x20 || dp_buf_add(j->scratch, j->p, (size_t)(q - j->p)) != DP_OK)
			return DECLINE;
		j->p = q + 1;
		if (*q == '"')
			break;
		if (unescape(j) != OK)
			return DECLINE;
		q = plain_end(j->p, j->end);
	}
	*s = (const unsigned char *)(j->scratch->data ? j->scratch->data : "");
	*n = j->scratch->len;
	return OK;
}

static const unsigned char *digits(const unsigned char *p, const unsigned char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* An RFC 8259 number at j->p; its length, or 0 when it is not one. */
static size_t number(const struct jl *j)
{
	const unsigned char *p = j->p, *end = j->end, *q;

	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	p = *p == '0' ? p + 1 : digits(p, end);
	if (p < end && *p == '.') {
		q = digits(p + 1, end);
		if (q == p + 1)
			return 0;
		p = q;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		q = digits(p, end);
		if (q == p)
			return 0;
		p = q;
	}
	return /* what follows ("01", "1.2.3") is judged by the caller: not a delimiter */ (size_t)(p - j->p);
}

static int literal(struct jl *j, const char *word, size_t n)
{
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return DECLINE;
	j->p += n;
	return OK;
}

/* A scalar value at j->p, delivered (the top-level one only when the rest is blank). */
static int scalar(struct jl *j)
{
	const unsigned char *s = j->p;
	size_t n = 0;
	int r, kind = *j->p;

	if (kind == '"') {
		j->p++;
		r = string(j, &s, &n);
	} else if (kind == 't' || kind == 'f' || kind == 'n') {
		r = literal(j, kind == 't' ? "true" : kind == 'f' ? "false" : "null",
			    kind == 'f' ? 5 : 4);
	} else {
		n = number(j);
		r = n ? OK : DECLINE;
		j->p += n;
	}
	if (r != OK || (j->depth == 0 && !rest_blank(j)))
		return r == OK ? DECLINE : r;
	if (kind == '"')
		return emit(j, j->cb->yajl_string(j->ctx, s, n));
	if (kind == 'n')
		return emit(j, j->cb->yajl_null(j->ctx));
	if (kind == 't' || kind == 'f')
		return emit(j, j->cb->yajl_boolean(j->ctx, kind == 't'));
	return emit(j, j->cb->yajl_number(j->ctx, (const char *)s, n));
}

/* A key and its colon, at j->p (blanks skipped). */
static int key(struct jl *j)
{
	const unsigned char *s;
	size_t n;

	if (j->p >= j->end || *j->p != '"')
		return DECLINE;
	j->p++;
	if (string(j, &s, &n) != OK)
		return DECLINE;
	skip_blank(j);
	if (j->p >= j->end || *j->p != ':')
		return DECLINE;
	j->p++;
	return emit(j, j->cb->yajl_map_key(j->ctx, s, n));
}

static int close_container(struct jl *j)
{
	int array = j->is_array[--j->depth];

	j->p++;
	if (j->depth == 0 && !rest_blank(j))
		return DECLINE;
	return emit(j, array ? j->cb->yajl_end_array(j->ctx) : j->cb->yajl_end_map(j->ctx));
}

/* A value at j->p (blanks skipped): a scalar, or a container's opening and, when it is
 * not empty, its first key. *more: a value is expected next. */
static int value(struct jl *j, int *more)
{
	int array, r;

	*more = 0;
	if (j->p >= j->end)
		return DECLINE;
	if (*j->p != '{' && *j->p != '[')
		return scalar(j);
	array = *j->p == '[';
	if (j->depth == DP_JSONLINE_MAX_DEPTH)
		return DECLINE;
	j->is_array[j->depth++] = (unsigned char)array;
	j->p++;
	r = emit(j, array ? j->cb->yajl_start_array(j->ctx) : j->cb->yajl_start_map(j->ctx));
	if (r != OK)
		return r;
	skip_blank(j);
	if (j->p < j->end && *j->p == (array ? ']' : '}'))
		return close_container(j);
	*more = 1;
	return array ? OK : key(j);
}

/* After a value inside a container: a comma and the next member, or the closing bracket. */
static int after(struct jl *j, int *more)
{
	int array = j->is_array[j->depth - 1];

	*more = 0;
	skip_blank(j);
	if (j->p >= j->end)
		return DECLINE;
	if (*j->p == (array ? ']' : '}'))
		return close_container(j);
	if (*j->p != ',')
		return DECLINE;
	j->p++;
	*more = 1;
	if (array)
		return OK;
	skip_blank(j);
	return key(j);
}

static int callbacks_complete(const yajl_callbacks *cb)
{
	return cb->yajl_null && cb->yajl_boolean && cb->yajl_number && cb->yajl_string &&
	       cb->yajl_start_map && cb->yajl_map_key && cb->yajl_end_map &&
	       cb->yajl_start_array && cb->yajl_end_array;
}

enum dp_jsonline_result dp_jsonline_parse(const char *text, size_t n, const yajl_callbacks *cb,
					  void *ctx, struct dp_buf *scratch, size_t *events)
{
	struct jl j = { (const unsigned char *)text, (const unsigned char *)text + n, cb, ctx,
			scratch, 0, 0, { 0 } };
	int r, more = 1;

	*events = 0;
	if (!callbacks_complete(cb))
		return DP_JSONLINE_DECLINED;
	skip_blank(&j);
	r = value(&j, &more);
	while (r == OK && j.depth > 0) {
		if (more) {
			skip_blank(&j);
			r = value(&j, &more);
		} else {
			r = after(&j, &more);
		}
	}
	*events = j.events;
	if (r == STOP)
		return DP_JSONLINE_STOPPED;
	return r == OK ? DP_JSONLINE_DONE : DP_JSONLINE_DECLINED;
}

/* prefilter.c - candidate finder: class table, digit clusters, hex-colon runs, keywords. */
#include "rules/prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CL_DIGIT = 1, CL_AT = 2, CL_KW = 4, CL_COLON = 8 };

struct keyword {
	char *w;
	size_t n;
	int nocase;
	unsigned id;
	int next;               /* next keyword with the same folded first byte, or -1 */
};

struct dp_prefilter {
	uint8_t cls[256];
	uint8_t pair[65536 / 8];  /* bit per folded (first, second) byte pair */
	int head[256];            /* first keyword per folded first byte */
	struct keyword kw[DP_PF_MAX_KEYWORDS];
	size_t n_kw;
	unsigned want;
};

static unsigned char fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

struct dp_prefilter *dp_prefilter_new(unsigned want)
{
	struct dp_prefilter *pf = calloc(1, sizeof(*pf));
	int c;

	if (!pf)
		return NULL;
	pf->want = want;
	for (c = 0; c < 256; c++)
		pf->head[c] = -1;
	if (want & (1u << DP_CAND_DIGITS))
		for (c = '0'; c <= '9'; c++)
			pf->cls[c] |= CL_DIGIT;
	if (want & (1u << DP_CAND_AT))
		pf->cls['@'] |= CL_AT;
	if (want & (1u << DP_CAND_HEXCOLON))
		pf->cls[':'] |= CL_COLON;
	return pf;
}

void dp_prefilter_free(struct dp_prefilter *pf)
{
	size_t i;

	if (!pf)
		return;
	for (i = 0; i < pf->n_kw; i++)
		free(pf->kw[i].w);
	free(pf);
}

int dp_prefilter_add_keyword(struct dp_prefilter *pf, const char *w, size_t n, int nocase,
			     unsigned id)
{
	struct keyword *k;
	unsigned char a, b;
	unsigned pair;

	if (n < 2 || pf->n_kw >= DP_PF_MAX_KEYWORDS)
		return -1;
	k = &pf->kw[pf->n_kw];
	k->w = malloc(n);
	if (!k->w)
		return -1;
	memcpy(k->w, w, n);
	k->n = n;
	k->nocase = nocase;
	k->id = id;
	a = fold((unsigned char)w[0]);
	b = fold((unsigned char)w[1]);
	k->next = pf->head[a];
	pf->head[a] = (int)pf->n_kw++;
	pf->cls[a] |= CL_KW;
	if (a >= 'a' && a <= 'z')
		pf->cls[a - 32] |= CL_KW;
	pair = (unsigned)a << 8 | b;
	pf->pair[pair >> 3] |= (uint8_t)(1u << (pair & 7));
	return 0;
}

static int kw_equal(const struct keyword *k, const unsigned char *p)
{
	size_t i;

	if (!k->nocase)
		return memcmp(k->w, p, k->n) == 0;
	for (i = 0; i < k->n; i++)
		if (fold(p[i]) != fold((unsigned char)k->w[i]))
			return 0;
	return 1;
}

static void scan_keywords(const struct dp_prefilter *pf, const unsigned char *t, size_t len,
			  size_t i, void (*cb)(void *, const struct dp_candidate *), void *ctx)
{
	unsigned char a = fold(t[i]);
	unsigned pair;
	int j;

	if (i + 1 >= len)
		return;
	pair = (unsigned)a << 8 | fold(t[i + 1]);
	if (!(pf->pair[pair >> 3] & (1u << (pair & 7))))
		return;
	for (j = pf->head[a]; j >= 0; j = pf->kw[j].next) {
		const struct keyword *k = &pf->kw[j];
		struct dp_candidate c;

		if (k->n > len - i || !kw_equal(k, t + i))
			continue;
		c.kind = DP_CAND_KEYWORD;
		c.start = i;
		c.end = i + k->n;
		c.digits = 0;
		c.id = k->id;
		cb(ctx, &c);
	}
}

static int is_sep(unsigned char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
}

/* Extent of the digit cluster starting at t[i] (a digit); returns its end. */
static size_t digit_cluster(const unsigned char *t, size_t len, size_t i, unsigned *digits)
{
	size_t end = i;
	unsigned d = 0;

	while (end < len) {
		size_t j = end;

		if (t[j] >= '0' && t[j] <= '9') {
			d++;
			end = j + 1;
			continue;
		}
		while (j < len && j < end + 2 && is_sep(t[j]))
			j++;
		if (j == end || j >= len || t[j] < '0' || t[j] > '9')
			break;
		end = j;
	}
	*digits = d;
	return end;
}

static int is_hexc(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
	       c == ':';
}

/* The hex-colon run around the ':' at t[i]; returns its end, start in *start. */
static size_t hexcolon_run(const unsigned char *t, size_t len, size_t i, size_t *start,
			   unsigned *colons)
{
	size_t s = i, e = i;
	unsigned n = 0;

	while (s > 0 && is_hexc(t[s - 1]) && i - s < 48)
		s--;
	while (e < len && (is_hexc(t[e]) || t[e] == '.') && e - s < 64) {
		n += t[e] == ':';
		e++;
	}
	*start = s;
	*colons = n + 0;
	return e;
}

/* Handle a non-keyword class hit at t[i]; returns the index to resume from. */
static size_t scan_named(const struct dp_prefilter *pf, const unsigned char *t, size_t len,
			 size_t i, unsigned cl,
			 void (*cb)(void *, const struct dp_candidate *), void *ctx)
{
	struct dp_candidate c = { DP_CAND_AT, i, i + 1, 0, 0 };

	(void)pf;
	if (cl & CL_DIGIT) {
		c.kind = DP_CAND_DIGITS;
		c.end = digit_cluster(t, len, i, &c.digits);
		cb(ctx, &c);
		return c.end;
	}
	if (cl & CL_AT) {
		cb(ctx, &c);
		return i + 1;
	}
	if (cl & CL_COLON) {
		unsigned colons;

		c.kind = DP_CAND_HEXCOLON;
		c.end = hexcolon_run(t, len, i, &c.start, &colons);
		if (colons >= 2) {
			cb(ctx, &c);
			return c.end;
		}
	}
	return i + 1;
}

void dp_prefilter_scan(const struct dp_prefilter *pf, const char *text, size_t len,
		       void (*cb)(void *ctx, const struct dp_candidate *c), void *ctx)
{
	const unsigned char *t = (const unsigned char *)text;
	const uint8_t *cls = pf->cls;
	size_t i = 0;

	while (i < len) {
		unsigned cl = cls[t[i]];

		if (!cl) {
			i++;
			continue;
		}
		if (cl & CL_KW)
			scan_keywords(pf, t, len, i, cb, ctx);
		if (cl & (CL_DIGIT | CL_AT | CL_COLON))
			i = scan_named(pf, t, len, i, cl, cb, ctx);
		else
			i++;
	}
}

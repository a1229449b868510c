/* prefilter.c - candidate finder: class table, digit clusters, hex-colon runs, keywords. */
#include "rules/prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CL_DIGIT = 1, CL_AT = 2, CL_COLON = 8 };

struct keyword {
	char *w;
	size_t n;
	size_t anchor;          /* offset of the pair of bytes the scan looks for */
	int nocase;
	unsigned id;
	int next;               /* next keyword with the same anchor-pair hash, or -1 */
};

#define PF_HASH 1024

struct dp_prefilter {
	uint8_t fold[256];        /* ASCII upper -> lower, everything else unchanged */
	uint8_t cls[256];         /* named triggers by first byte */
	uint8_t pair[65536 / 8];  /* bit per raw (byte, next byte) pair worth a look */
	uint8_t look[65536];      /* the same as one byte per pair, indexed by the two bytes
				   * read as a little-endian 16-bit value (the hot loop) */
	uint8_t kwpair[65536 / 8]; /* the subset that anchors a keyword (all case variants
				    * for case-insensitive keywords) */
	int head[PF_HASH];        /* keywords by hash of their folded anchor pair */
	struct keyword kw[DP_PF_MAX_KEYWORDS];
	size_t n_kw;
	unsigned want;
	unsigned min_digits;
};

static unsigned char fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static void set_bit(uint8_t *bm, unsigned a, unsigned b)
{
	unsigned p = a << 8 | b;

	bm[p >> 3] |= (uint8_t)(1u << (p & 7));
}

static void set_pair(struct dp_prefilter *pf, unsigned a, unsigned b)
{
	set_bit(pf->pair, a, b);
	pf->look[b << 8 | a] = 1;
}

/* Every pair starting with byte a (the named triggers look at a single byte). */
static void set_first(struct dp_prefilter *pf, unsigned a, uint8_t cl)
{
	unsigned b;

	pf->cls[a] |= cl;
	for (b = 0; b < 256; b++)
		set_pair(pf, a, b);
}

struct dp_prefilter *dp_prefilter_new(unsigned want)
{
	struct dp_prefilter *pf = calloc(1, sizeof(*pf));
	int c;

	if (!pf)
		return NULL;
	pf->want = want;
	pf->min_digits = 1;
	for (c = 0; c < 256; c++)
		pf->fold[c] = fold((unsigned char)c);
	for (c = 0; c < PF_HASH; c++)
		pf->head[c] = -1;
	if (want & (1u << DP_CAND_DIGITS))
		for (c = '0'; c <= '9'; c++)
			set_first(pf, (unsigned)c, CL_DIGIT);
	if (want & (1u << DP_CAND_AT))
		set_first(pf, '@', CL_AT);
	if (want & (1u << DP_CAND_HEXCOLON))
		set_first(pf, ':', CL_COLON);
	return pf;
}

void dp_prefilter_set_min_digits(struct dp_prefilter *pf, unsigned n)
{
	pf->min_digits = n ? n : 1;
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

/* How common a byte is in ordinary text (0 rare .. 9 very common): a rough English and
 * source-code profile, used to anchor each keyword on its rarest pair of bytes. */
static unsigned commonness(unsigned char c, int nocase)
{
	static const char common[] = "etaoinsrhl";  /* 9..5 */
	static const char medium[] = "dcumfpgwyb";  /* 4 */
	const char *p;

	if (c == ' ' || c == '\n')
		return 9;
	if (c >= 'A' && c <= 'Z' && !nocase)
		return 2;
	c = fold(c);
	p = c ? strchr(common, c) : NULL;
	if (p)
		return 9u - (unsigned)(p - common) / 2u;
	if (c && strchr(medium, c))
		return 4;
	if (c >= '0' && c <= '9')
		return 4;  /* digit pairs also wake the digit-cluster trigger */
	if (c >= 'a' && c <= 'z')
		return 2;
	return c == '.' || c == ',' || c == '-' || c == '"' ? 4 : 1;
}

static size_t rarest_pair(const char *w, size_t n, int nocase)
{
	size_t j, best = 0;
	unsigned best_score = ~0u;

	for (j = 0; j + 1 < n; j++) {
		unsigned s = commonness((unsigned char)w[j], nocase) *
			     commonness((unsigned char)w[j + 1], nocase);

		if (s < best_score) {
			best_score = s;
			best = j;
		}
	}
	return best;
}

static unsigned char upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c;
}

/* Mark the raw anchor pair (a, b), and its case variants when `nocase`. */
static void set_anchor(struct dp_prefilter *pf, unsigned char a, unsigned char b, int nocase)
{
	unsigned char av[2] = { a, a }, bv[2] = { b, b };
	int i, j;

	if (nocase) {
		av[0] = fold(a);
		av[1] = upper(a);
		bv[0] = fold(b);
		bv[1] = upper(b);
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			set_pair(pf, av[i], bv[j]);
			set_bit(pf->kwpair, av[i], bv[j]);
		}
	}
}

static unsigned pair_hash(unsigned a, unsigned b)
{
	return ((a * 31u) ^ (b * 131u)) & (PF_HASH - 1);
}

int dp_prefilter_add_keyword(struct dp_prefilter *pf, const char *w, size_t n, int nocase,
			     unsigned id)
{
	struct keyword *k;
	unsigned a, b, h;

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
	k->anchor = rarest_pair(w, n, nocase);
	a = fold((unsigned char)w[k->anchor]);
	b = fold((unsigned char)w[k->anchor + 1]);
	h = pair_hash(a, b);
	k->next = pf->head[h];
	pf->head[h] = (int)pf->n_kw++;
	set_anchor(pf, (unsigned char)w[k->anchor], (unsigned char)w[k->anchor + 1], nocase);
	return 0;
}

static int kw_equal(const struct keyword *k, const unsigned char *p)
{
	size_t i;

	if (!k->nocase) {
		for (i = 0; i < k->n; i++)
			if (p[i] != (unsigned char)k->w[i])
				return 0;
		return 1;
	}
	for (i = 0; i < k->n; i++)
		if (fold(p[i]) != fold((unsigned char)k->w[i]))
			return 0;
	return 1;
}

/* The pair at t[i], t[i+1] is a keyword anchor: verify each keyword anchored on it. */
static void scan_keywords(const struct dp_prefilter *pf, const unsigned char *t, size_t len,
			  size_t i, void (*cb)(void *, const struct dp_candidate *), void *ctx)
{
	unsigned a = pf->fold[t[i]], b = i + 1 < len ? pf->fold[t[i + 1]] : 0;
	int j;

	for (j = pf->head[pair_hash(a, b)]; j >= 0; j = pf->kw[j].next) {
		const struct keyword *k = &pf->kw[j];
		struct dp_candidate c;

		if (k->anchor > i || k->n > len - (i - k->anchor) || !kw_equal(k, t + i - k->anchor))
			continue;
		c.kind = DP_CAND_KEYWORD;
		c.start = i - k->anchor;
		c.end = c.start + k->n;
		c.digits = 0;
		c.seps = 0;
		c.id = k->id;
		cb(ctx, &c);
	}
}

/* DP_SEP_* bit of a cluster separator, 0 for anything else. */
static unsigned sep_bit(unsigned char c)
{
	switch (c) {
	case ' ':
		return DP_SEP_SPACE;
	case '-':
		return DP_SEP_DASH;
	case '.':
		return DP_SEP_DOT;
	case '(':
	case ')':
		return DP_SEP_PAREN;
	case '/':
		return DP_SEP_SLASH;
	default:
		return 0;
	}
}

/* Extent of the digit cluster starting at t[i] (a digit); returns its end. */
static size_t digit_cluster(const unsigned char *t, size_t len, size_t i, unsigned *digits,
			    unsigned *seps)
{
	size_t end = i;
	unsigned d = 0, s = 0;

	while (end < len) {
		size_t j = end;
		unsigned bits = 0;

		if (t[j] >= '0' && t[j] <= '9') {
			d++;
			end = j + 1;
			continue;
		}
		while (j < len && j < end + 2 && sep_bit(t[j])) {
			bits |= sep_bit(t[j]);
			j++;
		}
		if (j == end || j >= len || t[j] < '0' || t[j] > '9')
			break;
		s |= bits;
		end = j;
	}
	*digits = d;
	*seps = s;
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

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* DP_LEAD_* bits of the cluster starting at t[i]. */
static unsigned lead_bits(const unsigned char *t, size_t len, size_t i)
{
	unsigned b = 0;

	if (i > 0 && t[i - 1] == '+')
		b |= DP_LEAD_PLUS;
	if (i + 1 < len && t[i] == '0' && t[i + 1] == '0')
		b |= DP_LEAD_00;
	if ((i > 0 && is_letter(t[i - 1])) || (i > 1 && t[i - 1] == ' ' && is_letter(t[i - 2])))
		b |= DP_LEAD_LETTER;
	return b;
}

/* Start of the run of non-blank bytes (at most 64) that ends at t[i]. */
static size_t token_start(const unsigned char *t, size_t i)
{
	size_t s = i;

	while (s > 0 && i - s < 64 && t[s - 1] > ' ' && t[s - 1] != '"' && t[s - 1] != '\'')
		s--;
	return s;
}

/* Handle a non-keyword class hit at t[i]; returns the index to resume from. */
static size_t scan_named(const struct dp_prefilter *pf, const unsigned char *t, size_t len,
			 size_t i, unsigned cl,
			 void (*cb)(void *, const struct dp_candidate *), void *ctx)
{
	struct dp_candidate c = { DP_CAND_AT, i, i + 1, 0, 0, 0 };

	if (cl & CL_DIGIT) {
		c.kind = DP_CAND_DIGITS;
		c.end = digit_cluster(t, len, i, &c.digits, &c.seps);
		if (c.digits < pf->min_digits)
			return c.end;
		c.seps |= lead_bits(t, len, i);
		cb(ctx, &c);
		return c.end;
	}
	if (cl & CL_AT) {
		c.start = token_start(t, i);
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

/* The two bytes at p as a little-endian value (index into dp_prefilter.look). */
static inline unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

void dp_prefilter_scan(const struct dp_prefilter *pf, const char *text, size_t len,
		       void (*cb)(void *ctx, const struct dp_candidate *c), void *ctx)
{
	const unsigned char *t = (const unsigned char *)text;
	const uint8_t *look = pf->look;
	size_t i = 0;

	while (i < len) {
		unsigned p, cl;

		/* Hot loop: one table byte per text byte, four positions per round. */
		while (i + 4 < len && !(look[le16(t + i)] | look[le16(t + i + 1)] |
					look[le16(t + i + 2)] | look[le16(t + i + 3)]))
			i += 4;
		while (i + 1 < len && !look[le16(t + i)])
			i++;
		p = (unsigned)t[i] << 8 | (i + 1 < len ? t[i + 1] : 0u);
		if (!(pf->pair[p >> 3] & (1u << (p & 7)))) {
			i++;
			continue;
		}
		if (pf->kwpair[p >> 3] & (1u << (p & 7)))
			scan_keywords(pf, t, len, i, cb, ctx);
		cl = pf->cls[t[i]];
		i = cl ? scan_named(pf, t, len, i, cl, cb, ctx) : i + 1;
	}
}

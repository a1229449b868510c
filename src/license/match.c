/* match.c - shingle candidates, chain alignment and best-first selection of licenses. */
#include "license/match.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CANDS 64          /* templates aligned per round */
#define MAX_ROUNDS 64         /* licenses accepted per text */
#define POSTING_WALK 8192     /* postings read per shingle when counting */
#define PAIRS_PER_POS 8       /* text occurrences tried per template shingle */
#define MIN_TEXT_COVER 0.78   /* accept a full text from this coverage on */
#define MIN_HDR_COVER 0.80    /* accept a standard header from this coverage on */
#define MISS_WEIGHT 8.0     /* cost of a missing template token against a covered one */
#define EXTRA_WEIGHT 4.0    /* cost of a word in the region that the template lacks */
#define VAR_CREDIT 0.5      /* a word in a variable part explains less than a template word */
#define APPENDIX_TOKENS 250   /* a header this close after a full text is its appendix */
#define GAP_TOKENS 80         /* an unexplained stretch this long splits a chain */
#define ALT_OVERLAP 9         /* a near variant covers this many tenths of the region */
#define ALT_WHOLE 0.99        /* from this coverage (nothing unexplained) a match is whole */
#define SPLIT_COVER 0.25      /* a chain piece cut from its template's opening or end and
				 * covering this much of it is aligned again nearby */
#define MIN_HEAD_COVER 0.35   /* a full text cut short: accept from this coverage on ... */
#define HEAD_WHOLE 0.97       /* ... when it holds this share of the template's text up to
				 * where it stops */
#define HEAD_TOKENS 40        /* ... and at least this many of its words, */
#define HEAD_SKIP 15          /* ... and from at most this many words into the template */
#define HEAD_TAIL 8           /* ... and the text has at most this many words after it */
#define TAKEN_WORDS 12        /* template words at a match's end that a neighbour may take */

struct pair {
	uint32_t l, t;
};

struct scan {
	const struct dp_license_corpus *c;
	const struct dp_lic_toks *toks;
	size_t nsh;              /* text shingles */
	uint64_t *tkeys;         /* text shingle keys */
	uint64_t *mkeys;         /* text map: open addressing key -> last position + 1 */
	uint32_t *mhead;
	uint32_t *tnext;         /* previous position with the same key, or NONE */
	size_t mcap;
	uint8_t *used;           /* tokens inside accepted regions */
	struct pair *pairs;
	size_t pcap;
	uint32_t *tail, *prev;   /* LIS work arrays, sized pcap */
	int capped;              /* the last collect_pairs left a word's occurrences untried */
	size_t np;               /* pairs the last collect_pairs found */
	uint32_t plo, phi;       /* text positions of those tried of words not all tried */
};

struct cand {
	uint32_t tpl;
	uint32_t hits;
	struct dp_lic_match m;
	double score;
	int valid;
	int capped;              /* some words' occurrences were not all tried ... */
	uint32_t plo, phi;       /* ... those tried of them lie in text positions [plo, phi] */
};

static size_t mslot(const struct scan *s, uint64_t key)
{
	size_t m = s->mcap - 1, i = (size_t)(key ^ (key >> 31)) & m;

	while (s->mkeys[i] && s->mkeys[i] != key)
		i = (i + 1) & m;
	return i;
}

static int scan_init(struct scan *s, const struct dp_license_corpus *c,
		     const struct dp_lic_toks *toks)
{
	size_t i, j;
	uint64_t w[DP_LIC_K];

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->toks = toks;
	s->nsh = toks->n >= DP_LIC_K ? toks->n - DP_LIC_K + 1 : 0;
	s->mcap = 64;
	while (s->mcap < s->nsh * 2)
		s->mcap *= 2;
	s->tkeys = malloc((s->nsh + 1) * sizeof(*s->tkeys));
	s->tnext = malloc((s->nsh + 1) * sizeof(*s->tnext));
	s->mkeys = calloc(s->mcap, sizeof(*s->mkeys));
	s->mhead = calloc(s->mcap, sizeof(*s->mhead));
	s->used = calloc(toks->n + 1, 1);
	if (!s->tkeys || !s->tnext || !s->mkeys || !s->mhead || !s->used)
		return -1;
	for (i = 0; i < s->nsh; i++) {
		size_t slot;
		for (j = 0; j < DP_LIC_K; j++)
			w[j] = toks->v[i + j].h;
		s->tkeys[i] = dp_lic_shingle(w, 1);
		slot = mslot(s, s->tkeys[i]);
		s->tnext[i] = s->mkeys[slot] ? s->mhead[slot] - 1 : DP_LIC_NONE;
		s->mkeys[slot] = s->tkeys[i];
		s->mhead[slot] = (uint32_t)i + 1;
	}
	return 0;
}

static void scan_release(struct scan *s)
{
	free(s->tkeys);
	free(s->tnext);
	free(s->mkeys);
	free(s->mhead);
	free(s->used);
	free(s->pairs);
	free(s->tail);
	free(s->prev);
}

/* Count shingle hits per template (each distinct text shingle once): hits[t], and of
 * shingles of required words only, hits[n_tpls + t]. */
static int count_hits(const struct scan *s, uint32_t *hits)
{
	uint32_t *req = hits + s->c->n_tpls;
	size_t i;

	for (i = 0; i < s->nsh; i++) {
		uint32_t p;
		size_t walked = 0;
		if (s->tnext[i] != DP_LIC_NONE)
			continue; /* a repeat: the earliest occurrence counts */
		p = dp_lic_postings(s->c, s->tkeys[i]);
		for (; p != DP_LIC_NONE && walked < POSTING_WALK; p = s->c->post[p].next, walked++) {
			const struct dp_lic_posting *po = &s->c->post[p];
			hits[po->tpl]++;
			req[po->tpl] += po->pos >> 31;
		}
	}
	return 0;
}

/* The share of template t's shingles found, or of its shingles of required words when that
 * is larger (a text holding only the required core of a template of many optional words,
 * such as the historical permission notices). */
static double found_share(const struct dp_lic_tpl *t, uint32_t hits, uint32_t req)
{
	double all = (double)hits / (double)(t->shingles + 1);
	double core = (double)req / (double)(t->req_shingles + 1);

	return core > all ? core : all;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->tpl < y->tpl ? -1 : (x->tpl > y->tpl);
}

/* Pick the templates worth aligning: enough hits for their size. */
static size_t pick_cands(const struct scan *s, const uint32_t *hits, struct cand *cands)
{
	const struct dp_license_corpus *c = s->c;
	size_t i, n = 0, keep;
	struct cand *all = NULL;

	all = malloc((c->n_tpls + 1) * sizeof(*all));
	if (!all)
		return 0;
	for (i = 0; i < c->n_tpls; i++) {
		uint32_t need = c->tpls[i].coverable / 4;
		if (hits[i] < 2 || hits[i] < need)
			continue;
		memset(&all[n], 0, sizeof(all[n]));
		all[n].tpl = (uint32_t)i;
		all[n].hits = hits[i];
		all[n].score = found_share(&c->tpls[i], hits[i], hits[c->n_tpls + i]) +
			       (double)hits[i] * 1e-6;
		n++;
	}
	qsort(all, n, sizeof(*all), cand_cmp);
	keep = n < MAX_CANDS ? n : MAX_CANDS;
	memcpy(cands, all, keep * sizeof(*cands));
	free(all);
	return keep;
}

static int add_pair(struct scan *s, size_t *np, uint32_t l, uint32_t t)
{
	if (*np == s->pcap) {
		size_t nc = s->pcap ? s->pcap * 2 : 1024;
		struct pair *p = realloc(s->pairs, nc * sizeof(*p));
		uint32_t *ta = realloc(s->tail, nc * sizeof(*ta));
		uint32_t *pr = ta ? realloc(s->prev, nc * sizeof(*pr)) : NULL;
		if (p)
			s->pairs = p;
		if (ta)
			s->tail = ta;
		if (pr)
			s->prev = pr;
		if (!p || !ta || !pr)
			return -1;
		s->pcap = nc;
	}
	s->pairs[*np].l = l;
	s->pairs[*np].t = t;
	(*np)++;
	return 0;
}

/* Hits of template ti in the unused text, ordered by template position, then by text
 * position descending (so a chain takes at most one per template position). */
static int collect_pairs(struct scan *s, uint32_t ti, uint32_t lo, uint32_t hi, size_t *np)
{
	const struct dp_lic_tpl *t = &s->c->tpls[ti];
	uint32_t l;

	*np = 0;
	s->capped = 0;
	s->plo = UINT32_MAX;
	s->phi = 0;
	for (l = 0; l < t->n; l++) {
		uint64_t key = s->c->skey[t->start + l];
		size_t slot, tries = 0;
		uint32_t p, lo_l = UINT32_MAX, hi_l = 0;
		if (!key)
			continue;
		slot = mslot(s, key);
		if (!s->mkeys[slot])
			continue;
		/* occurrences already taken by accepted matches, or outside the window, do not
		 * count: a file with more than PAIRS_PER_POS copies of one text (an aclocal.m4
		 * with a notice per macro) reaches its earlier copies once the later are taken */
		for (p = s->mhead[slot] - 1; p != DP_LIC_NONE && tries < PAIRS_PER_POS;
		     p = s->tnext[p]) {
			if (s->used[p] || s->used[p + DP_LIC_K - 1] || p < lo || p > hi)
				continue;
			if (add_pair(s, np, l, p))
				return -1;
			lo_l = p < lo_l ? p : lo_l;
			hi_l = p > hi_l ? p : hi_l;
			tries++;
		}
		if (p != DP_LIC_NONE) {  /* earlier occurrences of this word were not tried */
			s->capped = 1;
			s->plo = lo_l < s->plo ? lo_l : s->plo;
			s->phi = hi_l > s->phi ? hi_l : s->phi;
		}
	}
	return 0;
}

/* Longest chain strictly increasing in text position; returns its length, indexes of the
 * chain's pairs (in order) written to s->tail[0..len). */
static size_t chain(struct scan *s, size_t np)
{
	size_t i, len = 0;
	uint32_t k;

	for (i = 0; i < np; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (s->pairs[s->tail[mid]].t < s->pairs[i].t)
				lo = mid + 1;
			else
				hi = mid;
		}
		s->prev[i] = lo ? s->tail[lo - 1] : DP_LIC_NONE;
		s->tail[lo] = (uint32_t)i;
		if (lo == len)
			len++;
	}
	if (!len)
		return 0;
	/* unwind into tail[] itself, back to front (tail[len-1] is the chain's end) */
	k = s->tail[len - 1];
	for (i = len; i-- > 0;) {
		s->tail[i] = k;
		k = s->prev[k];
	}
	return len;
}

/* How many text words may the variable parts in template positions [from, to] stand for? */
static uint32_t var_between(const struct dp_license_corpus *c, const struct dp_lic_tpl *t,
			    uint32_t from, uint32_t to)
{
	uint32_t q, allow = 0;

	for (q = from; q <= to && q < t->n; q++)
		if (c->brk[t->start + q] & DP_LIC_F_VAR)
			allow += c->vallow[t->start + q];
	return allow;
}

/* Score the chain piece [a, b) of tail[]: covered template tokens, explained text tokens
 * and the text region. */
static void piece(const struct scan *s, const struct dp_lic_tpl *t, size_t a, size_t b,
		  struct dp_lic_match *m)
{
	uint32_t req = 0, all = 0, end = 0, gap_ok = 0, q;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = a; i < b; i++) {
		const struct pair *p = &s->pairs[s->tail[i]];
		for (q = p->l > end ? p->l : end; q < p->l + DP_LIC_K; q++) {
			all++;
			req += !(s->c->brk[t->start + q] & DP_LIC_F_OPT);
		}
		if (i > a) {
			const struct pair *x = &s->pairs[s->tail[i - 1]];
			uint32_t tgap = p->t > x->t + DP_LIC_K ? p->t - (x->t + DP_LIC_K) : 0;
			uint32_t allow = tgap ? var_between(s->c, t, x->l + 1, p->l) : 0;
			gap_ok += tgap < allow ? tgap : allow;
		}
		end = p->l + DP_LIC_K;
	}
	m->covered = req;
	m->chain_a = (uint32_t)a;
	m->chain_b = (uint32_t)b;
	m->explained = all + gap_ok;
	m->var_words = gap_ok;
	m->tok_first = s->pairs[s->tail[a]].t;
	m->tok_last = s->pairs[s->tail[b - 1]].t + DP_LIC_K - 1;
	m->l_first = s->pairs[s->tail[a]].l;
	m->l_last = s->pairs[s->tail[b - 1]].l;
}

/* Words inside the matched region that the template does not account for. */
static uint32_t unexplained(const struct dp_lic_match *m)
{
	uint32_t region = m->tok_last - m->tok_first + 1;
	return region > m->explained ? region - m->explained : 0;
}

/* Coverable tokens of template t before template position `end` (corpus covpre). */
static uint32_t coverable_before(const struct dp_license_corpus *c, const struct dp_lic_tpl *t,
				 uint32_t end)
{
	return end >= t->n ? t->coverable : c->covpre[t->start + end];
}

/* A full text cut short: the text holds the template from its start to where the match
 * stops, nearly all of it, and ends there (a license quoted without its disclaimer: the
 * grant and the conditions are all there). Text going on after the match is no cut text
 * (a shorter template's words followed by more license words that it lacks). */
static uint32_t text_head(const struct scan *s, const struct dp_lic_tpl *t,
			  const struct dp_lic_match *m)
{
	uint32_t want;

	if (t->kind != DP_LIC_TPL_TEXT || m->coverage < MIN_HEAD_COVER ||
	    m->covered < HEAD_TOKENS || m->chain_b <= m->chain_a ||
	    m->tok_last + 1 + HEAD_TAIL < s->toks->n)
		return 0;
	if (coverable_before(s->c, t, m->l_first) > HEAD_SKIP)
		return 0;  /* the template's opening words are missing */
	want = coverable_before(s->c, t, m->l_last + DP_LIC_K);
	return (double)m->covered >= HEAD_WHOLE * (double)want ? want : 0;
}

/* Template words missing at m's ends where the text next to m lies in an accepted match
 * (at most TAKEN_WORDS a side): that match took them (an exception's closing words
 * "the GNU General Public License, version 3" read as the opening of the GPL text after
 * it), so they are not missing from the text. */
static uint32_t taken_ends(const struct scan *s, const struct dp_lic_tpl *t,
			   const struct dp_lic_match *m)
{
	uint32_t before = coverable_before(s->c, t, m->l_first), after, n = 0;

	after = t->coverable - coverable_before(s->c, t, m->l_last + DP_LIC_K);
	if (m->tok_first > 0 && s->used[m->tok_first - 1])
		n += before < TAKEN_WORDS ? before : TAKEN_WORDS;
	if (m->tok_last + 1 < s->toks->n && s->used[m->tok_last + 1])
		n += after < TAKEN_WORDS ? after : TAKEN_WORDS;
	return n < t->coverable - m->covered ? n : t->coverable - m->covered;
}

static double score_of(const struct scan *s, const struct dp_lic_match *m, int *valid)
{
	const struct dp_lic_tpl *t = &s->c->tpls[m->tpl];
	double min = t->kind == DP_LIC_TPL_HEADER ? MIN_HDR_COVER : MIN_TEXT_COVER;

	*valid = m->covered >= 12 && (m->coverage >= min || text_head(s, t, m) != 0);
	/* Text explained (by template words, and less so by variable parts), less missing
	 * template text, which weighs much more: a near variant that needs words the text
	 * lacks loses to the template that needs none of them, and one that leaves words
	 * unexplained, or explains them only as "any text here", loses to one that names them. */
	return (double)(m->explained - m->var_words) + VAR_CREDIT * (double)m->var_words -
	       MISS_WEIGHT * (double)(t->coverable - m->covered - taken_ends(s, t, m)) -
	       EXTRA_WEIGHT * (double)unexplained(m);
}

/* Was the chain cut where the piece m lacks the template's opening or its end (the
 * template's words there, optional ones too, taken from another copy of a shared text,
 * or their occurrences near m not tried because later copies came first)? */
static int piece_cut(const struct dp_lic_tpl *t, const struct dp_lic_match *m, int before,
		     int after)
{
	return (before && m->l_first > DP_LIC_K) || (after && m->l_last + 2 * DP_LIC_K < t->n);
}

/* Does x hold more of the template than y: more of its required text, then more words (a
 * template of mostly optional words, such as HPND's, has pieces of those only)? */
static int holds_more(const struct dp_lic_match *x, const struct dp_lic_match *y)
{
	if (x->covered != y->covered)
		return x->covered > y->covered;
	return x->explained > y->explained;
}

/* Where the chain kept a piece: was it cut before or after it (so that the piece lacks the
 * template's opening or end), and the text between its neighbouring pieces. */
struct cut {
	int split;
	uint32_t lo, hi;
};

/* The best piece of the chain of the np pairs of template ti in s->pairs, all in text
 * positions [lo, hi]. */
static void best_piece(struct scan *s, uint32_t ti, size_t np, uint32_t lo, uint32_t hi,
		       struct dp_lic_match *m, struct cut *cut)
{
	const struct dp_lic_tpl *t = &s->c->tpls[ti];
	size_t len = chain(s, np), a = 0, i;

	memset(m, 0, sizeof(*m));
	memset(cut, 0, sizeof(*cut));
	for (i = 1; i <= len; i++) {
		struct dp_lic_match cur;
		const struct pair *x, *y;
		if (i < len) {
			x = &s->pairs[s->tail[i - 1]];
			y = &s->pairs[s->tail[i]];
			if (y->t - x->t <= (y->l - x->l) + GAP_TOKENS)
				continue;
		}
		piece(s, t, a, i, &cur);
		if (holds_more(&cur, m)) {
			*m = cur;
			cut->split = piece_cut(t, &cur, a > 0, i < len);
			cut->lo = a > 0 ? s->pairs[s->tail[a - 1]].t + DP_LIC_K : lo;
			cut->hi = i < len ? s->pairs[s->tail[i]].t - 1 : hi;
		}
		a = i;
	}
}

/* The best piece of the chain of template ti's hits in text positions [lo, hi]; the pairs
 * stay in s->pairs, their number in s->np. */
static int align_in(struct scan *s, uint32_t ti, uint32_t lo, uint32_t hi,
		    struct dp_lic_match *m, struct cut *cut)
{
	if (collect_pairs(s, ti, lo, hi, &s->np))
		return -1;
	best_piece(s, ti, s->np, lo, hi, m, cut);
	return 0;
}

/* Keep the pairs of s->pairs[0, np) in text positions [lo, hi], in order; their number. */
static size_t pairs_within(struct scan *s, size_t np, uint32_t lo, uint32_t hi)
{
	size_t i, k = 0;

	for (i = 0; i < np; i++)
		if (s->pairs[i].t >= lo && s->pairs[i].t <= hi)
			s->pairs[k++] = s->pairs[i];
	return k;
}

static void finish(const struct dp_lic_tpl *t, uint32_t ti, struct dp_lic_match *m)
{
	m->tpl = ti;
	m->lic = t->lic;
	m->kind = t->kind;
	m->coverage = t->coverable ? (double)m->covered / (double)t->coverable : 0.0;
	if (m->coverage > 1.0)
		m->coverage = 1.0;
}

/* Align template ti again near m, in the text between the pieces beside it; m becomes the
 * piece found there when that holds more of the template. */
static int align_near(struct scan *s, uint32_t ti, const struct cut *cut,
		      struct dp_lic_match *m)
{
	uint32_t span = s->c->tpls[ti].n + GAP_TOKENS;
	uint32_t lo = m->tok_first > span ? m->tok_first - span : 0;
	uint32_t hi = m->tok_last + span;
	struct dp_lic_match near;
	struct cut cut2;

	lo = lo > cut->lo ? lo : cut->lo;
	hi = hi < cut->hi ? hi : cut->hi;
	if (lo == 0 && hi + 1 >= s->toks->n)
		return 0;  /* the whole text again: the same chain */
	if (!s->capped)  /* every occurrence was tried: those in the window are enough */
		best_piece(s, ti, pairs_within(s, s->np, lo, hi), lo, hi, &near, &cut2);
	else if (align_in(s, ti, lo, hi, &near, &cut2))
		return -1;
	if (holds_more(&near, m)) {
		near.win_lo = lo;  /* find_gaps aligns in the same window again */
		near.win_hi = hi;
		*m = near;
	}
	return 0;
}

/* Align template ti against the unused text; fills m with the best chain piece. A chain
 * may take a template's opening words from an earlier copy of the text (two BSD texts in
 * one file) and be cut there, or, in a text with many copies of its words, take its
 * closing words from a later copy (only PAIRS_PER_POS occurrences of a word are tried):
 * the piece kept then lacks its opening or end, so the template is aligned again in the
 * piece's neighbourhood, short of the pieces beside it. */
static int align(struct scan *s, struct cand *cd)
{
	uint32_t ti = cd->tpl;
	const struct dp_lic_tpl *t = &s->c->tpls[ti];
	struct dp_lic_match *m = &cd->m;
	struct cut cut;

	if (align_in(s, ti, 0, UINT32_MAX, m, &cut))
		return -1;
	cd->capped = s->capped;
	cd->plo = s->plo;
	cd->phi = s->phi;
	if ((cut.split || (s->capped && (m->covered < t->coverable || unexplained(m) > 0))) &&
	    (double)m->covered >= SPLIT_COVER * (double)t->coverable &&
	    align_near(s, ti, &cut, m))
		return -1;
	finish(t, ti, m);
	return 0;
}

/* Better of two valid candidates: higher score, then the shorter id (GPL-2.0-only over
 * the text-identical GPL-2.0-or-later), then the lower template index. */
static int better(const struct scan *s, const struct cand *x, const struct cand *y)
{
	size_t lx, ly;

	if (x->score != y->score)
		return x->score > y->score;
	lx = strlen(s->c->lics[x->m.lic].id);
	ly = strlen(s->c->lics[y->m.lic].id);
	if (lx != ly)
		return lx < ly;
	return x->tpl < y->tpl;
}

/* Must candidate cd be aligned again now that text positions [a, b] are taken? When it
 * was never aligned, or its chain lies there. A chain elsewhere is still the best, unless
 * occurrences it tried of words it could not try all of lie there: earlier ones are tried
 * then (an aclocal.m4's first notice, with a warranty disclaimer, once the later copies
 * of the notice without one are taken); so only for a candidate not yet valid that holds
 * a fair part of its template (each alignment of a long file costs). */
static int stale(const struct scan *s, const struct cand *cd, uint32_t a, uint32_t b)
{
	if (!cd->hits || (cd->m.tok_last >= a && cd->m.tok_first <= b))
		return 1;
	return cd->capped && !cd->valid && cd->phi >= a && cd->plo <= b &&
	       (double)cd->m.covered >= SPLIT_COVER * (double)s->c->tpls[cd->tpl].coverable;
}

static int realign(struct scan *s, struct cand *cd, size_t nc, uint32_t a, uint32_t b)
{
	size_t i;

	for (i = 0; i < nc; i++) {
		if (!stale(s, &cd[i], a, b))
			continue;
		if (align(s, &cd[i]))
			return -1;
		cd[i].score = score_of(s, &cd[i].m, &cd[i].valid);
		cd[i].hits = 1;
	}
	return 0;
}

static int tok_cmp(const void *a, const void *b)
{
	const struct dp_lic_match *x = a, *y = b;
	return x->tok_first < y->tok_first ? -1 : (x->tok_first > y->tok_first);
}

/* License documents end with "how to apply" appendices and exhibits quoting a standard
 * header (GPL, MPL, NPL, Apache); a header of the same family found inside or just after
 * a full text is that text's appendix, not a separate notice. A header of another family
 * after a text is a license of its own (a BSD text, then a GPL notice). */
static void drop_appendix_headers(const struct dp_license_corpus *c, struct dp_lic_match *m,
				  size_t *n)
{
	size_t i, j, o = 0;

	for (i = 0; i < *n; i++) {
		int drop = 0;
		for (j = 0; j < *n && m[i].kind == DP_LIC_TPL_HEADER; j++)
			if (m[j].kind == DP_LIC_TPL_TEXT && m[i].tok_first >= m[j].tok_first &&
			    m[i].tok_first <= m[j].tok_last + APPENDIX_TOKENS &&
			    (m[i].tok_first <= m[j].tok_last ||
			     dp_lic_same_family(c->lics[m[i].lic].id, c->lics[m[j].lic].id)))
				drop = 1;
		if (!drop)
			m[o++] = m[i];
	}
	*n = o;
}

/* Record the line runs of m's range that hold words but none matched by the template. */
static void gaps_from_lines(const uint8_t *hit, const uint8_t *words, struct dp_lic_match *m)
{
	uint32_t ln, nlines = m->line_end - m->line_start + 1, start = 0;
	int open = 0;

	for (ln = 0; ln <= nlines; ln++) {
		int gap_line = ln < nlines && words[ln] && !hit[ln];
		if (ln < nlines && !words[ln])
			continue;  /* blank lines neither open nor close a gap */
		if (gap_line && !open) {
			open = 1;
			start = ln;
		} else if (!gap_line && open) {
			open = 0;
			if (m->n_gaps < DP_LIC_GAPS) {
				m->gaps[m->n_gaps][0] = m->line_start + start;
				m->gaps[m->n_gaps][1] = m->line_start + ln - 1;
				m->n_gaps++;
			}
		}
	}
}

static int find_gaps(struct scan *s, struct dp_lic_match *m)
{
	uint32_t nlines = m->line_end - m->line_start + 1, i, t;
	uint8_t *hit = calloc(nlines + 1, 2), *words = hit ? hit + nlines + 1 : NULL;
	struct dp_lic_match again;
	struct cut cut;

	/* Align again, in the window m was found in (other templates' work reused the arrays):
	 * the chain found is m's. */
	if (!hit || align_in(s, m->tpl, m->win_lo, m->win_hi ? m->win_hi : UINT32_MAX, &again,
			     &cut)) {
		free(hit);
		return -1;
	}
	for (t = m->tok_first; t <= m->tok_last; t++)
		words[s->toks->v[t].line - m->line_start] = 1;
	for (i = again.chain_a; i < again.chain_b; i++) {
		for (t = s->pairs[s->tail[i]].t; t < s->pairs[s->tail[i]].t + DP_LIC_K; t++) {
			uint32_t ln = s->toks->v[t].line;
			if (ln >= m->line_start && ln <= m->line_end)
				hit[ln - m->line_start] = 1;
		}
	}
	gaps_from_lines(hit, words, m);
	free(hit);
	return 0;
}

/* Other valid full-text candidates over most of m's region (near variants of it), when m
 * itself is no whole match. */
static void keep_alts(const struct cand *cd, size_t nc, const struct cand *best,
		      struct dp_lic_match *m)
{
	size_t i, k = 0;

	for (i = 0; i < DP_LIC_ALTS; i++)
		m->alt[i] = DP_LIC_NONE;
	if (m->coverage >= ALT_WHOLE && unexplained(m) == 0)
		return;  /* the text is this template whole: no near variant to choose */
	for (i = 0; i < nc && k < DP_LIC_ALTS; i++) {
		const struct dp_lic_match *x = &cd[i].m;
		uint32_t lo = x->tok_first > m->tok_first ? x->tok_first : m->tok_first;
		uint32_t hi = x->tok_last < m->tok_last ? x->tok_last : m->tok_last;
		if (&cd[i] == best || !cd[i].valid || x->kind != DP_LIC_TPL_TEXT ||
		    x->lic == m->lic || hi < lo ||
		    (hi - lo) * 10 < (m->tok_last - m->tok_first) * ALT_OVERLAP)
			continue;
		m->alt[k++] = x->lic;
	}
}

/* Near variants of the best candidate (same family) whose chains lie elsewhere in the text
 * (several copies of one license family in a file: each template's chain settles on one
 * copy) are aligned again in the best one's region, and the one that explains that region
 * best takes it. */
static int compete(struct scan *s, struct cand *cd, size_t nc, struct cand **best)
{
	const struct dp_lic_match *b = &(*best)->m;
	uint32_t lo = b->tok_first > GAP_TOKENS ? b->tok_first - GAP_TOKENS : 0;
	uint32_t hi = b->tok_last + GAP_TOKENS;
	size_t i;

	for (i = 0; i < nc; i++) {
		const struct dp_lic_tpl *t = &s->c->tpls[cd[i].tpl];
		struct dp_lic_match m;
		double sc;
		int valid;
		struct cut cut;
		if (&cd[i] == *best || t->kind != b->kind ||
		    (cd[i].m.tok_first <= b->tok_last && cd[i].m.tok_last >= b->tok_first) ||
		    !dp_lic_same_family(s->c->lics[t->lic].id, s->c->lics[b->lic].id))
			continue;  /* already aligned over this region, or no near variant */
		if (align_in(s, cd[i].tpl, lo, hi, &m, &cut))
			return -1;
		finish(t, cd[i].tpl, &m);
		sc = score_of(s, &m, &valid);
		if (!valid || sc <= (*best)->score)
			continue;
		m.win_lo = lo;
		m.win_hi = hi;
		cd[i].m = m;
		cd[i].score = sc;
		cd[i].valid = 1;
		*best = &cd[i];
		b = &cd[i].m;
	}
	return 0;
}

static int select_matches(struct scan *s, struct cand *cd, size_t nc,
			  struct dp_lic_match *out, size_t cap, size_t *n)
{
	uint32_t a = 0, b = UINT32_MAX;
	size_t round, i;

	for (i = 0; i < nc; i++)
		cd[i].hits = 0;
	for (round = 0; round < MAX_ROUNDS && *n < cap; round++) {
		struct cand *best = NULL;
		if (realign(s, cd, nc, a, b))
			return -1;
		for (i = 0; i < nc; i++)
			if (cd[i].valid && (!best || better(s, &cd[i], best)))
				best = &cd[i];
		if (!best)
			break;
		if (compete(s, cd, nc, &best))
			return -1;
		out[*n] = best->m;
		keep_alts(cd, nc, best, &out[*n]);
		out[*n].line_start = s->toks->v[best->m.tok_first].line;
		out[*n].line_end = s->toks->v[best->m.tok_last].line;
		if (find_gaps(s, &out[*n]))
			return -1;
		(*n)++;
		a = best->m.tok_first;
		b = best->m.tok_last;
		memset(s->used + a, 1, (size_t)(b - a + 1));
	}
	qsort(out, *n, sizeof(*out), tok_cmp);
	drop_appendix_headers(s->c, out, n);
	return 0;
}

int dp_lic_match(const struct dp_license_corpus *c, const struct dp_lic_toks *toks,
		 struct dp_lic_match *out, size_t cap, size_t *n)
{
	struct scan s;
	uint32_t *hits = NULL;
	struct cand cands[MAX_CANDS];
	size_t nc;
	int rc = -1;

	*n = 0;
	if (toks->n < DP_LIC_K)
		return 0;
	if (scan_init(&s, c, toks))
		goto out;
	hits = calloc(2 * c->n_tpls + 1, sizeof(*hits));
	if (!hits || count_hits(&s, hits))
		goto out;
	nc = pick_cands(&s, hits, cands);
	rc = nc ? select_matches(&s, cands, nc, out, cap, n) : 0;
out:
	free(hits);
	scan_release(&s);
	return rc;
}

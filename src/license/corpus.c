/* corpus.c - load the license reference corpus and build its shingle index. */
#include "license/corpus.h"

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/datadir.h"

#define KEY_MAX 256
#define STEM_MIN 6          /* letters a name key keeps without its version */
#define INDEX_PREFETCH 8   /* keys ahead whose table slot is prefetched while indexing */
#define VAR_SLACK 12   /* words a variable part may have beyond its SPDX example */

struct kvvec {
	struct dp_lic_kv *v;
	size_t n, cap;
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long sz;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)sz + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)sz, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int kv_add(struct kvvec *kv, const char *key, const char *val)
{
	if (!key[0])
		return 0;
	if (dp_array_grow((void **)&kv->v, &kv->cap, kv->n + 1, sizeof(*kv->v)))
		return -1;
	kv->v[kv->n].key = strdup(key);
	kv->v[kv->n].val = strdup(val);
	if (!kv->v[kv->n].key || !kv->v[kv->n].val)
		return -1;
	kv->n++;
	return 0;
}

/* An entry with its insertion rank, so that sorting keeps the first of equal keys (qsort
 * is not stable, and comparing addresses inside it says nothing about insertion order). */
struct kv_ranked {
	struct dp_lic_kv kv;
	size_t rank;
};

static int kv_cmp(const void *a, const void *b)
{
	const struct kv_ranked *x = a, *y = b;
	int c = strcmp(x->kv.key, y->kv.key);

	if (c)
		return c;
	return x->rank < y->rank ? -1 : (x->rank > y->rank);
}

/* Is id a the plainer of two licenses of one version ("MPL-2.0" of
 * "MPL-2.0-no-copyleft-exception", "GFDL-1.3-only" of "GFDL-1.3-invariants-only"): the same
 * up to the end of the version, and shorter? */
static int plainer(const char *a, const char *b)
{
	size_t n = dp_lic_family_len(a);

	while (a[n] && a[n] != '-')
		n++;  /* to the end of the version ("GFDL-1.3") */
	return strlen(a) < strlen(b) && strncmp(a, b, n) == 0 && (b[n] == '-' || !b[n]);
}

/* Sort and keep the first value (in insertion order) of each key; in the URL table
 * (`urls`), of two licenses of one version under one key (both list the URL
 * https://www.mozilla.org/MPL/2.0/, or https://www.gnu.org/licenses/fdl-1.3), the plainer
 * one, which the other only narrows. Returns 0, or -1 when out of memory (kv unchanged). */
static int kv_finish(struct kvvec *kv, int urls)
{
	struct kv_ranked *r = malloc((kv->n + 1) * sizeof(*r));
	size_t i, o = 0;

	if (!r)
		return -1;
	for (i = 0; i < kv->n; i++) {
		r[i].kv = kv->v[i];
		r[i].rank = i;
	}
	qsort(r, kv->n, sizeof(*r), kv_cmp);
	for (i = 0; i < kv->n; i++) {
		if (o && strcmp(kv->v[o - 1].key, r[i].kv.key) == 0) {
			struct dp_lic_kv drop = r[i].kv;
			if (urls && plainer(r[i].kv.val, kv->v[o - 1].val)) {
				drop = kv->v[o - 1];
				kv->v[o - 1] = r[i].kv;
			}
			free(drop.key);
			free(drop.val);
			continue;
		}
		kv->v[o++] = r[i].kv;
	}
	kv->n = o;
	free(r);
	return 0;
}

const char *dp_lic_kv_get(const struct dp_lic_kv *kv, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(kv[mid].key, key);
		if (c == 0)
			return kv[mid].val;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct loader {
	struct dp_license_corpus *c;
	size_t lic_cap, tpl_cap, tok_cap;
	struct dp_lic_toks scratch;
	struct kvvec urls;
	uint32_t cur_tpl;   /* template being filled */
	int cur_kind;       /* 'T' or 'H' */
	int pending_var;    /* a V/W line was read: flag the next run */
	unsigned var_words; /* words of the pending variable part's example */
};

static int add_license(struct loader *ld, char *line)
{
	struct dp_license_corpus *c = ld->c;
	char *id = line + 2, *flags, *name;
	struct dp_lic_entry *e;

	flags = strchr(id, '\t');
	if (!flags)
		return -1;
	*flags++ = '\0';
	name = strchr(flags, '\t');
	if (!name)
		return -1;
	*name++ = '\0';
	if (dp_array_grow((void **)&c->lics, &ld->lic_cap, c->n_lics + 1, sizeof(*c->lics)))
		return -1;
	e = &c->lics[c->n_lics++];
	e->id = strdup(id);
	e->name = strdup(name);
	e->flags = (strchr(flags, 'o') ? DP_LIC_OSI : 0) | (strchr(flags, 'd') ? DP_LIC_DEPRECATED : 0) |
		   (strchr(flags, 'x') ? DP_LIC_EXCEPTION : 0);
	e->text_tpl = e->hdr_tpl = DP_LIC_NONE;
	e->replaced_by = NULL;
	ld->cur_tpl = DP_LIC_NONE;
	ld->pending_var = 0;
	ld->var_words = 0;
	return e->id && e->name ? 0 : -1;
}

static int start_tpl(struct loader *ld, int kind)
{
	struct dp_license_corpus *c = ld->c;
	struct dp_lic_entry *e = &c->lics[c->n_lics - 1];
	struct dp_lic_tpl *t;

	if (dp_array_grow((void **)&c->tpls, &ld->tpl_cap, c->n_tpls + 1, sizeof(*c->tpls)))
		return -1;
	t = &c->tpls[c->n_tpls];
	memset(t, 0, sizeof(*t));
	t->lic = (uint32_t)(c->n_lics - 1);
	t->kind = kind == 'H' ? DP_LIC_TPL_HEADER : DP_LIC_TPL_TEXT;
	t->start = (uint32_t)c->n_tok;
	if (kind == 'H')
		e->hdr_tpl = (uint32_t)c->n_tpls;
	else
		e->text_tpl = (uint32_t)c->n_tpls;
	ld->cur_tpl = (uint32_t)c->n_tpls++;
	ld->cur_kind = kind;
	return 0;
}

static int add_segment(struct loader *ld, const char *text, int kind, uint8_t flags)
{
	struct dp_license_corpus *c = ld->c;
	size_t i, need;
	size_t cap2, cap3;
	unsigned allow = ld->var_words + VAR_SLACK;

	if (!c->n_lics)
		return -1;
	if (c->lics[c->n_lics - 1].flags & DP_LIC_DEPRECATED)
		return 0; /* never matched: its current id (or replacement) is */
	if ((ld->cur_tpl == DP_LIC_NONE || ld->cur_kind != kind) && start_tpl(ld, kind))
		return -1;
	ld->scratch.n = 0;
	if (dp_lic_tokenize(&c->equiv, text, strlen(text), 0, &ld->scratch))
		return -1;
	need = c->n_tok + ld->scratch.n;
	cap2 = ld->tok_cap;
	cap3 = ld->tok_cap;
	if (dp_array_grow((void **)&c->tok, &ld->tok_cap, need, sizeof(*c->tok)) ||
	    dp_array_grow((void **)&c->brk, &cap2, need, sizeof(*c->brk)) ||
	    dp_array_grow((void **)&c->vallow, &cap3, need, sizeof(*c->vallow)))
		return -1;
	for (i = 0; i < ld->scratch.n; i++) {
		c->tok[c->n_tok + i] = ld->scratch.v[i].h;
		c->brk[c->n_tok + i] = (uint8_t)(flags | (i == 0 ? DP_LIC_F_RUN : 0) |
					 (i == 0 && ld->pending_var ? DP_LIC_F_VAR : 0));
		c->vallow[c->n_tok + i] = (uint8_t)(i == 0 && ld->pending_var ?
						    (allow > 255 ? 255 : allow) : 0);
	}
	if (ld->scratch.n) {
		ld->pending_var = 0;
		ld->var_words = 0;
	}
	c->n_tok = need;
	c->tpls[ld->cur_tpl].n = (uint32_t)(c->n_tok - c->tpls[ld->cur_tpl].start);
	return 0;
}

static int add_url(struct loader *ld, const char *url)
{
	char key[KEY_MAX];

	/* an anchor in a page that lists many licenses (gnu.org's license-list.html#X) is
	 * not the license's own address: its key (anchors dropped) would name them all */
	if (!ld->c->n_lics || ld->c->lics[ld->c->n_lics - 1].flags & DP_LIC_DEPRECATED ||
	    strchr(url, '#'))
		return 0;
	dp_lic_url_key(url, strlen(url), key, sizeof(key));
	return kv_add(&ld->urls, key, ld->c->lics[ld->c->n_lics - 1].id);
}

static int parse_line(struct loader *ld, char *line)
{
	char *tab;

	switch (line[0]) {
	case 'L':
		return add_license(ld, line);
	case 'T':
	case 'H':
		return add_segment(ld, line + 2, line[0], 0);
	case 'O':
		return add_segment(ld, line + 2, 'T', DP_LIC_F_OPT);
	case 'P':
		return add_segment(ld, line + 2, 'H', DP_LIC_F_OPT);
	case 'V':
	case 'W':
		ld->pending_var = 1;
		ld->var_words += (unsigned)strtoul(line + 1, NULL, 10);
		return 0;
	case 'U':
		return add_url(ld, line + 2);
	case 'R':
		if (!ld->c->n_lics || ld->c->lics[ld->c->n_lics - 1].replaced_by)
			return 0;
		ld->c->lics[ld->c->n_lics - 1].replaced_by = strdup(line + 2);
		return ld->c->lics[ld->c->n_lics - 1].replaced_by ? 0 : -1;
	case 'E':
		tab = strchr(line + 2, '\t');
		if (!tab)
			return -1;
		*tab = '\0';
		return dp_lic_equiv_add(&ld->c->equiv, line + 2, tab + 1);
	default:
		return 0; /* comments */
	}
}

static int parse_corpus(struct loader *ld, char *text, size_t len)
{
	char *p = text, *end = text + len;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		*nl = '\0';
		if (nl > p && parse_line(ld, p))
			return -1;
		p = nl + 1;
	}
	return 0;
}

uint64_t dp_lic_shingle(const uint64_t *h, size_t stride_unused)
{
	/* A polynomial in the token hashes (independent multiplies), then a final mix. */
	const uint64_t p = 0x100000001B3ULL, p2 = p * p, p3 = p2 * p, p4 = p3 * p;
	uint64_t x = h[0] * p4 + h[1] * p3 + h[2] * p2 + h[3] * p + h[4];

	(void)stride_unused;
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 29;
	return x ? x : 1;
}

static size_t slot_hash(uint64_t key)
{
	return (size_t)(key ^ (key >> 29));
}

static uint32_t key32(uint64_t key)
{
	uint32_t k = (uint32_t)(key >> 32);
	return k ? k : 1;
}

static size_t slot_of(const struct dp_license_corpus *c, uint64_t key)
{
	size_t m = c->key_cap - 1, i = slot_hash(key) & m;
	uint32_t k = key32(key);

	while (c->slots[i].key && c->slots[i].key != k)
		i = (i + 1) & m;
	return i;
}

uint32_t dp_lic_postings(const struct dp_license_corpus *c, uint64_t key)
{
	size_t i = slot_of(c, key);
	return c->slots[i].key ? c->slots[i].head - 1 : DP_LIC_NONE;
}

/* Required tokens of template t that lie in runs of at least DP_LIC_K tokens. */
static uint32_t coverable(const struct dp_license_corpus *c, const struct dp_lic_tpl *t)
{
	uint32_t p, run = 0, total = 0;

	for (p = 0; p < t->n; p++) {
		uint8_t f = c->brk[t->start + p];
		if (p && (f & DP_LIC_F_RUN)) {
			total += run >= DP_LIC_K ? run : 0;
			run = 0;
		}
		run += !(f & DP_LIC_F_OPT) ? 1 : 0;
	}
	return total + (run >= DP_LIC_K ? run : 0);
}

/* covpre over template t: at each position, the coverable tokens before it (the matcher
 * asks how much of a template's text lies before a point: a text cut short). */
static void cover_prefix(struct dp_license_corpus *c, const struct dp_lic_tpl *t)
{
	uint16_t *cp = c->covpre + t->start;
	uint32_t p, q, r0 = 0, run = 0, total = 0;

	for (p = 0; p <= t->n; p++) {
		if (p == t->n || (p && (c->brk[t->start + p] & DP_LIC_F_RUN))) {
			for (q = r0; q < p; q++) {  /* the run [r0, p) ends */
				cp[q] = (uint16_t)(total < UINT16_MAX ? total : UINT16_MAX);
				total += run >= DP_LIC_K && !(c->brk[t->start + q] & DP_LIC_F_OPT);
			}
			r0 = p;
			run = 0;
		}
		if (p < t->n)
			run += !(c->brk[t->start + p] & DP_LIC_F_OPT) ? 1 : 0;
	}
}

/* Is the shingle at pool position q one of required words? A shingle lies inside one run,
 * and a run is one segment of the template, required or optional throughout. */
static int shingle_required(const struct dp_license_corpus *c, size_t q)
{
	return !(c->brk[q] & DP_LIC_F_OPT);
}

/* The shingle keys of template ti (0 where no run of DP_LIC_K tokens starts) and the
 * number of its required tokens they can cover. */
static void shingle_tpl(struct dp_license_corpus *c, uint32_t ti)
{
	struct dp_lic_tpl *t = &c->tpls[ti];
	uint32_t p, run_end = t->n;

	t->coverable = coverable(c, t);
	t->shingles = t->req_shingles = 0;
	cover_prefix(c, t);
	for (p = t->n; p-- > 0;) {
		if (p + 1 < t->n && (c->brk[t->start + p + 1] & DP_LIC_F_RUN))
			run_end = p + 1;
		if (run_end - p >= DP_LIC_K) {
			c->skey[t->start + p] = dp_lic_shingle(c->tok + t->start + p, 1);
			t->shingles++;
			t->req_shingles += shingle_required(c, t->start + p);
		}
	}
}

/* Post the shingles of template ti (postings hold positions relative to the template).
 * 0, or -1 when the index would be more than 70% full (nothing more is posted). */
static int post_tpl(struct dp_license_corpus *c, uint32_t ti)
{
	const struct dp_lic_tpl *t = &c->tpls[ti];
	const uint64_t *sk = c->skey + t->start;
	size_t m = c->key_cap - 1;
	uint32_t p;

	/* The table is larger than the caches: fetch the slot a few keys ahead. */
	for (p = t->n; p-- > 0;) {
		size_t s;
		struct dp_lic_posting *po;
		if (p >= INDEX_PREFETCH && sk[p - INDEX_PREFETCH])
			__builtin_prefetch(&c->slots[slot_hash(sk[p - INDEX_PREFETCH]) & m], 1);
		if (!sk[p])
			continue;
		s = slot_of(c, sk[p]);
		if (!c->slots[s].key && ++c->n_keys > c->key_cap / 10 * 7)
			return -1;
		po = &c->post[c->n_post];
		po->tpl = ti;
		po->pos = p | (shingle_required(c, t->start + p) ? DP_LIC_POS_REQ : 0);
		po->next = c->slots[s].key ? c->slots[s].head - 1 : DP_LIC_NONE;
		c->slots[s].key = key32(sk[p]);
		c->slots[s].head = (uint32_t)(++c->n_post);
	}
	return 0;
}

/* Post every indexed template, into a table of c->key_cap slots, doubled until they fit.
 * 0, or -1 when out of memory. */
static int post_all(struct dp_license_corpus *c, const uint8_t *post)
{
	size_t i;

	for (;;) {
		if (!(c->slots = calloc(c->key_cap, sizeof(*c->slots))))
			return -1;
		c->n_post = c->n_keys = 0;
		for (i = 0; i < c->n_tpls; i++)
			if (post[i] && post_tpl(c, (uint32_t)i) != 0)
				break;
		if (i == c->n_tpls)
			return 0;
		free(c->slots);
		c->key_cap *= 2;
	}
}

/* Hashes of a template's tokens: of the required ones (*req), and of all with their flags
 * (*all). */
static void tpl_hash(const struct dp_license_corpus *c, const struct dp_lic_tpl *t,
		     uint64_t *req, uint64_t *all)
{
	uint64_t hr = 14695981039346656037ULL, ha = hr;
	uint32_t i;

	for (i = 0; i < t->n; i++) {
		uint8_t f = c->brk[t->start + i];
		uint64_t tok = c->tok[t->start + i];
		ha = (ha ^ tok ^ ((uint64_t)f << 56)) * 1099511628211ULL;
		if (!(f & DP_LIC_F_OPT))
			hr = (hr ^ tok) * 1099511628211ULL;
	}
	*req = hr ^ t->kind;
	*all = ha ^ t->kind;
}

/* Is template j a better stand-in than i for the same tokens (shorter id, then earlier)? */
static int better_rep(const struct dp_license_corpus *c, size_t j, size_t i)
{
	size_t lj = strlen(c->lics[c->tpls[j].lic].id), li = strlen(c->lics[c->tpls[i].lic].id);

	if (!!(c->lics[c->tpls[j].lic].flags & DP_LIC_DEPRECATED) !=
	    !!(c->lics[c->tpls[i].lic].flags & DP_LIC_DEPRECATED))
		return !(c->lics[c->tpls[j].lic].flags & DP_LIC_DEPRECATED);
	return lj != li ? lj < li : j < i;
}

/* Groups (same required text) and which templates are indexed: one per set of identical
 * templates, the one with the shortest current id (GPL-2.0-only over GPL-2.0-or-later). */
static int group_templates(struct dp_license_corpus *c, uint8_t *post)
{
	uint64_t *hr = malloc((c->n_tpls + 1) * sizeof(*hr));
	uint64_t *hf = malloc((c->n_tpls + 1) * sizeof(*hf));
	size_t i, j;

	if (!hr || !hf) {
		free(hr);
		free(hf);
		return -1;
	}
	for (i = 0; i < c->n_tpls; i++) {
		tpl_hash(c, &c->tpls[i], &hr[i], &hf[i]);
		c->tpls[i].group = (uint32_t)i;
		post[i] = !(c->lics[c->tpls[i].lic].flags & DP_LIC_DEPRECATED);
		for (j = 0; j < i; j++) {
			if (hr[j] == hr[i] && c->tpls[i].group == i)
				c->tpls[i].group = c->tpls[j].group;
			if (hf[j] != hf[i] || !post[j] || !post[i])
				continue;
			if (better_rep(c, j, i))
				post[i] = 0;
			else
				post[j] = 0;
		}
	}
	free(hr);
	free(hf);
	return 0;
}

static int build_index(struct dp_license_corpus *c)
{
	uint8_t *post;
	size_t i;
	int rc;

	/* Distinct shingles are about a third of the tokens (the templates share much text):
	 * half a slot per token keeps the index under half full and half the size it would be
	 * at two slots per token, which the cold load pays for in page faults and cache misses.
	 * A corpus of more varied text doubles it (post_all). */
	c->key_cap = 1024;
	while (c->key_cap < c->n_tok / 2)
		c->key_cap *= 2;
	c->post = malloc((c->n_tok + 1) * sizeof(*c->post));
	c->skey = calloc(c->n_tok + 1, sizeof(*c->skey));
	c->covpre = malloc((c->n_tok + 1) * sizeof(*c->covpre));
	post = malloc(c->n_tpls + 1);
	if (!c->post || !c->skey || !c->covpre || !post || group_templates(c, post)) {
		free(post);
		return -1;
	}
	for (i = 0; i < c->n_tpls; i++) /* keys of all (unposted ones are matched too) */
		shingle_tpl(c, (uint32_t)i);
	rc = post_all(c, post);
	free(post);
	return rc;
}

static size_t family_of(const char *id, const char **start)
{
	if (id[0] == 'L' || id[0] == 'A')
		id += !strncmp(id + 1, "GPL-", 4);
	if (!strncmp(id, "NPL-", 4))
		id = "MPL-";
	*start = id;
	return dp_lic_family_len(id);
}

size_t dp_lic_family_len(const char *id)
{
	size_t n = 0;

	while (id[n] && !(id[n] >= '0' && id[n] <= '9'))
		n++;
	return n;
}

int dp_lic_same_family(const char *a, const char *b)
{
	const char *x, *y;
	size_t nx = family_of(a, &x), ny = family_of(b, &y);

	return nx == ny && !strncmp(x, y, nx);
}

int dp_lic_same_text(const struct dp_license_corpus *c, uint32_t a, uint32_t b)
{
	uint32_t ta, tb;

	if (a == b)
		return 1;
	if (a >= c->n_lics || b >= c->n_lics)
		return 0;
	ta = c->lics[a].text_tpl;
	tb = c->lics[b].text_tpl;
	return ta != DP_LIC_NONE && tb != DP_LIC_NONE && c->tpls[ta].group == c->tpls[tb].group;
}

const char *dp_lic_replacement(const struct dp_license_corpus *c, const char *id)
{
	uint32_t i = dp_lic_find(c, id);

	return i == DP_LIC_NONE ? NULL : c->lics[i].replaced_by;
}

uint32_t dp_lic_find(const struct dp_license_corpus *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n_lics; i++)
		if (strcasecmp(c->lics[i].id, id) == 0)
			return (uint32_t)i;
	return DP_LIC_NONE;
}

/* Names: aliases first (explicit choices), then ids and names of current licenses, then
 * those of deprecated ones, so that a key shared by both maps to the current id. */
static int build_names(struct dp_license_corpus *c, struct kvvec *names)
{
	char key[KEY_MAX];
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < c->n_lics; i++) {
			const struct dp_lic_entry *e = &c->lics[i];
			if (!!(e->flags & DP_LIC_DEPRECATED) != pass)
				continue;
			dp_lic_name_key(e->id, strlen(e->id), key, sizeof(key));
			if (kv_add(names, key, e->id))
				return -1;
			dp_lic_name_key(e->name, strlen(e->name), key, sizeof(key));
			if (kv_add(names, key, e->id))
				return -1;
		}
	}
	return 0;
}

/* aliases.tsv: "<spelling>\t<SPDX id or expression>" lines; '#' starts a comment. */
/* Length of a name key without its trailing version digits ("classpathexception" of
 * "classpathexception2"), or 0 when nothing is left to strip or too little would stay. */
static size_t key_stem(const char *key)
{
	size_t n = strlen(key);

	if (!n || key[n - 1] < '0' || key[n - 1] > '9')
		return 0;
	while (n && key[n - 1] >= '0' && key[n - 1] <= '9')
		n--;
	return n >= STEM_MIN ? n : 0;
}

static int stem_cmp(const void *a, const void *b)
{
	const struct dp_lic_kv *x = a, *y = b;
	return strcmp(x->key, y->key);
}

/* A name without its version ("Erlang Public License", "Classpath exception") names the
 * license when the list has one version of it only. Added after the exact names and the
 * aliases, which win on the same key. */
static int build_stems(struct dp_license_corpus *c, struct kvvec *names)
{
	struct kvvec st;
	char key[KEY_MAX];
	size_t i, j, n;
	int rc = 0;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < c->n_lics && !rc; i++) {
		const struct dp_lic_entry *e = &c->lics[i];
		if (e->flags & DP_LIC_DEPRECATED)
			continue;
		dp_lic_name_key(e->name, strlen(e->name), key, sizeof(key));
		if ((n = key_stem(key)) != 0) {
			key[n] = '\0';
			rc = kv_add(&st, key, e->id);
		}
	}
	if (st.n)
		qsort(st.v, st.n, sizeof(*st.v), stem_cmp);
	for (i = 0; i < st.n && !rc; i = j) {
		int one = 1;
		for (j = i + 1; j < st.n && !strcmp(st.v[j].key, st.v[i].key); j++)
			one &= !strcmp(st.v[j].val, st.v[i].val);
		if (one)
			rc = kv_add(names, st.v[i].key, st.v[i].val);
	}
	for (i = 0; i < st.n; i++) {
		free(st.v[i].key);
		free(st.v[i].val);
	}
	free(st.v);
	return rc;
}

static int load_aliases(const char *path, struct kvvec *names, struct kvvec *urls)
{
	size_t len = 0;
	char *text = slurp(path, &len), *p, *end;
	char key[KEY_MAX];

	if (!text)
		return -1;
	for (p = text, end = text + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		if (!nl)
			nl = end;
		*nl = '\0';
		tab = strchr(p, '\t');
		if (p[0] != '#' && tab) {
			*tab = '\0';
			if (strstr(p, "://") || strchr(p, '/'))
				dp_lic_url_key(p, strlen(p), key, sizeof(key));
			else
				dp_lic_name_key(p, strlen(p), key, sizeof(key));
			if (kv_add(strchr(p, '/') ? urls : names, key, tab + 1)) {
				free(text);
				return -1;
			}
		}
		p = nl + 1;
	}
	free(text);
	return 0;
}

#define FACT_COLS 8

/* facts.tsv: a header line, then one license a line with FACT_COLS tab-separated columns. */
static int load_facts(struct dp_license_corpus *c, const char *path)
{
	size_t len = 0, cap = 0;
	char *p, *end;

	c->facts_text = slurp(path, &len);
	if (!c->facts_text)
		return -1;
	p = c->facts_text;
	end = p + len;
	p = memchr(p, '\n', len) ? (char *)memchr(p, '\n', len) + 1 : end; /* header */
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *col[FACT_COLS];
		int k;
		if (!nl)
			nl = end;
		*nl = '\0';
		for (k = 0; k < FACT_COLS && p; k++) {
			col[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		p = nl + 1;
		if (k < FACT_COLS || col[0][0] == '#')
			continue;
		if (dp_array_grow((void **)&c->facts, &cap, c->n_facts + 1, sizeof(*c->facts)))
			return -1;
		c->facts[c->n_facts++] = (struct dp_license_facts){ col[0], col[1], col[2], col[3],
			col[4], col[5], col[6], col[7] };
	}
	return 0;
}

const struct dp_license_facts *dp_license_facts_find(const struct dp_license_corpus *c,
						     const char *spdx)
{
	size_t i;

	for (i = 0; c && spdx && i < c->n_facts; i++)
		if (strcasecmp(c->facts[i].spdx, spdx) == 0)
			return &c->facts[i];
	return NULL;
}

static int load_all(struct loader *ld, const char *corpus, const char *facts,
		    const char *aliases, struct dp_error *err)
{
	struct kvvec names = { NULL, 0, 0 };
	size_t len = 0;
	char *text = slurp(corpus, &len);
	int rc;

	if (!text)
		return dp_error_set(err, DP_FATAL, "%s: cannot read the license corpus", corpus);
	{ /* about one token per 6 bytes: reserve once rather than grow */
		size_t c2 = 0, c3 = 0;
		if (dp_array_grow((void **)&ld->c->tok, &ld->tok_cap, len / 5,
				  sizeof(*ld->c->tok)) ||
		    dp_array_grow((void **)&ld->c->brk, &c2, len / 5, 1) ||
		    dp_array_grow((void **)&ld->c->vallow, &c3, len / 5, 1)) {
			free(text);
			return dp_error_set(err, DP_FATAL, "out of memory");
		}
	}
	rc = parse_corpus(ld, text, len);
	free(text);
	if (rc || build_index(ld->c))
		return dp_error_set(err, DP_FATAL, "%s: bad license corpus or out of memory", corpus);
	if (aliases && load_aliases(aliases, &names, &ld->urls))
		return dp_error_set(err, DP_FATAL, "%s: cannot read license aliases", aliases);
	if (build_names(ld->c, &names) || build_stems(ld->c, &names))
		return dp_error_set(err, DP_FATAL, "out of memory");
	if (facts && load_facts(ld->c, facts))
		return dp_error_set(err, DP_FATAL, "%s: cannot read license facts", facts);
	rc = kv_finish(&names, 0) || kv_finish(&ld->urls, 1);
	ld->c->names = names.v;
	ld->c->n_names = names.n;
	ld->c->urls = ld->urls.v;
	ld->c->n_urls = ld->urls.n;
	return rc ? dp_error_set(err, DP_FATAL, "out of memory") : DP_OK;
}

struct dp_license_corpus *dp_license_corpus_load_files(const char *corpus, const char *facts,
						       const char *aliases, struct dp_error *err)
{
	struct loader ld;

	memset(&ld, 0, sizeof(ld));
	ld.cur_tpl = DP_LIC_NONE;
	ld.c = calloc(1, sizeof(*ld.c));
	if (!ld.c) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	if (load_all(&ld, corpus, facts, aliases, err) != DP_OK) {
		/* hand what was built to the corpus so one free releases it */
		ld.c->urls = ld.urls.v;
		ld.c->n_urls = ld.urls.n;
		dp_lic_toks_release(&ld.scratch);
		dp_license_corpus_free(ld.c);
		return NULL;
	}
	dp_lic_toks_release(&ld.scratch);
	return ld.c;
}

/* The installed corpus is loaded once per process and shared: it is read-only after
 * loading, and every analyser state on every thread needs the same one (each load costs
 * ~50 ms and several MB). This refcount is the one piece of mutable global state here. */
static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static struct dp_license_corpus *shared;
static unsigned shared_refs;

static struct dp_license_corpus *load_installed(struct dp_error *err);

struct dp_license_corpus *dp_license_corpus_load(struct dp_error *err)
{
	struct dp_license_corpus *c;

	pthread_mutex_lock(&shared_mu);
	if (!shared) {
		shared = load_installed(err);
#ifdef __GLIBC__
		/* the load grows its arrays by doubling; hand the freed copies (~20 MB, in
		 * this thread's malloc arena, where they would stay) back to the system */
		malloc_trim(0);
#endif
	}
	if (shared)
		shared_refs++;
	c = shared;
	pthread_mutex_unlock(&shared_mu);
	return c;
}

/* Drop a reference to the shared corpus; 1 when `c` was it (then it is not freed here). */
static int release_shared(struct dp_license_corpus *c)
{
	int mine;

	pthread_mutex_lock(&shared_mu);
	mine = c == shared;
	if (mine && --shared_refs == 0)
		shared = NULL;
	else if (mine)
		c = NULL;
	pthread_mutex_unlock(&shared_mu);
	return mine && c == NULL;
}

static struct dp_license_corpus *load_installed(struct dp_error *err)
{
	char corpus[4096], facts[4096], aliases[4096];

	if (dp_datadir_path("licenses/corpus.txt", corpus, sizeof(corpus))) {
		dp_error_set(err, DP_FATAL, "%s: license corpus not found (set DATAPROV_DATADIR)",
			     corpus);
		return NULL;
	}
	if (dp_datadir_path("licenses/facts.tsv", facts, sizeof(facts)))
		facts[0] = '\0';
	if (dp_datadir_path("licenses/aliases.tsv", aliases, sizeof(aliases)))
		aliases[0] = '\0';
	return dp_license_corpus_load_files(corpus, facts[0] ? facts : NULL,
					    aliases[0] ? aliases : NULL, err);
}

static void free_kv(struct dp_lic_kv *kv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

void dp_license_corpus_free(struct dp_license_corpus *c)
{
	size_t i;

	if (!c || release_shared(c))
		return;
	for (i = 0; i < c->n_lics; i++) {
		free(c->lics[i].id);
		free(c->lics[i].name);
		free(c->lics[i].replaced_by);
	}
	free(c->lics);
	free(c->tpls);
	free(c->tok);
	free(c->brk);
	free(c->skey);
	free(c->covpre);
	free(c->vallow);
	dp_lic_equiv_release(&c->equiv);
	free(c->slots);
	free(c->post);
	free_kv(c->names, c->n_names);
	free_kv(c->urls, c->n_urls);
	free(c->facts);
	free(c->facts_text);
	free(c);
}

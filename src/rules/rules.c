/* rules.c - compiled rule engine: candidates -> windowed PCRE2-JIT -> validators -> findings. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules/rules.h"
#include "rules/prefilter.h"
#include "rules/validate.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define DP_PENDING_MAX DP_RULES_MAX_FINDINGS  /* kept per text before overlap resolution */

/* A word list bucketed by first letter (ASCII case ignored), lengths precomputed. */
struct cwords {
	const char *w[DP_RULE_MAX_WORDS];   /* borrowed from the definition */
	uint8_t len[DP_RULE_MAX_WORDS];
	uint8_t start[256], count[256];     /* words whose lower-cased first byte is c */
	uint8_t first[256];                 /* 1 for bytes (both cases) that start a word */
	uint8_t maxlen;                     /* the longest word's length */
};

struct crule {
	struct dp_rule_info info;
	const struct dp_rule_def *def;  /* owned by dp_rules.set */
	pcre2_code *code;
	pcre2_code *allow[DP_RULE_MAX_ALLOW];
	dp_validator_fn vfn;
	int jit;
	struct cwords ctx, exc;         /* context and exclude words */
};

struct dp_rules {
	struct dp_ruleset set;
	struct crule *r;
	size_t n;
	struct dp_prefilter *pf;
	unsigned *kw_rule;              /* keyword id -> rule index */
	unsigned *by_kind[4];           /* rules per named trigger (indexed by dp_cand_kind) */
	size_t n_kind[4];
	unsigned *by_digits[65];        /* digit rules accepting a cluster of n digits (64: >= 64) */
	size_t n_by_digits[65];
	uint32_t match_limit, depth_limit;
};

struct wstate {
	size_t next;                    /* no match starts before this (searched or consumed);
					 * valid because patterns always see the whole text */
	int disabled;                   /* hit a limit in this text */
};

struct pending {
	unsigned rule;
	int context;
	size_t off, len;
};

struct dp_rules_scratch {
	const struct dp_rules *r;
	pcre2_match_data *md;
	pcre2_match_data *amd;          /* for allow patterns */
	pcre2_match_context *mctx;
	pcre2_jit_stack *js;
	struct wstate *w;
	uint64_t *limit_hits;
	uint64_t dropped;               /* findings over DP_PENDING_MAX in one text */
	struct pending *pend;
	size_t n_pend, cap_pend;
	const char *text;
	size_t len;
	int oom;
};

static pcre2_code *compile_one(const char *pat, const struct dp_rule_def *d, int line,
			       struct dp_error *err)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				      PCRE2_USE_OFFSET_LIMIT | PCRE2_NO_START_OPTIMIZE, &ec, &off, NULL);

	if (!c) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		dp_error_set(err, DP_WARN, "%s:%d: rule %s: pattern error at offset %zu: %s",
			     d->file, line, d->id, (size_t)off, (const char *)msg);
	}
	return c;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static void build_words(struct cwords *cw, const struct dp_words *ws)
{
	unsigned c;
	size_t i, k = 0;

	memset(cw, 0, sizeof(*cw));
	for (c = 0; c < 256; c++) {
		cw->start[c] = (uint8_t)k;
		for (i = 0; i < ws->n; i++) {
			size_t n = strlen(ws->v[i]);

			if (lower((unsigned char)ws->v[i][0]) != c)
				continue;
			cw->w[k] = ws->v[i];
			cw->len[k] = (uint8_t)(n < 255 ? n : 255);
			if (cw->len[k] > cw->maxlen)
				cw->maxlen = cw->len[k];
			k++;
			cw->count[c]++;
			cw->first[c] = 1;
			if (c >= 'a' && c <= 'z')
				cw->first[c - 32] = 1;
		}
	}
}

static int compile_rule(struct crule *cr, const struct dp_rule_def *d, unsigned idx,
			struct dp_error *err)
{
	size_t i;
	uint32_t groups = 0;

	cr->def = d;
	cr->info.id = d->id;
	cr->info.category = d->category;
	cr->info.severity = d->severity;
	cr->info.description = d->description ? d->description : "";
	cr->info.trigger = d->trigger;
	cr->info.preview = d->preview;
	cr->info.index = idx;
	cr->vfn = d->validator[0] ? dp_validator_find(d->validator) : NULL;
	build_words(&cr->ctx, &d->context);
	build_words(&cr->exc, &d->exclude);
	cr->code = compile_one(d->pattern, d, d->pattern_line, err);
	if (!cr->code)
		return DP_WARN;
	pcre2_pattern_info(cr->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (d->group > groups)
		return dp_error_set(err, DP_WARN, "%s:%d: rule %s: group %u but the pattern has "
				    "%u groups", d->file, d->line, d->id, d->group, groups);
	cr->jit = pcre2_jit_compile(cr->code, PCRE2_JIT_COMPLETE) == 0;
	for (i = 0; i < d->n_allow; i++) {
		cr->allow[i] = compile_one(d->allow[i], d, d->allow_line[i], err);
		if (!cr->allow[i])
			return DP_WARN;
		pcre2_jit_compile(cr->allow[i], PCRE2_JIT_COMPLETE);
	}
	return DP_OK;
}

static enum dp_cand_kind cand_kind(enum dp_trigger t)
{
	if (t == DP_TRIG_AT)
		return DP_CAND_AT;
	if (t == DP_TRIG_DIGITS)
		return DP_CAND_DIGITS;
	return t == DP_TRIG_HEXCOLON ? DP_CAND_HEXCOLON : DP_CAND_KEYWORD;
}

static int add_keywords(struct dp_rules *e, unsigned ri, size_t *nkw, struct dp_error *err)
{
	const struct dp_rule_def *d = e->r[ri].def;
	size_t i;

	for (i = 0; i < d->keywords.n; i++) {
		const char *w = d->keywords.v[i];

		if (dp_prefilter_add_keyword(e->pf, w, strlen(w), d->keywords_nocase,
					     (unsigned)*nkw) != 0)
			return dp_error_set(err, DP_WARN, "%s:%d: rule %s: keyword '%s' is shorter "
					    "than 2 bytes or there are too many keywords",
					    d->file, d->line, d->id, w);
		e->kw_rule[(*nkw)++] = ri;
	}
	return DP_OK;
}

/* The fewest digits any digit-triggered rule accepts (smaller clusters are skipped). */
static unsigned min_digits(const struct dp_rules *e)
{
	unsigned m = 64;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->r[i].def->trigger == DP_TRIG_DIGITS && e->r[i].def->digits_min < m)
			m = e->r[i].def->digits_min;
	return m;
}

/* For each digit count, the digit-triggered rules whose range holds it, in rule order. */
static int index_digit_rules(struct dp_rules *e)
{
	size_t i, n;

	for (n = 0; n <= 64; n++) {
		e->by_digits[n] = calloc(e->n + 1, sizeof(unsigned));
		if (!e->by_digits[n])
			return DP_FATAL;
		for (i = 0; i < e->n; i++) {
			const struct dp_rule_def *d = e->r[i].def;

			if (d->trigger == DP_TRIG_DIGITS && d->digits_min <= n && n <= d->digits_max)
				e->by_digits[n][e->n_by_digits[n]++] = (unsigned)i;
		}
	}
	return DP_OK;
}

/* Build the prefilter and the per-trigger rule lists. */
static int build_triggers(struct dp_rules *e, struct dp_error *err)
{
	unsigned want = 0;
	size_t i, nkw = 0;

	for (i = 0; i < e->n; i++)
		want |= 1u << cand_kind(e->r[i].def->trigger);
	e->pf = dp_prefilter_new(want);
	e->kw_rule = calloc(DP_PF_MAX_KEYWORDS, sizeof(unsigned));
	for (i = 0; i < 4; i++)
		e->by_kind[i] = calloc(e->n + 1, sizeof(unsigned));
	if (!e->pf || !e->kw_rule || !e->by_kind[0] || !e->by_kind[1] || !e->by_kind[2] ||
	    !e->by_kind[3])
		return dp_error_set(err, DP_FATAL, "out of memory");
	dp_prefilter_set_min_digits(e->pf, min_digits(e));
	if (index_digit_rules(e) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (i = 0; i < e->n; i++) {
		enum dp_cand_kind k = cand_kind(e->r[i].def->trigger);

		if (k != DP_CAND_KEYWORD)
			e->by_kind[k][e->n_kind[k]++] = (unsigned)i;
		else if (add_keywords(e, (unsigned)i, &nkw, err) != DP_OK)
			return DP_WARN;
	}
	return DP_OK;
}

struct dp_rules *dp_rules_compile(struct dp_ruleset *set, uint32_t match_limit,
				  uint32_t depth_limit, struct dp_error *err)
{
	struct dp_rules *e = calloc(1, sizeof(*e));
	size_t i;

	if (!e) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	e->set = *set;
	dp_ruleset_init(set);
	e->match_limit = match_limit;
	e->depth_limit = depth_limit;
	e->r = calloc(e->set.n + 1, sizeof(*e->r));
	if (!e->r) {
		dp_error_set(err, DP_FATAL, "out of memory");
		goto fail;
	}
	for (i = 0; i < e->set.n; i++, e->n++)
		if (compile_rule(&e->r[i], &e->set.v[i], (unsigned)i, err) != DP_OK)
			goto fail;
	if (build_triggers(e, err) != DP_OK)
		goto fail;
	return e;
fail:
	e->n = e->set.n;
	dp_rules_free(e);
	return NULL;
}

struct dp_rules *dp_rules_new(const struct dp_config *cfg, struct dp_error *err)
{
	struct dp_ruleset set;
	struct dp_rules *e = NULL;
	size_t i;
	int rc = DP_OK;

	dp_ruleset_init(&set);
	if (!cfg->no_builtin_rules)
		rc = dp_ruleset_load_builtin(&set, err);
	for (i = 0; rc == DP_OK && i < cfg->rule_files.n; i++)
		rc = dp_ruleset_load_file(&set, cfg->rule_files.v[i], err);
	if (rc == DP_OK)
		e = dp_rules_compile(&set, cfg->limits.match_limit, cfg->limits.depth_limit, err);
	dp_ruleset_release(&set);
	return e;
}

void dp_rules_free(struct dp_rules *e)
{
	size_t i, j;

	if (!e)
		return;
	for (i = 0; i < e->n && e->r; i++) {
		pcre2_code_free(e->r[i].code);
		for (j = 0; j < DP_RULE_MAX_ALLOW; j++)
			pcre2_code_free(e->r[i].allow[j]);
	}
	free(e->r);
	dp_prefilter_free(e->pf);
	free(e->kw_rule);
	for (i = 0; i < 4; i++)
		free(e->by_kind[i]);
	for (i = 0; i <= 64; i++)
		free(e->by_digits[i]);
	dp_ruleset_release(&e->set);
	free(e);
}

size_t dp_rules_count(const struct dp_rules *e)
{
	return e->n;
}

const struct dp_rule_info *dp_rules_info(const struct dp_rules *e, size_t i)
{
	return i < e->n ? &e->r[i].info : NULL;
}

struct dp_rules_scratch *dp_rules_scratch_new(const struct dp_rules *e)
{
	struct dp_rules_scratch *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->r = e;
	s->md = pcre2_match_data_create(16, NULL);
	s->amd = pcre2_match_data_create(1, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	s->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	s->w = calloc(e->n + 1, sizeof(*s->w));
	s->limit_hits = calloc(e->n + 1, sizeof(*s->limit_hits));
	if (!s->md || !s->amd || !s->mctx || !s->js || !s->w || !s->limit_hits) {
		dp_rules_scratch_free(s);
		return NULL;
	}
	pcre2_set_match_limit(s->mctx, e->match_limit);
	pcre2_set_depth_limit(s->mctx, e->depth_limit);
	pcre2_jit_stack_assign(s->mctx, NULL, s->js);
	return s;
}

void dp_rules_scratch_free(struct dp_rules_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_data_free(s->amd);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->js);
	free(s->w);
	free(s->limit_hits);
	free(s->pend);
	free(s);
}

uint64_t dp_rules_scratch_limit_hits(const struct dp_rules_scratch *s, size_t i)
{
	return i < s->r->n ? s->limit_hits[i] : 0;
}

uint64_t dp_rules_scratch_dropped(const struct dp_rules_scratch *s)
{
	return s->dropped;
}

/* Match from `start` in [subj, subj+len); with `limit`, a match may start no later than
 * `limit` (it may end after it: the subject stays whole so look-arounds and $ see the real
 * text, and each pattern's own bounded repeats cap how far it runs). */
static int run_match(const struct dp_rules_scratch *s, const pcre2_code *code, int jit,
		     const char *subj, size_t len, size_t start, size_t limit, uint32_t opts,
		     pcre2_match_data *md)
{
	pcre2_set_offset_limit(s->mctx, limit ? limit : PCRE2_UNSET);
	if (jit && !opts)
		return pcre2_jit_match(code, (PCRE2_SPTR)subj, len, start, 0, md, s->mctx);
	return pcre2_match(code, (PCRE2_SPTR)subj, len, start, opts, md, s->mctx);
}

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Word w (ASCII case-insensitive, a trailing '*' makes it a prefix) at t[i], bounded. */
static int word_at(const char *t, size_t len, size_t i, const char *w, size_t wn)
{
	int prefix = wn > 0 && w[wn - 1] == '*';
	size_t k, n = prefix ? wn - 1 : wn;

	if (n == 0 || i + n > len || (i > 0 && is_alnum((unsigned char)t[i - 1]) &&
				      is_alnum((unsigned char)w[0])))
		return 0;
	for (k = 0; k < n; k++)
		if (lower((unsigned char)t[i + k]) != lower((unsigned char)w[k]))
			return 0;
	return prefix || i + n == len || !is_alnum((unsigned char)t[i + n]) ||
	       !is_alnum((unsigned char)w[n - 1]);
}

/* 1 when one of the words starts in [lo, hi) of t and ends past `end_min`. Positions are
 * visited once; a byte that starts no word costs one lookup, and only words with that
 * first letter are tried. */
static int words_in(const char *t, size_t len, size_t lo, size_t hi, size_t end_min,
		    const struct cwords *cw)
{
	size_t i, j;

	for (i = lo; i < hi; i++) {
		unsigned char c = (unsigned char)t[i];

		if (!cw->first[c] || (i > 0 && is_alnum((unsigned char)t[i - 1])))
			continue;  /* context words start at a word boundary */
		c = lower(c);
		for (j = cw->start[c]; j < (size_t)cw->start[c] + cw->count[c]; j++)
			if (i + cw->len[j] > end_min && word_at(t, len, i, cw->w[j], cw->len[j]))
				return 1;
	}
	return 0;
}

static int near_words(const struct dp_rules_scratch *s, size_t off, size_t n, unsigned win,
		      const struct cwords *cw)
{
	size_t lo = off > win ? off - win : 0;
	size_t hi = off + n + win < s->len ? off + n + win : s->len;

	return words_in(s->text, s->len, lo, off, 0, cw) ||
	       words_in(s->text, s->len, off + n, hi, 0, cw);
}

/* 1 when t[i] ends a sentence: '.', '!', '?' or ';' followed by white space. */
static int sentence_end_at(const char *t, size_t len, size_t i)
{
	return (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == ';') && i + 1 < len &&
	       (t[i + 1] == ' ' || t[i + 1] == '\n' || t[i + 1] == '\r' || t[i + 1] == '\t');
}

/* Exclude words label the value in their own sentence ("ISBN 0-306-40615-2", "version
 * 1.2.3.4"): the window stops at a sentence end on either side, so a phone number that
 * ends one sentence is not dropped for an ISBN that the next one cites. A word before the
 * value counts when it ends in the window ("section 14.9.3 and 10.4.1.2": the word begins
 * 19 bytes before the quad but ends 12 before it). */
static int excluded_near(const struct dp_rules_scratch *s, size_t off, size_t n, unsigned win,
			 const struct cwords *cw)
{
	size_t lo = off > win ? off - win : 0, start, floor;
	size_t hi = off + n + win < s->len ? off + n + win : s->len;
	size_t i;
	int cut = 0;

	for (i = off; i > lo && !cut; i--)
		if (sentence_end_at(s->text, s->len, i - 1)) {
			lo = i;
			cut = 1;
		}
	/* a word may begin before the window, but not before its sentence */
	floor = cut ? lo : lo > cw->maxlen ? lo - cw->maxlen : 0;
	for (start = lo; start > floor && !sentence_end_at(s->text, s->len, start - 1); start--)
		;
	for (i = off + n; i < hi; i++)
		if (sentence_end_at(s->text, s->len, i)) {
			hi = i;
			break;
		}
	return words_in(s->text, s->len, start, off, lo, cw) ||
	       words_in(s->text, s->len, off + n, hi, 0, cw);
}

static int has_stop_word(const char *v, size_t n, const struct dp_words *ws)
{
	size_t i, j;

	for (j = 0; j < ws->n; j++) {
		size_t wn = strlen(ws->v[j]), k;

		for (i = 0; i + wn <= n; i++) {
			for (k = 0; k < wn; k++)
				if (lower((unsigned char)v[i + k]) != lower((unsigned char)ws->v[j][k]))
					break;
			if (k == wn)
				return 1;
		}
	}
	return 0;
}

static int allowed(struct dp_rules_scratch *s, const struct crule *cr, const char *v, size_t n)
{
	size_t i;

	for (i = 0; i < cr->def->n_allow; i++)
		if (run_match(s, cr->allow[i], 0, v, n, 0, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
			      s->amd) > 0)
			return 1;
	return 0;
}

static void push(struct dp_rules_scratch *s, unsigned rule, size_t off, size_t n, int ctx)
{
	if (s->n_pend == s->cap_pend) {
		size_t nc = s->cap_pend ? s->cap_pend * 2 : 64;
		struct pending *np;

		if (nc > DP_PENDING_MAX) {
			s->dropped++;  /* counted, reported by the caller */
			return;
		}
		np = realloc(s->pend, nc * sizeof(*np));
		if (!np) {
			s->oom = 1;
			return;
		}
		s->pend = np;
		s->cap_pend = nc;
	}
	s->pend[s->n_pend].rule = rule;
	s->pend[s->n_pend].off = off;
	s->pend[s->n_pend].len = n;
	s->pend[s->n_pend++].context = ctx;
}

/* Apply validator, stop-words, allow-list, exclude and context words to a value. */
static void consider(struct dp_rules_scratch *s, const struct crule *cr, size_t off, size_t n)
{
	const struct dp_rule_def *d = cr->def;
	const char *v = s->text + off;
	int ctx = 0;

	if (n == 0 || (cr->vfn && !cr->vfn(v, n, d->validator_arg)))
		return;
	if (has_stop_word(v, n, &d->stop) || allowed(s, cr, v, n))
		return;
	if (d->exclude.n && excluded_near(s, off, n, d->exclude_window, &cr->exc))
		return;
	if (d->context.n)
		ctx = near_words(s, off, n, d->context_window, &cr->ctx);
	if (d->context_required && !ctx)
		return;
	push(s, cr->info.index, off, n, ctx);
}

static int limit_error(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
	       rc == PCRE2_ERROR_NOMEMORY;
}

/* Run rule ri for matches starting in [ws, we]; for a named trigger keep only matches
 * overlapping the candidate. Afterwards no match of ri starts before w->next unless it was
 * taken, so overlapping windows never search the same start twice. */
static void run_window(struct dp_rules_scratch *s, unsigned ri, size_t ws, size_t we,
		       const struct dp_candidate *c)
{
	const struct crule *cr = &s->r->r[ri];
	struct wstate *w = &s->w[ri];
	int anchor = c->kind != DP_CAND_KEYWORD;
	size_t pos = ws > w->next ? ws : w->next;
	unsigned g = cr->def->group;

	while (pos <= we) {
		PCRE2_SIZE *ov;
		int rc = run_match(s, cr->code, cr->jit, s->text, s->len, pos, we, 0, s->md);

		if (rc < 0) {
			if (limit_error(rc)) {
				s->limit_hits[ri]++;
				w->disabled = 1;
			}
			w->next = we + 1;
			return;
		}
		ov = pcre2_get_ovector_pointer(s->md);
		if (anchor && ov[0] >= c->end) {
			w->next = ov[0];  /* that match belongs to a later candidate */
			return;
		}
		pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		w->next = pos;
		if (anchor && ov[1] <= c->start)
			continue;
		if (ov[2 * g] != PCRE2_UNSET)
			consider(s, cr, ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

static void run_rule(struct dp_rules_scratch *s, unsigned ri, const struct dp_candidate *c)
{
	const struct dp_rule_def *d = s->r->r[ri].def;
	struct wstate *w = &s->w[ri];
	size_t ws, we;

	if (w->disabled)
		return;
	ws = c->start > d->before ? c->start - d->before : 0;
	we = c->end + d->after < s->len ? c->end + d->after : s->len;
	if (w->next > we)
		return;  /* every start in this window was searched already */
	run_window(s, ri, ws, we, c);
}

static void on_candidate(void *ctx, const struct dp_candidate *c)
{
	struct dp_rules_scratch *s = ctx;
	const struct dp_rules *e = s->r;
	size_t i, nd;

	if (c->kind == DP_CAND_KEYWORD) {
		run_rule(s, e->kw_rule[c->id], c);
		return;
	}
	if (c->kind != DP_CAND_DIGITS) {
		for (i = 0; i < e->n_kind[c->kind]; i++)
			run_rule(s, e->by_kind[c->kind][i], c);
		return;
	}
	nd = c->digits < 64 ? c->digits : 64;
	for (i = 0; i < e->n_by_digits[nd]; i++) {
		unsigned ri = e->by_digits[nd][i];
		unsigned want = e->r[ri].def->digits_seps;

		if (!want || (c->seps & want))
			run_rule(s, ri, c);
	}
}

/* Higher priority first, then earlier, then longer. */
static int cmp_rank(const void *a, const void *b, const struct dp_rules *e)
{
	const struct pending *x = a, *y = b;
	int px = e->r[x->rule].def->priority, py = e->r[y->rule].def->priority;

	if (px != py)
		return px > py ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return x->rule < y->rule ? -1 : (x->rule > y->rule);
}

static void sort_rank(struct pending *p, size_t n, const struct dp_rules *e)
{
	size_t i, j;

	for (i = 1; i < n; i++) {  /* insertion sort: a group of overlapping findings is small */
		struct pending t = p[i];

		for (j = i; j > 0 && cmp_rank(&p[j - 1], &t, e) > 0; j--)
			p[j] = p[j - 1];
		p[j] = t;
	}
}

static int cmp_off(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->rule < y->rule ? -1 : (x->rule > y->rule);
}

/* Within one group of overlapping findings: keep, in rank order, those that overlap no
 * kept one, and leave them at the front in offset order; returns how many. */
static size_t resolve_group(struct pending *g, size_t m, const struct dp_rules *e)
{
	size_t i, j, kept = 0;

	sort_rank(g, m, e);
	for (i = 0; i < m; i++) {
		int clash = 0;

		for (j = 0; j < kept && !clash; j++)
			clash = g[i].off < g[j].off + g[j].len && g[j].off < g[i].off + g[i].len;
		if (!clash)
			g[kept++] = g[i];
	}
	if (kept > 1)
		qsort(g, kept, sizeof(*g), cmp_off);
	return kept;
}

/* Overlap resolution. Findings are split into groups of transitively overlapping ones;
 * groups never interact, so resolving each alone gives the same result as resolving all
 * at once, in time linear in the number of findings when few overlap. */
static size_t resolve(struct dp_rules_scratch *s)
{
	struct pending *p = s->pend;
	size_t n = s->n_pend, i = 0, out = 0;

	if (n > 1)
		qsort(p, n, sizeof(*p), cmp_off);
	while (i < n) {
		size_t j = i + 1, end = p[i].off + p[i].len, k;

		while (j < n && p[j].off < end) {
			if (p[j].off + p[j].len > end)
				end = p[j].off + p[j].len;
			j++;
		}
		k = j - i == 1 ? 1 : resolve_group(p + i, j - i, s->r);
		memmove(p + out, p + i, k * sizeof(*p));
		out += k;
		i = j;
	}
	return out;
}

long dp_rules_scan(const struct dp_rules *e, struct dp_rules_scratch *s, const char *text,
		   size_t len, void (*cb)(void *ctx, const struct dp_rule_match *m), void *ctx)
{
	size_t i, kept;

	s->text = text;
	s->len = len;
	s->n_pend = 0;
	s->oom = 0;
	memset(s->w, 0, e->n * sizeof(*s->w));
	dp_prefilter_scan(e->pf, text, len, on_candidate, s);
	if (s->oom)
		return -1;
	kept = resolve(s);
	for (i = 0; i < kept && cb; i++) {
		struct dp_rule_match m;

		m.rule = &e->r[s->pend[i].rule].info;
		m.offset = s->pend[i].off;
		m.len = s->pend[i].len;
		m.context = s->pend[i].context;
		cb(ctx, &m);
	}
	return (long)kept;
}

/* dedup.c - the dedup analyser: record digests at two levels, file digests, split leakage. */
#include "analyse/dedup.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyse/dedup_io.h"
#include "analyse/dedup_state.h"
#include "analyse/digest_table.h"
#include "analyse/runfile.h"
#include "analyse/textnorm.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/swar.h"
#include "rules/redact.h"
#include "rules/rules.h"

/* The state structs live in dedup_state.h (shared with dedup_io.c). */

/* ---- helpers ---------------------------------------------------------------------- */

static int fail(struct dedup *d, int status)
{
	if (status == DP_FATAL && d->err.status == DP_FATAL)
		dp_log(DP_LOG_ERROR, "%s", d->err.msg);
	return status;
}

static int set_tmpdir(struct dedup *d, const char *dir)
{
	if (d->tmpdir || !dir)
		return DP_OK;
	d->tmpdir = strdup(dir);
	if (!d->tmpdir)
		return dp_error_set(&d->err, DP_FATAL, "dedup: out of memory");
	return DP_OK;
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static void digest_hex(uint64_t hi, uint64_t lo, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)hi, (unsigned long long)lo);
}

/* PII masking of previews: each finding of the PII rules is replaced by its redacted
 * preview (j***@e***.com, ...), as in findings.jsonl. */
struct masker {
	const char *text;
	size_t pos;
	struct dp_buf *out;
};

static void mask_finding(void *ctx, const struct dp_rule_match *m)
{
	struct masker *k = ctx;
	char red[128];

	if (m->offset < k->pos)
		return;
	dp_buf_add(k->out, k->text + k->pos, m->offset - k->pos);
	dp_redact_preview(m->rule->preview, k->text + m->offset, m->len, red, sizeof(red));
	dp_buf_adds(k->out, red);
	k->pos = m->offset + m->len;
}

/* The preview hook, run at finish on the display form (shown_form) of each top cluster's
 * original: PII masked with the PII rules
 * (`rules` NULL: none could be compiled, so no preview is given rather than a raw one),
 * then cut to PREVIEW_CHARS. Masking before the cut means a value straddling the cut is
 * still recognised. Returns the length written to out (NUL-terminated), or 0. */
static size_t dedup_preview(const struct dp_rules *rules, struct dp_rules_scratch *scratch,
			    const char *shown, size_t n, char *out, size_t cap)
{
	struct dp_buf b;
	struct masker k = { shown, 0, &b };
	size_t len = 0;

	out[0] = '\0';
	if (!rules || !scratch)
		return 0;
	dp_buf_init(&b, 0);
	if (dp_rules_scan(rules, scratch, shown, n, mask_finding, &k) >= 0 &&
	    dp_buf_add(&b, shown + k.pos, n - k.pos) == DP_OK)
		len = dp_textnorm_preview(b.data ? b.data : "", b.len, PREVIEW_CHARS, out, cap);
	dp_buf_release(&b);
	return len;
}

/* ---- splits ----------------------------------------------------------------------- */

static int split_class_of(const char *s)
{
	static const char *const eval[] = { "test", "valid", "dev", "eval", "heldout",
					    "held-out", "holdout", NULL };
	size_t i;

	if (strncmp(s, "train", 5) == 0)
		return SPLIT_TRAIN;
	for (i = 0; eval[i]; i++)
		if (strncmp(s, eval[i], strlen(eval[i])) == 0)
			return SPLIT_EVAL;
	return SPLIT_OTHER;
}

static int split_find(const struct dedup *d, uint32_t key)
{
	size_t i;

	for (i = 0; i < d->nsplits; i++)
		if (d->splits[i].key == key)
			return (int)i;
	return -1;
}

/* Index of the split named [s, s+n) (lower-cased, trimmed), added when new; -1 if none. */
static int split_intern(struct dedup *d, const char *s, size_t n)
{
	char name[SPLIT_NAME_MAX + 1];
	size_t len = 0;
	uint32_t key;
	int i;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (; len < n && len < SPLIT_NAME_MAX; len++)
		name[len] = (char)(s[len] >= 'A' && s[len] <= 'Z' ? s[len] + 32 : s[len]);
	name[len] = '\0';
	if (len == 0)
		return -1;
	key = XXH32(name, len, 0) | 1u;
	i = split_find(d, key);
	if (i >= 0 || d->nsplits == SPLIT_MAX)
		return i;
	d->splits[d->nsplits].key = key;
	d->splits[d->nsplits].cls = split_class_of(name);
	memcpy(d->splits[d->nsplits].name, name, len + 1);
	return (int)d->nsplits++;
}

/* The record's split: its split field first, else the member's split from the path. */
static int record_split(struct dedup *d, const struct dp_record *r)
{
	const struct dp_member *m = r->member;

	if (r->meta[DP_META_SPLIT] && r->meta_len[DP_META_SPLIT])
		return split_intern(d, r->meta[DP_META_SPLIT], r->meta_len[DP_META_SPLIT]);
	if (!m || !m->split)
		return -1;
	if (m != d->cache_member || m->first_seq != d->cache_first_seq) {
		d->cache_member = m;
		d->cache_first_seq = m->first_seq;
		d->cache_idx = split_intern(d, m->split, strlen(m->split));
	}
	return d->cache_idx;
}

/* ---- life cycle ------------------------------------------------------------------- */

static int log_cmp(const void *a, const void *b)
{
	const struct log_rec *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int pair_cmp(const void *a, const void *b)
{
	const struct pair_rec *x = a, *y = b;

	if (x->dup != y->dup)
		return x->dup < y->dup ? -1 : 1;
	return (x->level > y->level) - (x->level < y->level);
}

/* This state's memory: the pipeline gives each worker's states a config whose
 * limits.dedup_memory is already its share of --dedup-memory (the cap divided by the
 * worker count); a lone state (unit tests, dataprov merge) gets the whole cap. */
static uint64_t state_budget(const struct dp_config *cfg)
{
	return cfg->limits.dedup_memory;
}

static int log_drop(void *ctx, const struct dp_dedup_entry *into, uint64_t seq);
static int scan_drop(void *ctx, const struct dp_dedup_entry *into, uint64_t seq);

/* Records of the scan table within a budget: 80 bytes each, 12 of index, and headroom. */
#define SCAN_REC_BUDGET 112

static void level_init(struct dedup *d, struct level *lv, uint64_t budget)
{
	const struct dp_config *cfg = d->cfg;
	uint64_t table = cfg->findings ? budget / 8 * 7 : budget;
	uint64_t log = cfg->findings ? budget / 8 : 0; /* duplicates past the third only */

	memset(lv, 0, sizeof(*lv));
	lv->owner = d;
	dp_digest_table_init(&lv->table, (size_t)(table / 128),
			     cfg->findings ? log_drop : NULL, lv);
	dp_runs_init(&lv->log, sizeof(struct log_rec), log_cmp);
	lv->log.keyed = 1;
	lv->log_max = log / sizeof(struct log_rec) > MIN_LOG ? (size_t)(log / sizeof(struct log_rec))
							    : MIN_LOG;
}

static void *dedup_create(const struct dp_config *cfg, struct dp_error *err)
{
	struct dedup *d = calloc(1, sizeof(*d));
	uint64_t budget = state_budget(cfg);
	int i;

	if (!d || !(d->xs = XXH3_createState())) {
		free(d);
		dp_error_set(err, DP_FATAL, "dedup: out of memory");
		return NULL;
	}
	d->cfg = cfg;
	for (i = 0; i < DP_DEDUP_LEVELS; i++)
		level_init(d, &d->lv[i], budget / 2);
	dp_digest_table_init_wide(&d->scan, (size_t)((cfg->findings ? budget / 8 * 7 : budget) /
						     SCAN_REC_BUDGET),
				  sizeof(struct scan_rec), cfg->findings ? scan_drop : NULL, d);
	dp_textnorm_init(&d->tn);
	dp_runs_init(&d->previews, 1, NULL);
	d->cache_idx = -1;
	d->pair_max = (size_t)(cfg->limits.dedup_memory / 2 / sizeof(struct pair_rec));
	if (d->pair_max < MIN_PAIRS)
		d->pair_max = MIN_PAIRS;
	dp_error_clear(&d->err);
	return d;
}

static void clusters_free(struct cluster *c, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++)
			free(c[i].origin[k]);
		free(c[i].preview);
	}
	free(c);
}

static void dedup_destroy(void *state)
{
	struct dedup *d = state;
	size_t i;

	if (!d)
		return;
	dp_digest_table_release(&d->scan);
	for (i = 0; i < DP_DEDUP_LEVELS; i++) {
		dp_digest_table_release(&d->lv[i].table);
		dp_runs_release(&d->lv[i].log);
		free(d->lv[i].logbuf);
		clusters_free(d->lv[i].top, d->lv[i].ntop);
	}
	dp_zwriter_close(d->pv);
	dp_pvindex_release(&d->pvx);
	dp_runs_release(&d->previews);
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i].origin);
	free(d->files);
	free(d->ftop);
	dp_textnorm_release(&d->tn);
	XXH3_freeState(d->xs);
	free(d->tmpdir);
	free(d);
}

/* ---- the scan --------------------------------------------------------------------- */

static int log_add(struct dedup *d, struct level *lv, uint64_t hi, uint64_t lo, uint64_t seq)
{
	if (lv->nlog == lv->log_cap) {
		size_t cap;
		struct log_rec *p;
		if (lv->log_cap >= lv->log_max) {
			if (!d->tmpdir)
				return dp_error_set(&d->err, DP_FATAL, "dedup: no spill directory");
			if (dp_runs_spill(&lv->log, d->tmpdir, lv->logbuf, lv->nlog, &d->err))
				return DP_FATAL;
			lv->nlog = 0;
			return log_add(d, lv, hi, lo, seq);
		}
		cap = lv->log_cap ? lv->log_cap * 2 : 1024;
		cap = cap > lv->log_max ? lv->log_max : cap;
		p = realloc(lv->logbuf, cap * sizeof(*p));
		if (!p)
			return dp_error_set(&d->err, DP_FATAL, "dedup: out of memory");
		lv->logbuf = p;
		lv->log_cap = cap;
	}
	lv->logbuf[lv->nlog++] = (struct log_rec){ hi, lo, seq };
	return DP_OK;
}

/* The level tables' drop hook (ctx: the struct level): logs the seq. 0 or -1. */
static int log_drop(void *ctx, const struct dp_dedup_entry *into, uint64_t seq)
{
	struct level *lv = ctx;

	return log_add(lv->owner, lv, into->hi, into->lo, seq) == DP_OK ? 0 : -1;
}

/* The scan table's drop hook (ctx: the dedup): an occurrence past a text's smallest
 * three seqs is also past those of its normalized form, so both levels log it. */
static int scan_drop(void *ctx, const struct dp_dedup_entry *into, uint64_t seq)
{
	struct dedup *d = ctx;
	const struct scan_rec *r = (const struct scan_rec *)(const void *)into;

	if (log_add(d, &d->lv[DP_DEDUP_EXACT], into->hi, into->lo, seq) != DP_OK)
		return -1;
	if ((r->nhi || r->nlo) &&
	    log_add(d, &d->lv[DP_DEDUP_NORMALIZED], r->nhi, r->nlo, seq) != DP_OK)
		return -1;
	return 0;
}

/* Add a record to the scan table (folding it into the levels first when it is full).
 * *first: the record is now the earliest occurrence of its text. */
static int scan_add(struct dedup *d, XXH128_hash_t h, uint32_t split, uint64_t nlen,
		    const struct dp_record *r, int *first)
{
	struct scan_rec e;

	dp_dedup_entry_single(&e.x, h.high64, h.low64, split, r->seq, r->text_len);
	e.nhi = nlen ? d->norm_hash.high64 : 0;
	e.nlo = nlen ? d->norm_hash.low64 : 0;
	if (dp_digest_table_full(&d->scan) && dp_dedup_fold(d, 0, &d->err) != DP_OK)
		return DP_FATAL;
	return dp_digest_table_add(&d->scan, &e.x, d->tmpdir, first, &d->err);
}

/* Characters among 8 ASCII bytes (w has no high bit) as the display form counts them:
 * a byte <= 0x20 right after another is part of a collapsed run and counts for nothing.
 * *space: whether the byte before was one; updated. */
static unsigned ascii8_chars(uint64_t w, unsigned *space)
{
	uint64_t sp = dp_swar_lt(w, 0x21);
	uint64_t run = sp & (sp << 8 | (uint64_t)*space << 7);

	*space = (unsigned)(sp >> 63);
	return 8 - dp_swar_count(run);
}

/* Bytes of text to store so that its display form has PREVIEW_KEEP characters: a
 * character starts at every byte that is not a UTF-8 continuation, and a run of bytes
 * <= 0x20 shows as at most one (other spaces count as characters: more bytes, never
 * fewer). Whole characters, at most PREVIEW_RAW bytes. Eight ASCII bytes at a time. */
static size_t preview_extent(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, chars = 0, max = n < PREVIEW_RAW ? n : PREVIEW_RAW;
	unsigned space = 0;
	uint64_t w;

	while (i < max && chars < PREVIEW_KEEP) {
		unsigned sp;
		if (DP_SWAR_LE && i + 8 <= max && chars + 8 <= PREVIEW_KEEP &&
		    (memcpy(&w, p + i, 8), !(w & DP_SWAR_HIGHS))) {
			chars += ascii8_chars(w, &space);
			i += 8;
			continue;
		}
		sp = p[i] <= 0x20;
		chars += (p[i] & 0xc0) != 0x80 && !(sp && space);
		space = sp;
		i++;
	}
	while (i < max && (p[i] & 0xc0) == 0x80) /* the last character's continuation bytes */
		i++;
	while (i > 0 && i < n && (p[i] & 0xc0) == 0x80) /* cut at PREVIEW_RAW: never mid-way */
		i--;
	return i;
}

/* Store the first bytes of a record that is (so far) the first of its exact digest: a
 * copy of what its display form needs, cheap enough for every unique record. The few
 * that belong to top clusters are picked out, shown and masked at finish. */
static int write_preview(struct dedup *d, const struct dp_record *r)
{
	size_t n;

	if (d->cfg->top_clusters == 0 || !d->tmpdir)
		return DP_OK;
	n = preview_extent(r->text, r->text_len);
	return dp_dedup_preview_put(d, r->seq, r->text,
				    (uint16_t)(n | (n < r->text_len ? PREVIEW_CUT : 0)));
}

static int norm_emit(void *ctx, const char *p, size_t n, int final)
{
	struct dedup *d = ctx;

	if (final && !d->xs_used) {
		d->norm_hash = XXH3_128bits(p, n);
		return 0;
	}
	if (!d->xs_used) {
		XXH3_128bits_reset(d->xs);
		d->xs_used = 1;
	}
	XXH3_128bits_update(d->xs, p, n);
	if (final)
		d->norm_hash = XXH3_128bits_digest(d->xs);
	return 0;
}

/* The normalised digest into d->norm_hash; *nlen = normalised length (0: empty). */
static int hash_normalized(struct dedup *d, const struct dp_record *r, uint64_t *nlen)
{
	d->xs_used = 0;
	if (dp_textnorm_run(&d->tn, r->text, r->text_len, norm_emit, d, nlen) != DP_OK)
		return dp_error_set(&d->err, DP_FATAL, "dedup: out of memory normalising text");
	return DP_OK;
}

/* The tables are much larger than the caches, so inserts wait on memory. Both digests are
 * computed and their slots prefetched before the exact insert, and the normalized insert
 * is deferred to the next record (flushed at member_end, merge and finish), so each load overlaps
 * a whole record's hashing. Only the exact insert must be immediate: it decides whether
 * the record's preview is kept, and the text is borrowed for this call only. */
static int dedup_record(void *state, struct dp_actx *ax, const struct dp_record *r)
{
	struct dedup *d = state;
	int split, first = 0;
	uint32_t key;
	uint64_t nlen = 0;
	XXH128_hash_t h;

	if (d->err.status == DP_FATAL || set_tmpdir(d, ax ? ax->tmpdir : NULL) != DP_OK)
		return fail(d, DP_FATAL);
	if (!r->has_text_field) {
		d->no_text++;
		return DP_OK;
	}
	d->invalid_utf8 += r->text_invalid_utf8 ? 1 : 0;
	d->truncated += r->truncated ? 1 : 0;
	if (r->text_len == 0) {
		d->lv[DP_DEDUP_EXACT].empty++;
		d->lv[DP_DEDUP_NORMALIZED].empty++;
		return DP_OK;
	}
	split = record_split(d, r);
	key = split >= 0 ? d->splits[split].key : 0;
	if (split >= 0)
		d->splits[split].records++;
	h = XXH3_128bits(r->text, r->text_len);
	dp_digest_table_prefetch(&d->scan, h.low64, key); /* loads while the text normalizes */
	if (hash_normalized(d, r, &nlen) != DP_OK ||
	    scan_add(d, h, key, nlen, r, &first) != DP_OK ||
	    (first && write_preview(d, r) != DP_OK))
		return fail(d, DP_FATAL);
	return DP_OK;
}

static int dedup_member_end(void *state, struct dp_actx *ax, const struct dp_member *m,
			    const struct dp_member_end *end)
{
	struct dedup *d = state;
	struct file_rec *f;

	(void)ax;
	if ((m->kind != DP_MEMBER_TEXT && m->kind != DP_MEMBER_BINARY) || !end ||
	    end->bytes == 0 || end->status != DP_OK)
		return DP_OK;
	if (dp_array_grow((void **)&d->files, &d->files_cap, d->nfiles + 1, sizeof(*d->files)))
		return DP_FATAL;
	f = &d->files[d->nfiles];
	f->origin = strdup(m->origin ? m->origin : "");
	if (!f->origin)
		return DP_FATAL;
	f->hi = be64(end->digest);
	f->lo = be64(end->digest + 8);
	f->order = ((uint64_t)m->input_index << 32) | m->member_index;
	f->bytes = end->bytes;
	d->nfiles++;
	return DP_OK;
}

/* ---- merge ------------------------------------------------------------------------ */

/* On the worker's thread: fold the scan table into the levels as sorted runs (the merge
 * hands them over whole) and finish this worker's preview stream. */
static int dedup_seal(void *state, struct dp_error *err)
{
	struct dedup *d = state;

	if (d->err.status == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	if (dp_dedup_fold(d, 1, err) != DP_OK) /* the levels now hold only sorted runs */
		return DP_FATAL;
	return dp_dedup_preview_close(d, err);
}

static int merge_level(struct dedup *a, struct level *x, struct level *y, struct dp_error *err)
{
	size_t i;

	if (dp_digest_table_absorb(&x->table, &y->table, err) != DP_OK)
		return DP_FATAL;
	for (i = 0; i < y->nlog; i++) {
		const struct log_rec *l = &y->logbuf[i];
		if (log_add(a, x, l->hi, l->lo, l->seq) != DP_OK)
			return dp_error_set(err, DP_FATAL, "%s", a->err.msg);
	}
	y->nlog = 0;
	x->empty += y->empty;
	return dp_runs_take(&x->log, &y->log, err);
}

static void merge_splits(struct dedup *a, const struct dedup *b)
{
	size_t i;
	int k;

	for (i = 0; i < b->nsplits; i++) {
		const struct split_info *s = &b->splits[i];
		k = split_find(a, s->key);
		if (k < 0 && a->nsplits < SPLIT_MAX) {
			k = (int)a->nsplits++;
			a->splits[k] = *s;
			a->splits[k].records = 0;
		}
		if (k >= 0)
			a->splits[k].records += s->records;
	}
}

static int merge_files(struct dedup *a, struct dedup *b, struct dp_error *err)
{
	if (a->nfiles + b->nfiles > a->files_cap) {
		size_t cap = a->nfiles + b->nfiles;
		struct file_rec *p = realloc(a->files, cap * sizeof(*p));
		if (!p)
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		a->files = p;
		a->files_cap = cap;
	}
	if (b->nfiles)
		memcpy(a->files + a->nfiles, b->files, b->nfiles * sizeof(*b->files));
	a->nfiles += b->nfiles;
	b->nfiles = 0; /* the origins now belong to a */
	return DP_OK;
}

static int dedup_merge(void *into, void *from, struct dp_error *err)
{
	struct dedup *a = into, *b = from;
	int i;

	if (b->err.status == DP_FATAL || a->err.status == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "%s",
				    a->err.status == DP_FATAL ? a->err.msg : b->err.msg);
	if (!a->tmpdir && b->tmpdir) {
		a->tmpdir = b->tmpdir;
		b->tmpdir = NULL;
	}
	if (dp_dedup_fold(a, 1, err) != DP_OK || dp_dedup_fold(b, 1, err) != DP_OK)
		return DP_FATAL;
	for (i = 0; i < DP_DEDUP_LEVELS; i++)
		if (merge_level(a, &a->lv[i], &b->lv[i], err) != DP_OK)
			return DP_FATAL;
	merge_splits(a, b);
	a->no_text += b->no_text;
	a->invalid_utf8 += b->invalid_utf8;
	a->truncated += b->truncated;
	if (dp_dedup_preview_close(b, err) != DP_OK)
		return DP_FATAL;
	if (dp_runs_take(&a->previews, &b->previews, err) != DP_OK)
		return DP_FATAL;
	return merge_files(a, b, err);
}

/* ---- finish: statistics over the merged digest stream ------------------------------ */

struct group {
	struct dp_dedup_entry sum;     /* count == 0 while empty */
	size_t nsp;
	uint32_t spk[SPLIT_MAX + 1];   /* split keys seen in this digest, with record counts */
	uint64_t spc[SPLIT_MAX + 1];
};

static int cluster_better(uint64_t count_a, uint64_t seq_a, uint64_t count_b, uint64_t seq_b)
{
	return count_a > count_b || (count_a == count_b && seq_a < seq_b);
}

/* Keep the cfg->top_clusters largest clusters, best first (ties: earliest original). */
static int top_offer(struct dedup *d, struct level *lv, const struct dp_dedup_entry *e)
{
	size_t k = d->cfg->top_clusters, i;
	struct cluster c;

	if (k == 0)
		return DP_OK;
	if (!lv->top && !(lv->top = calloc(k, sizeof(*lv->top))))
		return DP_FATAL;
	if (lv->ntop == k &&
	    !cluster_better(e->count, e->seq[0], lv->top[k - 1].count, lv->top[k - 1].seq[0]))
		return DP_OK;
	memset(&c, 0, sizeof(c));
	c.hi = e->hi;
	c.lo = e->lo;
	c.count = e->count;
	memcpy(c.seq, e->seq, sizeof(c.seq));
	i = lv->ntop < k ? lv->ntop++ : k - 1;
	for (; i > 0 && cluster_better(c.count, c.seq[0], lv->top[i - 1].count,
				       lv->top[i - 1].seq[0]); i--)
		lv->top[i] = lv->top[i - 1];
	lv->top[i] = c;
	return DP_OK;
}

static int group_add(struct level *lv, struct group *g, const struct dp_dedup_entry *e)
{
	size_t i;

	if (g->sum.count == 0)
		g->sum = *e;
	else if (dp_dedup_entry_combine(&g->sum, e, lv->table.drop, lv) != 0)
		return DP_FATAL;
	for (i = 0; i < g->nsp && g->spk[i] != e->split; i++)
		;
	if (i == g->nsp && g->nsp <= SPLIT_MAX) {
		g->spk[g->nsp] = e->split;
		g->spc[g->nsp++] = 0;
	}
	if (i < g->nsp)
		g->spc[i] += e->count;
	return DP_OK;
}

/* Eval records of a digest that also occurs in train have leaked, whatever their order. */
static void leak_group(struct dedup *d, int level, const struct group *g)
{
	int has_train = 0, k;
	size_t i;

	for (i = 0; i < g->nsp && !has_train; i++) {
		k = split_find(d, g->spk[i]);
		has_train = k >= 0 && d->splits[k].cls == SPLIT_TRAIN;
	}
	for (i = 0; i < g->nsp && has_train; i++) {
		k = split_find(d, g->spk[i]);
		if (k >= 0 && d->splits[k].cls == SPLIT_EVAL)
			d->splits[k].leaked[level] += g->spc[i];
	}
}

static int group_close(struct dedup *d, int level, struct group *g)
{
	struct level *lv = &d->lv[level];
	const struct dp_dedup_entry sum = g->sum, *e = &sum;
	int k;

	lv->st.records += e->count;
	lv->st.unique++;
	lv->st.duplicates += e->count - 1;
	lv->st.duplicate_bytes += e->bytes - e->first_len;
	if (g->nsp > 1)
		leak_group(d, level, g);
	g->sum.count = 0;
	g->nsp = 0;
	if (e->count < 2)
		return DP_OK;
	for (k = 0; k < 3 && lv->table.drop && e->seq[k] != DP_SEQ_NONE; k++)
		if (log_add(d, lv, e->hi, e->lo, e->seq[k]) != DP_OK) /* the join needs them all */
			return DP_FATAL;
	return top_offer(d, lv, e);
}

static int level_stats(struct dedup *d, int level, struct dp_error *err)
{
	struct level *lv = &d->lv[level];
	struct dp_runmerge *m;
	struct dp_dedup_entry e;
	struct group *g = calloc(1, sizeof(*g));
	size_t n = dp_digest_table_sort(&lv->table);
	int rc = DP_FATAL;

	if (!g)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (dp_runmerge_open(&m, &lv->table.runs, d->tmpdir, lv->table.entries, n, err)) {
		free(g);
		return DP_FATAL;
	}
	while ((rc = dp_runmerge_next(m, &e, err)) == DP_OK) {
		if (g->sum.count && (e.hi != g->sum.hi || e.lo != g->sum.lo) &&
		    group_close(d, level, g) != DP_OK)
			break;
		if (group_add(lv, g, &e) != DP_OK)
			break;
	}
	if (rc == DP_DONE && g->sum.count)
		rc = group_close(d, level, g) == DP_OK ? DP_DONE : DP_FATAL;
	dp_runmerge_close(m);
	free(g);
	dp_digest_table_release(&lv->table);
	if (rc == DP_OK)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (rc != DP_DONE)
		return DP_FATAL;
	lv->st.empty = lv->empty;
	return DP_OK;
}

/* ---- finish: origins and previews of the top clusters ------------------------------ */

static int resolve_origins(struct dedup *d, const struct dp_catalog *cat)
{
	size_t l, i;
	int k;

	for (l = 0; l < DP_DEDUP_LEVELS && cat; l++) {
		for (i = 0; i < d->lv[l].ntop; i++) {
			struct cluster *c = &d->lv[l].top[i];
			for (k = 0; k < 3 && c->seq[k] != DP_SEQ_NONE; k++) {
				const char *o = dp_catalog_find(cat, c->seq[k], &c->rec[k]);
				if (o && !(c->origin[k] = strdup(o)))
					return DP_FATAL;
			}
		}
	}
	return DP_OK;
}

/* The PII rules used to mask previews, compiled once at finish. */
struct preview_ctx {
	struct dp_rules *rules;
	struct dp_rules_scratch *scratch;
	uint64_t wanted;           /* bit seq_bit(s) set for every top cluster's original s */
	const uint64_t *want;      /* those seqs */
	size_t nwant;
};

/* A one-word filter over the few wanted seqs: most preview records are passed over with
 * one test instead of a look at every top cluster. */
static unsigned seq_bit(uint64_t seq)
{
	return (unsigned)((seq * 0x9e3779b97f4a7c15ULL) >> 58);
}

/* The top clusters' original seqs into want (room for every top cluster); their
 * one-word filter is returned. */
static uint64_t wanted_seqs(const struct dedup *d, uint64_t *want, size_t *n)
{
	uint64_t m = 0;
	size_t l, i;

	*n = 0;
	for (l = 0; l < DP_DEDUP_LEVELS; l++)
		for (i = 0; i < d->lv[l].ntop; i++) {
			want[(*n)++] = d->lv[l].top[i].seq[0];
			m |= (uint64_t)1 << seq_bit(d->lv[l].top[i].seq[0]);
		}
	return m;
}

/* The display form of stored preview bytes (len as stored, flag included): PREVIEW_KEEP
 * characters, white space collapsed, "..." when the text goes on. Returns its length. */
static size_t shown_form(const char *text, uint16_t len, char *out, size_t cap)
{
	size_t n = dp_textnorm_preview(text, PREVIEW_LEN(len), PREVIEW_KEEP, out, cap);

	if ((len & PREVIEW_CUT) && (n < 3 || memcmp(out + n - 3, "...", 3) != 0) && n + 4 <= cap) {
		memcpy(out + n, "...", 4);
		n += 3;
	}
	return n;
}

/* Give the preview to every top cluster whose original is `seq` (none without rules). */
static int assign_preview(struct dedup *d, const struct preview_ctx *pc, uint64_t seq,
			  const char *text, uint16_t stored)
{
	char buf[PREVIEW_CAP], shown[PREVIEW_CAP];
	size_t l, i, n = 0, len = 0;
	int made = 0;

	for (l = 0; l < DP_DEDUP_LEVELS && pc->scratch; l++) {
		for (i = 0; i < d->lv[l].ntop; i++) {
			struct cluster *c = &d->lv[l].top[i];
			if (c->seq[0] != seq || c->preview)
				continue;
			if (!made++) {
				len = shown_form(text, stored, shown, sizeof(shown));
				n = dedup_preview(pc->rules, pc->scratch, shown, len, buf, sizeof(buf));
			}
			if (!(c->preview = malloc(n + 1)))
				return DP_FATAL;
			memcpy(c->preview, buf, n + 1);
		}
	}
	return DP_OK;
}

/* Up to `limit` preview records from where zr stands; previews are picked by original
 * seq. 1 when `limit` were read, 0 at the end of the file, -1 truncated, DP_FATAL. */
static int pick_previews(struct dedup *d, const struct preview_ctx *pc, struct dp_zreader *zr,
			 uint64_t limit)
{
	char buf[PREVIEW_RAW];
	uint64_t seq, k;
	uint16_t len;
	int got = 1;

	for (k = 0; k < limit && (got = dp_dedup_preview_next(zr, &seq, buf, &len)) == 1; k++)
		if ((pc->wanted >> seq_bit(seq) & 1) && assign_preview(d, pc, seq, buf, len) != DP_OK)
			return DP_FATAL;
	return got;
}

/* A preview file: with its frame index, only the frames that can hold a wanted seq are
 * decompressed; without one, the whole file in one pass. */
static int scan_previews(struct dedup *d, const struct preview_ctx *pc, const char *path,
			 struct dp_error *err)
{
	struct dp_pvindex x;
	struct dp_zreader *zr = dp_zreader_open(path);
	size_t f;
	int got = 1;

	if (!zr)
		return dp_error_set(err, DP_FATAL, "dedup: cannot read %s", path);
	if (dp_pvindex_load(&x, path) != 0) {
		got = pick_previews(d, pc, zr, UINT64_MAX);
		got = got == 0 ? 1 : got == 1 ? -1 : got; /* to its end, and no further */
	}
	for (f = 0; f < x.n && got == 1; f++) {
		if (!dp_pvindex_frame_wanted(&x.v[f], pc->want, pc->nwant))
			continue;
		got = dp_zreader_seek(zr, x.v[f].offset) != 0 ? -1
		      : pick_previews(d, pc, zr, x.v[f].count);
	}
	dp_pvindex_release(&x);
	dp_zreader_close(zr);
	if (got == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	return got == 1 ? DP_OK : dp_error_set(err, DP_FATAL, "dedup: truncated preview file %s", path);
}

#define DP_PREVIEW_THREADS 16

/* One thread's share of the preview files (every file i with i % n == k). A record's seq
 * is in one file only, so each cluster is written by one thread. */
struct preview_job {
	struct dedup *d;
	struct dp_rules *rules;
	uint64_t wanted;           /* wanted_seqs(d), the same for every job */
	const uint64_t *want;
	size_t nwant;
	size_t k, n;
	struct dp_error err;
	int rc;
};

static void *preview_job_run(void *arg)
{
	struct preview_job *job = arg;
	struct preview_ctx pc = { job->rules, dp_rules_scratch_new(job->rules), job->wanted,
				  job->want, job->nwant };
	size_t i;

	dp_error_clear(&job->err);
	job->rc = pc.scratch ? DP_OK : dp_error_set(&job->err, DP_FATAL, "dedup: out of memory");
	for (i = job->k; i < job->d->previews.n && job->rc == DP_OK; i += job->n)
		job->rc = scan_previews(job->d, &pc, job->d->previews.paths[i], &job->err);
	dp_rules_scratch_free(pc.scratch);
	return NULL;
}

/* The previews of the top clusters: the files are read in parallel, one thread per file
 * up to --threads (reading is most of the serial time after a threaded scan). Without PII
 * rules (a bad --rules file was already reported by the PII analyser) the clusters get no
 * preview rather than an unmasked one. */
static int load_previews(struct dedup *d, struct dp_error *err)
{
	struct preview_job jobs[DP_PREVIEW_THREADS];
	pthread_t tid[DP_PREVIEW_THREADS];
	int started[DP_PREVIEW_THREADS];
	struct dp_rules *rules;
	struct dp_error rerr;
	uint64_t wanted, *want;
	size_t n = dp_config_threads(d->cfg), i, nwant;
	int rc = DP_OK;

	if (dp_dedup_preview_close(d, err) != DP_OK)
		return DP_FATAL;
	if ((d->lv[0].ntop == 0 && d->lv[1].ntop == 0) || d->previews.n == 0)
		return DP_OK;
	dp_error_clear(&rerr);
	if (!(want = malloc((d->lv[0].ntop + d->lv[1].ntop) * sizeof(*want))))
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (!(rules = dp_rules_new(d->cfg, &rerr))) {
		free(want);
		return DP_OK;
	}
	n = n < d->previews.n ? n : d->previews.n;
	n = n < DP_PREVIEW_THREADS ? n : DP_PREVIEW_THREADS;
	wanted = wanted_seqs(d, want, &nwant);
	for (i = 0; i < n; i++) {
		jobs[i] = (struct preview_job){ .d = d, .rules = rules, .wanted = wanted,
						.want = want, .nwant = nwant, .k = i, .n = n };
		started[i] = i > 0 && pthread_create(&tid[i], NULL, preview_job_run, &jobs[i]) == 0;
	}
	for (i = 0; i < n; i++) /* job 0, and any whose thread could not start, run here */
		if (!started[i])
			preview_job_run(&jobs[i]);
	for (i = 1; i < n; i++)
		if (started[i])
			pthread_join(tid[i], NULL);
	for (i = 0; i < n && rc == DP_OK; i++)
		if (jobs[i].rc != DP_OK)
			rc = dp_error_set(err, DP_FATAL, "%s", jobs[i].err.msg);
	dp_rules_free(rules);
	free(want);
	return rc;
}

/* ---- finish: whole-file duplicates ------------------------------------------------- */

static int file_cmp(const void *a, const void *b)
{
	const struct file_rec *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static void file_top_offer(struct dedup *d, size_t first, size_t count)
{
	size_t k = d->cfg->top_clusters, i;
	struct file_cluster c = { first, count };

	if (d->nftop == k && (count < d->ftop[k - 1].count ||
			      (count == d->ftop[k - 1].count &&
			       d->files[first].order > d->files[d->ftop[k - 1].first].order)))
		return;
	i = d->nftop < k ? d->nftop++ : k - 1;
	for (; i > 0; i--) {
		const struct file_cluster *p = &d->ftop[i - 1];
		if (count < p->count ||
		    (count == p->count && d->files[first].order > d->files[p->first].order))
			break;
		d->ftop[i] = d->ftop[i - 1];
	}
	d->ftop[i] = c;
}

static int files_finish(struct dedup *d)
{
	size_t i = 0, j, k = d->cfg->top_clusters;

	if (d->nfiles)
		dp_runs_sort_keyed(d->files, d->nfiles, sizeof(*d->files), file_cmp);
	if (k && d->nfiles && !(d->ftop = calloc(k, sizeof(*d->ftop))))
		return DP_FATAL;
	while (i < d->nfiles) {
		for (j = i + 1; j < d->nfiles && d->files[j].hi == d->files[i].hi &&
				d->files[j].lo == d->files[i].lo; j++)
			;
		if (j - i > 1) {
			d->file_dups += j - i - 1;
			d->file_dup_bytes += (j - i - 1) * d->files[i].bytes;
			if (k)
				file_top_offer(d, i, j - i);
		}
		i = j;
	}
	return DP_OK;
}

/* ---- finish: findings (one line per duplicate record, in seq order) ---------------- */

struct pairbuf {
	struct dp_runs runs;       /* sorted by (dup seq, level) */
	struct pair_rec *v;
	size_t n, cap, max;
};

static int pair_push(struct dedup *d, struct pairbuf *pb, const struct pair_rec *p,
		     struct dp_error *err)
{
	if (pb->n == pb->cap) {
		size_t cap = pb->cap ? pb->cap * 2 : 4096;
		struct pair_rec *v;
		if (pb->cap >= pb->max) {
			if (dp_runs_spill(&pb->runs, d->tmpdir, pb->v, pb->n, err) != DP_OK)
				return DP_FATAL;
			pb->n = 0;
			return pair_push(d, pb, p, err);
		}
		cap = cap > pb->max ? pb->max : cap;
		if (!(v = realloc(pb->v, cap * sizeof(*v))))
			return dp_error_set(err, DP_FATAL, "dedup: out of memory");
		pb->v = v;
		pb->cap = cap;
	}
	pb->v[pb->n++] = *p;
	return DP_OK;
}

/* Join the per-record log with itself by digest: the smallest seq is the original. */
static int level_pairs(struct dedup *d, int level, struct pairbuf *pb, struct dp_error *err)
{
	struct level *lv = &d->lv[level];
	struct dp_runmerge *m;
	struct log_rec r, head = { 0, 0, DP_SEQ_NONE };
	uint64_t last = DP_SEQ_NONE;
	int rc;

	if (lv->nlog)
		dp_runs_sort_keyed(lv->logbuf, lv->nlog, sizeof(*lv->logbuf), log_cmp);
	if (dp_runmerge_open(&m, &lv->log, d->tmpdir, lv->logbuf, lv->nlog, err) != DP_OK)
		return DP_FATAL;
	while ((rc = dp_runmerge_next(m, &r, err)) == DP_OK) {
		struct pair_rec p = { r.seq, head.seq, (uint64_t)level };
		if (head.seq == DP_SEQ_NONE || r.hi != head.hi || r.lo != head.lo) {
			head = r;
			last = r.seq;
			continue;
		}
		if (r.seq == last) /* logged twice (a saved state's drops, then finish's) */
			continue;
		last = r.seq;
		if (pair_push(d, pb, &p, err) != DP_OK) {
			rc = DP_FATAL;
			break;
		}
	}
	dp_runmerge_close(m);
	free(lv->logbuf);
	lv->logbuf = NULL;
	lv->nlog = lv->log_cap = 0;
	dp_runs_release(&lv->log);
	return rc == DP_DONE ? DP_OK : DP_FATAL;
}

static int write_pair(struct dedup *d, struct dp_actx *ax, struct dp_json *j,
		      const struct pair_rec *p)
{
	static const char *const names[] = { "exact", "normalized" };
	uint64_t rec = 0, orec = 0;
	const char *o = dp_catalog_find(ax->catalog, p->dup, &rec);
	const char *oo = dp_catalog_find(ax->catalog, p->orig, &orec);
	const char *text;
	size_t len;

	dp_json_clear(j);
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "type", "duplicate");
	dp_json_kv_str(j, "level", names[p->level ? 1 : 0]);
	dp_json_kv_str(j, "origin", o);
	dp_json_kv_u64(j, "record", rec);
	dp_json_kv_str(j, "original_origin", oo);
	dp_json_kv_u64(j, "original_record", orec);
	dp_json_obj_end(j);
	text = dp_json_text(j, &len);
	if (dp_json_failed(j) || dp_sink_line(ax->findings, text, len) != 0)
		return DP_FATAL;
	d->findings++;
	return DP_OK;
}

/* A record duplicated at both levels gets one line, the exact one (it sorts first). */
static int emit_pairs(struct dedup *d, struct dp_actx *ax, struct pairbuf *pb,
		      struct dp_error *err)
{
	struct dp_json *j = dp_json_new(0);
	struct dp_runmerge *m = NULL;
	struct pair_rec p;
	uint64_t last = DP_SEQ_NONE;
	int rc = DP_FATAL;

	if (!j)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (pb->n)
		dp_runs_sort_keyed(pb->v, pb->n, sizeof(*pb->v), pair_cmp);
	if (dp_runmerge_open(&m, &pb->runs, d->tmpdir, pb->v, pb->n, err) == DP_OK) {
		while ((rc = dp_runmerge_next(m, &p, err)) == DP_OK) {
			if (p.dup == last)
				continue;
			last = p.dup;
			if (write_pair(d, ax, j, &p) != DP_OK) {
				rc = dp_error_set(err, DP_FATAL, "dedup: cannot write findings");
				break;
			}
		}
	}
	dp_runmerge_close(m);
	dp_json_free(j);
	return rc == DP_DONE ? DP_OK : DP_FATAL;
}

static int write_findings(struct dedup *d, struct dp_actx *ax, struct dp_error *err)
{
	struct pairbuf pb;
	int rc = DP_OK, l;

	memset(&pb, 0, sizeof(pb));
	dp_runs_init(&pb.runs, sizeof(struct pair_rec), pair_cmp);
	pb.runs.keyed = 1; /* ordered by the duplicate's seq first */
	pb.max = d->pair_max;
	for (l = 0; l < DP_DEDUP_LEVELS && rc == DP_OK; l++)
		rc = level_pairs(d, l, &pb, err);
	if (rc == DP_OK)
		rc = emit_pairs(d, ax, &pb, err);
	free(pb.v);
	dp_runs_release(&pb.runs);
	return rc;
}

static int split_name_cmp(const void *a, const void *b)
{
	const struct split_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int dedup_finish(void *state, struct dp_actx *ax, struct dp_error *err)
{
	struct dedup *d = state;
	int l;

	if (d->err.status == DP_FATAL)
		return dp_error_set(err, DP_FATAL, "%s", d->err.msg);
	if (set_tmpdir(d, ax ? ax->tmpdir : NULL) != DP_OK)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (dp_dedup_fold(d, 1, err) != DP_OK)
		return DP_FATAL;
	for (l = 0; l < DP_DEDUP_LEVELS; l++)
		d->spilled += d->lv[l].table.runs.spilled + d->lv[l].log.spilled;
	for (l = 0; l < DP_DEDUP_LEVELS; l++)
		if (level_stats(d, l, err) != DP_OK)
			return DP_FATAL;
	if (resolve_origins(d, ax ? ax->catalog : NULL) != DP_OK || files_finish(d) != DP_OK)
		return dp_error_set(err, DP_FATAL, "dedup: out of memory");
	if (load_previews(d, err) != DP_OK)
		return DP_FATAL;
	if (d->cfg->findings && ax && ax->findings && ax->catalog &&
	    write_findings(d, ax, err) != DP_OK)
		return DP_FATAL;
	if (d->nsplits)
		qsort(d->splits, d->nsplits, sizeof(*d->splits), split_name_cmp);
	return DP_OK;
}

/* ---- report ----------------------------------------------------------------------- */

static double rate(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

static void report_cluster(struct dp_json *j, const struct cluster *c)
{
	char hex[33];
	int k;

	digest_hex(c->hi, c->lo, hex);
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "count", c->count);
	dp_json_kv_str(j, "digest", hex);
	dp_json_key(j, "first");
	dp_json_arr_begin(j);
	for (k = 0; k < 3 && c->seq[k] != DP_SEQ_NONE; k++) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "origin", c->origin[k]);
		dp_json_kv_u64(j, "record", c->rec[k]);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
	dp_json_kv_str(j, "preview", c->preview);
	dp_json_obj_end(j);
}

static void report_level(struct dp_json *j, const struct level *lv)
{
	size_t i;

	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "records", lv->st.records);
	dp_json_kv_u64(j, "unique", lv->st.unique);
	dp_json_kv_u64(j, "duplicates", lv->st.duplicates);
	dp_json_kv_double(j, "duplicate_rate", rate(lv->st.duplicates, lv->st.records));
	dp_json_kv_u64(j, "duplicate_bytes", lv->st.duplicate_bytes);
	dp_json_kv_u64(j, "empty", lv->st.empty);
	dp_json_key(j, "clusters");
	dp_json_arr_begin(j);
	for (i = 0; i < lv->ntop; i++)
		report_cluster(j, &lv->top[i]);
	dp_json_arr_end(j);
	dp_json_obj_end(j);
}

static void report_files(struct dp_json *j, const struct dedup *d)
{
	char hex[33];
	size_t i, k;

	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "members", d->nfiles);
	dp_json_kv_u64(j, "duplicates", d->file_dups);
	dp_json_kv_u64(j, "duplicate_bytes", d->file_dup_bytes);
	dp_json_key(j, "clusters");
	dp_json_arr_begin(j);
	for (i = 0; i < d->nftop; i++) {
		const struct file_cluster *c = &d->ftop[i];
		digest_hex(d->files[c->first].hi, d->files[c->first].lo, hex);
		dp_json_obj_begin(j);
		dp_json_kv_u64(j, "count", c->count);
		dp_json_kv_str(j, "digest", hex);
		dp_json_kv_u64(j, "bytes", d->files[c->first].bytes);
		dp_json_key(j, "origins");
		dp_json_arr_begin(j);
		for (k = 0; k < c->count && k < FILE_ORIGINS_MAX; k++)
			dp_json_str(j, d->files[c->first + k].origin);
		dp_json_arr_end(j);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
	dp_json_obj_end(j);
}

static int has_train(const struct dedup *d)
{
	size_t i;

	for (i = 0; i < d->nsplits; i++)
		if (d->splits[i].cls == SPLIT_TRAIN && d->splits[i].records)
			return 1;
	return 0;
}

static void report_leakage(struct dp_json *j, const struct dedup *d)
{
	size_t i;

	dp_json_arr_begin(j);
	for (i = 0; i < d->nsplits && has_train(d); i++) {
		const struct split_info *s = &d->splits[i];
		if (s->cls != SPLIT_EVAL)
			continue;
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "split", s->name);
		dp_json_kv_str(j, "against", "train");
		dp_json_kv_u64(j, "records", s->records);
		dp_json_kv_u64(j, "exact", s->leaked[DP_DEDUP_EXACT]);
		dp_json_kv_u64(j, "normalized", s->leaked[DP_DEDUP_NORMALIZED]);
		dp_json_kv_double(j, "exact_rate", rate(s->leaked[DP_DEDUP_EXACT], s->records));
		dp_json_kv_double(j, "normalized_rate",
				  rate(s->leaked[DP_DEDUP_NORMALIZED], s->records));
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static void dedup_report(void *state, struct dp_json *j)
{
	const struct dedup *d = state;

	dp_json_obj_begin(j);
	dp_json_key(j, "exact");
	report_level(j, &d->lv[DP_DEDUP_EXACT]);
	dp_json_key(j, "normalized");
	report_level(j, &d->lv[DP_DEDUP_NORMALIZED]);
	dp_json_key(j, "files");
	report_files(j, d);
	dp_json_key(j, "leakage");
	report_leakage(j, d);
	dp_json_kv_u64(j, "invalid_utf8", d->invalid_utf8);
	dp_json_kv_u64(j, "no_text", d->no_text);
	dp_json_kv_u64(j, "truncated", d->truncated);
	dp_json_kv_u64(j, "spilled_runs", d->spilled);
	dp_json_obj_end(j);
}

/* ---- accessors and the vtable ------------------------------------------------------ */

void dp_dedup_get_stats(const void *state, struct dp_dedup_stats *out)
{
	const struct dedup *d = state;
	int l;

	memset(out, 0, sizeof(*out));
	for (l = 0; l < DP_DEDUP_LEVELS; l++)
		out->level[l] = d->lv[l].st;
	out->files = d->nfiles;
	out->file_duplicates = d->file_dups;
	out->file_duplicate_bytes = d->file_dup_bytes;
	out->invalid_utf8 = d->invalid_utf8;
	out->no_text = d->no_text;
	out->truncated = d->truncated;
	out->spilled_runs = d->spilled;
	out->findings = d->findings;
}

uint64_t dp_dedup_leaked(const void *state, const char *split, int level, uint64_t *records)
{
	const struct dedup *d = state;
	size_t i;

	for (i = 0; i < d->nsplits; i++) {
		if (strcmp(d->splits[i].name, split) != 0)
			continue;
		if (records)
			*records = d->splits[i].records;
		return d->splits[i].leaked[level ? 1 : 0];
	}
	if (records)
		*records = 0;
	return 0;
}

const struct dp_analyser_type dp_analyser_dedup = {
	.name = "dedup",
	.create = dedup_create,
	.destroy = dedup_destroy,
	.member_begin = NULL,
	.member_data = NULL,
	.member_end = dedup_member_end,
	.record = dedup_record,
	.seal = dedup_seal,
	.merge = dedup_merge,
	.finish = dedup_finish,
	.report = dedup_report,
	.save = dp_dedup_save,
	.load = dp_dedup_load,
};

/* scope.c - the scope analyser: hooks, merge and the report section. */
#include "analyse/scope.h"
#include "rules/rules.h"
#include "analyse/scope_io.h"

#include <stdlib.h>
#include <string.h>

#include "analyse/dates.h"
#include "analyse/domains.h"
#include "analyse/histo.h"
#include "analyse/langid.h"
#include "analyse/modality.h"
#include "analyse/schema.h"
#include "analyse/scripts.h"
#include "analyse/splits.h"
#include "analyse/state_io.h"
#include "analyse/tally.h"
#include "core/utf8.h"

#include <xxhash.h>

#define LANG_MAX_CODES 512

struct scope_state {
	const struct dp_config *cfg;
	const void *psl;                 /* owned */
	uint64_t records;
	uint64_t text_records;           /* records with a text field */
	uint64_t invalid_records;        /* text not valid UTF-8 */
	uint64_t truncated_records;
	struct dp_text_counts text;      /* summed over all records */
	struct dp_histo bytes, chars, words;
	/* Languages: code -> records, text bytes; lang_conf: code -> sum of percents. */
	struct dp_tally langs, lang_conf;
	uint64_t lang_checked, lang_few_letters;
	uint64_t lang_skipped;           /* records left out by the stride (weighted in) */
	unsigned stride;
	char *scratch;                   /* valid-UTF-8 copy of a sample, sample_cap bytes */
	size_t sample_cap;
	struct dp_schema schema;
	struct dp_domains domains;
	struct dp_dates dates;
	struct dp_splits splits;
	struct dp_modality_stats modality;
};

static void scope_destroy(void *p)
{
	struct scope_state *s = p;

	if (!s)
		return;
	dp_tally_release(&s->langs);
	dp_tally_release(&s->lang_conf);
	dp_schema_release(&s->schema);
	dp_domains_release(&s->domains);
	dp_dates_release(&s->dates);
	dp_splits_release(&s->splits);
	dp_domains_psl_close(s->psl);
	free(s->scratch);
	free(s);
}

static void *scope_create(const struct dp_config *cfg, struct dp_error *err)
{
	struct scope_state *s = calloc(1, sizeof(*s));

	if (!s) {
		dp_error_set(err, DP_FATAL, "scope: out of memory");
		return NULL;
	}
	s->cfg = cfg;
	s->sample_cap = cfg && cfg->lang_sample_bytes ? cfg->lang_sample_bytes : DP_LANGID_SAMPLE;
	if (s->sample_cap > DP_LANGID_SAMPLE_MAX)
		s->sample_cap = DP_LANGID_SAMPLE_MAX;
	s->scratch = malloc(s->sample_cap);
	if (!s->scratch) {
		free(s);
		dp_error_set(err, DP_FATAL, "scope: out of memory");
		return NULL;
	}
	s->stride = cfg && cfg->lang_stride ? cfg->lang_stride : DP_LANGID_STRIDE;
	s->psl = dp_domains_psl_open();
	dp_histo_init(&s->bytes);
	dp_histo_init(&s->chars);
	dp_histo_init(&s->words);
	dp_tally_init(&s->langs, LANG_MAX_CODES);
	dp_tally_init(&s->lang_conf, LANG_MAX_CODES);
	dp_schema_init(&s->schema);
	dp_domains_init(&s->domains, s->psl, cfg ? cfg->top_domains : 0);
	dp_dates_init(&s->dates);
	dp_splits_init(&s->splits);
	dp_modality_init(&s->modality);
	return s;
}

/* Copy the valid UTF-8 sequences of text into the scratch buffer, up to its size, so the
 * detector sees the valid part of a text with bad bytes. Returns the bytes copied. */
static size_t valid_sample(struct scope_state *s, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, out = 0, k;
	uint32_t cp;

	while (i < n) {
		k = dp_utf8_decode(p + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		if (out + k > s->sample_cap)
			break;
		memcpy(s->scratch + out, p + i, k);
		out += k;
		i += k;
	}
	return out;
}

/* Which records language ID looks at: every record among the first DP_LANGID_EXACT_RECORDS
 * of its input, then one in `stride` by a hash of the record's position within its input
 * seeded with its member's own name, and past DP_LANGID_SPARSE_AFTER records one in
 * DP_LANGID_SPARSE_FACTOR x `stride` (a shard of a million records is still checked some
 * 20,000 times: shares within a fraction of a percent). Neither depends on thread count nor on where the input
 * stands in the command line, so a shard run samples the same records as a run over
 * everything (and its partial state merges to the same result). Returns the record's weight
 * (how many records it stands for), or 0 when it is left out. */
static uint64_t lang_weight(const struct scope_state *s, const struct dp_record *r)
{
	uint64_t counter = r->seq & ((1ULL << DP_SEQ_INPUT_SHIFT) - 1), seed = 0;
	uint64_t stride = s->stride;
	const char *name = r->member ? r->member->name : NULL;

	if (stride <= 1 || counter < DP_LANGID_EXACT_RECORDS)
		return 1;
	if (counter >= DP_LANGID_SPARSE_AFTER)
		stride *= DP_LANGID_SPARSE_FACTOR;
	if (name)
		seed = XXH3_64bits(name, strlen(name));
	return XXH3_64bits_withSeed(&counter, sizeof(counter), seed) % stride == 0 ? stride : 0;
}

static int add_language(struct scope_state *s, const struct dp_record *r, uint64_t letters,
			int invalid)
{
	struct dp_langid_result res;
	const char *text = r->text;
	size_t len = r->text_len;
	uint64_t w = 1;

	if (letters < DP_LANGID_MIN_LETTERS) {
		s->lang_few_letters++;
		memcpy(res.code, "und", 4);
		res.percent = 0;
	} else if ((w = lang_weight(s, r)) == 0) {
		s->lang_skipped++;
		return DP_OK;
	} else {
		s->lang_checked++;
		if (invalid) {
			len = valid_sample(s, text, len);
			text = s->scratch;
		}
		dp_langid_detect(text, len, (size_t)letters, s->sample_cap, &res);
	}
	len = strlen(res.code);
	if (dp_tally_add(&s->langs, res.code, len, w, w * r->text_len) == -2 ||
	    dp_tally_add(&s->lang_conf, res.code, len, w * (uint64_t)res.percent, 0) == -2)
		return DP_FATAL;
	return DP_OK;
}

static int add_text(struct scope_state *s, const struct dp_record *r)
{
	struct dp_text_counts c;
	uint64_t cjk;

	memset(&c, 0, sizeof(c));
	dp_scripts_scan(r->text, r->text_len, &c);
	s->text_records++;
	s->invalid_records += r->text_invalid_utf8 || c.invalid_bytes;
	s->truncated_records += r->truncated != 0;
	dp_histo_add(&s->bytes, r->text_len);
	dp_histo_add(&s->chars, c.chars);
	dp_histo_add(&s->words, c.words);
	s->text.chars += c.chars;
	s->text.words += c.words;
	s->text.letters += c.letters;
	s->text.invalid_bytes += c.invalid_bytes;
	for (int i = 0; i < DP_SCRIPT_COUNT; i++)
		s->text.script[i] += c.script[i];
	/* A CJK character carries about as much as three alphabetic letters, so it counts
	 * three times against the too-few-letters rule (a 10-character Chinese sentence is
	 * enough for CLD2; 10 Latin letters are not). */
	cjk = c.script[DP_SCRIPT_HAN] + c.script[DP_SCRIPT_HIRAGANA] +
	      c.script[DP_SCRIPT_KATAKANA] + c.script[DP_SCRIPT_HANGUL];
	return add_language(s, r, c.letters + 2 * cjk, c.invalid_bytes > 0);
}

static int scope_record(void *p, struct dp_actx *ax, const struct dp_record *r)
{
	struct scope_state *s = p;
	int rc = DP_OK;

	(void)ax;
	s->records++;
	if (r->has_text_field || !r->n_fields)
		rc = add_text(s, r);
	if (rc == DP_OK)
		rc = dp_schema_add(&s->schema, r->fields, r->n_fields);
	if (rc == DP_OK && r->meta[DP_META_URL])
		rc = dp_domains_add(&s->domains, r->seq, r->meta[DP_META_URL],
				    r->meta_len[DP_META_URL]);
	if (rc == DP_OK && r->meta[DP_META_DATE])
		rc = dp_dates_add(&s->dates, r->seq, r->meta[DP_META_DATE],
				  r->meta_len[DP_META_DATE]);
	if (rc == DP_OK)
		rc = dp_splits_add_record(&s->splits, r);
	return rc;
}

static int scope_member_end(void *p, struct dp_actx *ax, const struct dp_member *m,
			    const struct dp_member_end *end)
{
	struct scope_state *s = p;

	(void)ax;
	dp_modality_add(&s->modality, m, end->bytes);
	return dp_splits_add_member(&s->splits, m, end->bytes);
}

static int scope_merge(void *pi, void *pf, struct dp_error *err)
{
	struct scope_state *a = pi, *b = pf;
	int i;

	a->records += b->records;
	a->text_records += b->text_records;
	a->invalid_records += b->invalid_records;
	a->truncated_records += b->truncated_records;
	a->text.chars += b->text.chars;
	a->text.words += b->text.words;
	a->text.letters += b->text.letters;
	a->text.invalid_bytes += b->text.invalid_bytes;
	for (i = 0; i < DP_SCRIPT_COUNT; i++)
		a->text.script[i] += b->text.script[i];
	dp_histo_merge(&a->bytes, &b->bytes);
	dp_histo_merge(&a->chars, &b->chars);
	dp_histo_merge(&a->words, &b->words);
	a->lang_checked += b->lang_checked;
	a->lang_few_letters += b->lang_few_letters;
	a->lang_skipped += b->lang_skipped;
	dp_modality_merge(&a->modality, &b->modality);
	if (dp_tally_merge(&a->langs, &b->langs) || dp_tally_merge(&a->lang_conf, &b->lang_conf) ||
	    dp_schema_merge(&a->schema, &b->schema) != DP_OK ||
	    dp_domains_merge(&a->domains, &b->domains) != DP_OK ||
	    dp_dates_merge(&a->dates, &b->dates) != DP_OK ||
	    dp_splits_merge(&a->splits, &b->splits) != DP_OK)
		return dp_error_set(err, DP_FATAL, "scope: out of memory while merging");
	return DP_OK;
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static void report_histo(const char *key, const struct dp_histo *h, struct dp_json *out)
{
	dp_json_key(out, key);
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "total", h->sum);
	dp_json_kv_u64(out, "min", h->count ? h->min : 0);
	dp_json_kv_double(out, "mean", dp_histo_mean(h));
	dp_json_kv_u64(out, "p50", dp_histo_quantile(h, 0.50));
	dp_json_kv_u64(out, "p90", dp_histo_quantile(h, 0.90));
	dp_json_kv_u64(out, "p99", dp_histo_quantile(h, 0.99));
	dp_json_kv_u64(out, "max", h->max);
	dp_json_obj_end(out);
}

static void report_lengths(const struct scope_state *s, struct dp_json *out)
{
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records_with_text", s->text_records);
	dp_json_kv_u64(out, "invalid_utf8_records", s->invalid_records);
	dp_json_kv_u64(out, "invalid_utf8_bytes", s->text.invalid_bytes);
	dp_json_kv_u64(out, "truncated_records", s->truncated_records);
	dp_json_kv_double(out, "quantile_error", DP_HISTO_REL_ERROR);
	report_histo("bytes", &s->bytes, out);
	report_histo("chars", &s->chars, out);
	report_histo("words", &s->words, out);
	dp_json_obj_end(out);
}

/* Sampled counts scaled so that the language counts add up to the known total (a ratio
 * estimate: the weighted sample's own total is off by its sampling error, and a card
 * saying 1,208,928 English records out of 1,224,189 all-English ones would read as a
 * finding). Each share is rounded down and the units still missing go to the largest
 * remainders (the first listed on ties): rounded on its own, each count could be off by
 * a half, and the sum by one per language. Unsampled runs have weighted == known: counts
 * unchanged. */
static void spread(uint64_t *out, double *frac, size_t n, uint64_t sum, uint64_t known)
{
	size_t i, best;

	while (sum != known) {
		for (i = 0, best = n; i < n; i++) {
			if (sum > known && out[i] == 0)
				continue; /* a double product over the true share: take a unit back */
			if (best == n || (sum < known ? frac[i] > frac[best] : frac[i] < frac[best]))
				best = i;
		}
		if (best == n)
			return;
		out[best] = sum < known ? out[best] + 1 : out[best] - 1;
		frac[best] += sum < known ? -1.0 : 1.0;
		sum = sum < known ? sum + 1 : sum - 1;
	}
}

/* The records (or bytes) of the languages in `ord` order, scaled to `known`; NULL when
 * out of memory. */
static uint64_t *scaled_counts(const struct scope_state *s, const size_t *ord, int bytes,
			       uint64_t weighted, uint64_t known)
{
	size_t n = s->langs.len, i;
	uint64_t *out = calloc(n ? n : 1, sizeof(*out)), sum = 0;
	int exact = weighted == 0 || weighted == known;
	double *frac = exact ? NULL : calloc(n ? n : 1, sizeof(*frac)), x;

	if (!out || (!exact && !frac)) {
		free(out);
		free(frac);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const struct dp_tally_entry *e = &s->langs.e[ord[i]];
		uint64_t v = bytes ? e->bytes : e->n;

		if (exact) {
			out[i] = v;
			continue;
		}
		x = (double)v * (double)known / (double)weighted;
		out[i] = (uint64_t)x;
		frac[i] = x - (double)out[i];
		sum += out[i];
	}
	if (!exact)
		spread(out, frac, n, sum, known);
	free(frac);
	return out;
}

static void report_languages(const struct scope_state *s, struct dp_json *out)
{
	size_t *ord = dp_tally_sorted(&s->langs), i;
	uint64_t recs = 0, bytes = 0, *nrec, *nbytes;

	/* Shares are over the weighted totals, so they sum to 1 when sampling is on. */
	for (i = 0; i < s->langs.len; i++) {
		recs += s->langs.e[i].n;
		bytes += s->langs.e[i].bytes;
	}
	nrec = ord ? scaled_counts(s, ord, 0, recs, s->text_records) : NULL;
	nbytes = ord ? scaled_counts(s, ord, 1, bytes, s->bytes.sum) : NULL;

	dp_json_obj_begin(out);
	dp_json_kv_str(out, "detector", "cld2");
	dp_json_kv_u64(out, "sample_bytes", s->sample_cap);
	dp_json_kv_u64(out, "min_letters", DP_LANGID_MIN_LETTERS);
	dp_json_kv_u64(out, "records", s->text_records);
	dp_json_kv_u64(out, "stride", s->stride);
	dp_json_kv_u64(out, "sparse_after", DP_LANGID_SPARSE_AFTER);
	dp_json_kv_u64(out, "sparse_stride",
		       s->stride > 1 ? (uint64_t)s->stride * DP_LANGID_SPARSE_FACTOR : 1);
	dp_json_kv_u64(out, "records_checked", s->lang_checked);
	dp_json_kv_u64(out, "records_sampled_out", s->lang_skipped);
	dp_json_kv_u64(out, "records_too_few_letters", s->lang_few_letters);
	dp_json_kv_bool(out, "estimated", s->lang_skipped > 0);
	dp_json_key(out, "languages");
	dp_json_arr_begin(out);
	for (i = 0; ord && nrec && nbytes && i < s->langs.len; i++) {
		const struct dp_tally_entry *e = &s->langs.e[ord[i]];
		long c = dp_tally_find(&s->lang_conf, dp_tally_key(&s->langs, ord[i]), e->key_len);

		dp_json_obj_begin(out);
		dp_json_kv_str(out, "code", dp_tally_key(&s->langs, ord[i]));
		dp_json_kv_u64(out, "records", nrec[i]);
		dp_json_kv_double(out, "share", ratio(e->n, recs));
		dp_json_kv_u64(out, "bytes", nbytes[i]);
		dp_json_kv_double(out, "bytes_share", ratio(e->bytes, bytes));
		dp_json_kv_double(out, "mean_confidence",
				  c >= 0 ? ratio(s->lang_conf.e[c].n, e->n) / 100.0 : 0.0);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_json_obj_end(out);
	free(nrec);
	free(nbytes);
	free(ord);
}

static void report_scripts(const struct scope_state *s, struct dp_json *out)
{
	int ord[DP_SCRIPT_COUNT], n = 0, i, j, t;
	const uint64_t *v = s->text.script;

	for (i = 0; i < DP_SCRIPT_COUNT; i++)
		if (v[i])
			ord[n++] = i;
	for (i = 1; i < n; i++) /* letters descending, then name */
		for (j = i; j > 0 && (v[ord[j]] > v[ord[j - 1]] ||
				      (v[ord[j]] == v[ord[j - 1]] &&
				       strcmp(dp_scripts_name(ord[j]), dp_scripts_name(ord[j - 1])) < 0)); j--) {
			t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "letters", s->text.letters);
	dp_json_key(out, "scripts");
	dp_json_arr_begin(out);
	for (i = 0; i < n; i++) {
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "script", dp_scripts_name(ord[i]));
		dp_json_kv_u64(out, "letters", v[ord[i]]);
		dp_json_kv_double(out, "share", ratio(v[ord[i]], s->text.letters));
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_json_obj_end(out);
}

static void scope_report(void *p, struct dp_json *out)
{
	struct scope_state *s = p;
	struct dp_error err;
	struct dp_rules *rules = dp_rules_new(s->cfg, &err); /* masks PII in listed values */
	struct dp_rules_scratch *scratch = rules ? dp_rules_scratch_new(rules) : NULL;

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", s->records);
	dp_json_key(out, "schema");
	dp_schema_report(&s->schema, out, rules, scratch);
	dp_json_key(out, "lengths");
	report_lengths(s, out);
	dp_json_key(out, "languages");
	report_languages(s, out);
	dp_json_key(out, "scripts");
	report_scripts(s, out);
	dp_json_key(out, "domains");
	dp_domains_report(&s->domains, s->records, rules, scratch, out);
	dp_json_key(out, "dates");
	dp_dates_report(&s->dates, s->records, rules, scratch, out);
	dp_rules_scratch_free(scratch);
	dp_rules_free(rules);
	dp_json_key(out, "splits");
	dp_splits_report(&s->splits, s->records, out);
	dp_json_key(out, "modality");
	dp_modality_report(&s->modality, out);
	dp_json_obj_end(out);
}

#define SCOPE_STATE_VERSION 1

void dp_scope_save(void *p, struct dp_json *out)
{
	struct scope_state *s = p;
	uint64_t counts[8] = { s->records, s->text_records, s->invalid_records,
			       s->truncated_records, s->lang_checked, s->lang_few_letters,
			       s->lang_skipped, 0 };
	uint64_t text[4] = { s->text.chars, s->text.words, s->text.letters, s->text.invalid_bytes };

	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "version", SCOPE_STATE_VERSION);
	dp_json_key(out, "counts");
	dp_state_save_u64s(out, counts, 8);
	dp_json_key(out, "text");
	dp_state_save_u64s(out, text, 4);
	dp_json_key(out, "script");
	dp_state_save_u64s(out, s->text.script, DP_SCRIPT_COUNT);
	dp_json_key(out, "bytes");
	dp_histo_save(&s->bytes, out);
	dp_json_key(out, "chars");
	dp_histo_save(&s->chars, out);
	dp_json_key(out, "words");
	dp_histo_save(&s->words, out);
	dp_json_key(out, "langs");
	dp_tally_save(&s->langs, out);
	dp_json_key(out, "lang_conf");
	dp_tally_save(&s->lang_conf, out);
	dp_json_key(out, "schema");
	dp_schema_save(&s->schema, out);
	dp_json_key(out, "domains");
	dp_domains_save(&s->domains, out);
	dp_json_key(out, "dates");
	dp_dates_save(&s->dates, out);
	dp_json_key(out, "splits");
	dp_splits_save(&s->splits, out);
	dp_json_key(out, "modality");
	dp_modality_save(&s->modality, out);
	dp_json_obj_end(out);
}

/* Everything but the sub-summaries: counters, text totals and histograms, added in. */
static int load_counts(struct scope_state *s, yajl_val v)
{
	uint64_t c[8], t[4], sc[DP_SCRIPT_COUNT], version;
	struct dp_histo *h = malloc(sizeof(*h));
	static const char *const hk[3] = { "bytes", "chars", "words" };
	struct dp_histo *dst[3] = { &s->bytes, &s->chars, &s->words };
	int i, rc = -1;

	if (!h || dp_state_u64(v, "version", &version) || version != SCOPE_STATE_VERSION ||
	    dp_state_load_u64s(dp_jt_get(v, "counts"), c, 8) ||
	    dp_state_load_u64s(dp_jt_get(v, "text"), t, 4) ||
	    dp_state_load_u64s(dp_jt_get(v, "script"), sc, DP_SCRIPT_COUNT))
		goto out;
	for (i = 0; i < 3; i++) {
		if (dp_histo_load(h, dp_jt_get(v, hk[i])))
			goto out;
		dp_histo_merge(dst[i], h);
	}
	s->records += c[0];
	s->text_records += c[1];
	s->invalid_records += c[2];
	s->truncated_records += c[3];
	s->lang_checked += c[4];
	s->lang_few_letters += c[5];
	s->lang_skipped += c[6];
	s->text.chars += t[0];
	s->text.words += t[1];
	s->text.letters += t[2];
	s->text.invalid_bytes += t[3];
	for (i = 0; i < DP_SCRIPT_COUNT; i++)
		s->text.script[i] += sc[i];
	rc = 0;
out:
	free(h);
	return rc;
}

int dp_scope_load(void *p, yajl_val v, struct dp_error *err)
{
	struct scope_state *s = p;

	if (!YAJL_IS_OBJECT(v) || load_counts(s, v) ||
	    dp_tally_load(&s->langs, dp_jt_get(v, "langs")) ||
	    dp_tally_load(&s->lang_conf, dp_jt_get(v, "lang_conf")) ||
	    dp_schema_load(&s->schema, dp_jt_get(v, "schema")) != DP_OK ||
	    dp_domains_load(&s->domains, dp_jt_get(v, "domains")) != DP_OK ||
	    dp_dates_load(&s->dates, dp_jt_get(v, "dates")) != DP_OK ||
	    dp_splits_load(&s->splits, dp_jt_get(v, "splits")) != DP_OK ||
	    dp_modality_load(&s->modality, dp_jt_get(v, "modality")))
		return dp_error_set(err, DP_FATAL, "scope: saved state is malformed or out of memory");
	return DP_OK;
}

const struct dp_analyser_type dp_analyser_scope = {
	.name = "scope",
	.create = scope_create,
	.destroy = scope_destroy,
	.member_begin = NULL,
	.member_data = NULL,
	.member_end = scope_member_end,
	.record = scope_record,
	.merge = scope_merge,
	.finish = NULL,
	.report = scope_report,
	.save = dp_scope_save_file,
	.load = dp_scope_load_file,
};

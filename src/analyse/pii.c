/* pii.c - PII and secrets analyser: rule engine over record text, counts and findings. */
#include "analyse/pii.h"
#include "analyse/pii_io.h"
#include "analyse/pii_state.h"
#include "core/log.h"
#include "rules/redact.h"
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

/* The state structs live in pii_state.h (shared with pii_io.c). */

static void pii_destroy(void *vs)
{
	struct pii_state *s = vs;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_members; i++)
		free(s->members[i].origin);
	free(s->members);
	free(s->rs);
	dp_json_free(s->line);
	dp_rules_scratch_free(s->scratch);
	dp_rules_free(s->rules);
	free(s);
}

static void *pii_create(const struct dp_config *cfg, struct dp_error *err)
{
	struct pii_state *s = calloc(1, sizeof(*s));
	size_t i;

	if (!s) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	s->cfg = cfg;
	s->rules = dp_rules_new(cfg, err);
	if (!s->rules)
		goto fail;
	s->n_rules = dp_rules_count(s->rules);
	s->scratch = dp_rules_scratch_new(s->rules);
	s->rs = calloc(s->n_rules + 1, sizeof(*s->rs));
	s->line = dp_json_new(0);
	if (!s->scratch || !s->rs || !s->line) {
		dp_error_set(err, DP_FATAL, "out of memory");
		goto fail;
	}
	for (i = 0; i < s->n_rules; i++) {
		const struct dp_rule_info *in = dp_rules_info(s->rules, i);

		memcpy(s->rs[i].id, in->id, strlen(in->id) + 1);
		memcpy(s->rs[i].category, in->category, strlen(in->category) + 1);
		memcpy(s->rs[i].severity, in->severity, strlen(in->severity) + 1);
	}
	return s;
fail:
	pii_destroy(s);
	return NULL;
}

/* The stats entry of the record's member (members arrive in order within a state). */
static struct member_stat *member_for(struct pii_state *s, const struct dp_member *m)
{
	struct member_stat *ms;

	uint64_t key = ((uint64_t)m->input_index << 32) | m->member_index;

	if (s->n_members && s->members[s->n_members - 1].member_index == key)
		return &s->members[s->n_members - 1];
	if (s->n_members == s->cap_members) {
		size_t nc = s->cap_members ? s->cap_members * 2 : 16;
		struct member_stat *nm = realloc(s->members, nc * sizeof(*nm));

		if (!nm)
			return NULL;
		s->members = nm;
		s->cap_members = nc;
	}
	ms = &s->members[s->n_members];
	memset(ms, 0, sizeof(*ms));
	ms->member_index = key;
	ms->origin = strdup(m->origin ? m->origin : "");
	if (!ms->origin)
		return NULL;
	s->n_members++;
	return ms;
}

static void write_line(struct pii_state *s, const struct dp_rule_match *m, const char *v)
{
	struct dp_json *j = s->line;
	char prev[160];
	const char *text;
	size_t n;

	dp_redact_preview(m->rule->preview, v, m->len, prev, sizeof(prev));
	dp_json_clear(j);
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "origin", s->rec->member->origin);
	dp_json_kv_u64(j, "record", s->rec->index);
	dp_json_kv_str(j, "field", s->span->field ? s->span->field : "");
	dp_json_kv_u64(j, "offset", m->offset);
	dp_json_kv_u64(j, "length", m->len);
	dp_json_kv_str(j, "rule", m->rule->id);
	dp_json_kv_str(j, "category", m->rule->category);
	dp_json_kv_str(j, "severity", m->rule->severity);
	dp_json_kv_str(j, "preview", prev);
	if (m->context)
		dp_json_kv_bool(j, "context", 1);  /* a context word was near the value */
	if (s->cfg->findings_raw) {
		dp_json_key(j, "value");
		dp_json_strn(j, v, m->len);
	}
	dp_json_obj_end(j);
	text = dp_json_text(j, &n);
	if (!dp_json_failed(j) && dp_sink_line(s->ax->findings, text, n) != 0)
		s->sink_failed = 1;
}

static void on_finding(void *ctx, const struct dp_rule_match *m)
{
	struct pii_state *s = ctx;
	struct rule_stat *rs = &s->rs[m->rule->index];

	rs->findings++;
	if (rs->last_seq != s->rec->seq + 1) {
		rs->last_seq = s->rec->seq + 1;
		rs->records++;
	}
	s->rec_findings++;
	if (s->cfg->findings && s->ax && s->ax->findings)
		write_line(s, m, s->rec->text + s->span->offset + m->offset);
}

static int pii_record(void *vs, struct dp_actx *ax, const struct dp_record *r)
{
	struct pii_state *s = vs;
	struct member_stat *ms;
	size_t i;

	s->ax = ax;
	s->rec = r;
	s->rec_findings = 0;
	s->records_scanned++;
	for (i = 0; i < r->n_spans; i++) {
		const struct dp_text_span *sp = &r->spans[i];

		if (sp->offset + sp->len > r->text_len)
			continue;
		s->span = sp;
		if (dp_rules_scan(s->rules, s->scratch, r->text + sp->offset, sp->len, on_finding,
				  s) < 0)
			return DP_FATAL;
	}
	if (s->sink_failed)
		return DP_FATAL;
	if (!s->rec_findings)
		return DP_OK;
	s->findings += s->rec_findings;
	s->records_with_findings++;
	ms = member_for(s, r->member);
	if (!ms)
		return DP_FATAL;
	ms->findings += s->rec_findings;
	ms->records++;
	return DP_OK;
}

static struct rule_stat *stat_by_id(struct pii_state *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n_rules; i++)
		if (strcmp(s->rs[i].id, id) == 0)
			return &s->rs[i];
	return NULL;
}

/* Merge two member lists, each sorted by member_index, into `into`. */
static int merge_members(struct pii_state *into, struct pii_state *from)
{
	size_t n = into->n_members + from->n_members, i = 0, j = 0, k = 0;
	struct member_stat *m = malloc((n + 1) * sizeof(*m));

	if (!m)
		return DP_FATAL;
	while (i < into->n_members || j < from->n_members) {
		int take_into = j >= from->n_members || (i < into->n_members &&
			into->members[i].member_index <= from->members[j].member_index);

		if (take_into && j < from->n_members &&
		    into->members[i].member_index == from->members[j].member_index) {
			into->members[i].findings += from->members[j].findings;
			into->members[i].records += from->members[j].records;
			free(from->members[j++].origin);
		}
		m[k++] = take_into ? into->members[i++] : from->members[j++];
	}
	free(into->members);
	free(from->members);
	from->members = NULL;
	from->n_members = from->cap_members = 0;
	into->members = m;
	into->n_members = k;
	into->cap_members = n + 1;
	return DP_OK;
}

static int pii_merge(void *vinto, void *vfrom, struct dp_error *err)
{
	struct pii_state *into = vinto, *from = vfrom;
	size_t i;

	for (i = 0; i < from->n_rules; i++) {
		struct rule_stat *a = stat_by_id(into, from->rs[i].id);

		if (!a)
			continue;  /* same configuration on both sides: cannot happen */
		a->findings += from->rs[i].findings;
		a->records += from->rs[i].records;
		a->limit_hits += from->rs[i].limit_hits +
				 dp_rules_scratch_limit_hits(from->scratch, i);
	}
	into->findings += from->findings;
	into->dropped += from->dropped + dp_rules_scratch_dropped(from->scratch);
	into->records_scanned += from->records_scanned;
	into->records_with_findings += from->records_with_findings;
	if (merge_members(into, from) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory");
	return DP_OK;
}

static int pii_finish(void *vs, struct dp_actx *ax, struct dp_error *err)
{
	struct pii_state *s = vs;
	size_t i;

	(void)ax;
	(void)err;
	for (i = 0; i < s->n_rules; i++) {
		s->rs[i].limit_hits += dp_rules_scratch_limit_hits(s->scratch, i);
		if (s->rs[i].limit_hits)
			dp_log(DP_LOG_WARN, "rule %s hit the PCRE2 match/depth limit %llu time(s) and "
			       "was skipped for the rest of each such text; fix the pattern or raise "
			       "--match-limit", s->rs[i].id, (unsigned long long)s->rs[i].limit_hits);
	}
	s->dropped += dp_rules_scratch_dropped(s->scratch);
	if (s->dropped)
		dp_log(DP_LOG_WARN, "%llu PII findings were dropped: a text had more than %u",
		       (unsigned long long)s->dropped, DP_RULES_MAX_FINDINGS);
	dp_rules_scratch_free(s->scratch);  /* its counters now live in rs[] and dropped */
	s->scratch = dp_rules_scratch_new(s->rules);
	return s->scratch ? DP_OK : dp_error_set(err, DP_FATAL, "out of memory");
}

static int cmp_stat(const void *a, const void *b)
{
	return strcmp(((const struct rule_stat *)a)->id, ((const struct rule_stat *)b)->id);
}

/* Rules and limit hits, sorted by id (a copy: rs[] stays indexed by rule). */
static void report_rules(const struct pii_state *s, struct dp_json *out)
{
	struct rule_stat *rs = malloc((s->n_rules + 1) * sizeof(*rs));
	size_t i;

	if (!rs)
		return;  /* the generator then fails on unbalanced output: reported as fatal */
	memcpy(rs, s->rs, s->n_rules * sizeof(*rs));
	qsort(rs, s->n_rules, sizeof(*rs), cmp_stat);
	dp_json_key(out, "rules");
	dp_json_arr_begin(out);
	for (i = 0; i < s->n_rules; i++) {
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "id", rs[i].id);
		dp_json_kv_str(out, "category", rs[i].category);
		dp_json_kv_str(out, "severity", rs[i].severity);
		dp_json_kv_u64(out, "findings", rs[i].findings);
		dp_json_kv_u64(out, "records", rs[i].records);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_json_key(out, "limit_hits");
	dp_json_arr_begin(out);
	for (i = 0; i < s->n_rules; i++) {
		if (!rs[i].limit_hits)
			continue;
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "rule", rs[i].id);
		dp_json_kv_u64(out, "count", rs[i].limit_hits);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	free(rs);
}

static void pii_report(void *vs, struct dp_json *out)
{
	struct pii_state *s = vs;
	size_t i;

	dp_json_obj_begin(out);
	report_rules(s, out);
	dp_json_kv_u64(out, "findings", s->findings);
	dp_json_kv_u64(out, "findings_dropped", s->dropped);
	dp_json_kv_u64(out, "records_scanned", s->records_scanned);
	dp_json_kv_u64(out, "records_with_findings", s->records_with_findings);
	dp_json_key(out, "members");
	dp_json_arr_begin(out);
	for (i = 0; i < s->n_members; i++) {
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "origin", s->members[i].origin);
		dp_json_kv_u64(out, "findings", s->members[i].findings);
		dp_json_kv_u64(out, "records", s->members[i].records);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_json_obj_end(out);
}

const struct dp_analyser_type dp_analyser_pii = {
	.name = "pii",
	.create = pii_create,
	.destroy = pii_destroy,
	.member_begin = NULL,
	.member_data = NULL,
	.member_end = NULL,
	.record = pii_record,
	.merge = pii_merge,
	.finish = pii_finish,
	.report = pii_report,
	.save = dp_pii_save,
	.load = dp_pii_load,
};

/* gaps.c - the gap rules over the parsed report, and report.json's final gaps[] pass. */
#include "report/gaps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/sniff.h"
#include "license/corpus.h"
#include "report/jsonout.h"
#include "report/view.h"

const char *const dp_gap_ids[] = {
	"no-license", "license-conflict", "license-unrecognized", "noncommercial",
	"noderivatives", "use-restricted", "share-alike", "copyleft", "license-field-missing",
	"license-field-unknown", "license-field-unrecognized", "unversioned-license", "pii",
	"secrets", "duplication", "leakage", "coverage", "unread-records", "split-sizes",
	"osaid-provenance", "osaid-sources",
	"osaid-collection", "osaid-selection", "osaid-labelling", "osaid-processing", NULL
};

#define MAX_USES 512
#define MAX_EVIDENCE 20   /* evidence entries listed per gap */

/* One place a license id appears: declared (README header, --declared, metadata files) or
 * observed (license texts, notices, tags, references, record fields). */
struct use {
	char id[128];
	const char *origin;   /* borrowed from the report tree */
	uint64_t a, b;        /* lines, 0 when none */
	uint64_t records;     /* record-field uses */
	const char *value;    /* the verbatim value when known */
	int declared;
};

struct uses {
	struct use v[MAX_USES];
	size_t n;
};

struct ctx {
	yajl_val r;
	const struct dp_gap_opts *o;
	struct dp_json *out;
	struct uses *u;
	struct dp_license_corpus *corpus;
	char msg[1024];
};

/* ---- output helpers ---- */

static void gap_begin(struct ctx *c, const char *id, const char *severity)
{
	dp_json_obj_begin(c->out);
	dp_json_kv_str(c->out, "id", id);
	dp_json_kv_str(c->out, "severity", severity);
	dp_json_kv_str(c->out, "message", c->msg);
	dp_json_key(c->out, "evidence");
	dp_json_arr_begin(c->out);
}

static void gap_end(struct ctx *c)
{
	dp_json_arr_end(c->out);
	dp_json_obj_end(c->out);
}

static void evidence(struct ctx *c, const char *origin, uint64_t a, uint64_t b, const char *note)
{
	dp_json_obj_begin(c->out);
	dp_json_kv_str(c->out, "origin", origin ? origin : "report.json");
	if (a) {
		dp_json_key(c->out, "lines");
		dp_json_arr_begin(c->out);
		dp_json_u64(c->out, a);
		dp_json_u64(c->out, b ? b : a);
		dp_json_arr_end(c->out);
	}
	if (note)
		dp_json_kv_str(c->out, "note", note);
	dp_json_obj_end(c->out);
}

static size_t alen(yajl_val v)
{
	return YAJL_IS_ARRAY(v) ? v->u.array.len : 0;
}

static yajl_val aget(yajl_val v, size_t i)
{
	return v->u.array.values[i];
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* ---- collecting license uses ---- */

static void use_add(struct uses *u, const char *id, size_t n, const struct use *tpl)
{
	struct use *x;

	if (u->n == MAX_USES || n == 0 || n >= sizeof(x->id))
		return;
	x = &u->v[u->n++];
	*x = *tpl;
	memcpy(x->id, id, n);
	x->id[n] = '\0';
}

/* Split an SPDX expression into ids (dropping AND/OR/WITH and the exception after WITH). */
static void use_expr(struct uses *u, const char *expr, const struct use *tpl)
{
	const char *p = expr;
	int skip_next = 0;

	while (p && *p) {
		size_t n = 0;
		while (*p == ' ' || *p == '(' || *p == ')')
			p++;
		while (p[n] && p[n] != ' ' && p[n] != '(' && p[n] != ')')
			n++;
		if (n == 0)
			break;
		if ((n == 3 && !strncmp(p, "AND", 3)) || (n == 2 && !strncmp(p, "OR", 2)))
			skip_next = 0;
		else if (n == 4 && !strncmp(p, "WITH", 4))
			skip_next = 1;
		else if (!skip_next)
			use_add(u, p, n, tpl);
		else
			skip_next = 0;
		p += n;
	}
}

static void lines_of(yajl_val d, uint64_t *a, uint64_t *b)
{
	yajl_val l = dp_jt_get(d, "lines");

	*a = *b = 0;
	if (alen(l) >= 2 && YAJL_IS_INTEGER(aget(l, 0)) && YAJL_IS_INTEGER(aget(l, 1))) {
		*a = (uint64_t)YAJL_GET_INTEGER(aget(l, 0));
		*b = (uint64_t)YAJL_GET_INTEGER(aget(l, 1));
	}
}

static void collect_uses(yajl_val r, struct uses *u)
{
	yajl_val dets = dp_jt_get(r, "licenses.detections");
	yajl_val vals = dp_jt_get(r, "licenses.fields.by_value");
	const char *dspdx = dp_jt_str(r, "declared.items.license.spdx", NULL);
	struct use t;
	size_t i;

	memset(&t, 0, sizeof(t));
	if (dspdx) {
		t.declared = 1;
		t.origin = dp_jt_str(r, "declared.items.license.source", NULL);
		t.a = t.b = dp_jt_u64(r, "declared.items.license.line", 0);
		t.value = dp_jt_str(r, "declared.items.license.value", NULL);
		use_expr(u, dspdx, &t);
	}
	for (i = 0; i < alen(dets); i++) {
		yajl_val d = aget(dets, i);
		memset(&t, 0, sizeof(t));
		t.declared = !strcmp(dp_jt_str(d, "kind", ""), "metadata");
		t.origin = dp_jt_str(d, "origin", NULL);
		t.value = dp_jt_str(d, "value", NULL);
		t.records = dp_jt_u64(d, "records", 0);
		lines_of(d, &t.a, &t.b);
		use_expr(u, dp_jt_str(d, "spdx", NULL), &t);
	}
	for (i = 0; i < alen(vals); i++) {
		yajl_val v = aget(vals, i);
		if (strcmp(dp_jt_str(v, "class", ""), "mapped") != 0)
			continue;
		memset(&t, 0, sizeof(t));
		t.origin = "records (license field)";
		t.value = dp_jt_str(v, "value", NULL);
		t.records = dp_jt_u64(v, "records", 0);
		use_expr(u, dp_jt_str(v, "spdx", NULL), &t);
	}
}

static int id_in(const struct uses *u, const char *id, int declared)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (u->v[i].declared == declared && !strcasecmp(u->v[i].id, id))
			return 1;
	return 0;
}

static void use_evidence(struct ctx *c, const struct use *x)
{
	char note[512];

	if (x->records)
		snprintf(note, sizeof(note), "%s %s in %llu records%s%s%s", x->declared ?
			 "declared" : "found", x->id, (unsigned long long)x->records,
			 x->value ? " (value '" : "", x->value ? x->value : "", x->value ? "')" : "");
	else
		snprintf(note, sizeof(note), "%s %s%s%s%s", x->declared ? "declared" : "found", x->id,
			 x->value ? " (value '" : "", x->value ? x->value : "", x->value ? "')" : "");
	if (!x->declared)
		snprintf(note + strlen(note), sizeof(note) - strlen(note), "%s",
			 id_in(c->u, x->id, 1) ? ", as declared" : ", not declared");
	evidence(c, x->origin, x->a, x->b, note);
}

/* ---- license rules ---- */

static void rule_no_license(struct ctx *c)
{
	if (c->u->n || alen(dp_jt_get(c->r, "declared.license_files")) ||
	    dp_jt_get(c->r, "declared.items.license") ||
	    dp_jt_u64(c->r, "licenses.fields.with_value", 0))
		return;
	snprintf(c->msg, sizeof(c->msg), "No license anywhere: none declared, no license file at "
		 "the dataset root, no license text, notice or reference in the %llu license, "
		 "notice, README, metadata or source files read, no license field in the records.",
		 (unsigned long long)dp_jt_u64(c->r, "licenses.members_scanned", 0));
	gap_begin(c, "no-license", "high");
	gap_end(c);
}

/* 1 when an earlier use names the same license at the same place (the README header is
 * seen both as the declared item and as a metadata detection). */
static int repeated(const struct uses *u, size_t i)
{
	const struct use *x = &u->v[i];
	size_t k;

	for (k = 0; k < i; k++) {
		const struct use *y = &u->v[k];
		if (y->a == x->a && y->b == x->b && !strcasecmp(y->id, x->id) &&
		    y->origin && x->origin && !strcmp(y->origin, x->origin))
			return 1;
	}
	return 0;
}

/* Distinct ids of uses that are declared (want = 1) or observed and not declared (0). */
static void id_list(const struct uses *u, int want, char *buf, size_t cap)
{
	size_t i, k, n = 0;

	buf[0] = '\0';
	for (i = 0; i < u->n && n < cap; i++) {
		const struct use *x = &u->v[i];
		if (want ? !x->declared : (x->declared || id_in(u, x->id, 1)))
			continue;
		for (k = 0; k < i; k++)
			if (!strcasecmp(u->v[k].id, x->id) &&
			    (want ? u->v[k].declared : !u->v[k].declared))
				break;
		if (k == i)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", x->id);
	}
}

static void rule_conflict(struct ctx *c)
{
	const struct uses *u = c->u;
	char declared[256], extra[256];
	size_t i, shown = 0;

	id_list(u, 1, declared, sizeof(declared));
	id_list(u, 0, extra, sizeof(extra));
	if (!declared[0] || !extra[0])
		return;
	snprintf(c->msg, sizeof(c->msg), "The declared license (%s) disagrees with the data, which "
		 "also contains %s.", declared, extra);
	gap_begin(c, "license-conflict", "high");
	for (i = 0; i < u->n && shown < MAX_EVIDENCE; i++)
		if (!repeated(u, i)) {
			use_evidence(c, &u->v[i]);
			shown++;
		}
	gap_end(c);
}

static void rule_unrecognized(struct ctx *c)
{
	const char *cls = dp_jt_str(c->r, "declared.items.license.class", NULL);

	if (!cls || !strcmp(cls, "mapped"))
		return;
	snprintf(c->msg, sizeof(c->msg), "The declared license value is %s: it maps to no SPDX "
		 "license, so what applies cannot be checked.", cls);
	gap_begin(c, "license-unrecognized", "medium");
	evidence(c, dp_jt_str(c->r, "declared.items.license.source", NULL),
		 dp_jt_u64(c->r, "declared.items.license.line", 0), 0,
		 dp_jt_str(c->r, "declared.items.license.value", NULL));
	gap_end(c);
}

typedef int (*fact_pred)(const struct dp_license_facts *f);

static int f_nc(const struct dp_license_facts *f) { return !strcmp(f->noncommercial, "yes"); }
static int f_nd(const struct dp_license_facts *f) { return !strcmp(f->noderivatives, "yes"); }
static int f_rail(const struct dp_license_facts *f) { return !strcmp(f->commercial, "restricted"); }
static int f_sa(const struct dp_license_facts *f) { return !strcmp(f->copyleft, "share-alike"); }
static int f_cl(const struct dp_license_facts *f)
{
	return !strcmp(f->copyleft, "weak") || !strcmp(f->copyleft, "strong") ||
	       !strcmp(f->copyleft, "network");
}

static int pred_holds(struct ctx *c, const char *id, fact_pred p)
{
	const struct dp_license_facts *f = c->corpus ? dp_license_facts_find(c->corpus, id) : NULL;

	return f && p(f);
}

/* A facts-based rule: one gap listing every use of a license for which `p` holds. */
static void rule_fact(struct ctx *c, const char *id, const char *sev, fact_pred p,
		      const char *what)
{
	char ids[512] = "";
	size_t i, k, shown = 0, n = 0;

	for (i = 0; i < c->u->n; i++) {
		const char *lic = c->u->v[i].id;
		if (!pred_holds(c, lic, p))
			continue;
		for (k = 0; k < i && strcasecmp(c->u->v[k].id, lic); k++)
			;
		if (k == i)
			n += (size_t)snprintf(ids + n, n < sizeof(ids) ? sizeof(ids) - n : 0, "%s%s",
					      n ? ", " : "", lic);
		if (n >= sizeof(ids))
			n = sizeof(ids) - 1;
	}
	if (!ids[0])
		return;
	snprintf(c->msg, sizeof(c->msg), "%s: %s.", ids, what);
	gap_begin(c, id, sev);
	for (i = 0; i < c->u->n && shown < MAX_EVIDENCE; i++)
		if (pred_holds(c, c->u->v[i].id, p) && !repeated(c->u, i)) {
			use_evidence(c, &c->u->v[i]);
			shown++;
		}
	gap_end(c);
}

/* Which fields were read as license fields (from options.license_fields). */
static void field_names(struct ctx *c, uint64_t n)
{
	yajl_val f = dp_jt_get(c->r, "options.license_fields");
	char note[512];
	size_t i, k = 0;

	k += (size_t)snprintf(note, sizeof(note), "%llu records; license fields read:",
			      (unsigned long long)n);
	for (i = 0; i < alen(f) && k < sizeof(note); i++)
		if (YAJL_IS_STRING(aget(f, i)))
			k += (size_t)snprintf(note + k, sizeof(note) - k, " %s", aget(f, i)->u.string);
	evidence(c, "records (license field)", 0, 0, note);
}

static void rule_fields(struct ctx *c, const char *key, const char *id, const char *sev)
{
	uint64_t total = dp_jt_u64(c->r, "licenses.fields.records", 0);
	uint64_t with = dp_jt_u64(c->r, "licenses.fields.with_value", 0);
	char path[64];
	uint64_t n;
	yajl_val vals = dp_jt_get(c->r, "licenses.fields.by_value");
	size_t i;

	snprintf(path, sizeof(path), "licenses.fields.%s", key);
	n = dp_jt_u64(c->r, path, 0);
	if (!n || !with)
		return;   /* no per-record license fields at all: not a per-record gap */
	snprintf(c->msg, sizeof(c->msg), "%llu of %llu records (%.1f%%) have %s license field.",
		 (unsigned long long)n, (unsigned long long)total, pct(n, total),
		 !strcmp(key, "missing") ? "a missing or empty" :
		 !strcmp(key, "unknown") ? "an unknown" : "an unrecognized");
	gap_begin(c, id, sev);
	field_names(c, n);
	for (i = 0; i < alen(vals) && i < MAX_EVIDENCE; i++) {
		yajl_val v = aget(vals, i);
		char note[512];
		if (strcmp(dp_jt_str(v, "class", ""), key) != 0)
			continue;
		snprintf(note, sizeof(note), "value '%s' in %llu records", dp_jt_str(v, "value", "?"),
			 (unsigned long long)dp_jt_u64(v, "records", 0));
		evidence(c, "records (license field)", 0, 0, note);
	}
	gap_end(c);
}

static int unversioned(const char *v)
{
	static const char *const fam[] = { "cc", "cc-by", "cc-by-sa", "cc-by-nc", "cc-by-nd",
		"cc-by-nc-sa", "cc-by-nc-nd", "creative commons", "gpl", "lgpl", "agpl", "gfdl",
		"fdl", "odc-by", "odc", "apache", "mpl", "epl", "bsd", "openrail", "cdla",
		"cdla-permissive", "cdla-sharing", "cc-by-sa-nc", "gnu gpl", NULL };
	char low[64];
	size_t i, n = v ? strlen(v) : 0;

	while (n && v[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(low) || strpbrk(v, "0123456789"))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 : v[i]);
	low[n] = '\0';
	for (i = 0; fam[i]; i++)
		if (!strcmp(low, fam[i]))
			return 1;
	return 0;
}

static void unversioned_list(struct ctx *c, int emit, size_t *found)
{
	yajl_val dv = dp_jt_get(c->r, "declared.items.license.value");
	yajl_val dets = dp_jt_get(c->r, "licenses.detections");
	yajl_val vals = dp_jt_get(c->r, "licenses.fields.by_value");
	const char *dsrc = dp_jt_str(c->r, "declared.items.license.source", NULL);
	uint64_t dline = dp_jt_u64(c->r, "declared.items.license.line", 0);
	char note[256];
	size_t i;

	for (i = 0; YAJL_IS_ARRAY(dv) ? i < alen(dv) : i < 1; i++) {
		yajl_val x = YAJL_IS_ARRAY(dv) ? aget(dv, i) : dv;
		if (!YAJL_IS_STRING(x) || !unversioned(x->u.string) || (*found)++ >= MAX_EVIDENCE)
			continue;
		snprintf(note, sizeof(note), "declared '%s'", x->u.string);
		if (emit)
			evidence(c, dsrc, dline, dline, note);
	}
	for (i = 0; i < alen(dets); i++) {
		yajl_val d = aget(dets, i);
		uint64_t a, b;
		if (!unversioned(dp_jt_str(d, "value", NULL)) || (*found)++ >= MAX_EVIDENCE || !emit)
			continue;
		lines_of(d, &a, &b);
		snprintf(note, sizeof(note), "value '%s'", dp_jt_str(d, "value", ""));
		evidence(c, dp_jt_str(d, "origin", NULL), a, b, note);
	}
	for (i = 0; i < alen(vals); i++) {
		yajl_val v = aget(vals, i);
		if (!unversioned(dp_jt_str(v, "value", NULL)) || (*found)++ >= MAX_EVIDENCE || !emit)
			continue;
		snprintf(note, sizeof(note), "value '%s' in %llu records", dp_jt_str(v, "value", ""),
			 (unsigned long long)dp_jt_u64(v, "records", 0));
		evidence(c, "records (license field)", 0, 0, note);
	}
}

static void rule_unversioned(struct ctx *c)
{
	size_t found = 0;

	unversioned_list(c, 0, &found);
	if (!found)
		return;
	snprintf(c->msg, sizeof(c->msg), "%zu license value%s name%s a license family without a "
		 "version (such as 'cc', 'gpl', 'odc-by'): the terms cannot be known.", found,
		 found == 1 ? "" : "s", found == 1 ? "s" : "");
	gap_begin(c, "unversioned-license", "medium");
	found = 0;
	unversioned_list(c, 1, &found);
	gap_end(c);
}

/* ---- PII, secrets ---- */

/* Counts by rule of one category into buf ("email 3, phone-intl 1"); returns findings. */
static uint64_t pii_counts(yajl_val r, const char *category, char *buf, size_t cap)
{
	yajl_val rules = dp_jt_get(r, "pii.rules");
	uint64_t total = 0;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < alen(rules); i++) {
		yajl_val x = aget(rules, i);
		uint64_t k = dp_jt_u64(x, "findings", 0);
		if (!k || strcmp(dp_jt_str(x, "category", ""), category) != 0)
			continue;
		total += k;
		if (n < cap)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s %llu", n ? ", " : "",
					      dp_jt_str(x, "id", "?"), (unsigned long long)k);
	}
	return total;
}

static void pii_members(struct ctx *c)
{
	yajl_val m = dp_jt_get(c->r, "pii.members");
	char note[128];
	size_t i;

	for (i = 0; i < alen(m) && i < MAX_EVIDENCE; i++) {
		uint64_t nf = dp_jt_u64(aget(m, i), "findings", 0), nr = dp_jt_u64(aget(m, i), "records", 0);
		snprintf(note, sizeof(note), "%llu finding%s in %llu record%s (see findings.jsonl.zst)",
			 (unsigned long long)nf, plural(nf), (unsigned long long)nr, plural(nr));
		evidence(c, dp_jt_str(aget(m, i), "origin", NULL), 0, 0, note);
	}
}

static void rule_pii(struct ctx *c)
{
	char counts[512];
	uint64_t n = pii_counts(c->r, "pii", counts, sizeof(counts));
	uint64_t nr = dp_jt_u64(c->r, "pii.records_with_findings", 0);

	if (!n || dp_jt_get(c->r, "declared.items.personal_information"))
		return;
	snprintf(c->msg, sizeof(c->msg), "%llu possible personal data finding%s (%s) in %llu "
		 "record%s, and no anonymisation or personal-information handling is declared.",
		 (unsigned long long)n, plural(n), counts, (unsigned long long)nr, plural(nr));
	gap_begin(c, "pii", "high");
	pii_members(c);
	gap_end(c);
}

static void rule_secrets(struct ctx *c)
{
	char counts[512];
	uint64_t n = pii_counts(c->r, "secret", counts, sizeof(counts));

	if (!n)
		return;
	snprintf(c->msg, sizeof(c->msg), "%llu possible secrets (%s): credentials must be removed "
		 "and revoked before release, whatever else is declared.", (unsigned long long)n,
		 counts);
	gap_begin(c, "secrets", "critical");
	pii_members(c);
	gap_end(c);
}

/* ---- duplication, leakage, coverage ---- */

static void rule_duplication(struct ctx *c)
{
	double rate = dp_jt_double(c->r, "dedup.exact.duplicate_rate", 0.0);

	if (!(rate > c->o->dup_rate))
		return;
	snprintf(c->msg, sizeof(c->msg), "%llu exact duplicate records (%.1f%% of %llu), above the "
		 "%.1f%% threshold.", (unsigned long long)dp_jt_u64(c->r, "dedup.exact.duplicates", 0),
		 100.0 * rate, (unsigned long long)dp_jt_u64(c->r, "dedup.exact.records", 0),
		 100.0 * c->o->dup_rate);
	gap_begin(c, "duplication", "medium");
	evidence(c, "report.json", 0, 0, "dedup.exact.clusters lists the largest clusters");
	gap_end(c);
}

static void rule_leakage(struct ctx *c)
{
	yajl_val l = dp_jt_get(c->r, "dedup.leakage");
	char note[256];
	size_t i, hit = 0;

	for (i = 0; i < alen(l); i++)
		hit += dp_jt_double(aget(l, i), "normalized_rate", 0) > c->o->leak_rate ||
		       dp_jt_double(aget(l, i), "exact_rate", 0) > c->o->leak_rate;
	if (!hit)
		return;
	snprintf(c->msg, sizeof(c->msg), "Records of an evaluation split also occur in another "
		 "split (%zu split pair%s above the %.1f%% threshold).", hit, hit == 1 ? "" : "s",
		 100.0 * c->o->leak_rate);
	gap_begin(c, "leakage", "high");
	for (i = 0; i < alen(l) && i < MAX_EVIDENCE; i++) {
		yajl_val x = aget(l, i);
		snprintf(note, sizeof(note), "split '%s': %llu of %llu records (exact %llu) also in '%s'",
			 dp_jt_str(x, "split", "?"),
			 (unsigned long long)dp_jt_u64(x, "normalized", 0),
			 (unsigned long long)dp_jt_u64(x, "records", 0),
			 (unsigned long long)dp_jt_u64(x, "exact", 0), dp_jt_str(x, "against", "?"));
		evidence(c, "report.json", 0, 0, note);
	}
	gap_end(c);
}

static void coverage_inputs(struct ctx *c)
{
	yajl_val in = dp_jt_get(c->r, "inputs");
	size_t i, shown = 0;

	for (i = 0; i < alen(in) && shown < MAX_EVIDENCE; i++) {
		yajl_val x = aget(in, i), errs = dp_jt_get(x, "errors");
		const char *st = dp_jt_str(x, "status", "ok");
		if ((!strcmp(st, "ok") && !alen(errs)) || dp_view_input_excluded(x))
			continue;
		evidence(c, dp_jt_str(x, "path", NULL), 0, 0,
			 alen(errs) && YAJL_IS_STRING(aget(errs, 0)) ? aget(errs, 0)->u.string :
								      dp_jt_str(x, "status", "?"));
		shown++;
	}
}

static void rule_coverage(struct ctx *c)
{
	static const char *const keys[] = { "inputs_unreadable", "inputs_partial",
		"inputs_skipped", "members_skipped", "members_failed", "records_malformed",
		"records_oversize", NULL };
	char path[64];
	size_t i, n = 0;
	uint64_t bad = 0;

	c->msg[0] = '\0';
	for (i = 0; keys[i]; i++) {
		uint64_t k;
		snprintf(path, sizeof(path), "coverage.%s", keys[i]);
		k = dp_jt_u64(c->r, path, 0);
		bad += k;
		if (k && n < sizeof(c->msg))
			n += (size_t)snprintf(c->msg + n, sizeof(c->msg) - n, "%s%s %llu",
					      n ? ", " : "Coverage under 100%: ", keys[i],
					      (unsigned long long)k);
	}
	if (alen(dp_jt_get(c->r, "coverage.limits_hit")) && n < sizeof(c->msg))
		n += (size_t)snprintf(c->msg + n, sizeof(c->msg) - n, "%slimits hit",
				      n ? ", " : "Coverage under 100%: ");
	if (!n && !bad)
		return;
	if (n < sizeof(c->msg))
		snprintf(c->msg + n, sizeof(c->msg) - n, ".");
	gap_begin(c, "coverage", "medium");
	coverage_inputs(c);
	gap_end(c);
}

/* Members in a data format that no reader decodes (parquet, arrow ...): their records are
 * in none of the measured numbers, which the card must not let pass as "everything read". */
static void rule_unread_records(struct ctx *c)
{
	yajl_val by = dp_jt_get(c->r, "coverage.undecoded_formats"), m = dp_jt_get(c->r, "members");
	size_t i, n, shown = 0;
	char note[160];

	if (!alen(by))
		return;
	n = (size_t)snprintf(c->msg, sizeof(c->msg), "Records not read: %llu member(s) in a data "
			     "format dataprov has no reader for (",
			     (unsigned long long)dp_jt_u64(c->r, "coverage.members_undecoded", 0));
	for (i = 0; i < alen(by) && n < sizeof(c->msg); i++)
		n += (size_t)snprintf(c->msg + n, sizeof(c->msg) - n, "%s%s %llu", i ? ", " : "",
				      dp_jt_str(aget(by, i), "format", "?"),
				      (unsigned long long)dp_jt_u64(aget(by, i), "members", 0));
	if (n < sizeof(c->msg))
		n += (size_t)snprintf(c->msg + n, sizeof(c->msg) - n, "): their records are not "
				      "counted, deduplicated or checked for licenses and personal "
				      "data; convert them to JSONL or CSV to audit them.");
	for (i = 0; i < alen(by) && n < sizeof(c->msg); i++) {
		const char *advice = dp_sniff_unread_advice(dp_jt_str(aget(by, i), "format", NULL));
		if (advice)
			n += (size_t)snprintf(c->msg + n, sizeof(c->msg) - n, " %s.", advice);
	}
	gap_begin(c, "unread-records", "high");
	for (i = 0; i < alen(m) && shown < MAX_EVIDENCE; i++) {
		yajl_val x = aget(m, i);
		if (strcmp(dp_jt_str(x, "kind", ""), "binary") ||
		    !dp_sniff_is_data_format(dp_jt_str(x, "format", NULL)))
			continue;
		snprintf(note, sizeof(note), "%s data, %llu bytes: records not read",
			 dp_jt_str(x, "format", "?"), (unsigned long long)dp_jt_u64(x, "bytes", 0));
		evidence(c, dp_jt_str(x, "origin", NULL), 0, 0, note);
		shown++;
	}
	gap_end(c);
}

/* Records counted in a split (records.by_split, names compared by dp_view_same_split), or
 * -1 when the split was not seen. */
static int64_t counted_split(yajl_val r, const char *name)
{
	yajl_val by = dp_jt_get(r, "records.by_split");
	size_t i;

	for (i = 0; YAJL_IS_OBJECT(by) && i < by->u.object.len; i++)
		if (dp_view_same_split(by->u.object.keys[i], name))
			return (int64_t)dp_jt_u64(by->u.object.values[i], "records", 0);
	return -1;
}

/* 1 when split `name` is declared (*want) and the records counted in it (*got; 0 when the
 * split was not seen) are another number. */
static int split_disagrees(yajl_val r, const char *name, uint64_t *want, uint64_t *got)
{
	int64_t n;

	if (!dp_view_declared_split(r, name, want))
		return 0;
	n = counted_split(r, name);
	*got = n < 0 ? 0 : (uint64_t)n;
	return *got != *want;
}

/* Declared split sizes (dataset_info.splits[].num_examples) against the records counted
 * per split: a stale card, a partial download or a reader that lost rows. Compared only
 * when the scan found named splits at all (splits come from file and directory names). */
static void rule_split_sizes(struct ctx *c)
{
	yajl_val decl = dp_view_declared_splits(c->r), by = dp_jt_get(c->r, "records.by_split");
	size_t i, n = 0, named = 0;
	char note[200];

	for (i = 0; YAJL_IS_OBJECT(by) && i < by->u.object.len; i++)
		named += strcmp(by->u.object.keys[i], "(none)") != 0;
	if (!decl || !named)
		return;
	for (i = 0; i < dp_view_split_count(decl); i++) {
		const char *name;
		uint64_t want, got;
		(void)dp_view_split_at(decl, i, &name);
		n += (size_t)split_disagrees(c->r, name, &want, &got);
	}
	if (!n)
		return;
	snprintf(c->msg, sizeof(c->msg), "Declared split sizes disagree with the records counted "
		 "in %zu split(s): the card is stale, the download partial, or records were lost.", n);
	gap_begin(c, "split-sizes", "medium");
	for (i = 0; i < dp_view_split_count(decl); i++) {
		const char *name;
		uint64_t want, got;
		(void)dp_view_split_at(decl, i, &name);
		if (!split_disagrees(c->r, name, &want, &got))
			continue;
		snprintf(note, sizeof(note), "split '%s': %llu examples declared, %llu records counted",
			 name, (unsigned long long)want, (unsigned long long)got);
		evidence(c, dp_jt_str(c->r, "declared.items.dataset_info.source", NULL),
			 dp_jt_u64(c->r, "declared.items.dataset_info.line", 0), 0, note);
	}
	gap_end(c);
}

/* ---- Open Source AI Definition data information ---- */

static int source_has_access(yajl_val s)
{
	const char *a = dp_jt_str(s, "access", NULL);

	return a && (!strcmp(a, "public") || !strcmp(a, "third-party") || !strcmp(a, "for-fee")) &&
	       (dp_jt_str(s, "url", NULL) || dp_jt_str(s, "where", NULL));
}

static void rule_osaid_sources(struct ctx *c)
{
	yajl_val v = dp_jt_get(c->r, "declared.items.sources.value");
	size_t i, bad = 0;

	if (!v)
		return;   /* osaid-provenance already says nothing is declared */
	if (!YAJL_IS_ARRAY(v)) {
		bad = 1;
	} else {
		for (i = 0; i < alen(v); i++)
			bad += !YAJL_IS_OBJECT(aget(v, i)) || !source_has_access(aget(v, i));
	}
	if (!bad)
		return;
	snprintf(c->msg, sizeof(c->msg), "The source listing is incomplete: %zu source%s lack%s "
		 "where to obtain it (url) or whether it is public, third-party or for-fee (access).",
		 bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "");
	gap_begin(c, "osaid-sources", "medium");
	evidence(c, dp_jt_str(c->r, "declared.items.sources.source", NULL),
		 dp_jt_u64(c->r, "declared.items.sources.line", 0), 0, NULL);
	gap_end(c);
}

static void rule_osaid(struct ctx *c, const char *id, const char *item, const char *what)
{
	char path[96];
	yajl_val src = dp_jt_get(c->r, "declared.sources");
	size_t i;

	snprintf(path, sizeof(path), "declared.items.%s", item);
	if (dp_jt_get(c->r, path))
		return;
	snprintf(c->msg, sizeof(c->msg), "Not declared: %s (item %s), data information the "
		 "Open Source AI Definition requires.", what, item);
	gap_begin(c, id, "medium");
	for (i = 0; i < alen(src) && i < MAX_EVIDENCE; i++)
		evidence(c, dp_jt_str(aget(src, i), "origin", NULL), 0, 0, "searched; not found");
	gap_end(c);
}

/* ---- entry points ---- */

static void run_rules(struct ctx *c)
{
	rule_no_license(c);
	rule_conflict(c);
	rule_unrecognized(c);
	rule_fact(c, "noncommercial", "high", f_nc, "non-commercial terms; not open data, and "
		  "with several licenses the most restrictive one governs");
	rule_fact(c, "noderivatives", "high", f_nd, "no-derivatives terms; not open data, and "
		  "adaptations such as training may not be allowed");
	rule_fact(c, "use-restricted", "high", f_rail, "use-based restrictions (RAIL-style); "
		  "not open data, and the restrictions pass on to every user");
	rule_fact(c, "share-alike", "medium", f_sa, "share-alike terms; adaptations must be "
		  "released under the same license, and the release must carry that obligation");
	rule_fact(c, "copyleft", "medium", f_cl, "copyleft terms whose obligations the release "
		  "must carry");
	rule_fields(c, "missing", "license-field-missing", "medium");
	rule_fields(c, "unknown", "license-field-unknown", "medium");
	rule_fields(c, "unrecognized", "license-field-unrecognized", "medium");
	rule_unversioned(c);
	rule_pii(c);
	rule_secrets(c);
	rule_duplication(c);
	rule_leakage(c);
	rule_coverage(c);
	rule_unread_records(c);
	rule_split_sizes(c);
	rule_osaid(c, "osaid-provenance", "sources", "where the data came from (upstream sources)");
	rule_osaid_sources(c);
	rule_osaid(c, "osaid-collection", "collection_process", "how the data was collected");
	rule_osaid(c, "osaid-selection", "selection", "how the data was selected");
	rule_osaid(c, "osaid-labelling", "annotation_process", "how the data was labelled");
	rule_osaid(c, "osaid-processing", "preprocessing", "how the data was processed and "
		   "filtered");
}

void dp_gaps_write(yajl_val report, const struct dp_gap_opts *o, struct dp_json *out)
{
	struct dp_gap_opts def = { DP_GAP_DUP_RATE, DP_GAP_LEAK_RATE };
	struct ctx c;
	struct dp_error err;

	memset(&c, 0, sizeof(c));
	c.r = report;
	c.o = o ? o : &def;
	c.out = out;
	c.u = calloc(1, sizeof(*c.u));
	dp_json_arr_begin(out);
	if (c.u) {
		collect_uses(report, c.u);
		/* license facts only matter when a license was found or declared */
		c.corpus = c.u->n ? dp_license_corpus_load(&err) : NULL;
		run_rules(&c);
	}
	dp_json_arr_end(out);
	dp_license_corpus_free(c.corpus);
	free(c.u);
}

static int known_id(const char *s, size_t n)
{
	size_t i;

	if (n == 3 && !strncmp(s, "any", 3))
		return 1;
	for (i = 0; dp_gap_ids[i]; i++)
		if (strlen(dp_gap_ids[i]) == n && !strncmp(dp_gap_ids[i], s, n))
			return 1;
	return 0;
}

int dp_gaps_check_list(const char *list, struct dp_error *err)
{
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		if (n && !known_id(p, n))
			return dp_error_set(err, DP_WARN, "--fail-on: unknown gap id '%.*s'", (int)n, p);
		p += n + (p[n] == ',');
	}
	return DP_OK;
}

int dp_gaps_match(yajl_val gaps, const char *list)
{
	size_t i;

	for (i = 0; list && i < alen(gaps); i++) {
		const char *id = dp_jt_str(aget(gaps, i), "id", "");
		const char *p = list;
		size_t len = strlen(id);
		while (*p) {
			size_t n = strcspn(p, ",");
			if ((n == 3 && !strncmp(p, "any", 3)) || (n == len && !strncmp(p, id, n)))
				return 1;
			p += n + (p[n] == ',');
		}
	}
	return 0;
}

int dp_gaps_append(const char *path, const struct dp_config *cfg, int *failed,
		   struct dp_error *err)
{
	struct dp_gap_opts o = { cfg->gap_dup_rate, cfg->gap_leak_rate };
	char msg[256];
	yajl_val r = dp_jt_load(path, msg, sizeof(msg)), g;
	struct dp_json *j;
	size_t i;
	int rc;

	if (!r || !YAJL_IS_OBJECT(r)) {
		yajl_tree_free(r);
		return dp_error_set(err, DP_FATAL, "cannot re-read %s: %s", path, r ? "not an object" : msg);
	}
	if (!(j = dp_json_new(1))) {
		yajl_tree_free(r);
		return dp_error_set(err, DP_FATAL, "out of memory");
	}
	dp_json_obj_begin(j);
	for (i = 0; i < r->u.object.len; i++) {
		if (!strcmp(r->u.object.keys[i], "gaps"))
			continue;
		dp_json_key(j, r->u.object.keys[i]);
		dp_json_value(j, r->u.object.values[i]);
	}
	dp_json_key(j, "gaps");
	dp_gaps_write(r, &o, j);
	dp_json_obj_end(j);
	rc = dp_jsonout_save(path, j, err);
	dp_json_free(j);
	yajl_tree_free(r);
	if (rc == DP_OK && failed) {
		r = dp_jt_load(path, msg, sizeof(msg));
		g = dp_jt_get(r, "gaps");
		*failed = dp_gaps_match(g, cfg->fail_on);
		yajl_tree_free(r);
	}
	return rc;
}

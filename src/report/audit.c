/* audit.c - audit rows and flags from a parsed report, and the audit.json/csv/md writers. */
#include "report/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/escape.h"
#include "core/json.h"
#include "license/license.h"
#include "license/spdx_expr.h"
#include "report/jsonout.h"
#include "report/md.h"

const char *const dp_audit_flag_names[] = {
	"no-license", "declared-only", "observed-only", "conflict", "noncommercial",
	"no-derivatives", "share-alike", "use-restricted", "unversioned-id",
	"other-without-name", "unrecognized-value", "records-missing-license", NULL
};

const char *const dp_audit_restriction_names[] = {
	"noncommercial", "no-derivatives", "use-restricted", "share-alike", NULL
};

const char *const dp_audit_kind_names[] = { "text", "notice", "tag", "reference", "field", NULL };

enum { K_TEXT = 1u, K_NOTICE = 2u, K_TAG = 4u, K_REFERENCE = 8u, K_FIELD = 16u };

/* ---- small helpers ---- */

static size_t alen(yajl_val v)
{
	return YAJL_IS_ARRAY(v) ? v->u.array.len : 0;
}

static yajl_val aget(yajl_val v, size_t i)
{
	return v->u.array.values[i];
}

static void copy(char *out, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!cap)
		return;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memmove(out, s, n); /* memmove: GCC cannot prove the fields never overlap */
	out[n] = '\0';
}

/* The last path component of an origin ("a/b.tar!/LICENSE" -> "LICENSE"). */
static const char *base_of(const char *origin)
{
	const char *b = strrchr(origin, '/');

	return b ? b + 1 : origin;
}

/* Origin relative to the dataset path when it lies inside it ("/d/x/README.md" with path
 * "/d/x/" -> "README.md"; "/d/x.tar!/LICENSE" with path "/d/x.tar" -> "LICENSE"). */
static void rel_origin(const char *path, const char *origin, char *out, size_t cap)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n && !strncmp(origin, path, n)) {
		if (origin[n] == '/' && origin[n + 1]) {
			copy(out, cap, origin + n + 1);
			return;
		}
		if (origin[n] == '!' && origin[n + 1] == '/' && origin[n + 2]) {
			copy(out, cap, origin + n + 2);
			return;
		}
	}
	copy(out, cap, origin);
}

static int has_prefix_ci(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strncasecmp(s, list[i], strlen(list[i])))
			return 1;
	return 0;
}

/* LICENSE, LICENCE, COPYING, DATA_LICENSE, NOTICE ... at any depth (documented). */
static int is_license_file(const char *origin)
{
	static const char *const names[] = { "license", "licence", "copying", "data_license",
		"data-license", "data_licence", "data-licence", "notice", "unlicense", NULL };

	return has_prefix_ci(base_of(origin), names);
}

/* The family names that need a version to name a license (man page: unversioned-id). */
static int unversioned(const char *v)
{
	static const char *const fam[] = { "cc", "cc-by", "cc-by-sa", "cc-by-nc", "cc-by-nd",
		"cc-by-nc-sa", "cc-by-nc-nd", "cc-by-sa-nc", "creative-commons", "gpl", "gnu-gpl",
		"lgpl", "gnu-lgpl", "agpl", "gnu-agpl", "gfdl", "gnu-fdl", "fdl", "bsd", "apache",
		"mpl", "epl", "eupl", "odc-by", "odbl", "cdla", "cdla-permissive", "cdla-sharing",
		"artistic", "afl", "osl", "cecill", NULL };
	char low[64];
	size_t i, k = 0, n;

	if (!v)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++) {
		char ch = v[i];
		if (ch >= '0' && ch <= '9')
			return 0;
		low[k++] = ch == ' ' || ch == '_' ? '-' : (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
	}
	low[k] = '\0';
	for (i = 0; fam[i]; i++)
		if (!strcmp(low, fam[i]))
			return 1;
	return 0;
}

static int is_other(const char *v)
{
	size_t n;

	if (!v)
		return 0;
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n && v[n - 1] == ' ')
		n--;
	return n == 5 && !strncasecmp(v, "other", 5);
}

/* ---- SPDX ids of an expression ---- */

struct idlist {
	char v[16][128];
	size_t n;
};

static const char *collect_id(void *ctx, const char *id, int is_exception)
{
	struct idlist *l = ctx;

	if (!is_exception && l->n < 16 && strlen(id) < sizeof(l->v[0]))
		copy(l->v[l->n++], sizeof(l->v[0]), id);
	return NULL;
}

/* Split `expr` into its license ids (exceptions after WITH dropped; NOASSERTION and NONE
 * skipped). An expression that does not parse is taken whole when it has no space. */
static void expr_ids(const char *expr, struct idlist *l)
{
	char canon[512];
	struct dp_error err;
	size_t i, k = 0;

	l->n = 0;
	if (!expr || !*expr)
		return;
	if (dp_spdx_expr_parse(expr, strlen(expr), canon, sizeof(canon), collect_id, l, &err) != DP_OK) {
		l->n = 0;
		if (!strchr(expr, ' '))
			collect_id(l, expr, 0);
	}
	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], "NOASSERTION") && strcasecmp(l->v[i], "NONE"))
			memmove(l->v[k++], l->v[i], sizeof(l->v[0]));
	l->n = k;
}

/* ---- declared ---- */

/* Source type of a metadata origin: from the declared section when it lists the origin,
 * else from the file name. */
static const char *source_type(yajl_val report, const char *origin)
{
	static const char *const types[] = { "readme", "dataset_info", "croissant", "datasheet",
		"declared_file", NULL };
	yajl_val src = dp_jt_get(report, "declared.sources");
	const char *b = base_of(origin);
	size_t i, k, n = strlen(b);

	for (i = 0; i < alen(src); i++) {
		const char *t = dp_jt_str(aget(src, i), "type", "");
		if (strcmp(dp_jt_str(aget(src, i), "origin", ""), origin) != 0)
			continue;
		for (k = 0; types[k]; k++)
			if (!strcmp(types[k], t))
				return types[k];
	}
	if (!strncasecmp(b, "readme", 6))
		return "readme";
	if (!strcasecmp(b, "dataset_info.json"))
		return "dataset_info";
	if (!strcasecmp(b, "croissant.json") || !strcasecmp(b, "metadata.json") ||
	    (n > 7 && !strcasecmp(b + n - 7, ".jsonld")))
		return "croissant";
	return "metadata";
}

static struct dp_audit_decl *decl_new(struct dp_audit_row *row)
{
	struct dp_audit_decl *d;

	if (row->n_decl == DP_AUDIT_MAX_DECLARED) {
		row->decl_dropped++;
		return NULL;
	}
	d = &row->decl[row->n_decl++];
	memset(d, 0, sizeof(*d));
	return d;
}

/* Map a declared value with the license engine (or take the report's mapping). */
static void decl_map(struct dp_audit_decl *d, const struct dp_license_corpus *c,
		     const char *report_spdx)
{
	enum dp_license_class k;

	if (!c) {
		int ok = report_spdx && strcmp(report_spdx, "NOASSERTION") != 0;
		copy(d->spdx, sizeof(d->spdx), ok ? report_spdx : "");
		d->cls = ok ? "mapped" : "unrecognized";
		return;
	}
	k = dp_license_map_value(c, d->value, strlen(d->value), d->spdx, sizeof(d->spdx));
	if (k != DP_LICENSE_MAPPED)
		d->spdx[0] = '\0';
	d->cls = dp_license_class_name(k);
}

static void decl_add(struct dp_audit_row *row, const struct dp_license_corpus *c,
		     yajl_val report, const char *value, const char *origin, uint64_t line,
		     const char *report_spdx)
{
	struct dp_audit_decl *d;

	if (!value || !*value || !(d = decl_new(row)))
		return;
	copy(d->value, sizeof(d->value), value);
	rel_origin(row->path, origin ? origin : "", d->source, sizeof(d->source));
	d->type = origin ? source_type(report, origin) : "declared_file";
	d->line = line;
	decl_map(d, c, report_spdx);
}

static int is_metadata_origin(yajl_val dets, const char *origin)
{
	size_t i;

	for (i = 0; origin && i < alen(dets); i++)
		if (!strcmp(dp_jt_str(aget(dets, i), "kind", ""), "metadata") &&
		    !strcmp(dp_jt_str(aget(dets, i), "origin", ""), origin))
			return 1;
	return 0;
}

static const char *value_str(yajl_val v)
{
	if (YAJL_IS_STRING(v))
		return v->u.string;
	if (YAJL_IS_OBJECT(v)) {
		const char *u = dp_jt_str(v, "@id", NULL);
		u = u ? u : dp_jt_str(v, "url", NULL);
		return u ? u : dp_jt_str(v, "name", NULL);
	}
	return NULL;
}

/* The declared section's license items whose source the licenses section did not read
 * (a --declared file, or a document only the declared analyser knows). */
static void decl_from_section(struct dp_audit_row *row, const struct dp_license_corpus *c,
			      yajl_val report, yajl_val dets)
{
	static const char *const items[] = { "license", "license_name", "license_link", NULL };
	char path[64];
	size_t i, k;

	for (k = 0; items[k]; k++) {
		yajl_val it, v;
		const char *src;
		snprintf(path, sizeof(path), "declared.items.%s", items[k]);
		it = dp_jt_get(report, path);
		src = dp_jt_str(it, "source", NULL);
		if (!it || is_metadata_origin(dets, src))
			continue;
		v = dp_jt_get(it, "value");
		for (i = 0; i < (YAJL_IS_ARRAY(v) ? alen(v) : 1); i++)
			decl_add(row, c, report, value_str(YAJL_IS_ARRAY(v) ? aget(v, i) : v), src,
				 dp_jt_u64(it, "line", 0), NULL);
	}
}

static uint64_t first_line(yajl_val d)
{
	yajl_val l = dp_jt_get(d, "lines");

	return alen(l) && YAJL_IS_INTEGER(aget(l, 0)) ? (uint64_t)YAJL_GET_INTEGER(aget(l, 0)) : 0;
}

/* One entry per license file member; spdx lists the ids detected in its text. */
static void decl_license_files(struct dp_audit_row *row, yajl_val report, yajl_val dets)
{
	yajl_val m = dp_jt_get(report, "members");
	size_t i, k;

	for (i = 0; i < alen(m); i++) {
		const char *o = dp_jt_str(aget(m, i), "origin", NULL);
		struct dp_audit_decl *d;
		size_t n = 0;
		if (!o || !is_license_file(o) || !(d = decl_new(row)))
			continue;
		rel_origin(row->path, o, d->value, sizeof(d->value));
		copy(d->source, sizeof(d->source), d->value);
		d->type = "license_file";
		for (k = 0; k < alen(dets); k++) {
			yajl_val x = aget(dets, k);
			const char *s = dp_jt_str(x, "spdx", "NOASSERTION");
			if (strcmp(dp_jt_str(x, "origin", ""), o) || !strcmp(s, "NOASSERTION") ||
			    !strcmp(dp_jt_str(x, "kind", ""), "metadata") || strstr(d->spdx, s))
				continue;
			n += (size_t)snprintf(d->spdx + n, n < sizeof(d->spdx) ? sizeof(d->spdx) - n : 0,
					      "%s%s", n ? " AND " : "", s);
			if (n >= sizeof(d->spdx))
				n = sizeof(d->spdx) - 1;
		}
		d->cls = d->spdx[0] ? "mapped" : "unrecognized";
	}
}

static void collect_declared(struct dp_audit_row *row, const struct dp_license_corpus *c,
			     yajl_val report)
{
	yajl_val dets = dp_jt_get(report, "licenses.detections");
	size_t i;

	for (i = 0; i < alen(dets); i++) {
		yajl_val d = aget(dets, i);
		if (strcmp(dp_jt_str(d, "kind", ""), "metadata") != 0)
			continue;
		decl_add(row, c, report, dp_jt_str(d, "value", NULL), dp_jt_str(d, "origin", NULL),
			 first_line(d), dp_jt_str(d, "spdx", NULL));
	}
	decl_from_section(row, c, report, dets);
	decl_license_files(row, report, dets);
}

/* ---- observed ---- */

static struct dp_audit_obs *obs_get(struct dp_audit_row *row, const char *id)
{
	struct dp_audit_obs *o;
	size_t i;

	for (i = 0; i < row->n_obs; i++)
		if (!strcasecmp(row->obs[i].id, id))
			return &row->obs[i];
	if (row->n_obs == DP_AUDIT_MAX_OBSERVED) {
		row->obs_dropped++;
		return NULL;
	}
	o = &row->obs[row->n_obs++];
	memset(o, 0, sizeof(*o));
	copy(o->id, sizeof(o->id), id);
	return o;
}

static unsigned kind_bit(const char *kind)
{
	size_t i;

	for (i = 0; dp_audit_kind_names[i]; i++)
		if (!strcmp(dp_audit_kind_names[i], kind))
			return 1u << i;
	return K_REFERENCE;
}

static void obs_detection(struct dp_audit_row *row, yajl_val d)
{
	const char *origin = dp_jt_str(d, "origin", "");
	uint64_t records = dp_jt_u64(d, "records", 0);
	struct idlist ids;
	size_t i;

	expr_ids(dp_jt_str(d, "spdx", NULL), &ids);
	for (i = 0; i < ids.n; i++) {
		struct dp_audit_obs *o = obs_get(row, ids.v[i]);
		if (!o)
			continue;
		o->kinds |= kind_bit(dp_jt_str(d, "kind", ""));
		o->records += records;
		/* detections come grouped by member, so a new origin is a new file */
		if (!records && (!o->last_origin || strcmp(o->last_origin, origin))) {
			o->files++;
			o->last_origin = origin;
		}
	}
}

static void collect_observed(struct dp_audit_row *row, yajl_val report)
{
	yajl_val dets = dp_jt_get(report, "licenses.detections");
	yajl_val vals = dp_jt_get(report, "licenses.fields.by_value");
	struct idlist ids;
	size_t i, k;

	for (i = 0; i < alen(dets); i++)
		if (strcmp(dp_jt_str(aget(dets, i), "kind", "metadata"), "metadata") != 0)
			obs_detection(row, aget(dets, i));
	for (i = 0; i < alen(vals); i++) {
		yajl_val v = aget(vals, i);
		if (strcmp(dp_jt_str(v, "class", ""), "mapped") != 0)
			continue;
		expr_ids(dp_jt_str(v, "spdx", NULL), &ids);
		for (k = 0; k < ids.n; k++) {
			struct dp_audit_obs *o = obs_get(row, ids.v[k]);
			if (o) {
				o->kinds |= K_FIELD;
				o->records += dp_jt_u64(v, "records", 0);
			}
		}
	}
	for (i = 0; i < row->n_obs; i++)
		row->obs[i].last_origin = NULL;
}

/* ---- flags ---- */

static int is_statement(const struct dp_audit_decl *d)
{
	return strcmp(d->type, "license_file") != 0;
}

/* 1 when a mapped declared statement names `id`. */
static int declared_id(const struct dp_audit_row *row, const char *id)
{
	struct idlist ids;
	size_t i, k;

	for (i = 0; i < row->n_decl; i++) {
		if (!is_statement(&row->decl[i]) || !row->decl[i].spdx[0])
			continue;
		expr_ids(row->decl[i].spdx, &ids);
		for (k = 0; k < ids.n; k++)
			if (!strcasecmp(ids.v[k], id))
				return 1;
	}
	return 0;
}

static void restrictions_of(struct dp_audit_row *row, const struct dp_license_corpus *c,
			    const char *id)
{
	const struct dp_license_facts *f = c ? dp_license_facts_find(c, id) : NULL;

	if (!f)
		return;
	if (!strcmp(f->noncommercial, "yes"))
		row->restrictions |= 1u << DP_AUDIT_R_NONCOMMERCIAL;
	if (!strcmp(f->noderivatives, "yes"))
		row->restrictions |= 1u << DP_AUDIT_R_NO_DERIVATIVES;
	if (!strcmp(f->commercial, "restricted"))
		row->restrictions |= 1u << DP_AUDIT_R_USE_RESTRICTED;
	if (!strcmp(f->copyleft, "share-alike"))
		row->restrictions |= 1u << DP_AUDIT_R_SHARE_ALIKE;
}

static void compute_restrictions(struct dp_audit_row *row, const struct dp_license_corpus *c)
{
	static const enum dp_audit_flag as_flag[] = { DP_AUDIT_NONCOMMERCIAL,
		DP_AUDIT_NO_DERIVATIVES, DP_AUDIT_USE_RESTRICTED, DP_AUDIT_SHARE_ALIKE };
	struct idlist ids;
	size_t i, k;

	for (i = 0; i < row->n_decl; i++) {
		if (!is_statement(&row->decl[i]))
			continue;
		expr_ids(row->decl[i].spdx, &ids);
		for (k = 0; k < ids.n; k++)
			restrictions_of(row, c, ids.v[k]);
	}
	for (i = 0; i < row->n_obs; i++)
		restrictions_of(row, c, row->obs[i].id);
	for (i = 0; i < DP_AUDIT_R_COUNT; i++)
		if (row->restrictions & (1u << i))
			row->flags |= 1u << as_flag[i];
}

/* Record license field values: unversioned ones, and records whose value is unknown or
 * unrecognised other than by being unversioned. */
static void field_value_flags(struct dp_audit_row *row, yajl_val report)
{
	yajl_val vals = dp_jt_get(report, "licenses.fields.by_value");
	uint64_t unversioned_bad = 0;
	size_t i;

	for (i = 0; i < alen(vals); i++) {
		yajl_val v = aget(vals, i);
		if (!unversioned(dp_jt_str(v, "value", NULL)))
			continue;
		row->flags |= 1u << DP_AUDIT_UNVERSIONED_ID;
		if (strcmp(dp_jt_str(v, "class", ""), "mapped") != 0)
			unversioned_bad += dp_jt_u64(v, "records", 0);
	}
	if (row->f_unknown + row->f_unrecognized > unversioned_bad)
		row->flags |= 1u << DP_AUDIT_UNRECOGNIZED_VALUE;
	if (row->f_with_value && row->f_missing)
		row->flags |= 1u << DP_AUDIT_RECORDS_MISSING_LICENSE;
}

/* `other` with no further declared value from the same source (license_name/_link). */
static int other_alone(const struct dp_audit_row *row, size_t at)
{
	size_t i;

	for (i = 0; i < row->n_decl; i++)
		if (i != at && is_statement(&row->decl[i]) &&
		    !strcmp(row->decl[i].source, row->decl[at].source))
			return 0;
	return 1;
}

static void declared_value_flags(struct dp_audit_row *row)
{
	size_t i;

	for (i = 0; i < row->n_decl; i++) {
		const struct dp_audit_decl *d = &row->decl[i];
		if (!is_statement(d))
			continue;
		if (unversioned(d->value))
			row->flags |= 1u << DP_AUDIT_UNVERSIONED_ID;
		else if (is_other(d->value)) {
			if (other_alone(row, i))
				row->flags |= 1u << DP_AUDIT_OTHER_WITHOUT_NAME;
		} else if (strcmp(d->cls, "mapped") != 0)
			row->flags |= 1u << DP_AUDIT_UNRECOGNIZED_VALUE;
	}
}

/* Presence flags: no-license, declared-only, observed-only, conflict. */
static void presence_flags(struct dp_audit_row *row)
{
	size_t i, statements = 0, mapped = 0, files = 0;
	unsigned shipped = 0;
	int conflict = 0;

	for (i = 0; i < row->n_decl; i++) {
		if (!is_statement(&row->decl[i])) {
			files++;
			continue;
		}
		statements++;
		mapped += row->decl[i].spdx[0] != '\0';
	}
	for (i = 0; i < row->n_obs; i++) {
		shipped |= row->obs[i].kinds;
		conflict |= mapped && !declared_id(row, row->obs[i].id);
	}
	if (!statements && !files && !row->n_obs && !row->f_with_value)
		row->flags |= 1u << DP_AUDIT_NO_LICENSE;
	if (!statements && (files || row->n_obs || row->f_with_value))
		row->flags |= 1u << DP_AUDIT_OBSERVED_ONLY;
	if (mapped && !files && !row->f_with_value && !(shipped & (K_TEXT | K_NOTICE | K_TAG)))
		row->flags |= 1u << DP_AUDIT_DECLARED_ONLY;
	if (conflict)
		row->flags |= 1u << DP_AUDIT_CONFLICT;
}

/* The declared expression when declared and observed agree (see the man page). */
static void conclude(struct dp_audit_row *row)
{
	char expr[512] = "", canon[512];
	struct dp_error err;
	size_t i, n = 0;

	row->concluded[0] = '\0';
	if (!row->n_obs || (row->flags & (1u << DP_AUDIT_CONFLICT)))
		return;
	for (i = 0; i < row->n_decl; i++) {
		const struct dp_audit_decl *d = &row->decl[i];
		int paren;
		if (!is_statement(d) || (is_other(d->value) && !other_alone(row, i)))
			continue; /* `other` with a license_name/_link: the name is the license */
		if (!d->spdx[0])
			return; /* a declared value that names no license: nothing to agree on */
		if (strstr(expr, d->spdx))
			continue;
		paren = strstr(d->spdx, " OR ") != NULL;
		n += (size_t)snprintf(expr + n, n < sizeof(expr) ? sizeof(expr) - n : 0, "%s%s%s%s",
				      n ? " AND " : "", paren ? "(" : "", d->spdx, paren ? ")" : "");
		if (n >= sizeof(expr))
			return;
	}
	if (!n)
		return;
	if (dp_spdx_expr_parse(expr, n, canon, sizeof(canon), NULL, NULL, &err) == DP_OK)
		copy(row->concluded, sizeof(row->concluded), canon);
	else
		copy(row->concluded, sizeof(row->concluded), expr);
}

void dp_audit_eval(yajl_val report, const struct dp_license_corpus *corpus,
		   struct dp_audit_row *row)
{
	row->n_decl = row->decl_dropped = row->n_obs = row->obs_dropped = 0;
	row->flags = row->restrictions = 0;
	row->concluded[0] = '\0';
	row->f_records = dp_jt_u64(report, "licenses.fields.records", 0);
	row->f_with_value = dp_jt_u64(report, "licenses.fields.with_value", 0);
	row->f_missing = dp_jt_u64(report, "licenses.fields.missing", 0);
	row->f_unknown = dp_jt_u64(report, "licenses.fields.unknown", 0);
	row->f_unrecognized = dp_jt_u64(report, "licenses.fields.unrecognized", 0);
	collect_declared(row, corpus, report);
	collect_observed(row, report);
	presence_flags(row);
	compute_restrictions(row, corpus);
	declared_value_flags(row);
	field_value_flags(row, report);
	conclude(row);
}

/* ---- flag lists ---- */

void dp_audit_flags_str(unsigned flags, const char *sep, char *out, size_t cap)
{
	size_t i, n = 0;

	if (cap)
		out[0] = '\0';
	for (i = 0; i < DP_AUDIT_FLAG_COUNT && n < cap; i++)
		if (flags & (1u << i))
			n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? sep : "",
					      dp_audit_flag_names[i]);
}

static int flag_index(const char *s, size_t n)
{
	int i;

	for (i = 0; dp_audit_flag_names[i]; i++)
		if (strlen(dp_audit_flag_names[i]) == n && !strncmp(dp_audit_flag_names[i], s, n))
			return i;
	return -1;
}

int dp_audit_check_list(const char *list, struct dp_error *err)
{
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		if (n && !(n == 3 && !strncmp(p, "any", 3)) && flag_index(p, n) < 0)
			return dp_error_set(err, DP_WARN, "--fail-on: unknown audit flag '%.*s'",
					    (int)n, p);
		p += n + (p[n] == ',');
	}
	return DP_OK;
}

int dp_audit_match(unsigned flags, const char *list)
{
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		int k = flag_index(p, n);
		if ((n == 3 && !strncmp(p, "any", 3) && flags) || (k >= 0 && (flags & (1u << k))))
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* ---- audit.json ---- */

static void json_declared(struct dp_json *j, const struct dp_audit_row *r)
{
	size_t i;

	dp_json_key(j, "declared");
	dp_json_arr_begin(j);
	for (i = 0; i < r->n_decl; i++) {
		const struct dp_audit_decl *d = &r->decl[i];
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "value", d->value);
		dp_json_key(j, "spdx");
		dp_json_str(j, d->spdx[0] ? d->spdx : NULL);
		dp_json_kv_str(j, "class", d->cls);
		dp_json_kv_str(j, "source", d->source);
		dp_json_kv_str(j, "source_type", d->type);
		if (d->line)
			dp_json_kv_u64(j, "line", d->line);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static void json_kinds(struct dp_json *j, unsigned kinds)
{
	size_t k;

	dp_json_key(j, "kinds");
	dp_json_arr_begin(j);
	for (k = 0; dp_audit_kind_names[k]; k++)
		if (kinds & (1u << k))
			dp_json_str(j, dp_audit_kind_names[k]);
	dp_json_arr_end(j);
}

static void json_observed(struct dp_json *j, const struct dp_audit_row *r)
{
	size_t i;

	dp_json_key(j, "observed");
	dp_json_arr_begin(j);
	for (i = 0; i < r->n_obs; i++) {
		dp_json_obj_begin(j);
		dp_json_kv_str(j, "spdx", r->obs[i].id);
		dp_json_kv_u64(j, "files", r->obs[i].files);
		dp_json_kv_u64(j, "records", r->obs[i].records);
		json_kinds(j, r->obs[i].kinds);
		dp_json_obj_end(j);
	}
	dp_json_arr_end(j);
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

static void json_fields(struct dp_json *j, const struct dp_audit_row *r)
{
	dp_json_key(j, "license_fields");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "records", r->f_records);
	dp_json_kv_u64(j, "with_value", r->f_with_value);
	dp_json_kv_u64(j, "missing", r->f_missing);
	dp_json_kv_u64(j, "unknown", r->f_unknown);
	dp_json_kv_u64(j, "unrecognized", r->f_unrecognized);
	dp_json_kv_double(j, "missing_share", share(r->f_missing, r->f_records));
	dp_json_obj_end(j);
}

static void json_bits(struct dp_json *j, const char *key, unsigned bits,
		      const char *const *names)
{
	size_t i;

	dp_json_key(j, key);
	dp_json_arr_begin(j);
	for (i = 0; names[i]; i++)
		if (bits & (1u << i))
			dp_json_str(j, names[i]);
	dp_json_arr_end(j);
}

static void json_row(struct dp_json *j, const struct dp_audit_row *r)
{
	char rep[320];

	snprintf(rep, sizeof(rep), "datasets/%s/report.json", r->name);
	dp_json_obj_begin(j);
	dp_json_key(j, "dataset");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "name", r->name);
	dp_json_kv_str(j, "path", r->path);
	dp_json_kv_str(j, "report", rep);
	dp_json_obj_end(j);
	dp_json_kv_str(j, "status", r->status ? r->status : "failed");
	if (r->error[0])
		dp_json_kv_str(j, "error", r->error);
	json_declared(j, r);
	if (r->decl_dropped)
		dp_json_kv_u64(j, "declared_not_listed", r->decl_dropped);
	json_observed(j, r);
	if (r->obs_dropped)
		dp_json_kv_u64(j, "observed_not_listed", r->obs_dropped);
	json_fields(j, r);
	dp_json_kv_str(j, "concluded", r->concluded);
	json_bits(j, "restrictions", r->restrictions, dp_audit_restriction_names);
	json_bits(j, "flags", r->flags, dp_audit_flag_names);
	dp_json_obj_end(j);
}

static size_t flag_total(const struct dp_audit_row *rows, size_t n, size_t flag)
{
	size_t i, t = 0;

	for (i = 0; i < n; i++)
		t += (rows[i].flags >> flag) & 1u;
	return t;
}

int dp_audit_write_json(const char *path, const struct dp_audit_row *rows, size_t n,
			struct dp_error *err)
{
	struct dp_json *j = dp_json_new(1);
	size_t i;
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "out of memory");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "format", "dataprov-audit/1");
	dp_json_key(j, "tool");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "name", "dataprov");
	dp_json_kv_str(j, "version", DP_VERSION);
	dp_json_obj_end(j);
	dp_json_key(j, "datasets");
	dp_json_arr_begin(j);
	for (i = 0; i < n; i++)
		json_row(j, &rows[i]);
	dp_json_arr_end(j);
	dp_json_key(j, "totals");
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "datasets", n);
	for (i = 0; dp_audit_flag_names[i]; i++)
		dp_json_kv_u64(j, dp_audit_flag_names[i], flag_total(rows, n, i));
	dp_json_obj_end(j);
	dp_json_obj_end(j);
	rc = dp_jsonout_save(path, j, err);
	dp_json_free(j);
	return rc;
}

/* ---- cells shared by the CSV and Markdown writers ---- */

/* Declared statements (files 0), license files (files 1) or both (files 2) as one cell. */
static void cell_declared(const struct dp_audit_row *r, int files, char *out, size_t cap)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < r->n_decl && n < cap; i++) {
		const struct dp_audit_decl *d = &r->decl[i];
		if (files != 2 && is_statement(d) == files)
			continue;
		if (!is_statement(d))
			n += (size_t)snprintf(out + n, cap - n, "%s%s%s (%s)", n ? "; " : "",
					      files == 2 ? "file " : "", d->value,
					      d->spdx[0] ? d->spdx : "not recognised");
		else if (d->line)
			n += (size_t)snprintf(out + n, cap - n, "%s%s (%s:%llu, %s)", n ? "; " : "",
					      d->value, d->source, (unsigned long long)d->line, d->type);
		else
			n += (size_t)snprintf(out + n, cap - n, "%s%s (%s, %s)", n ? "; " : "",
					      d->value, d->source, d->type);
	}
}

static void cell_observed(const struct dp_audit_row *r, char *out, size_t cap)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < r->n_obs && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s (files: %llu, records: %llu)",
				      n ? "; " : "", r->obs[i].id,
				      (unsigned long long)r->obs[i].files,
				      (unsigned long long)r->obs[i].records);
}

static void cell_bits(unsigned bits, const char *const *names, char *out, size_t cap)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; names[i] && n < cap; i++)
		if (bits & (1u << i))
			n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? " " : "", names[i]);
}

/* ---- audit.csv (RFC 4180) ---- */

/* One field: quoted when it holds a comma, quote, CR or LF (quotes doubled); a leading
 * = + - @ gets a ' so a spreadsheet does not run it as a formula; bad UTF-8 -> U+FFFD. */
static void csv_field(FILE *f, const char *s, int last)
{
	size_t n = strlen(s), cap = 3 * n + 8; /* the sanitiser keeps 4 bytes spare */
	char stackbuf[2048], *v = cap <= sizeof(stackbuf) ? stackbuf : malloc(cap);
	const char *p;

	if (v)
		dp_utf8_sanitize(s, n, v, cap);
	p = v ? v : "";
	fputc('"', f);
	if (strchr("=+-@", p[0]) && p[0])
		fputc('\'', f);
	for (; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
	if (v && v != stackbuf)
		free(v);
}

static void csv_u64(FILE *f, uint64_t v)
{
	fprintf(f, "%llu,", (unsigned long long)v);
}

static void csv_row(FILE *f, const struct dp_audit_row *r, char *cell, size_t cap)
{
	csv_field(f, r->name, 0);
	csv_field(f, r->path, 0);
	csv_field(f, r->status ? r->status : "failed", 0);
	cell_declared(r, 0, cell, cap);
	csv_field(f, cell, 0);
	cell_declared(r, 1, cell, cap);
	csv_field(f, cell, 0);
	cell_observed(r, cell, cap);
	csv_field(f, cell, 0);
	csv_u64(f, r->f_records);
	csv_u64(f, r->f_with_value);
	csv_u64(f, r->f_missing);
	csv_u64(f, r->f_unknown + r->f_unrecognized);
	fprintf(f, "%.4f,", share(r->f_missing, r->f_records));
	csv_field(f, r->concluded, 0);
	cell_bits(r->restrictions, dp_audit_restriction_names, cell, cap);
	csv_field(f, cell, 0);
	cell_bits(r->flags, dp_audit_flag_names, cell, cap);
	csv_field(f, cell, 1);
}

static int close_checked(FILE *f, const char *path, struct dp_error *err)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad)
		return dp_error_set(err, DP_FATAL, "cannot write %s", path);
	return DP_OK;
}

int dp_audit_write_csv(const char *path, const struct dp_audit_row *rows, size_t n,
		       struct dp_error *err)
{
	FILE *f = fopen(path, "w");
	char *cell = malloc(16384);
	size_t i;

	if (!f || !cell) {
		if (f)
			fclose(f);
		free(cell);
		return dp_error_set(err, DP_FATAL, "cannot write %s", path);
	}
	fputs("dataset,path,status,declared,license_files,observed,records,records_with_license,"
	      "records_missing_license,records_unrecognized_license,missing_share,concluded,"
	      "restrictions,flags\r\n", f);
	for (i = 0; i < n; i++)
		csv_row(f, &rows[i], cell, 16384);
	free(cell);
	return close_checked(f, path, err);
}

/* ---- AUDIT.md ---- */

static void md_cell(FILE *f, const char *s)
{
	fputs(" ", f);
	dp_md_text(f, s[0] ? s : "-");
	fputs(" |", f);
}

static void md_row(FILE *f, const struct dp_audit_row *r, char *cell, size_t cap)
{
	fputs("|", f);
	md_cell(f, r->name);
	cell_declared(r, 2, cell, cap);
	md_cell(f, cell);
	cell_observed(r, cell, cap);
	md_cell(f, cell);
	if (r->f_with_value)
		snprintf(cell, cap, "%llu of %llu missing (%.1f%%)",
			 (unsigned long long)r->f_missing, (unsigned long long)r->f_records,
			 100.0 * share(r->f_missing, r->f_records));
	else
		cell[0] = '\0';
	md_cell(f, cell);
	md_cell(f, r->concluded);
	cell_bits(r->restrictions, dp_audit_restriction_names, cell, cap);
	md_cell(f, cell);
	cell_bits(r->flags, dp_audit_flag_names, cell, cap);
	if (!r->status || strcmp(r->status, "ok")) {
		size_t k = strlen(cell);
		snprintf(cell + k, cap - k, "%s(scan %s)", k ? " " : "",
			 r->status ? r->status : "failed");
	}
	md_cell(f, cell);
	fputs("\n", f);
}

static void md_totals(FILE *f, const struct dp_audit_row *rows, size_t n)
{
	size_t i;

	fprintf(f, "\n## Totals\n\n%zu datasets.\n\n| Flag | Datasets |\n|---|---:|\n", n);
	for (i = 0; dp_audit_flag_names[i]; i++)
		fprintf(f, "| %s | %zu |\n", dp_audit_flag_names[i], flag_total(rows, n, i));
	fputs("\nFlag rules: dataprov-audit(1). Per-dataset reports and cards: datasets/NAME/.\n",
	      f);
}

int dp_audit_write_md(const char *path, const struct dp_audit_row *rows, size_t n,
		      struct dp_error *err)
{
	FILE *f = fopen(path, "w");
	char *cell = malloc(16384);
	size_t i;

	if (!f || !cell) {
		if (f)
			fclose(f);
		free(cell);
		return dp_error_set(err, DP_FATAL, "cannot write %s", path);
	}
	fputs("# License audit\n\n| Dataset | Declared | Observed | License fields | Concluded "
	      "| Restrictions | Flags |\n|---|---|---|---|---|---|---|\n", f);
	for (i = 0; i < n; i++)
		md_row(f, &rows[i], cell, 16384);
	md_totals(f, rows, n);
	free(cell);
	return close_checked(f, path, err);
}

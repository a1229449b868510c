/* licenses.c - the licenses analyser: detections in members, license-field coverage. */
#include "analyse/licenses.h"
#include "analyse/licenses_io.h"
#include "analyse/licenses_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/buf.h"
#include "core/frontmatter.h"
#include "core/limits.h"
#include "core/log.h"
#include "license/license.h"
#include "rules/mask.h"

/* The state structs live in licenses_state.h (shared with licenses_io.c). */

#define LIST_BYTES 1024 /* a joined list-valued license field */

static void det_free(struct det *d)
{
	free(d->origin);
	free(d->spdx);
	free(d->value);
}

static void lic_destroy(void *vs)
{
	struct lic_state *s = vs;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nd; i++)
		det_free(&s->d[i]);
	for (i = 0; i < s->nfv; i++)
		free(s->fv[i].value);
	free(s->d);
	free(s->fv);
	free(s->fidx);
	dp_buf_release(&s->acc);
	dp_buf_release(&s->list);
	dp_license_corpus_free(s->corpus);
	free(s);
}

static void *lic_create(const struct dp_config *cfg, struct dp_error *err)
{
	struct lic_state *s = calloc(1, sizeof(*s));

	if (!s) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	s->cfg = cfg;
	dp_buf_init(&s->acc, DP_LICENSE_SCAN_BYTES);
	dp_buf_init(&s->list, LIST_BYTES);
	s->fidx_cap = 2 * DP_LICENSE_VALUES_MAX;
	s->fv = calloc(DP_LICENSE_VALUES_MAX, sizeof(*s->fv));
	s->fidx = calloc(s->fidx_cap, sizeof(*s->fidx));
	if (!s->fv || !s->fidx) {
		dp_error_set(err, DP_FATAL, "out of memory");
		lic_destroy(s);
		return NULL;
	}
	return s;
}

/* The reference corpus, loaded on first use (one copy per process, shared read-only by
 * the states: license.h), so the ~50 ms load runs on a worker thread while the others
 * go on, and never for a dataset without license text or license fields. NULL when it
 * cannot be loaded: the error is logged and the state fails. */
static const struct dp_license_corpus *corpus_of(struct lic_state *s)
{
	if (s->corpus || s->failed)
		return s->corpus;
	s->corpus = dp_license_corpus_load(&s->load_err);
	if (!s->corpus) {
		if (!s->load_err.msg[0])
			dp_error_set(&s->load_err, DP_FATAL, "cannot load the license corpus");
		dp_log(DP_LOG_ERROR, "licenses: %s", s->load_err.msg);
		s->failed = 1;
	}
	return s->corpus;
}

/* ---- detections ---- */

static struct det *det_add(struct lic_state *s, const char *origin, uint32_t mi,
			   const char *spdx, const char *kind)
{
	struct det *d;

	if (dp_array_grow((void **)&s->d, &s->capd, s->nd + 1, sizeof(*s->d))) {
		s->failed = 1;
		return NULL;
	}
	d = &s->d[s->nd];
	memset(d, 0, sizeof(*d));
	d->origin = strdup(origin);
	d->spdx = strdup(spdx);
	d->member_index = mi;
	d->kind = kind;
	if (!d->origin || !d->spdx) {
		det_free(d);
		s->failed = 1;
		return NULL;
	}
	s->nd++;
	return d;
}

/* Kinds are compared by pointer to these strings after a scan hands back its own. */
static const char *kind_of(const char *k)
{
	static const char *const kinds[] = { "text", "notice", "tag", "reference", "metadata",
		"field", NULL };
	int i;

	for (i = 0; kinds[i]; i++)
		if (!strcmp(kinds[i], k))
			return kinds[i];
	return "reference";
}

static void on_member_hit(void *ctx, const struct dp_license_hit *h)
{
	struct lic_state *s = ctx;
	struct det *d;

	if (h->line_start <= s->header_end)
		return; /* the YAML header's values were read as metadata */
	d = det_add(s, s->cur->origin, s->cur->member_index, h->spdx, kind_of(h->kind));
	if (d) {
		d->conf = h->confidence;
		d->a = h->line_start;
		d->b = h->line_end;
	}
}

/* Record text: one detection per member, license and kind, counting records. */
static void on_record_hit(void *ctx, const struct dp_license_hit *h)
{
	struct lic_state *s = ctx;
	const char *kind = kind_of(h->kind);
	uint32_t line = (uint32_t)(s->rec->line ? s->rec->line + h->line_start - 1 : 0);
	size_t i;
	struct det *d;

	for (i = s->nd; i-- > 0 && s->d[i].member_index == s->cur->member_index;) {
		d = &s->d[i];
		if (d->records && d->kind == kind && !strcmp(d->spdx, h->spdx)) {
			d->records += d->last_seq != s->rec->seq + 1;
			d->last_seq = s->rec->seq + 1;
			d->b = line > d->b ? line : d->b;
			d->conf = h->confidence > d->conf ? h->confidence : d->conf;
			return;
		}
	}
	d = det_add(s, s->cur->origin, s->cur->member_index, h->spdx, kind);
	if (d) {
		d->records = 1;
		d->last_seq = s->rec->seq + 1;
		d->conf = h->confidence;
		d->a = d->b = line;
	}
}

/* ---- which members ---- */

static int name_has_prefix(const char *n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strncasecmp(n, list[i], strlen(list[i])))
			return 1;
	return 0;
}

static int name_has_suffix(const char *n, const char *const *list)
{
	size_t i, ln = strlen(n);

	for (i = 0; list[i]; i++) {
		size_t k = strlen(list[i]);
		if (ln >= k && !strcasecmp(n + ln - k, list[i]))
			return 1;
	}
	return 0;
}

static int contains_ci(const char *s, const char *needle)
{
	size_t k = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, k))
			return 1;
	return 0;
}

static const char *base_name(const char *name)
{
	const char *b = strrchr(name, '/');
	return b ? b + 1 : name;
}

static enum mode member_mode(const struct dp_member *m)
{
	static const char *const lic[] = { "license", "licence", "copying", "notice", "copyright",
		"unlicense", "data_license", "data-license", "patents", "legal", NULL };
	static const char *const meta[] = { "dataset_info.json", "package.json",
		"croissant.json", "metadata.json", "dataset_metadata.json", ".jsonld", NULL };
	static const char *const code[] = { ".c", ".h", ".cc", ".cpp", ".hpp", ".py", ".js",
		".ts", ".java", ".go", ".rs", ".rb", ".pl", ".sh", ".php", ".cs", ".swift", ".kt",
		".scala", ".m", ".el", ".lua", ".r", ".jl", ".md", ".rst", ".txt", ".license", NULL };
	const char *b = base_name(m->name ? m->name : m->origin);

	if (m->kind != DP_MEMBER_TEXT)
		return M_NONE;
	if (!strncasecmp(b, "readme", 6))
		return M_README;
	if (name_has_prefix(b, lic) || contains_ci(b, "license") || contains_ci(b, "licence"))
		return M_TEXT;
	if (name_has_suffix(b, meta))
		return M_JSONMETA;
	if (!strcasecmp(b, "pyproject.toml"))
		return M_PYPROJECT;
	if (name_has_suffix(b, code) || (m->format && !strcmp(m->format, "text")))
		return M_TEXT;
	return M_NONE;
}

static int lic_member_begin(void *vs, struct dp_actx *ax, const struct dp_member *m)
{
	struct lic_state *s = vs;

	(void)ax;
	dp_buf_reset(&s->acc);
	s->truncated = 0;
	s->mode = member_mode(m);
	return DP_OK;
}

static int lic_member_data(void *vs, struct dp_actx *ax, const struct dp_member *m,
			   const void *data, size_t n)
{
	struct lic_state *s = vs;
	size_t room;

	(void)ax;
	(void)m;
	if (s->mode == M_NONE || s->truncated)
		return DP_OK;
	room = DP_LICENSE_SCAN_BYTES - s->acc.len;
	if (n > room) {
		n = room;
		s->truncated = 1;
	}
	if (n && dp_buf_add(&s->acc, data, n) == DP_FATAL)
		return DP_FATAL;
	return DP_OK;
}

/* ---- declared values (README header, metadata files) ---- */

static void declare(struct lic_state *s, const char *value, size_t n, uint32_t line)
{
	char spdx[SPDX_MAX], *v;
	const struct dp_license_corpus *c = corpus_of(s);
	enum dp_license_class k;
	struct det *d;

	if (!c)
		return;
	k = dp_license_map_value(c, value, n, spdx, sizeof(spdx));
	if (k == DP_LICENSE_MISSING)
		return;
	if (k != DP_LICENSE_MAPPED)
		snprintf(spdx, sizeof(spdx), "%s", "NOASSERTION");
	d = det_add(s, s->cur->origin, s->cur->member_index, spdx, "metadata");
	if (!d)
		return;
	v = strndup(value, n);
	if (!v)
		s->failed = 1;
	d->value = v;
	d->conf = k == DP_LICENSE_MAPPED ? 1.0 : 0.0;
	d->a = d->b = line;
}

/* Returns DP_WARN when the header could not be read (too deep, bad YAML). */
static int readme_header(struct lic_state *s)
{
	static const char *const keys[] = { "license", "license_name", "license_link", NULL };
	struct dp_frontmatter fm;
	struct dp_error err;
	size_t k, i;

	int rc = dp_frontmatter_parse(s->acc.data ? s->acc.data : "", s->acc.len, &fm, &err);

	if (rc != DP_OK)
		return rc == DP_DONE ? DP_OK : DP_WARN;
	for (k = 0; keys[k]; k++) {
		const struct dp_fm_entry *e = dp_frontmatter_get(&fm, keys[k]);
		for (i = 0; e && i < e->n_values; i++)
			declare(s, e->values[i], strlen(e->values[i]), e->line);
	}
	s->header_end = fm.end_line;
	dp_frontmatter_release(&fm);
	return DP_OK;
}

/* 1-based line of the first `"license"` key in the buffer (1 when not found). */
static uint32_t line_of_key(const char *buf, size_t len, const char *key)
{
	const char *p = buf, *end = buf + len;
	size_t k = strlen(key);
	uint32_t line = 1;

	for (; p + k <= end; p++) {
		if (*p == '\n')
			line++;
		else if (!strncmp(p, key, k))
			return line;
	}
	return 1;
}

static void json_value(struct lic_state *s, yajl_val v, uint32_t line)
{
	static const char *name_path[] = { "name", NULL };
	static const char *type_path[] = { "type", NULL };
	static const char *url_path[] = { "url", NULL };
	static const char *id_path[] = { "@id", NULL };
	const char **paths[] = { name_path, type_path, url_path, id_path, NULL };
	size_t i;

	if (YAJL_IS_STRING(v)) {
		const char *str = YAJL_GET_STRING(v);
		if (str)
			declare(s, str, strlen(str), line);
	} else if (YAJL_IS_ARRAY(v)) {
		for (i = 0; i < YAJL_GET_ARRAY(v)->len; i++)
			json_value(s, YAJL_GET_ARRAY(v)->values[i], line);
	} else if (YAJL_IS_OBJECT(v)) {
		for (i = 0; paths[i]; i++) {
			yajl_val x = yajl_tree_get(v, paths[i], yajl_t_string);
			if (x) {
				json_value(s, x, line);
				return;
			}
		}
	}
}

static void json_meta(struct lic_state *s)
{
	static const char *lic_path[] = { "license", NULL };
	static const char *lics_path[] = { "licenses", NULL };
	char errbuf[128];
	yajl_val root, v;

	if (!s->acc.data || s->truncated)
		return;
	root = dp_jt_parse(s->acc.data, errbuf, sizeof(errbuf)); /* depth-checked */
	if (!root)
		return;
	v = yajl_tree_get(root, lic_path, yajl_t_any);
	if (!v)
		v = yajl_tree_get(root, lics_path, yajl_t_any);
	if (v)
		json_value(s, v, line_of_key(s->acc.data, s->acc.len, "\"license"));
	yajl_tree_free(root);
}

/* pyproject.toml: `license = "MIT"`, `license = {text = "MIT"}` (file = ... is skipped). */
static void pyproject(struct lic_state *s)
{
	const char *p = s->acc.data, *end = p ? p + s->acc.len : NULL;
	uint32_t line = 1;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q, *a, *b;
		const char *le = nl ? nl : end;
		if (!strncmp(p, "license", 7) && (q = memchr(p, '=', (size_t)(le - p))) != NULL) {
			const char *t = strstr(q, "text");
			if (t && t < le)
				q = t;
			a = memchr(q, '"', (size_t)(le - q));
			b = a ? memchr(a + 1, '"', (size_t)(le - a - 1)) : NULL;
			if (a && b && !(strstr(q, "file") && strstr(q, "file") < a))
				declare(s, a + 1, (size_t)(b - a - 1), line);
		}
		p = le + 1;
		line++;
	}
}

static int lic_member_end(void *vs, struct dp_actx *ax, const struct dp_member *m,
			  const struct dp_member_end *end)
{
	struct lic_state *s = vs;
	const char *text = s->acc.data ? s->acc.data : "";
	int rc = DP_OK;

	(void)ax;
	(void)end;
	if (s->mode == M_NONE)
		return DP_OK;
	s->cur = m;
	s->header_end = 0;
	if (s->mode == M_README)
		rc = readme_header(s);
	else if (s->mode == M_JSONMETA)
		json_meta(s);
	else if (s->mode == M_PYPROJECT)
		pyproject(s);
	if (s->mode != M_JSONMETA && s->mode != M_PYPROJECT &&
	    dp_license_prefilter(text, s->acc.len)) {
		s->members_scanned++;
		s->members_truncated += s->truncated;
		if (!corpus_of(s) ||
		    dp_license_scan(s->corpus, text, s->acc.len, on_member_hit, s) != DP_OK)
			s->failed = 1;
	}
	dp_buf_reset(&s->acc);
	s->mode = M_NONE;
	return s->failed ? DP_FATAL : rc;
}

/* ---- per-record license fields ---- */

static uint64_t value_hash(const char *v, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)v[i]) * 1099511628211ULL;
	return h;
}

/* The slot of value v in fidx (empty slot when absent). */
static size_t value_slot(const struct lic_state *s, const char *v, size_t n)
{
	size_t m = s->fidx_cap - 1, i = (size_t)value_hash(v, n) & m;

	while (s->fidx[i]) {
		const struct fval *f = &s->fv[s->fidx[i] - 1];
		if (strlen(f->value) == n && !memcmp(f->value, v, n))
			break;
		i = (i + 1) & m;
	}
	return i;
}

/* Find or add value v; NULL when the table is full (counted as dropped). Values are
 * kept as C strings, so a value is what comes before a NUL byte ("\u0000" in JSON):
 * keyed by its full length, a value with a NUL matched no entry, even its own, and
 * states merged by string length disagreed with one state (counts and classes changed
 * with --threads). */
static struct fval *value_get(struct lic_state *s, const char *v, size_t n)
{
	size_t slot;
	struct fval *f;

	n = strnlen(v, n);
	slot = value_slot(s, v, n);

	if (s->fidx[slot])
		return &s->fv[s->fidx[slot] - 1];
	if (s->nfv == DP_LICENSE_VALUES_MAX || !corpus_of(s))
		return NULL;
	f = &s->fv[s->nfv];
	memset(f, 0, sizeof(*f));
	f->value = strndup(v, n);
	if (!f->value) {
		s->failed = 1;
		return NULL;
	}
	f->cls = dp_license_map_value(s->corpus, v, n, f->spdx, sizeof(f->spdx));
	s->fidx[slot] = (uint32_t)++s->nfv;
	return f;
}

struct fval *dp_licenses_value(struct lic_state *s, const char *v, size_t n)
{
	return value_get(s, v, n);
}

static void count_class(struct lic_state *s, enum dp_license_class k, uint64_t n)
{
	switch (k) {
	case DP_LICENSE_MAPPED: s->mapped += n; break;
	case DP_LICENSE_UNKNOWN: s->unknown += n; break;
	case DP_LICENSE_UNRECOGNIZED: s->unrecognized += n; break;
	default: s->missing += n; break;
	}
}

static void field_value(struct lic_state *s, const char *v, size_t n)
{
	struct fval *f;
	enum dp_license_class k;
	char spdx[SPDX_MAX];

	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	n = v ? strnlen(v, n) : 0; /* as value_get keeps it */
	if (!v || !n) {
		s->missing++;
		return;
	}
	f = value_get(s, v, n);
	if (f) {
		f->count++;
		count_class(s, f->cls, 1);
		return;
	}
	if (!corpus_of(s))
		return;
	s->values_dropped++;
	k = dp_license_map_value(s->corpus, v, n, spdx, sizeof(spdx));
	count_class(s, k, 1);
}

/* The record's license value. A list ("licenses": ["mit", "apache-2.0"]: its elements
 * share the field's path) is joined with ", ", which maps as an AND of its values, as a
 * README's license list does; the first element alone hid the others. A list longer than
 * LIST_BYTES is read by its first value. */
static const char *license_value(struct lic_state *s, const struct dp_record *r, size_t *n)
{
	const char *v = r->meta[DP_META_LICENSE];
	const struct dp_field *first = NULL, *f;
	size_t i, k = 0;

	*n = v ? r->meta_len[DP_META_LICENSE] : 0;
	for (i = 0; v && i < r->n_fields && !first; i++)
		if (r->fields[i].value == v && r->fields[i].type == DP_VT_STRING)
			first = &r->fields[i];
	if (!first)
		return v;
	dp_buf_reset(&s->list);
	for (f = first; f < r->fields + r->n_fields; f++) {
		if (f->type != DP_VT_STRING || f->path_len != first->path_len ||
		    memcmp(f->path, first->path, f->path_len) != 0)
			continue;
		if ((k++ && dp_buf_add(&s->list, ", ", 2) != DP_OK) ||
		    dp_buf_add(&s->list, f->value, f->value_len) != DP_OK)
			return v;
	}
	if (k < 2)
		return v;
	*n = s->list.len;
	return s->list.data;
}

static int lic_record(void *vs, struct dp_actx *ax, const struct dp_record *r)
{
	struct lic_state *s = vs;
	const char *v;
	size_t n;

	(void)ax;
	/* License-field coverage is about structured records (JSONL, CSV, ...): a plain-text
	 * member's record (a LICENSE file, a README) has no fields to hold a license. */
	if (r->n_fields || r->meta[DP_META_LICENSE]) {
		s->records++;
		v = license_value(s, r, &n);
		field_value(s, v, n);
	}
	if (s->cfg->scan_record_licenses && r->text_len &&
	    dp_license_prefilter(r->text, r->text_len)) {
		s->cur = r->member;
		s->rec = r;
		if (!corpus_of(s) ||
		    dp_license_scan(s->corpus, r->text, r->text_len, on_record_hit, s) != DP_OK)
			s->failed = 1;
	}
	return s->failed ? DP_FATAL : DP_OK;
}

/* ---- merge, finish, report ---- */

static int lic_merge(void *vinto, void *vfrom, struct dp_error *err)
{
	struct lic_state *a = vinto, *b = vfrom;
	size_t i;

	for (i = 0; i < b->nd; i++) {
		if (dp_array_grow((void **)&a->d, &a->capd, a->nd + 1, sizeof(*a->d)))
			return dp_error_set(err, DP_FATAL, "out of memory");
		a->d[a->nd++] = b->d[i];   /* moved: b forgets it below */
	}
	b->nd = 0;
	for (i = 0; i < b->nfv; i++) {
		struct fval *f = value_get(a, b->fv[i].value, strlen(b->fv[i].value));
		if (f)
			f->count += b->fv[i].count;
		else
			a->values_dropped += b->fv[i].count;
	}
	a->values_dropped += b->values_dropped;
	a->records += b->records;
	a->missing += b->missing;
	a->unknown += b->unknown;
	a->unrecognized += b->unrecognized;
	a->mapped += b->mapped;
	a->members_scanned += b->members_scanned;
	a->members_truncated += b->members_truncated;
	if (a->failed || b->failed)
		return dp_error_set(err, DP_FATAL, "licenses: %s", a->load_err.msg[0] ? a->load_err.msg :
				    b->load_err.msg[0] ? b->load_err.msg : "out of memory");
	return DP_OK;
}

static int det_cmp(const void *x, const void *y)
{
	const struct det *a = x, *b = y;
	int c;

	if (a->member_index != b->member_index)
		return a->member_index < b->member_index ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if ((c = strcmp(a->spdx, b->spdx)) != 0)
		return c;
	if ((c = strcmp(a->kind, b->kind)) != 0)
		return c;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return strcmp(a->value ? a->value : "", b->value ? b->value : "");
}

static int fval_value_cmp(const void *x, const void *y)
{
	return strcmp(((const struct fval *)x)->value, ((const struct fval *)y)->value);
}

/* Field values in value order (not arrival order, which depends on the threads), with the
 * lookup table rebuilt over the new positions. */
static void sort_values(struct lic_state *s)
{
	size_t i;

	qsort(s->fv, s->nfv, sizeof(*s->fv), fval_value_cmp);
	memset(s->fidx, 0, s->fidx_cap * sizeof(*s->fidx));
	for (i = 0; i < s->nfv; i++)
		s->fidx[value_slot(s, s->fv[i].value, strlen(s->fv[i].value))] = (uint32_t)i + 1;
}

static int lic_finish(void *vs, struct dp_actx *ax, struct dp_error *err)
{
	struct lic_state *s = vs;

	(void)ax;
	if (s->nd)
		qsort(s->d, s->nd, sizeof(*s->d), det_cmp);
	sort_values(s);
	return s->failed ? dp_error_set(err, DP_FATAL, "licenses: %s",
					s->load_err.msg[0] ? s->load_err.msg : "out of memory")
			 : DP_OK;
}

#define BY_VALUE_LISTED 100   /* license-field values listed in the report */

static const char *const kind_names[] = { "text", "notice", "tag", "reference", "metadata",
	"field", NULL };

static unsigned kind_bit(const char *k)
{
	unsigned i;

	for (i = 0; kind_names[i]; i++)
		if (!strcmp(kind_names[i], k))
			return 1u << i;
	return 0;
}

struct sum {
	const char *spdx;
	uint64_t files, records;
	unsigned kinds;
	uint32_t last_member;   /* member_index + 1 of the last file counted */
};

static struct sum *sum_get(struct sum *v, size_t *n, const char *spdx)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(v[i].spdx, spdx))
			return &v[i];
	memset(&v[*n], 0, sizeof(v[0]));
	v[*n].spdx = spdx;
	return &v[(*n)++];
}

static int sum_cmp(const void *x, const void *y)
{
	return strcmp(((const struct sum *)x)->spdx, ((const struct sum *)y)->spdx);
}

static void report_summary(const struct lic_state *s, struct dp_json *out)
{
	struct sum *v = calloc(s->nd + s->nfv + 1, sizeof(*v));
	size_t n = 0, i;
	unsigned k;

	if (!v)
		return;  /* unbalanced output is then reported as fatal by the caller */
	for (i = 0; i < s->nd; i++) {
		struct sum *e;
		if (!strcmp(s->d[i].spdx, "NOASSERTION"))
			continue;
		e = sum_get(v, &n, s->d[i].spdx);
		e->kinds |= kind_bit(s->d[i].kind);
		e->records += s->d[i].records;
		if (!s->d[i].records && e->last_member != s->d[i].member_index + 1) {
			e->files++;   /* dets are sorted by member: one count per file */
			e->last_member = s->d[i].member_index + 1;
		}
	}
	for (i = 0; i < s->nfv; i++) {
		struct sum *e;
		if (s->fv[i].cls != DP_LICENSE_MAPPED)
			continue;
		e = sum_get(v, &n, s->fv[i].spdx);
		e->records += s->fv[i].count;
		e->kinds |= kind_bit("field");
	}
	qsort(v, n, sizeof(*v), sum_cmp);
	dp_json_key(out, "summary");
	dp_json_arr_begin(out);
	for (i = 0; i < n; i++) {
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "spdx", v[i].spdx);
		dp_json_kv_u64(out, "files", v[i].files);
		dp_json_kv_u64(out, "records", v[i].records);
		dp_json_key(out, "kinds");
		dp_json_arr_begin(out);
		for (k = 0; kind_names[k]; k++)
			if (v[i].kinds & (1u << k))
				dp_json_str(out, kind_names[k]);
		dp_json_arr_end(out);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	free(v);
}

static void report_detections(const struct lic_state *s, struct dp_json *out)
{
	size_t i;

	dp_json_key(out, "detections");
	dp_json_arr_begin(out);
	for (i = 0; i < s->nd; i++) {
		const struct det *d = &s->d[i];
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "origin", d->origin);
		dp_json_kv_str(out, "spdx", d->spdx);
		dp_json_kv_str(out, "kind", d->kind);
		dp_json_kv_double(out, "confidence", d->conf);
		dp_json_key(out, "lines");
		dp_json_arr_begin(out);
		dp_json_u64(out, d->a);
		dp_json_u64(out, d->b);
		dp_json_arr_end(out);
		if (d->value)
			dp_json_kv_str(out, "value", d->value);
		if (d->records)
			dp_json_kv_u64(out, "records", d->records);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
}

static int fval_cmp(const void *x, const void *y)
{
	const struct fval *a = *(const struct fval *const *)x, *b = *(const struct fval *const *)y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* A record's license value is data: it can hold a contact address or a key ("ask
 * jane@corp.com"), so it is shown with its PII masked, as the schema's values are. With no
 * rules to mask by, the value is not shown at all. */
static void masked_value(struct dp_json *out, const char *value, struct dp_rules *rules,
			 struct dp_rules_scratch *scratch, struct dp_buf *masked)
{
	dp_buf_reset(masked);
	if (!rules || !scratch ||
	    dp_rules_mask(rules, scratch, value, strlen(value), masked) != DP_OK) {
		dp_json_kv_str(out, "value", "(not shown: PII masking unavailable)");
		return;
	}
	dp_json_key(out, "value");
	dp_json_strn(out, masked->data ? masked->data : "", masked->len);
}

static void report_values(const struct lic_state *s, const struct fval **v,
			  struct dp_json *out)
{
	struct dp_error err;
	struct dp_rules *rules = dp_rules_new(s->cfg, &err);
	struct dp_rules_scratch *scratch = rules ? dp_rules_scratch_new(rules) : NULL;
	struct dp_buf masked;
	size_t i;

	dp_buf_init(&masked, 0);
	dp_json_key(out, "by_value");
	dp_json_arr_begin(out);
	for (i = 0; i < s->nfv && i < BY_VALUE_LISTED; i++) {
		dp_json_obj_begin(out);
		masked_value(out, v[i]->value, rules, scratch, &masked);
		dp_json_kv_str(out, "class", dp_license_class_name(v[i]->cls));
		if (v[i]->cls == DP_LICENSE_MAPPED)
			dp_json_kv_str(out, "spdx", v[i]->spdx);
		dp_json_kv_u64(out, "records", v[i]->count);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_buf_release(&masked);
	dp_rules_scratch_free(scratch);
	dp_rules_free(rules);
}

static void report_fields(const struct lic_state *s, struct dp_json *out)
{
	const struct fval **v = malloc((s->nfv + 1) * sizeof(*v));
	size_t i;

	if (!v)
		return;
	for (i = 0; i < s->nfv; i++)
		v[i] = &s->fv[i];
	qsort(v, s->nfv, sizeof(*v), fval_cmp);
	dp_json_key(out, "fields");
	dp_json_obj_begin(out);
	dp_json_kv_u64(out, "records", s->records);
	dp_json_kv_u64(out, "with_value", s->mapped + s->unknown + s->unrecognized);
	dp_json_kv_u64(out, "mapped", s->mapped);
	dp_json_kv_u64(out, "missing", s->missing);
	dp_json_kv_u64(out, "unknown", s->unknown);
	dp_json_kv_u64(out, "unrecognized", s->unrecognized);
	report_values(s, v, out);
	dp_json_kv_u64(out, "values_not_listed", s->nfv > BY_VALUE_LISTED ?
			s->nfv - BY_VALUE_LISTED : 0);
	dp_json_kv_u64(out, "records_values_not_tracked", s->values_dropped);
	dp_json_obj_end(out);
	free(v);
}

static void lic_report(void *vs, struct dp_json *out)
{
	struct lic_state *s = vs;

	dp_json_obj_begin(out);
	report_detections(s, out);
	report_summary(s, out);
	report_fields(s, out);
	dp_json_kv_u64(out, "members_scanned", s->members_scanned);
	dp_json_kv_u64(out, "members_truncated", s->members_truncated);
	dp_json_obj_end(out);
}

const struct dp_analyser_type dp_analyser_licenses = {
	.name = "licenses",
	.create = lic_create,
	.destroy = lic_destroy,
	.member_begin = lic_member_begin,
	.member_data = lic_member_data,
	.member_end = lic_member_end,
	.record = lic_record,
	.merge = lic_merge,
	.finish = lic_finish,
	.report = lic_report,
	.save = dp_licenses_save,
	.load = dp_licenses_load,
};

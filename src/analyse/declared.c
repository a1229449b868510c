/* declared.c - the declared analyser: README header and sections, metadata files, --declared. */
#include "analyse/declared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/side_file.h"
#include "analyse/state_io.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/frontmatter.h"
#include "core/yamljson.h"
#include "license/license.h"

const char *const dp_declared_items[] = {
	"name", "pretty_name", "summary", "homepage", "repository", "version", "creators",
	"funders", "contact", "license", "license_name", "license_link", "language",
	"size_categories", "task_categories", "task_ids", "configs", "dataset_info", "sources",
	"collection_process", "selection", "annotation_process", "preprocessing",
	"intended_uses", "out_of_scope_uses", "biases", "limitations", "personal_information",
	"maintenance", "citation", NULL
};
#define N_ITEMS 30

enum doc_type { D_NONE = 0, D_README, D_DSINFO, D_CROISSANT, D_DATASHEET, D_LICFILE };
static const char *const type_names[] = { "none", "readme", "dataset_info", "croissant",
	"datasheet", "license_file" };

struct doc {
	char *origin;
	uint32_t input_index, member_index;
	unsigned depth, level;
	enum doc_type type;
	struct dp_buf text;
	int root;
	const char *status;   /* "ok", "truncated", "invalid", "skipped" */
	char *error;
};

struct lvl {
	uint32_t input_index;  /* for depth 1; unused for depth 0 */
	unsigned depth, level;
};

struct item {
	yajl_val v;           /* borrowed from a tree in trees[], or NULL when text is set */
	char *text;           /* owned string value (markdown sections) */
	char *source;
	uint32_t line;
	char spdx[512];       /* license only */
	const char *cls;
};

struct decl_state {
	const struct dp_config *cfg;
	struct doc *docs;
	size_t nd, capd;
	struct lvl *lv;
	size_t nl, capl;
	struct doc *cur;
	yajl_val trees[64];
	size_t ntrees;
	struct item items[N_ITEMS];
	int failed;
};

/* ---- lifecycle ---- */

static void decl_destroy(void *vs)
{
	struct decl_state *s = vs;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nd; i++) {
		free(s->docs[i].origin);
		free(s->docs[i].error);
		dp_buf_release(&s->docs[i].text);
	}
	for (i = 0; i < s->ntrees; i++)
		yajl_tree_free(s->trees[i]);
	for (i = 0; i < N_ITEMS; i++) {
		free(s->items[i].text);
		free(s->items[i].source);
	}
	free(s->docs);
	free(s->lv);
	free(s);
}

static void *decl_create(const struct dp_config *cfg, struct dp_error *err)
{
	struct decl_state *s = calloc(1, sizeof(*s));

	if (!s) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	s->cfg = cfg;
	return s;
}

/* ---- which members are documentation ---- */

static int name_is(const char *base, const char *stem)
{
	size_t n = strlen(stem);

	if (strncasecmp(base, stem, n) != 0)
		return 0;
	return base[n] == '\0' || !strcasecmp(base + n, ".md") || !strcasecmp(base + n, ".txt") ||
	       !strcasecmp(base + n, ".markdown") || !strcasecmp(base + n, ".rst");
}

static enum doc_type classify(const char *base)
{
	static const char *const lic[] = { "LICENSE", "LICENCE", "COPYING", "DATA_LICENSE",
		"DATA_LICENCE", "NOTICE", "LICENSE-DATA", "LICENSE_DATA", NULL };
	size_t i;

	if (!strcasecmp(base, "README.md") || !strcasecmp(base, "README.markdown"))
		return D_README;
	if (!strcasecmp(base, "dataset_info.json"))
		return D_DSINFO;
	if (!strcasecmp(base, "croissant.json") || !strcasecmp(base, "metadata.json"))
		return D_CROISSANT;
	if (name_is(base, "DATASHEET") || name_is(base, "DATA_CARD") ||
	    name_is(base, "DATASET_CARD"))
		return D_DATASHEET;
	for (i = 0; lic[i]; i++)
		if (name_is(base, lic[i]))
			return D_LICFILE;
	return D_NONE;
}

/* Directory level of a member inside its container (slashes in its path there). */
static unsigned level_of(const struct dp_member *m)
{
	const char *p = m->origin, *bang = strstr(p, "!/");
	unsigned n = 0;

	if (bang)
		p = bang + 2;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	for (; *p; p++)
		n += *p == '/';
	return n;
}

static const char *base_of(const char *origin)
{
	const char *slash = strrchr(origin, '/');

	return slash ? slash + 1 : origin;
}

static int note_level(struct decl_state *s, const struct dp_member *m, unsigned level)
{
	struct lvl *l = s->nl ? &s->lv[s->nl - 1] : NULL;

	if (l && l->depth == m->depth && (m->depth == 0 || l->input_index == m->input_index)) {
		if (level < l->level)
			l->level = level;
		return DP_OK;
	}
	if (dp_array_grow((void **)&s->lv, &s->capl, s->nl + 1, sizeof(*s->lv)))
		return DP_FATAL;
	s->lv[s->nl].input_index = m->depth ? m->input_index : 0;
	s->lv[s->nl].depth = m->depth;
	s->lv[s->nl++].level = level;
	return DP_OK;
}

static struct doc *doc_add(struct decl_state *s)
{
	if (dp_array_grow((void **)&s->docs, &s->capd, s->nd + 1, sizeof(*s->docs)))
		return NULL;
	memset(&s->docs[s->nd], 0, sizeof(s->docs[0]));
	return &s->docs[s->nd++];
}

/* Documentation inside archives is read for the first DP_DECLARED_MAX_ARCHIVES inputs only
 * (by run-wide input index, so shards merge to what one scan gives): memory stays bounded
 * when every one of many shards carries a README. */
static int beyond_cap(unsigned depth, uint32_t input_index)
{
	return depth == 1 && input_index >= DP_DECLARED_MAX_ARCHIVES;
}

static int decl_member_begin(void *vs, struct dp_actx *ax, const struct dp_member *m)
{
	struct decl_state *s = vs;
	unsigned level = level_of(m);
	enum doc_type t;
	struct doc *d;

	(void)ax;
	s->cur = NULL;
	if (m->depth > 1 || m->kind == DP_MEMBER_SPECIAL)
		return DP_OK;
	if (m->depth == 1 && (!strstr(m->origin, "!/") || strstr(strstr(m->origin, "!/") + 2, "!/")))
		return DP_OK;
	if (note_level(s, m, level) != DP_OK)
		return DP_FATAL;
	t = classify(base_of(m->name ? m->name : m->origin));
	if (t == D_NONE || (m->depth == 1 && m->name && strchr(m->name, '!')))
		return DP_OK;
	if (!(d = doc_add(s)) || !(d->origin = strdup(m->origin)))
		return DP_FATAL;
	d->input_index = m->input_index;
	d->member_index = m->member_index;
	d->depth = m->depth;
	d->level = level;
	d->type = t;
	d->status = beyond_cap(m->depth, m->input_index) || m->kind != DP_MEMBER_TEXT ? "skipped" :
										     "ok";
	dp_buf_init(&d->text, DP_DECLARED_DOC_BYTES);
	s->cur = t == D_LICFILE || strcmp(d->status, "ok") ? NULL : d;
	return DP_OK;
}

static int decl_member_data(void *vs, struct dp_actx *ax, const struct dp_member *m,
			    const void *data, size_t n)
{
	struct decl_state *s = vs;
	int rc;

	(void)ax;
	(void)m;
	if (!s->cur || !strcmp(s->cur->status, "truncated"))
		return DP_OK;
	rc = dp_buf_add(&s->cur->text, data, n);
	if (rc == DP_FATAL)
		return DP_FATAL;
	if (rc == DP_WARN)
		s->cur->status = "truncated";
	return DP_OK;
}

static int decl_member_end(void *vs, struct dp_actx *ax, const struct dp_member *m,
			   const struct dp_member_end *end)
{
	struct decl_state *s = vs;

	(void)ax;
	(void)m;
	(void)end;
	s->cur = NULL;
	return DP_OK;
}

static int decl_merge(void *vinto, void *vfrom, struct dp_error *err)
{
	struct decl_state *a = vinto, *b = vfrom;
	size_t i;

	for (i = 0; i < b->nd; i++) {
		struct doc *d = doc_add(a);
		if (!d)
			return dp_error_set(err, DP_FATAL, "out of memory");
		*d = b->docs[i];
	}
	b->nd = 0;
	for (i = 0; i < b->nl; i++) {
		struct dp_member m;
		memset(&m, 0, sizeof(m));
		m.input_index = b->lv[i].input_index;
		m.depth = b->lv[i].depth;
		if (note_level(a, &m, b->lv[i].level) != DP_OK)
			return dp_error_set(err, DP_FATAL, "out of memory");
	}
	return DP_OK;
}

/* ---- finish: which documents are at a root ---- */

static int doc_cmp(const void *pa, const void *pb)
{
	const struct doc *a = pa, *b = pb;

	if (a->input_index != b->input_index)
		return a->input_index < b->input_index ? -1 : 1;
	if (a->member_index != b->member_index)
		return a->member_index < b->member_index ? -1 : 1;
	return 0;
}

static void mark_roots(struct decl_state *s)
{
	size_t i, k;

	for (i = 0; i < s->nd; i++) {
		struct doc *d = &s->docs[i];
		unsigned min = d->level;
		for (k = 0; k < s->nl; k++) {
			const struct lvl *l = &s->lv[k];
			if (l->depth != d->depth || (d->depth == 1 && l->input_index != d->input_index))
				continue;
			if (l->level < min)
				min = l->level;
		}
		d->root = d->level == min;
	}
}

/* ---- items ---- */

static int item_index(const char *key)
{
	int i;

	for (i = 0; dp_declared_items[i]; i++)
		if (!strcmp(dp_declared_items[i], key))
			return i;
	return -1;
}

static int empty_value(yajl_val v)
{
	if (!v || YAJL_IS_NULL(v))
		return 1;
	if (YAJL_IS_STRING(v))
		return v->u.string[0] == '\0';
	if (YAJL_IS_ARRAY(v))
		return v->u.array.len == 0;
	if (YAJL_IS_OBJECT(v))
		return v->u.object.len == 0;
	return 0;
}

/* Set item `key` unless a source of higher precedence already did. */
static int item_set(struct decl_state *s, const char *key, yajl_val v, const char *text,
		    const char *source, uint32_t line)
{
	int i = item_index(key);
	struct item *it;

	if (i < 0 || (text ? text[0] == '\0' : empty_value(v)))
		return DP_OK;
	it = &s->items[i];
	if (it->source)
		return DP_OK;
	it->v = v;
	it->line = line;
	it->source = strdup(source);
	it->text = text ? strdup(text) : NULL;
	if (!it->source || (text && !it->text))
		return DP_FATAL;
	return DP_OK;
}

static int keep_tree(struct decl_state *s, yajl_val t)
{
	if (s->ntrees == sizeof(s->trees) / sizeof(s->trees[0])) {
		yajl_tree_free(t);
		return 0;
	}
	s->trees[s->ntrees++] = t;
	return 1;
}


/* ---- sources: --declared file ---- */

static const char *canonical_key(const char *k)
{
	static const char *const alias[][2] = {
		{ "description", "summary" }, { "url", "homepage" }, { "authors", "creators" },
		{ "author", "creators" }, { "creator", "creators" }, { "funding", "funders" },
		{ "licence", "license" }, { "collection", "collection_process" },
		{ "data_collection", "collection_process" }, { "selection_process", "selection" },
		{ "curation", "selection" }, { "annotation", "annotation_process" },
		{ "labelling", "annotation_process" }, { "labeling", "annotation_process" },
		{ "processing", "preprocessing" }, { "filtering", "preprocessing" },
		{ "preprocessing_and_filtering", "preprocessing" }, { "uses", "intended_uses" },
		{ "out_of_scope", "out_of_scope_uses" }, { "bias", "biases" },
		{ "personal_and_sensitive_information", "personal_information" },
		{ "anonymisation", "personal_information" }, { "anonymization", "personal_information" },
		{ "pii", "personal_information" }, { "upstream", "sources" },
		{ "source_datasets", "sources" }, { "annotations_creators", "annotation_process" },
		{ "cite", "citation" }, { "citeAs", "citation" }, { "isBasedOn", "sources" },
		{ "rai:dataCollection", "collection_process" },
		{ "rai:dataAnnotationProtocol", "annotation_process" },
		{ "rai:dataPreprocessingProtocol", "preprocessing" },
		{ "rai:dataBiases", "biases" }, { "rai:dataLimitations", "limitations" },
		{ "rai:personalSensitiveInformation", "personal_information" },
		{ "rai:dataUseCases", "intended_uses" },
		{ "rai:dataReleaseMaintenancePlan", "maintenance" },
	};
	size_t i;

	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcmp(alias[i][0], k))
			return alias[i][1];
	return k;
}

/* Every key of a mapping, through the alias table; lines from `fm` when given. */
static int take_keys(struct decl_state *s, yajl_val obj, const char *source,
		     const struct dp_frontmatter *fm)
{
	size_t i;

	for (i = 0; YAJL_IS_OBJECT(obj) && i < obj->u.object.len; i++) {
		const char *k = obj->u.object.keys[i];
		const struct dp_fm_entry *e = fm ? dp_frontmatter_get(fm, k) : NULL;
		if (item_set(s, canonical_key(k), obj->u.object.values[i], NULL, source,
			     e ? e->line : 0) == DP_FATAL)
			return DP_FATAL;
	}
	return DP_OK;
}

static int read_declared_file(struct decl_state *s, const char *path, struct dp_error *err)
{
	yajl_val t = dp_yaml_load_file(path, err);
	char msg[DP_ERROR_MSG_MAX];

	if (!t) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		return dp_error_set(err, DP_FATAL, "--declared: %s", msg);
	}
	if (YAJL_IS_NULL(t)) {   /* an empty file declares nothing */
		yajl_tree_free(t);
		return DP_OK;
	}
	if (!YAJL_IS_OBJECT(t)) {
		yajl_tree_free(t);
		return dp_error_set(err, DP_FATAL, "--declared %s: not a YAML mapping", path);
	}
	if (!keep_tree(s, t))
		return DP_OK;
	return take_keys(s, t, path, NULL);
}

/* ---- sources: markdown sections ---- */

static const char *section_key(const char *h, size_t n)
{
	static const char *const map[][2] = {
		{ "out-of-scope", "out_of_scope_uses" }, { "out of scope", "out_of_scope_uses" },
		{ "dataset summary", "summary" }, { "personal and sensitive", "personal_information" },
		{ "anonymi", "personal_information" }, { "collection", "collection_process" },
		{ "curation rationale", "selection" }, { "selection", "selection" },
		{ "annotation", "annotation_process" }, { "labelling", "annotation_process" },
		{ "labeling", "annotation_process" }, { "preprocessing", "preprocessing" },
		{ "processing", "preprocessing" }, { "filtering", "preprocessing" },
		{ "bias", "biases" }, { "limitation", "limitations" }, { "intended use", "intended_uses" },
		{ "direct use", "intended_uses" }, { "uses", "intended_uses" },
		{ "citation", "citation" }, { "maintenance", "maintenance" },
		{ "source data", "sources" }, { "funded by", "funders" }, { "funding", "funders" },
		{ "contact", "contact" }, { "curators", "creators" }, { "creators", "creators" },
	};
	char low[128];
	size_t i;

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)((h[i] >= 'A' && h[i] <= 'Z') ? h[i] + 32 : h[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(low, map[i][0]))
			return map[i][1];
	return NULL;
}

static int has_placeholder(const char *p, size_t n)
{
	static const char ph[] = "More Information Needed";
	size_t i;

	for (i = 0; i + sizeof(ph) - 1 <= n; i++)
		if (!memcmp(p + i, ph, sizeof(ph) - 1))
			return 1;
	return 0;
}

/* Trim, drop template placeholders, cap at a UTF-8 boundary; NULL when nothing is left. */
static char *section_value(const char *p, size_t n)
{
	char *v;

	while (n && (p[0] == ' ' || p[0] == '\n' || p[0] == '\r' || p[0] == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == '\t'))
		n--;
	if (n == 0 || (n < 64 && has_placeholder(p, n)))
		return NULL;
	if (n > DP_DECLARED_SECTION_BYTES) {
		n = DP_DECLARED_SECTION_BYTES;
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	v = malloc(n + 1);
	if (v) {
		memcpy(v, p, n);
		v[n] = '\0';
	}
	return v;
}

struct mdsec {
	const char *key;
	const char *body;
	uint32_t line;
};

static int section_end(struct decl_state *s, const struct mdsec *sec, const char *end,
		       const char *source)
{
	char *v;
	int rc;

	if (!sec->key)
		return DP_OK;
	v = section_value(sec->body, (size_t)(end - sec->body));
	if (!v)
		return DP_OK;
	rc = item_set(s, sec->key, NULL, v, source, sec->line);
	free(v);
	return rc;
}

/* Headed sections of markdown text starting at line `line`; the first paragraph after the
 * title is kept as a summary of lowest precedence. */
static int read_sections(struct decl_state *s, const char *p, const char *end, uint32_t line,
			 const char *source)
{
	struct mdsec sec = { NULL, NULL, 0 };
	const char *first_para = NULL;
	uint32_t first_line = 0;
	int rc = DP_OK;

	while (p < end && rc != DP_FATAL) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (*p == '#') {
			const char *h = p;
			rc = section_end(s, &sec, p, source);
			while (h < le && *h == '#')
				h++;
			sec.key = section_key(h, (size_t)(le - h));
			sec.body = le;
			sec.line = line;
		} else if (!first_para && !sec.key && le > p && *p != '\r') {
			first_para = p;
			first_line = line;
		}
		p = nl ? nl + 1 : end;
		line++;
	}
	if (rc != DP_FATAL)
		rc = section_end(s, &sec, end, source);
	if (rc != DP_FATAL && first_para) {
		const char *pe = strstr(first_para, "\n\n");
		struct mdsec para = { "summary", first_para, first_line };
		rc = section_end(s, &para, pe && pe < end ? pe : end, source);
	}
	return rc;
}

/* ---- sources: README, JSON metadata ---- */

/* Byte offset of the start of 1-based line `line`. */
static size_t line_offset(const char *buf, size_t len, uint32_t line)
{
	size_t i = 0;
	uint32_t l = 1;

	while (l < line && i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			return len;
		i = (size_t)(nl - buf) + 1;
		l++;
	}
	return i;
}

static void doc_error(struct doc *d, const char *msg)
{
	d->status = "invalid";
	free(d->error);
	d->error = strdup(msg);
}

static int read_readme(struct decl_state *s, struct doc *d)
{
	struct dp_frontmatter fm;
	struct dp_error e;
	const char *buf = d->text.data ? d->text.data : "";
	size_t len = d->text.len, a;
	uint32_t body_line = 1;
	int rc = dp_frontmatter_parse(buf, len, &fm, &e);

	if (rc == DP_FATAL)
		return DP_FATAL;
	if (rc == DP_WARN)
		doc_error(d, e.msg);
	if (rc == DP_OK) {
		yajl_val t = dp_frontmatter_tree(buf, len, &fm, d->origin, &e);
		if (t && keep_tree(s, t) && take_keys(s, t, d->origin, &fm) == DP_FATAL)
			rc = DP_FATAL;
		body_line = fm.end_line + 1;
	}
	dp_frontmatter_release(&fm);
	if (rc == DP_FATAL)
		return DP_FATAL;
	a = line_offset(buf, len, body_line);
	return read_sections(s, buf + a, buf + len, body_line, d->origin);
}

static int read_json_doc(struct decl_state *s, struct doc *d)
{
	static const char *const rai_keys[] = { "name", "description", "license", "url", "version",
		"citeAs", "citation", "creator", "homepage", "isBasedOn", NULL };
	char msg[256];
	yajl_val t = dp_jt_parse(d->text.data ? d->text.data : "", msg, sizeof(msg)), o;
	size_t i;

	if (!t) {
		doc_error(d, msg);
		return DP_OK;
	}
	if (!keep_tree(s, t))
		return DP_OK;
	o = t;
	if (d->type == D_DSINFO && YAJL_IS_OBJECT(t) && !dp_jt_get(t, "splits") &&
	    !dp_jt_get(t, "description") && t->u.object.len > 0)
		o = t->u.object.values[0];  /* {config_name: {...}} */
	if (d->type == D_CROISSANT && !dp_jt_get(t, "@context")) {
		doc_error(d, "not a Croissant file (no @context)");
		return DP_OK;
	}
	for (i = 0; rai_keys[i]; i++)
		if (item_set(s, canonical_key(rai_keys[i]), dp_jt_get(o, rai_keys[i]), NULL,
			     d->origin, 0) == DP_FATAL)
			return DP_FATAL;
	/* its splits, as a README card's dataset_info would give them (a card read first wins) */
	if (d->type == D_DSINFO && YAJL_IS_OBJECT(o) && dp_jt_get(o, "splits") &&
	    item_set(s, "dataset_info", o, NULL, d->origin, 0) == DP_FATAL)
		return DP_FATAL;
	for (i = 0; YAJL_IS_OBJECT(o) && i < o->u.object.len; i++)
		if (!strncmp(o->u.object.keys[i], "rai:", 4) &&
		    item_set(s, canonical_key(o->u.object.keys[i]), o->u.object.values[i], NULL,
			     d->origin, 0) == DP_FATAL)
			return DP_FATAL;
	return DP_OK;
}

static int read_doc(struct decl_state *s, struct doc *d)
{
	const char *buf = d->text.data ? d->text.data : "";

	if (d->type == D_DSINFO || d->type == D_CROISSANT)
		return read_json_doc(s, d);
	if (d->type == D_DATASHEET)
		return read_sections(s, buf, buf + d->text.len, 1, d->origin);
	return DP_OK;
}

/* ---- the declared license, mapped to SPDX ---- */

static const char *value_str(yajl_val v)
{
	if (YAJL_IS_STRING(v))
		return v->u.string;
	if (YAJL_IS_OBJECT(v)) {
		const char *u = dp_jt_str(v, "@id", NULL);
		return u ? u : dp_jt_str(v, "url", NULL);
	}
	return NULL;
}

/* Map one value; append it to it->spdx (" AND " between several). Worst class wins. */
static void map_one(const struct dp_license_corpus *c, struct item *it, const char *v,
		    enum dp_license_class *worst)
{
	char out[256];
	enum dp_license_class k = dp_license_map_value(c, v, v ? strlen(v) : 0, out, sizeof(out));
	size_t n = strlen(it->spdx);

	if (k > *worst)
		*worst = k;
	if (k != DP_LICENSE_MAPPED)
		return;
	snprintf(it->spdx + n, sizeof(it->spdx) - n, "%s%s", n ? " AND " : "", out);
}

static int map_license(struct decl_state *s, struct dp_error *err)
{
	struct item *it = &s->items[item_index("license")];
	struct dp_license_corpus *c;
	enum dp_license_class worst = DP_LICENSE_MAPPED;
	yajl_val v = it->v;
	size_t i;

	if (!it->source || it->text)
		return DP_OK;
	c = dp_license_corpus_load(err);
	if (!c)
		return err->status == DP_FATAL ? DP_FATAL : DP_OK;
	if (YAJL_IS_STRING(v) && !strcasecmp(v->u.string, "other")) {
		struct item *ln = &s->items[item_index("license_name")];
		struct item *ll = &s->items[item_index("license_link")];
		const char *alt = value_str(ll->v) ? value_str(ll->v) : value_str(ln->v);
		map_one(c, it, alt ? alt : "other", &worst);
	} else if (YAJL_IS_ARRAY(v)) {
		for (i = 0; i < v->u.array.len; i++)
			map_one(c, it, value_str(v->u.array.values[i]), &worst);
	} else {
		map_one(c, it, value_str(v), &worst);
	}
	it->cls = dp_license_class_name(worst);
	dp_license_corpus_free(c);
	return DP_OK;
}

static int readable(const struct doc *d)
{
	return d->root && strcmp(d->status, "skipped") != 0;
}

static int decl_finish(void *vs, struct dp_actx *ax, struct dp_error *err)
{
	struct decl_state *s = vs;
	size_t i;
	int rc = DP_OK;

	(void)ax;
	if (s->nd > 1)
		qsort(s->docs, s->nd, sizeof(s->docs[0]), doc_cmp);
	mark_roots(s);
	if (s->cfg->declared)
		rc = read_declared_file(s, s->cfg->declared, err);
	for (i = 0; rc != DP_FATAL && i < s->nd; i++)
		if (readable(&s->docs[i]) && s->docs[i].type == D_README)
			rc = read_readme(s, &s->docs[i]);
	for (i = 0; rc != DP_FATAL && i < s->nd; i++)
		if (readable(&s->docs[i]) && s->docs[i].type != D_README)
			rc = read_doc(s, &s->docs[i]);
	if (rc != DP_FATAL)
		rc = map_license(s, err);
	if (rc == DP_FATAL && !err->msg[0])
		dp_error_set(err, DP_FATAL, "out of memory");
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

/* ---- report ---- */

static void report_sources(const struct decl_state *s, struct dp_json *out)
{
	size_t i;

	dp_json_key(out, "sources");
	dp_json_arr_begin(out);
	if (s->cfg->declared) {
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "origin", s->cfg->declared);
		dp_json_kv_str(out, "type", "declared_file");
		dp_json_kv_str(out, "status", "ok");
		dp_json_obj_end(out);
	}
	for (i = 0; i < s->nd; i++) {
		const struct doc *d = &s->docs[i];
		if (!d->root || d->type == D_LICFILE)
			continue;
		dp_json_obj_begin(out);
		dp_json_kv_str(out, "origin", d->origin);
		dp_json_kv_str(out, "type", type_names[d->type]);
		dp_json_kv_str(out, "status", d->status);
		if (d->error)
			dp_json_kv_str(out, "error", d->error);
		dp_json_obj_end(out);
	}
	dp_json_arr_end(out);
	dp_json_key(out, "license_files");
	dp_json_arr_begin(out);
	for (i = 0; i < s->nd; i++)
		if (s->docs[i].root && s->docs[i].type == D_LICFILE)
			dp_json_str(out, s->docs[i].origin);
	dp_json_arr_end(out);
}

static void report_item(const struct item *it, struct dp_json *out)
{
	dp_json_obj_begin(out);
	dp_json_key(out, "value");
	if (it->text)
		dp_json_str(out, it->text);
	else
		dp_json_value(out, it->v);
	dp_json_kv_str(out, "source", it->source);
	dp_json_kv_u64(out, "line", it->line);
	if (it->cls) {
		dp_json_key(out, "spdx");
		if (it->spdx[0])
			dp_json_str(out, it->spdx);
		else
			dp_json_null(out);
		dp_json_kv_str(out, "class", it->cls);
	}
	dp_json_obj_end(out);
}

static void decl_report(void *vs, struct dp_json *out)
{
	const struct decl_state *s = vs;
	size_t i;

	dp_json_obj_begin(out);
	report_sources(s, out);
	dp_json_key(out, "items");
	dp_json_obj_begin(out);
	for (i = 0; dp_declared_items[i]; i++) {
		if (!s->items[i].source)
			continue;
		dp_json_key(out, dp_declared_items[i]);
		report_item(&s->items[i], out);
	}
	dp_json_obj_end(out);
	dp_json_key(out, "missing");
	dp_json_arr_begin(out);
	for (i = 0; dp_declared_items[i]; i++)
		if (!s->items[i].source)
			dp_json_str(out, dp_declared_items[i]);
	dp_json_arr_end(out);
	dp_json_obj_end(out);
}

/* ---- save / load (dataprov merge): the raw documents and levels, before finish ---- */

#define DECL_SIDE_VERSION 1
static const char *const status_names[] = { "ok", "truncated", "invalid", "skipped", NULL };

static int status_code(const char *st)
{
	int i;

	for (i = 0; status_names[i]; i++)
		if (!strcmp(status_names[i], st))
			return i;
	return 0;
}

static void save_doc(struct dp_json *j, const struct doc *d)
{
	uint64_t v[6] = { d->input_index, d->member_index, d->depth, d->level,
			  (uint64_t)d->type, (uint64_t)status_code(d->status) };

	dp_json_arr_begin(j);
	dp_state_save_bytes(j, d->origin, strlen(d->origin));
	dp_state_save_u64s(j, v, 6);
	dp_state_save_bytes(j, d->text.data ? d->text.data : "", d->text.len);
	dp_json_arr_end(j);
}

static int lvl_cmp(const void *pa, const void *pb)
{
	const struct lvl *a = pa, *b = pb;

	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	if (a->depth && a->input_index != b->input_index)
		return a->input_index < b->input_index ? -1 : 1;
	return a->level < b->level ? -1 : a->level > b->level;
}

/* Put documents in input order and keep one level entry per root (the smallest), so the
 * saved state is the same whatever the thread count. */
static void normalize(struct decl_state *s)
{
	size_t i, n = 0;

	if (s->nd > 1)
		qsort(s->docs, s->nd, sizeof(s->docs[0]), doc_cmp);
	if (s->nl > 1)
		qsort(s->lv, s->nl, sizeof(s->lv[0]), lvl_cmp);
	for (i = 0; i < s->nl; i++) {
		const struct lvl *l = &s->lv[i];
		if (n && s->lv[n - 1].depth == l->depth &&
		    (!l->depth || s->lv[n - 1].input_index == l->input_index))
			continue;   /* sorted: the first of a group has the smallest level */
		s->lv[n++] = *l;
	}
	s->nl = n;
}

static int decl_save(void *vs, const char *dir, struct dp_error *err)
{
	struct decl_state *s = vs;
	struct dp_json *j = dp_json_new(0);
	char path[4200];
	size_t i;
	int rc;

	if (!j)
		return dp_error_set(err, DP_FATAL, "declared: out of memory");
	normalize(s);
	dp_json_obj_begin(j);
	dp_json_kv_u64(j, "version", DECL_SIDE_VERSION);
	dp_json_key(j, "docs");
	dp_json_arr_begin(j);
	for (i = 0; i < s->nd; i++)
		save_doc(j, &s->docs[i]);
	dp_json_arr_end(j);
	dp_json_key(j, "levels");
	dp_json_arr_begin(j);
	for (i = 0; i < s->nl; i++) {
		uint64_t v[3] = { s->lv[i].input_index, s->lv[i].depth, s->lv[i].level };
		dp_state_save_u64s(j, v, 3);
	}
	dp_json_arr_end(j);
	dp_json_obj_end(j);
	snprintf(path, sizeof(path), "%s/declared.json", dir);
	rc = dp_side_write(path, j);
	dp_json_free(j);
	return rc ? dp_error_set(err, DP_FATAL, "declared: cannot write %s", path) : DP_OK;
}

static int load_doc(struct decl_state *s, yajl_val x, uint32_t offset, char *buf)
{
	uint64_t v[6];
	size_t n;
	struct doc *d;

	if (dp_state_load_bytes(dp_state_at(x, 0), buf, 4096, &n) != 0 ||
	    dp_state_load_u64s(dp_state_at(x, 1), v, 6) != 0 || v[4] > D_LICFILE || v[5] > 3 ||
	    v[2] > 1)
		return -1;
	if (!(d = doc_add(s)))
		return -1;
	d->origin = strndup(buf, n);
	d->input_index = (uint32_t)v[0] + offset;
	d->member_index = (uint32_t)v[1];
	d->depth = (unsigned)v[2];
	d->level = (unsigned)v[3];
	d->type = (enum doc_type)v[4];
	d->status = status_names[v[5]];
	dp_buf_init(&d->text, DP_DECLARED_DOC_BYTES);
	if (!d->origin || dp_state_load_bytes(dp_state_at(x, 2), buf, DP_DECLARED_DOC_BYTES + 1,
					       &n) != 0 || n > DP_DECLARED_DOC_BYTES)
		return -1;
	if (beyond_cap(d->depth, d->input_index) && d->type != D_LICFILE) {
		d->status = "skipped";   /* as one scan of all the shards would have it */
		return 0;
	}
	return n && dp_buf_add(&d->text, buf, n) != DP_OK ? -1 : 0;
}

static int load_body(struct decl_state *s, yajl_val v, uint32_t offset, char *buf)
{
	yajl_val docs = dp_jt_get(v, "docs"), lv = dp_jt_get(v, "levels");
	uint64_t ver = dp_jt_u64(v, "version", 0), l[3];
	struct dp_member m;
	size_t i;

	if (ver != DECL_SIDE_VERSION || !YAJL_IS_ARRAY(docs) || !YAJL_IS_ARRAY(lv))
		return -1;
	for (i = 0; i < dp_state_len(docs); i++)
		if (load_doc(s, dp_state_at(docs, i), offset, buf) != 0)
			return -1;
	for (i = 0; i < dp_state_len(lv); i++) {
		if (dp_state_load_u64s(dp_state_at(lv, i), l, 3) != 0 || l[1] > 1)
			return -1;
		memset(&m, 0, sizeof(m));
		m.input_index = (uint32_t)l[0] + offset;
		m.depth = (unsigned)l[1];
		if (note_level(s, &m, (unsigned)l[2]) != DP_OK)
			return -1;
	}
	return 0;
}

static int decl_load(void *vs, const struct dp_load_ctx *lc, struct dp_error *err)
{
	char path[4200], msg[256], *buf = malloc(DP_DECLARED_DOC_BYTES + 1);
	yajl_val v;
	int rc;

	snprintf(path, sizeof(path), "%s/declared.json", lc->dir);
	if (!buf)
		return dp_error_set(err, DP_FATAL, "declared: out of memory");
	if (!(v = dp_jt_load(path, msg, sizeof(msg)))) {
		free(buf);
		return dp_error_set(err, DP_FATAL, "declared: cannot read %s: %s", path, msg);
	}
	rc = load_body(vs, v, lc->input_offset, buf);
	yajl_tree_free(v);
	free(buf);
	return rc ? dp_error_set(err, DP_FATAL, "declared: %s is malformed or memory ran out",
				 path) : DP_OK;
}

const struct dp_analyser_type dp_analyser_declared = {
	.name = "declared",
	.create = decl_create,
	.destroy = decl_destroy,
	.member_begin = decl_member_begin,
	.member_data = decl_member_data,
	.member_end = decl_member_end,
	.merge = decl_merge,
	.finish = decl_finish,
	.report = decl_report,
	.save = decl_save,
	.load = decl_load,
};

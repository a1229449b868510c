/* croissant.c - croissant.json: Croissant 1.0 metadata with the RAI vocabulary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/array.h"
#include "report/jsonout.h"
#include "report/view.h"
#include "report/writer.h"

#define MAX_FILESETS 64   /* distinct archive entry patterns described as FileSets */

/* One FileSet: archive entries of one name pattern, in every archive that holds some. */
struct fileset {
	char pattern[64];
	const char *format;       /* leaf reader format */
	const char *mime;         /* what the matched entries are */
	size_t *inputs;           /* archives (input indexes) holding such entries */
	size_t n, cap;
};

struct cr {
	yajl_val r;
	struct dp_json *j;
	yajl_val members;
	struct dp_member_index mi;   /* members by input */
	struct fileset fs[MAX_FILESETS];
	size_t nfs;
};

static const char *const context_terms[][2] = {
	{ "citeAs", "cr:citeAs" }, { "column", "cr:column" }, { "conformsTo", "dct:conformsTo" },
	{ "cr", "http://mlcommons.org/croissant/" }, { "rai", "http://mlcommons.org/croissant/RAI/" },
	{ "dct", "http://purl.org/dc/terms/" }, { "extract", "cr:extract" }, { "field", "cr:field" },
	{ "fileProperty", "cr:fileProperty" }, { "fileObject", "cr:fileObject" },
	{ "fileSet", "cr:fileSet" }, { "format", "cr:format" }, { "includes", "cr:includes" },
	{ "isLiveDataset", "cr:isLiveDataset" }, { "jsonPath", "cr:jsonPath" }, { "key", "cr:key" },
	{ "md5", "cr:md5" }, { "parentField", "cr:parentField" }, { "path", "cr:path" },
	{ "recordSet", "cr:recordSet" }, { "references", "cr:references" }, { "regex", "cr:regex" },
	{ "repeated", "cr:repeated" }, { "replace", "cr:replace" }, { "sc", "https://schema.org/" },
	{ "separator", "cr:separator" }, { "source", "cr:source" }, { "subField", "cr:subField" },
	{ "transform", "cr:transform" },
};

static void typed_term(struct dp_json *j, const char *key, const char *id, const char *type)
{
	dp_json_key(j, key);
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "@id", id);
	dp_json_kv_str(j, "@type", type);
	dp_json_obj_end(j);
}

static void context(struct dp_json *j)
{
	size_t i;

	dp_json_key(j, "@context");
	dp_json_obj_begin(j);
	dp_json_kv_str(j, "@language", "en");
	dp_json_kv_str(j, "@vocab", "https://schema.org/");
	for (i = 0; i < sizeof(context_terms) / sizeof(context_terms[0]); i++)
		dp_json_kv_str(j, context_terms[i][0], context_terms[i][1]);
	typed_term(j, "data", "cr:data", "@json");
	typed_term(j, "dataType", "cr:dataType", "@vocab");
	typed_term(j, "examples", "cr:examples", "@json");
	dp_json_obj_end(j);
}

/* A declared value as text: a string, or a list of strings joined by "; ". */
static int text_of(yajl_val v, char *buf, size_t cap)
{
	size_t i, n = 0;

	buf[0] = '\0';
	if (YAJL_IS_STRING(v)) {
		snprintf(buf, cap, "%s", v->u.string);
		return buf[0] != '\0';
	}
	for (i = 0; i < dp_view_len(v) && n < cap; i++) {
		yajl_val x = v->u.array.values[i];
		const char *s = YAJL_IS_STRING(x) ? x->u.string : dp_jt_str(x, "name", NULL);
		if (s)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "; " : "", s);
	}
	return buf[0] != '\0';
}

static void kv_declared(struct cr *c, const char *key, const char *item)
{
	char buf[4096];

	if (text_of(dp_view_declared(c->r, item), buf, sizeof(buf)))
		dp_json_kv_str(c->j, key, buf);
}

/* The license as URLs of the SPDX list (one per id of the expression). */
static void license(struct cr *c)
{
	const char *e = dp_view_declared_spdx(c->r);
	yajl_val sum = dp_jt_get(c->r, "licenses.summary");
	char url[320];
	const char *p;

	if (!e && dp_view_len(sum) == 1)
		e = dp_jt_str(sum->u.array.values[0], "spdx", NULL);
	if (!e)
		return;
	dp_json_key(c->j, "license");
	dp_json_arr_begin(c->j);
	for (p = e; *p;) {
		size_t n = strcspn(p, " ()");
		if (n && strncmp(p, "AND", n) && strncmp(p, "OR", n) && strncmp(p, "WITH", n) &&
		    strncmp(p, "LicenseRef-", 11)) {
			snprintf(url, sizeof(url), "https://spdx.org/licenses/%.*s.html", (int)n, p);
			dp_json_str(c->j, url);
		} else if (n && !strncmp(p, "LicenseRef-", 11)) {
			/* not on the SPDX list: the declared link, else the id itself */
			const char *link = dp_view_declared_str(c->r, "license_link");
			snprintf(url, sizeof(url), "%.*s", (int)n, p);
			dp_json_str(c->j, link ? link : url);
		}
		p += n ? n : 1;
	}
	dp_json_arr_end(c->j);
}

static void creators(struct cr *c)
{
	yajl_val v = dp_view_declared(c->r, "creators");
	size_t i;

	if (!v)
		return;
	dp_json_key(c->j, "creator");
	dp_json_arr_begin(c->j);
	for (i = 0; YAJL_IS_STRING(v) ? i < 1 : i < dp_view_len(v); i++) {
		yajl_val x = YAJL_IS_STRING(v) ? v : v->u.array.values[i];
		const char *name = YAJL_IS_STRING(x) ? x->u.string : dp_jt_str(x, "name", NULL);
		if (!name)
			continue;
		dp_json_obj_begin(c->j);
		dp_json_kv_str(c->j, "@type", "sc:Person");
		dp_json_kv_str(c->j, "name", name);
		if (dp_jt_str(x, "url", NULL))
			dp_json_kv_str(c->j, "url", dp_jt_str(x, "url", NULL));
		dp_json_obj_end(c->j);
	}
	dp_json_arr_end(c->j);
}

static void languages(struct cr *c)
{
	yajl_val l = dp_jt_get(c->r, "scope.languages.languages");
	size_t i;

	if (!dp_view_len(l))
		return;
	dp_json_key(c->j, "inLanguage");
	dp_json_arr_begin(c->j);
	for (i = 0; i < dp_view_len(l); i++)
		dp_json_str(c->j, dp_jt_str(l->u.array.values[i], "code", "und"));
	dp_json_arr_end(c->j);
}

static void description(struct cr *c)
{
	char buf[512];
	const char *d = dp_view_declared_str(c->r, "summary");

	if (!d) {
		snprintf(buf, sizeof(buf), "%llu records in %llu files, inventoried by dataprov; no "
			 "description was declared.",
			 (unsigned long long)dp_jt_u64(c->r, "records.total", 0),
			 (unsigned long long)dp_jt_u64(c->r, "coverage.members", 0));
		d = buf;
	}
	dp_json_kv_str(c->j, "description", d);
}

/* rai:personalSensitiveInformation: declared, else what was measured (counts, no values). */
static void rai_pii(struct cr *c)
{
	char buf[512];
	uint64_t pii = dp_view_pii_findings(c->r, "pii"), sec = dp_view_pii_findings(c->r, "secret");

	if (text_of(dp_view_declared(c->r, "personal_information"), buf, sizeof(buf))) {
		dp_json_kv_str(c->j, "rai:personalSensitiveInformation", buf);
		return;
	}
	if (!dp_jt_get(c->r, "pii"))
		return;
	snprintf(buf, sizeof(buf), "Not declared. Measured by dataprov pattern rules: %llu possible "
		 "personal data findings and %llu possible secrets in %llu records%s.",
		 (unsigned long long)pii, (unsigned long long)sec,
		 (unsigned long long)dp_jt_u64(c->r, "pii.records_with_findings", 0),
		 pii + sec ? "" : " (no match is not proof of absence)");
	dp_json_kv_str(c->j, "rai:personalSensitiveInformation", buf);
}

static void dataset_props(struct cr *c)
{
	char name[256];

	dp_json_kv_str(c->j, "@type", "sc:Dataset");
	dp_json_kv_str(c->j, "name", dp_view_name(c->r, name, sizeof(name)));
	description(c);
	dp_json_kv_str(c->j, "conformsTo", "http://mlcommons.org/croissant/1.0");
	license(c);
	if (dp_view_declared_str(c->r, "homepage"))
		kv_declared(c, "url", "homepage");
	else
		kv_declared(c, "url", "repository");
	kv_declared(c, "version", "version");
	kv_declared(c, "citeAs", "citation");
	creators(c);
	languages(c);
	kv_declared(c, "rai:dataCollection", "collection_process");
	kv_declared(c, "rai:dataAnnotationProtocol", "annotation_process");
	kv_declared(c, "rai:dataPreprocessingProtocol", "preprocessing");
	kv_declared(c, "rai:dataBiases", "biases");
	kv_declared(c, "rai:dataLimitations", "limitations");
	kv_declared(c, "rai:dataUseCases", "intended_uses");
	kv_declared(c, "rai:dataReleaseMaintenancePlan", "maintenance");
	rai_pii(c);
}

/* ---- distribution ---- */

static const char *mime_of(const char *format)
{
	static const char *const map[][2] = { { "jsonl", "application/jsonlines" },
		{ "json", "application/json" }, { "csv", "text/csv" },
		{ "tsv", "text/tab-separated-values" }, { "text", "text/plain" },
		{ "tar", "application/x-tar" }, { "zip", "application/zip" },
		{ "7zip", "application/x-7z-compressed" }, { "gzip", "application/gzip" },
		{ "zstd", "application/zstd" }, { "bzip2", "application/x-bzip2" },
		{ "xz", "application/x-xz" }, { "png", "image/png" }, { "jpeg", "image/jpeg" },
		{ "parquet", "application/x-parquet" } };
	size_t i;

	for (i = 0; format && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], format))
			return map[i][1];
	return "application/octet-stream";
}

/* Member k of input i (k-th in report order), or NULL. */
static yajl_val input_member(const struct cr *c, size_t i, size_t k)
{
	if (i >= c->mi.n_inputs || !c->mi.start || c->mi.start[i] + k >= c->mi.start[i + 1])
		return NULL;
	return c->members->u.array.values[c->mi.idx[c->mi.start[i] + k]];
}

/* The format of the first member of input i (its leaf format). */
static const char *member_format(const struct cr *c, size_t i)
{
	return dp_jt_str(input_member(c, i, 0), "format", NULL);
}

static const char *input_mime(const struct cr *c, yajl_val in, size_t i)
{
	const char *cont = dp_jt_str(in, "container", "none");
	const char *comp = dp_jt_str(in, "compression", "none");

	if (strcmp(cont, "none") != 0)
		return mime_of(cont);
	if (strcmp(comp, "none") != 0)
		return mime_of(comp);
	if (strlen(dp_jt_str(in, "path", "")) > 3 &&
	    !strcasecmp(dp_jt_str(in, "path", "") + strlen(dp_jt_str(in, "path", "")) - 3, ".md"))
		return "text/markdown";
	return mime_of(member_format(c, i));
}

static void file_object(struct cr *c, yajl_val in, size_t i)
{
	const char *path = dp_jt_str(in, "path", "?"), *sha = dp_jt_str(in, "sha256", NULL);

	dp_json_obj_begin(c->j);
	dp_json_kv_str(c->j, "@type", "cr:FileObject");
	dp_json_kv_str(c->j, "@id", path);
	dp_json_kv_str(c->j, "name", path);
	dp_json_kv_str(c->j, "contentUrl", path);
	dp_json_kv_u64(c->j, "contentSize", dp_jt_u64(in, "bytes", 0));
	dp_json_kv_str(c->j, "encodingFormat", input_mime(c, in, i));
	if (sha)
		dp_json_kv_str(c->j, "sha256", sha);
	dp_json_obj_end(c->j);
}

/* Members of an archive input, grouped by the file-name pattern of their archive entry
 * ("*.jsonl.zst"): one FileSet each. */
struct group {
	char pattern[64];
	const char *format;      /* leaf reader format */
	const char *mime;        /* what the matched entries are */
};
#define MAX_GROUPS 16

static const char *compressed_mime(const char *entry_end)
{
	static const char *const ext[][2] = { { ".gz", "application/gzip" },
		{ ".zst", "application/zstd" }, { ".bz2", "application/x-bzip2" },
		{ ".xz", "application/x-xz" } };
	size_t i, n = strlen(entry_end), e;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		e = strlen(ext[i][0]);
		if (n >= e && !strcmp(entry_end + n - e, ext[i][0]))
			return ext[i][1];
	}
	return NULL;
}

static size_t groups_of(const struct cr *c, size_t input, const char *path, struct group *g)
{
	yajl_val x;
	size_t i, k, ng = 0, n = strlen(path);
	char entry[512];

	for (i = 0; (x = input_member(c, input, i)) != NULL && ng < MAX_GROUPS; i++) {
		const char *o = dp_jt_str(x, "origin", "");
		const char *f = dp_jt_str(x, "format", NULL);
		const char *e, *end, *base, *dot;
		if (!f || strncmp(o, path, n) || strncmp(o + n, "!/", 2))
			continue;
		e = o + n + 2;
		end = strstr(e, "!/");
		snprintf(entry, sizeof(entry), "%.*s", (int)(end ? (size_t)(end - e) : strlen(e)), e);
		base = strrchr(entry, '/') ? strrchr(entry, '/') + 1 : entry;
		dot = strchr(base, '.');
		snprintf(g[ng].pattern, sizeof(g[ng].pattern), "%s%s", dot ? "**/*" : "**/", dot ? dot : base);
		g[ng].format = f;
		g[ng].mime = end && compressed_mime(entry) ? compressed_mime(entry) : mime_of(f);
		for (k = 0; k < ng && strcmp(g[k].pattern, g[ng].pattern); k++)
			;
		ng += k == ng;
	}
	return ng;
}

static int fileset_add(struct fileset *f, size_t input)
{
	if (f->n && f->inputs[f->n - 1] == input)
		return 0;
	if (dp_array_grow((void **)&f->inputs, &f->cap, f->n + 1, sizeof(*f->inputs)))
		return -1;
	f->inputs[f->n++] = input;
	return 0;
}

/* Group every archive's entries by pattern across archives, in input order. */
static int build_filesets(struct cr *c)
{
	yajl_val in = dp_jt_get(c->r, "inputs");
	struct group g[MAX_GROUPS];
	size_t i, k, f, ng;

	for (i = 0; i < dp_view_len(in); i++) {
		yajl_val x = in->u.array.values[i];
		if (!strcmp(dp_jt_str(x, "container", "none"), "none"))
			continue;
		ng = groups_of(c, i, dp_jt_str(x, "path", "?"), g);
		for (k = 0; k < ng; k++) {
			for (f = 0; f < c->nfs && (strcmp(c->fs[f].pattern, g[k].pattern) ||
						   strcmp(c->fs[f].mime, g[k].mime)); f++)
				;
			if (f == c->nfs && c->nfs == MAX_FILESETS)
				continue;
			if (f == c->nfs) {
				memcpy(c->fs[f].pattern, g[k].pattern, sizeof(g[k].pattern));
				c->fs[f].format = g[k].format;
				c->fs[f].mime = g[k].mime;
				c->nfs++;
			}
			if (fileset_add(&c->fs[f], i) != 0)
				return -1;
		}
	}
	return 0;
}

static void free_filesets(struct cr *c)
{
	size_t f;

	for (f = 0; f < c->nfs; f++)
		free(c->fs[f].inputs);
	c->nfs = 0;
}

static void fileset_id(char *buf, size_t cap, size_t f)
{
	snprintf(buf, cap, "fileset-%zu", f + 1);
}

static void file_sets(struct cr *c)
{
	yajl_val in = dp_jt_get(c->r, "inputs");
	size_t f, k;
	char id[64];

	for (f = 0; f < c->nfs; f++) {
		fileset_id(id, sizeof(id), f);
		dp_json_obj_begin(c->j);
		dp_json_kv_str(c->j, "@type", "cr:FileSet");
		dp_json_kv_str(c->j, "@id", id);
		dp_json_kv_str(c->j, "name", id);
		dp_json_key(c->j, "containedIn");
		dp_json_arr_begin(c->j);
		for (k = 0; k < c->fs[f].n; k++) {
			dp_json_obj_begin(c->j);
			dp_json_kv_str(c->j, "@id", dp_jt_str(in->u.array.values[c->fs[f].inputs[k]],
							     "path", "?"));
			dp_json_obj_end(c->j);
		}
		dp_json_arr_end(c->j);
		dp_json_kv_str(c->j, "encodingFormat", c->fs[f].mime);
		dp_json_kv_str(c->j, "includes", c->fs[f].pattern);
		dp_json_obj_end(c->j);
	}
}

static void distribution(struct cr *c)
{
	yajl_val in = dp_jt_get(c->r, "inputs");
	size_t i;

	dp_json_key(c->j, "distribution");
	dp_json_arr_begin(c->j);
	for (i = 0; i < dp_view_len(in); i++)
		if (!dp_view_input_excluded(in->u.array.values[i]))
			file_object(c, in->u.array.values[i], i); /* not .git: no part of it */
	file_sets(c);
	dp_json_arr_end(c->j);
}

/* ---- record sets: the run-wide schema, one record set per record source ---- */

static const char *data_type(const char *t)
{
	if (!strcmp(t, "number"))
		return "sc:Float";
	if (!strcmp(t, "integer"))
		return "sc:Integer";
	if (!strcmp(t, "bool") || !strcmp(t, "boolean"))
		return "sc:Boolean";
	if (!strcmp(t, "string"))
		return "sc:Text";
	return NULL;
}

static int record_format(const char *f)
{
	return f && (!strcmp(f, "jsonl") || !strcmp(f, "json") || !strcmp(f, "csv") ||
		     !strcmp(f, "tsv") || !strcmp(f, "text"));
}

static void source_ref(struct cr *c, const char *kind, const char *id)
{
	dp_json_key(c->j, kind);
	dp_json_obj_begin(c->j);
	dp_json_kv_str(c->j, "@id", id);
	dp_json_obj_end(c->j);
}

static void field(struct cr *c, const char *rs, const char *path, const char *type,
		  const char *kind, const char *src, const char *format)
{
	char id[600], jp[520];

	snprintf(id, sizeof(id), "%s/%s", rs, path);
	dp_json_obj_begin(c->j);
	dp_json_kv_str(c->j, "@type", "cr:Field");
	dp_json_kv_str(c->j, "@id", id);
	dp_json_kv_str(c->j, "name", id);
	dp_json_kv_str(c->j, "dataType", type);
	dp_json_key(c->j, "source");
	dp_json_obj_begin(c->j);
	source_ref(c, kind, src);
	dp_json_key(c->j, "extract");
	dp_json_obj_begin(c->j);
	if (!strcmp(format, "text")) {
		dp_json_kv_str(c->j, "fileProperty", "content");
	} else if (!strcmp(format, "csv") || !strcmp(format, "tsv")) {
		dp_json_kv_str(c->j, "column", path);
	} else {
		snprintf(jp, sizeof(jp), "$.%s", path);
		dp_json_kv_str(c->j, "jsonPath", jp);
	}
	dp_json_obj_end(c->j);
	dp_json_obj_end(c->j);
	dp_json_obj_end(c->j);
}

static void record_set(struct cr *c, const char *rs, const char *kind, const char *src,
		       const char *format)
{
	yajl_val f = dp_jt_get(c->r, "scope.schema.fields");
	size_t i;

	dp_json_obj_begin(c->j);
	dp_json_kv_str(c->j, "@type", "cr:RecordSet");
	dp_json_kv_str(c->j, "@id", rs);
	dp_json_kv_str(c->j, "name", rs);
	dp_json_kv_str(c->j, "description", "Fields of the run-wide schema measured by dataprov.");
	dp_json_key(c->j, "field");
	dp_json_arr_begin(c->j);
	if (!strcmp(format, "text"))
		field(c, rs, "content", "sc:Text", kind, src, format);
	for (i = 0; strcmp(format, "text") && i < dp_view_len(f); i++) {
		yajl_val x = f->u.array.values[i];
		const char *t = data_type(dp_jt_str(x, "type", ""));
		const char *p = dp_jt_str(x, "path", NULL);
		if (t && p && !strchr(p, '/') && !YAJL_IS_TRUE(dp_jt_get(x, "masked")))
			field(c, rs, p, t, kind, src, format);
	}
	dp_json_arr_end(c->j);
	dp_json_obj_end(c->j);
}

/* README, metadata and license files describe the data; they are not record sources. */
static int is_documentation(yajl_val r, const char *path)
{
	yajl_val src = dp_jt_get(r, "declared.sources"), lf = dp_jt_get(r, "declared.license_files");
	size_t i;

	for (i = 0; i < dp_view_len(src); i++)
		if (!strcmp(dp_jt_str(src->u.array.values[i], "origin", ""), path))
			return 1;
	for (i = 0; i < dp_view_len(lf); i++)
		if (YAJL_IS_STRING(lf->u.array.values[i]) && !strcmp(lf->u.array.values[i]->u.string, path))
			return 1;
	return 0;
}

static void record_sets(struct cr *c)
{
	yajl_val in = dp_jt_get(c->r, "inputs");
	char rs[64], fs[64];
	size_t i, f;

	dp_json_key(c->j, "recordSet");
	dp_json_arr_begin(c->j);
	for (i = 0; i < dp_view_len(in); i++) {
		yajl_val x = in->u.array.values[i];
		const char *path = dp_jt_str(x, "path", "?"), *fmt = member_format(c, i);
		if (!dp_jt_u64(x, "records", 0) || is_documentation(c->r, path) ||
		    strcmp(dp_jt_str(x, "container", "none"), "none") || !record_format(fmt))
			continue;
		snprintf(rs, sizeof(rs), "records-%zu", i + 1);
		record_set(c, rs, "fileObject", path, fmt);
	}
	for (f = 0; f < c->nfs; f++) {
		if (!record_format(c->fs[f].format))
			continue;
		fileset_id(fs, sizeof(fs), f);
		snprintf(rs, sizeof(rs), "records-set-%zu", f + 1);
		record_set(c, rs, "fileSet", fs, c->fs[f].format);
	}
	dp_json_arr_end(c->j);
}

static int render_croissant(yajl_val r, const char *path, struct dp_error *err)
{
	struct cr c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.members = dp_jt_get(r, "members");
	if (dp_view_member_index(r, &c.mi) != 0 || build_filesets(&c) != 0 ||
	    !(c.j = dp_json_new(1))) {
		free_filesets(&c);
		dp_view_member_index_free(&c.mi);
		return dp_error_set(err, DP_FATAL, "out of memory");
	}
	dp_json_obj_begin(c.j);
	context(c.j);
	dataset_props(&c);
	distribution(&c);
	record_sets(&c);
	dp_json_obj_end(c.j);
	rc = dp_jsonout_save(path, c.j, err);
	dp_json_free(c.j);
	free_filesets(&c);
	dp_view_member_index_free(&c.mi);
	return rc;
}

const struct dp_writer dp_writer_croissant = { "croissant", "croissant.json", render_croissant };

/* spdx.c - spdx.json: an SPDX 3.0.1 JSON-LD document with a dataset_DatasetPackage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "report/jsonout.h"
#include "report/view.h"
#include "report/writer.h"

#define SPDX_NOASSERTION_LICENSE "expandedlicensing_NoAssertionLicense"
#define MAX_LICS 128

struct sp {
	yajl_val r;
	struct dp_json *j;
	char base[96];          /* IRI prefix of every element of this document */
	const char *lics[MAX_LICS];  /* distinct license expressions (borrowed from the tree) */
	size_t nlics;
	unsigned rel;           /* relationship counter */
};

/* A stable namespace from the inputs' SHA-256 digests (FNV-1a over them). */
static void make_base(struct sp *s)
{
	yajl_val in = dp_jt_get(s->r, "inputs");
	unsigned long long h = 1469598103934665603ULL;
	size_t i;
	const char *p;

	for (i = 0; i < dp_view_len(in); i++)
		for (p = dp_jt_str(in->u.array.values[i], "sha256", ""); *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(s->base, sizeof(s->base), "https://spdx.org/spdxdocs/dataprov-%016llx", h);
}

static void id_kv(struct sp *s, const char *key, const char *local)
{
	char iri[160];

	snprintf(iri, sizeof(iri), "%s#%s", s->base, local);
	dp_json_kv_str(s->j, key, iri);
}

static void id_str(struct sp *s, const char *local)
{
	char iri[160];

	snprintf(iri, sizeof(iri), "%s#%s", s->base, local);
	dp_json_str(s->j, iri);
}

static void element(struct sp *s, const char *type, const char *local)
{
	dp_json_obj_begin(s->j);
	dp_json_kv_str(s->j, "type", type);
	id_kv(s, "spdxId", local);
	dp_json_kv_str(s->j, "creationInfo", "_:creationinfo");
}

static void creation(struct sp *s)
{
	char name[96];

	dp_json_obj_begin(s->j);
	dp_json_kv_str(s->j, "type", "CreationInfo");
	dp_json_kv_str(s->j, "@id", "_:creationinfo");
	dp_json_kv_str(s->j, "specVersion", "3.0.1");
	/* deterministic unless the scan recorded its time (--timestamp) */
	dp_json_kv_str(s->j, "created", dp_jt_str(s->r, "generated_at", "1970-01-01T00:00:00Z"));
	dp_json_key(s->j, "createdBy");
	dp_json_arr_begin(s->j);
	id_str(s, "agent-dataprov");
	dp_json_arr_end(s->j);
	dp_json_key(s->j, "createdUsing");
	dp_json_arr_begin(s->j);
	id_str(s, "tool-dataprov");
	dp_json_arr_end(s->j);
	dp_json_obj_end(s->j);
	element(s, "SoftwareAgent", "agent-dataprov");
	dp_json_kv_str(s->j, "name", "dataprov");
	dp_json_obj_end(s->j);
	element(s, "Tool", "tool-dataprov");
	snprintf(name, sizeof(name), "dataprov %s", dp_jt_str(s->r, "tool.version", "unknown"));
	dp_json_kv_str(s->j, "name", name);
	dp_json_obj_end(s->j);
}

static void lic_add(struct sp *s, const char *e)
{
	size_t i;

	if (!e || !e[0])
		return;
	for (i = 0; i < s->nlics; i++)
		if (!strcmp(s->lics[i], e))
			return;
	if (s->nlics < MAX_LICS)
		s->lics[s->nlics++] = e;
}

static size_t lic_index(const struct sp *s, const char *e)
{
	size_t i;

	for (i = 0; i < s->nlics; i++)
		if (e && !strcmp(s->lics[i], e))
			return i;
	return MAX_LICS;
}

/* Licenses found anywhere (licenses.summary), then the declared one. */
static void collect_licenses(struct sp *s)
{
	yajl_val sum = dp_jt_get(s->r, "licenses.summary");
	size_t i;

	for (i = 0; i < dp_view_len(sum); i++)
		lic_add(s, dp_jt_str(sum->u.array.values[i], "spdx", NULL));
	lic_add(s, dp_view_declared_spdx(s->r));
}

static void licenses(struct sp *s)
{
	char local[32];
	size_t i;

	for (i = 0; i < s->nlics; i++) {
		snprintf(local, sizeof(local), "license-%zu", i + 1);
		element(s, "simplelicensing_LicenseExpression", local);
		dp_json_kv_str(s->j, "simplelicensing_licenseExpression", s->lics[i]);
		dp_json_obj_end(s->j);
	}
}

static void dataset_types(struct sp *s)
{
	static const char *const map[][2] = { { "text", "text" }, { "tabular", "structured" },
		{ "image", "image" }, { "audio", "audio" }, { "video", "video" } };
	yajl_val m = dp_jt_get(s->r, "scope.modality.modalities");
	size_t i, k, n = 0;

	dp_json_key(s->j, "dataset_datasetType");
	dp_json_arr_begin(s->j);
	for (i = 0; i < dp_view_len(m); i++) {
		const char *x = YAJL_IS_STRING(m->u.array.values[i]) ? m->u.array.values[i]->u.string : "";
		for (k = 0; k < sizeof(map) / sizeof(map[0]); k++)
			if (!strcmp(x, map[k][0])) {
				dp_json_str(s->j, map[k][1]);
				n++;
			}
	}
	if (!n)
		dp_json_str(s->j, "noAssertion");
	dp_json_arr_end(s->j);
}

static void declared_text(struct sp *s, const char *key, const char *item, int as_list)
{
	const char *v = dp_view_declared_str(s->r, item);

	if (!v)
		return;
	dp_json_key(s->j, key);
	if (as_list)
		dp_json_arr_begin(s->j);
	dp_json_str(s->j, v);
	if (as_list)
		dp_json_arr_end(s->j);
}

static void package(struct sp *s)
{
	char name[256];
	int pii = dp_view_pii_findings(s->r, "pii") + dp_view_pii_findings(s->r, "secret") > 0;

	element(s, "dataset_DatasetPackage", "dataset");
	dp_json_kv_str(s->j, "name", dp_view_name(s->r, name, sizeof(name)));
	declared_text(s, "summary", "summary", 0);
	declared_text(s, "software_packageVersion", "version", 0);
	declared_text(s, "software_homePage", "homepage", 0);
	dp_json_kv_str(s->j, "software_primaryPurpose", "data");
	dataset_types(s);
	dp_json_kv_u64(s->j, "dataset_datasetSize", dp_jt_u64(s->r, "coverage.bytes_read", 0));
	/* yes when PII or secrets were found; never "no" from the absence of matches */
	dp_json_kv_str(s->j, "dataset_hasSensitivePersonalInformation", pii ? "yes" : "noAssertion");
	declared_text(s, "dataset_intendedUse", "intended_uses", 0);
	declared_text(s, "dataset_dataCollectionProcess", "collection_process", 0);
	declared_text(s, "dataset_dataPreprocessing", "preprocessing", 1);
	declared_text(s, "dataset_knownBias", "biases", 1);
	declared_text(s, "dataset_anonymizationMethodUsed", "personal_information", 1);
	dp_json_obj_end(s->j);
}

static void files(struct sp *s)
{
	yajl_val in = dp_jt_get(s->r, "inputs");
	char local[32];
	size_t i;

	for (i = 0; i < dp_view_len(in); i++) {
		yajl_val x = in->u.array.values[i];
		const char *sha = dp_jt_str(x, "sha256", NULL);
		if (dp_view_input_excluded(x))
			continue; /* .git and the like are no file of the dataset */
		snprintf(local, sizeof(local), "file-%zu", i + 1);
		element(s, "software_File", local);
		dp_json_kv_str(s->j, "name", dp_jt_str(x, "path", "?"));
		if (sha && strlen(sha) == 64) {
			dp_json_key(s->j, "verifiedUsing");
			dp_json_arr_begin(s->j);
			dp_json_obj_begin(s->j);
			dp_json_kv_str(s->j, "type", "Hash");
			dp_json_kv_str(s->j, "algorithm", "sha256");
			dp_json_kv_str(s->j, "hashValue", sha);
			dp_json_obj_end(s->j);
			dp_json_arr_end(s->j);
		}
		dp_json_obj_end(s->j);
	}
}

static void rel_begin(struct sp *s, const char *from, const char *type)
{
	char local[32];

	snprintf(local, sizeof(local), "relationship-%u", ++s->rel);
	element(s, "Relationship", local);
	id_kv(s, "from", from);
	dp_json_kv_str(s->j, "relationshipType", type);
	dp_json_key(s->j, "to");
	dp_json_arr_begin(s->j);
}

static void rel_end(struct sp *s)
{
	dp_json_arr_end(s->j);
	dp_json_obj_end(s->j);
}

static void lic_ref(struct sp *s, size_t i)
{
	char local[32];

	snprintf(local, sizeof(local), "license-%zu", i + 1);
	id_str(s, local);
}

static void file_rel(struct sp *s, size_t fi, const unsigned char *used)
{
	char local[32];
	size_t k, n = 0;

	for (k = 0; k < s->nlics; k++)
		n += used[k];
	if (!n)
		return;
	snprintf(local, sizeof(local), "file-%zu", fi + 1);
	rel_begin(s, local, "hasDeclaredLicense");
	for (k = 0; k < s->nlics; k++)
		if (used[k])
			lic_ref(s, k);
	rel_end(s);
}

/* hasDeclaredLicense from each input file to the licenses detected inside it. */
static void file_licenses(struct sp *s)
{
	yajl_val d = dp_jt_get(s->r, "licenses.detections");
	struct dp_input_lookup l;
	unsigned char *used;
	size_t i, k, f;

	if (dp_view_lookup_init(s->r, &l) != 0 || !l.n || !dp_view_len(d)) {
		dp_view_lookup_release(&l);
		return;
	}
	used = calloc(l.n, MAX_LICS);
	for (i = 0; used && i < dp_view_len(d); i++) {
		yajl_val x = d->u.array.values[i];
		k = lic_index(s, dp_jt_str(x, "spdx", NULL));
		f = dp_view_lookup(&l, dp_jt_str(x, "origin", ""));
		if (k < MAX_LICS && f < l.n)
			used[f * MAX_LICS + k] = 1;
	}
	for (f = 0; used && f < l.n; f++)
		file_rel(s, f, used + f * MAX_LICS);
	free(used);
	dp_view_lookup_release(&l);
}

/* The ids of the software_File elements files() wrote, in the same order: one per input
 * that is part of the dataset. */
static void file_ids(struct sp *s)
{
	yajl_val in = dp_jt_get(s->r, "inputs");
	char local[32];
	size_t i;

	for (i = 0; i < dp_view_len(in); i++) {
		if (dp_view_input_excluded(in->u.array.values[i]))
			continue;
		snprintf(local, sizeof(local), "file-%zu", i + 1);
		id_str(s, local);
	}
}

static void relationships(struct sp *s)
{
	size_t i;

	rel_begin(s, "dataset", "contains");
	file_ids(s);
	rel_end(s);
	rel_begin(s, "dataset", "hasDeclaredLicense");
	for (i = 0; i < s->nlics; i++)
		lic_ref(s, i);
	if (!s->nlics)
		dp_json_str(s->j, SPDX_NOASSERTION_LICENSE);
	rel_end(s);
	rel_begin(s, "dataset", "hasConcludedLicense");
	if (dp_view_license_concluded(s->r))
		lic_ref(s, lic_index(s, dp_view_declared_spdx(s->r)));
	else
		dp_json_str(s->j, SPDX_NOASSERTION_LICENSE);
	rel_end(s);
	file_licenses(s);
}

static void document(struct sp *s)
{
	char name[256], local[32];
	size_t i;
	unsigned k;

	element(s, "SpdxDocument", "document");
	dp_json_kv_str(s->j, "name", dp_view_name(s->r, name, sizeof(name)));
	dp_json_key(s->j, "profileConformance");
	dp_json_arr_begin(s->j);
	dp_json_str(s->j, "core");
	dp_json_str(s->j, "software");
	dp_json_str(s->j, "dataset");
	dp_json_str(s->j, "simpleLicensing");
	dp_json_arr_end(s->j);
	dp_json_key(s->j, "rootElement");
	dp_json_arr_begin(s->j);
	id_str(s, "dataset");
	dp_json_arr_end(s->j);
	dp_json_key(s->j, "element");
	dp_json_arr_begin(s->j);
	id_str(s, "dataset");
	file_ids(s);
	for (i = 0; i < s->nlics; i++)
		lic_ref(s, i);
	for (k = 1; k <= s->rel; k++) {
		snprintf(local, sizeof(local), "relationship-%u", k);
		id_str(s, local);
	}
	dp_json_arr_end(s->j);
	dp_json_obj_end(s->j);
}

static int render_spdx(yajl_val r, const char *path, struct dp_error *err)
{
	struct sp s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.r = r;
	if (!(s.j = dp_json_new(1)))
		return dp_error_set(err, DP_FATAL, "out of memory");
	make_base(&s);
	collect_licenses(&s);
	dp_json_obj_begin(s.j);
	dp_json_kv_str(s.j, "@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
	dp_json_key(s.j, "@graph");
	dp_json_arr_begin(s.j);
	creation(&s);
	package(&s);
	files(&s);
	licenses(&s);
	relationships(&s);
	document(&s);
	dp_json_arr_end(s.j);
	dp_json_obj_end(s.j);
	rc = dp_jsonout_save(path, s.j, err);
	dp_json_free(s.j);
	return rc;
}

const struct dp_writer dp_writer_spdx = { "spdx", "spdx.json", render_spdx };

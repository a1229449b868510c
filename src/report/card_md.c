/* card_md.c - DATACARD.md: a Hugging Face dataset card rendered from report.json. Sections
 * follow the Hub's card template, then Licenses, Provenance, Duplication, Personal and
 * Sensitive Information, Coverage and Gaps. Every item says whether it is measured,
 * declared or unknown, with its evidence. PII values never appear (only counts by rule).
 */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "input/sniff.h"
#include "report/card_yaml.h"
#include "report/md.h"
#include "report/view.h"
#include "report/writer.h"

#define CELL_MAX 300   /* bytes of a declared value shown in a table cell */
#define TABLE_MAX 50   /* rows of a long table (inputs, detections); the rest is in report.json */

static void u64(FILE *f, uint64_t v)
{
	fprintf(f, "%llu", (unsigned long long)v);
}

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

/* ---- declared items ---- */

static yajl_val item_obj(yajl_val r, const char *item)
{
	yajl_val items = dp_jt_get(r, "declared.items");
	size_t i;

	for (i = 0; YAJL_IS_OBJECT(items) && i < items->u.object.len; i++)
		if (!strcmp(items->u.object.keys[i], item))
			return items->u.object.values[i];
	return NULL;
}

/* "declared: `README.md` line 3" */
static void declared_evidence(FILE *f, yajl_val it)
{
	uint64_t line = dp_jt_u64(it, "line", 0);

	fputs("declared in ", f);
	dp_md_text(f, dp_jt_str(it, "source", "?"));
	if (line)
		fprintf(f, " line %llu", (unsigned long long)line);
}

/* A short one-line form of a declared value (strings, lists of strings, maps). */
static void value_inline(FILE *f, yajl_val v, size_t cap)
{
	char buf[CELL_MAX + 8];
	size_t i, n = 0;

	buf[0] = '\0';
	if (YAJL_IS_STRING(v))
		snprintf(buf, sizeof(buf), "%s", v->u.string);
	else if (YAJL_IS_NUMBER(v))
		snprintf(buf, sizeof(buf), "%s", v->u.number.r);
	for (i = 0; i < dp_view_len(v) && n < cap && n < sizeof(buf); i++) {
		yajl_val x = v->u.array.values[i];
		const char *s = YAJL_IS_STRING(x) ? x->u.string : dp_jt_str(x, "name", "(entry)");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "", s);
	}
	if (YAJL_IS_OBJECT(v))
		snprintf(buf, sizeof(buf), "(%zu keys)", v->u.object.len);
	if (strlen(buf) > cap)
		memcpy(buf + cap - 3, "...", 4);
	dp_md_text(f, buf);
}

/* A table row: | title | value | status | evidence | for a declared item. */
static void row_declared(FILE *f, yajl_val r, const char *title, const char *item)
{
	yajl_val it = item_obj(r, item);

	fprintf(f, "| %s | ", title);
	if (!it) {
		fprintf(f, "— | unknown | not declared (`%s`) |\n", item);
		return;
	}
	value_inline(f, dp_jt_get(it, "value"), CELL_MAX);
	fputs(" | declared | ", f);
	declared_evidence(f, it);
	fputs(" |\n", f);
}

/* Multi-line text as a quote block, line by line, escaped. */
static void quote_text(FILE *f, const char *s)
{
	char line[2048];

	while (*s) {
		size_t n = strcspn(s, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), s);
		fputs("> ", f);
		dp_md_text(f, line);
		fputs("\n", f);
		s += n + (s[n] == '\n');
	}
}

static void list_value(FILE *f, yajl_val v)
{
	size_t i, k;

	for (i = 0; i < dp_view_len(v); i++) {
		yajl_val x = v->u.array.values[i];
		fputs("- ", f);
		if (!YAJL_IS_OBJECT(x))
			value_inline(f, x, CELL_MAX);
		for (k = 0; YAJL_IS_OBJECT(x) && k < x->u.object.len; k++) {
			fprintf(f, "%s", k ? "; " : "");
			dp_md_text(f, x->u.object.keys[k]);
			fputs(": ", f);
			value_inline(f, x->u.object.values[k], 120);
		}
		fputs("\n", f);
	}
}

/* A declared item as a paragraph: its text, or exactly what is missing. */
static void block_declared(FILE *f, yajl_val r, const char *item, const char *what)
{
	yajl_val it = item_obj(r, item), v = dp_jt_get(it, "value");

	if (!it) {
		fprintf(f, "*Unknown*, not declared: %s. Add `%s` to a `--declared` file (see "
			"dataprov-card(5)) or a matching section to the dataset's README.md.\n\n", what,
			item);
		return;
	}
	if (YAJL_IS_STRING(v))
		quote_text(f, v->u.string);
	else if (YAJL_IS_ARRAY(v))
		list_value(f, v);
	else
		value_inline(f, v, CELL_MAX);
	fputs("\n*Declared*: ", f);
	declared_evidence(f, it);
	fputs(".\n\n", f);
}

/* ---- Dataset Details ---- */

static void languages_measured(FILE *f, yajl_val r)
{
	yajl_val l = dp_jt_get(r, "scope.languages.languages");
	size_t i;

	fputs("| Language(s), measured | ", f);
	if (!dp_view_len(l)) {
		fputs("— | unknown | no language measurement in the report |\n", f);
		return;
	}
	for (i = 0; i < dp_view_len(l) && i < 8; i++) {
		yajl_val x = l->u.array.values[i];
		fprintf(f, "%s", i ? ", " : "");
		dp_md_text(f, dp_jt_str(x, "code", "?"));
		fprintf(f, " (%.1f%%)", 100.0 * dp_jt_double(x, "share", 0));
	}
	fprintf(f, " | measured | %s on %llu of %llu records |\n",
		dp_jt_str(r, "scope.languages.detector", "language ID"),
		(unsigned long long)dp_jt_u64(r, "scope.languages.records_checked", 0),
		(unsigned long long)dp_jt_u64(r, "scope.languages.records", 0));
}

static void license_measured_row(FILE *f, yajl_val r)
{
	yajl_val s = dp_jt_get(r, "licenses.summary");
	size_t i;

	fputs("| License, found in the data | ", f);
	if (!dp_jt_get(r, "licenses")) {
		fputs("— | unknown | no license detection in the report |\n", f);
		return;
	}
	for (i = 0; i < dp_view_len(s); i++) {
		fprintf(f, "%s", i ? ", " : "");
		dp_md_text(f, dp_jt_str(s->u.array.values[i], "spdx", "?"));
	}
	fprintf(f, "%s | measured | see Licenses |\n", dp_view_len(s) ? "" : "none found");
}

static void section_details(FILE *f, yajl_val r)
{
	fputs("## Dataset Details\n\n### Dataset Description\n\n", f);
	block_declared(f, r, "summary", "a summary of the dataset");
	fputs("| item | value | status | evidence |\n|---|---|---|---|\n", f);
	row_declared(f, r, "Curated by", "creators");
	row_declared(f, r, "Funded by", "funders");
	row_declared(f, r, "Language(s), declared", "language");
	languages_measured(f, r);
	row_declared(f, r, "License, declared", "license");
	license_measured_row(f, r);
	row_declared(f, r, "Version", "version");
	fputs("\n### Dataset Sources\n\n| item | value | status | evidence |\n|---|---|---|---|\n",
	      f);
	row_declared(f, r, "Homepage", "homepage");
	row_declared(f, r, "Repository", "repository");
	row_declared(f, r, "Upstream sources", "sources");
	fputs("\n", f);
}

static void section_uses(FILE *f, yajl_val r)
{
	fputs("## Uses\n\n### Direct Use\n\n", f);
	block_declared(f, r, "intended_uses", "the intended uses");
	fputs("### Out-of-Scope Use\n\n", f);
	block_declared(f, r, "out_of_scope_uses", "the out-of-scope uses");
}

/* ---- Dataset Structure (measured) ---- */

/* Records per split; with declared split sizes (dataset_info), a column of those. */
static void splits_table(FILE *f, yajl_val r)
{
	yajl_val by = dp_jt_get(r, "records.by_split");
	uint64_t total = dp_jt_u64(r, "records.total", 0), want;
	int decl = dp_view_declared_splits(r) != NULL;
	size_t i;

	fputs(decl ? "| split | records | share | declared examples |\n|---|---:|---:|---:|\n"
		   : "| split | records | share |\n|---|---:|---:|\n", f);
	for (i = 0; YAJL_IS_OBJECT(by) && i < by->u.object.len; i++) {
		uint64_t n = dp_jt_u64(by->u.object.values[i], "records", 0);
		fputs("| ", f);
		dp_md_text(f, by->u.object.keys[i]);
		fputs(" | ", f);
		u64(f, n);
		fprintf(f, " | %.1f%% |", pct(n, total));
		if (decl && dp_view_declared_split(r, by->u.object.keys[i], &want))
			fprintf(f, " %llu |", (unsigned long long)want);
		else if (decl)
			fputs(" — |", f);
		fputs("\n", f);
	}
	fputs("\n", f);
}

static void formats_table(FILE *f, yajl_val r)
{
	yajl_val by = dp_jt_get(r, "records.by_format");
	size_t i;

	if (!YAJL_IS_OBJECT(by) || by->u.object.len == 0)
		return;
	fputs("| format | records | decoded bytes |\n|---|---:|---:|\n", f);
	for (i = 0; i < by->u.object.len; i++) {
		fputs("| ", f);
		dp_md_text(f, by->u.object.keys[i]);
		fputs(" | ", f);
		u64(f, dp_jt_u64(by->u.object.values[i], "records", 0));
		fputs(" | ", f);
		u64(f, dp_jt_u64(by->u.object.values[i], "bytes", 0));
		fputs(" |\n", f);
	}
	fputs("\n", f);
}

static void schema_table(FILE *f, yajl_val r)
{
	yajl_val fl = dp_jt_get(r, "scope.schema.fields");
	size_t i;

	if (!dp_view_len(fl)) {
		fputs("Fields: *unknown* (no schema in the report, or no structured records).\n\n", f);
		return;
	}
	fprintf(f, "Fields of %llu structured records:\n\n| field | type | present | empty | "
		"distinct |\n|---|---|---:|---:|---:|\n",
		(unsigned long long)dp_jt_u64(r, "scope.schema.records", 0));
	for (i = 0; i < dp_view_len(fl) && i < TABLE_MAX; i++) {
		yajl_val x = fl->u.array.values[i];
		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "path", "?"));
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "type", "?"));
		fprintf(f, " | %.1f%% | %.1f%% | %s", 100.0 * dp_jt_double(x, "presence", 0),
			100.0 * dp_jt_double(x, "empty_rate", 0),
			dp_jt_get(x, "distinct_exact") && YAJL_IS_FALSE(dp_jt_get(x, "distinct_exact")) ?
				"~" : "");
		u64(f, dp_jt_u64(x, "distinct", 0));
		fputs(" |\n", f);
	}
	if (dp_view_len(fl) > TABLE_MAX)
		fprintf(f, "\n%zu more fields in report.json.\n", dp_view_len(fl) - TABLE_MAX);
	fputs("\n", f);
}

static void lengths_line(FILE *f, yajl_val r)
{
	yajl_val w = dp_jt_get(r, "scope.lengths.words");

	if (!w)
		return;
	fprintf(f, "Text length in words (measured, quantiles within %.1f%%): min %llu, median "
		"%llu, p90 %llu, max %llu; %llu words in all.\n\n",
		100.0 * dp_jt_double(r, "scope.lengths.quantile_error", 0),
		(unsigned long long)dp_jt_u64(w, "min", 0), (unsigned long long)dp_jt_u64(w, "p50", 0),
		(unsigned long long)dp_jt_u64(w, "p90", 0), (unsigned long long)dp_jt_u64(w, "max", 0),
		(unsigned long long)dp_jt_u64(w, "total", 0));
}

static void section_structure(FILE *f, yajl_val r)
{
	fprintf(f, "## Dataset Structure\n\n*Measured*: %llu records (%llu bytes of text) in %llu "
		"members of %llu inputs.\n\n",
		(unsigned long long)dp_jt_u64(r, "records.total", 0),
		(unsigned long long)dp_jt_u64(r, "records.text_bytes", 0),
		(unsigned long long)dp_jt_u64(r, "coverage.members", 0),
		(unsigned long long)dp_jt_u64(r, "coverage.inputs", 0));
	splits_table(f, r);
	formats_table(f, r);
	schema_table(f, r);
	lengths_line(f, r);
}

/* ---- Dataset Creation, Bias ---- */

static void section_creation(FILE *f, yajl_val r)
{
	fputs("## Dataset Creation\n\n### Curation Rationale\n\n", f);
	block_declared(f, r, "selection", "how the data was selected");
	fputs("### Source Data\n\n#### Data Collection and Processing\n\n", f);
	block_declared(f, r, "collection_process", "how the data was collected");
	block_declared(f, r, "preprocessing", "how the data was processed and filtered");
	fputs("#### Who are the source data producers?\n\n", f);
	block_declared(f, r, "sources", "the upstream sources (with where to obtain them, and "
		       "whether each is public, third-party or for-fee)");
	fputs("### Annotations\n\n#### Annotation process\n\n", f);
	block_declared(f, r, "annotation_process", "how the data was labelled");
	fputs("#### Personal and Sensitive Information\n\nSee [Personal and Sensitive Information]"
	      "(#personal-and-sensitive-information) below.\n\n", f);
}

static void section_bias(FILE *f, yajl_val r)
{
	fputs("## Bias, Risks, and Limitations\n\n", f);
	block_declared(f, r, "biases", "known biases");
	block_declared(f, r, "limitations", "known limitations");
}

/* ---- Licenses ---- */

static void lines_cell(FILE *f, yajl_val d)
{
	yajl_val l = dp_jt_get(d, "lines");

	if (dp_view_len(l) >= 2 && YAJL_IS_INTEGER(l->u.array.values[0]))
		fprintf(f, "%lld-%lld", YAJL_GET_INTEGER(l->u.array.values[0]),
			YAJL_GET_INTEGER(l->u.array.values[1]));
	else
		fputs("—", f);
}

static void detections_table(FILE *f, yajl_val r)
{
	yajl_val d = dp_jt_get(r, "licenses.detections");
	size_t i;

	if (!dp_view_len(d)) {
		fputs("No license text, notice, tag, reference or metadata value was found in the "
		      "scanned members.\n\n", f);
		return;
	}
	fputs("| where | lines | license | kind | confidence |\n|---|---|---|---|---:|\n", f);
	for (i = 0; i < dp_view_len(d) && i < TABLE_MAX; i++) {
		yajl_val x = d->u.array.values[i];
		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "origin", "?"));
		fputs(" | ", f);
		lines_cell(f, x);
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "spdx", "?"));
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "kind", "?"));
		fprintf(f, " | %.2f |\n", dp_jt_double(x, "confidence", 0));
	}
	if (dp_view_len(d) > TABLE_MAX)
		fprintf(f, "\n%zu more in report.json.\n", dp_view_len(d) - TABLE_MAX);
	fputs("\n", f);
}

static void fields_table(FILE *f, yajl_val r)
{
	static const char *const keys[] = { "mapped", "unknown", "unrecognized", "missing", NULL };
	yajl_val fl = dp_jt_get(r, "licenses.fields");
	uint64_t total = dp_jt_u64(fl, "records", 0);
	char path[32];
	size_t i;

	if (!fl)
		return;
	fprintf(f, "Per-record license fields (measured over %llu records):\n\n| license field | "
		"records | share |\n|---|---:|---:|\n", (unsigned long long)total);
	for (i = 0; keys[i]; i++) {
		uint64_t n;
		snprintf(path, sizeof(path), "%s", keys[i]);
		n = dp_jt_u64(fl, path, 0);
		fprintf(f, "| %s | %llu | %.1f%% |\n", keys[i], (unsigned long long)n, pct(n, total));
	}
	fputs("\n", f);
}

static void section_licenses(FILE *f, yajl_val r)
{
	const char *d = dp_view_declared_spdx(r);

	fputs("## Licenses\n\n", f);
	if (!dp_jt_get(r, "licenses"))
		fputs("*Unknown*: the report has no license section.\n\n", f);
	fputs("| question | answer | status |\n|---|---|---|\n| declared license | ", f);
	dp_md_text(f, d ? d : dp_jt_str(r, "declared.items.license.value", "none"));
	fprintf(f, " | %s |\n", d ? "declared" : "unknown");
	fprintf(f, "| declared license agrees with the data | %s | measured |\n",
		dp_view_license_concluded(r) ? "yes" : dp_view_gap(r, "license-conflict") ? "no" :
		"cannot tell");
	fprintf(f, "| license files at the root | %zu | measured |\n\n",
		dp_view_len(dp_jt_get(r, "declared.license_files")));
	if (dp_jt_get(r, "licenses.members_scanned")) {
		uint64_t n = dp_jt_u64(r, "licenses.members_scanned", 0);
		fprintf(f, "Detection read %llu member%s (license, notice, README, metadata and "
			"source files; %llu cut at the scan limit).\n\n", (unsigned long long)n,
			n == 1 ? "" : "s",
			(unsigned long long)dp_jt_u64(r, "licenses.members_truncated", 0));
	}
	detections_table(f, r);
	fields_table(f, r);
}

/* ---- Provenance ---- */

static void inventory_table(FILE *f, yajl_val r)
{
	yajl_val in = dp_jt_get(r, "inputs");
	char size[32];
	size_t i;

	fputs("| input | container | bytes | members | records | sha256 | status |\n"
	      "|---|---|---:|---:|---:|---|---|\n", f);
	for (i = 0; i < dp_view_len(in) && i < TABLE_MAX; i++) {
		yajl_val x = in->u.array.values[i];
		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "path", "?"));
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "container", "?"));
		dp_md_bytes(size, sizeof(size), dp_jt_u64(x, "bytes", 0));
		fprintf(f, " | %s | %llu | %llu | `%.12s` | ", size,
			(unsigned long long)dp_jt_u64(x, "members", 0),
			(unsigned long long)dp_jt_u64(x, "records", 0), dp_jt_str(x, "sha256", "?"));
		dp_md_text(f, dp_jt_str(x, "status", "?"));
		fputs(" |\n", f);
	}
	if (dp_view_len(in) > TABLE_MAX)
		fprintf(f, "\n%zu more inputs in report.json.\n", dp_view_len(in) - TABLE_MAX);
	fputs("\n", f);
}

static void documentation_list(FILE *f, yajl_val r)
{
	yajl_val s = dp_jt_get(r, "declared.sources"), lf = dp_jt_get(r, "declared.license_files");
	size_t i;

	fputs("Documentation read for declared facts: ", f);
	if (!dp_view_len(s) && !dp_view_len(lf))
		fputs("none found at the dataset root.", f);
	for (i = 0; i < dp_view_len(s); i++) {
		fputs(i ? ", " : "", f);
		dp_md_text(f, dp_jt_str(s->u.array.values[i], "origin", "?"));
		fputs(" (", f);
		dp_md_text(f, dp_jt_str(s->u.array.values[i], "type", "?"));
		fprintf(f, ", %s)", dp_jt_str(s->u.array.values[i], "status", "?"));
	}
	for (i = 0; i < dp_view_len(lf); i++) {
		fputs(i || dp_view_len(s) ? ", " : "", f);
		dp_md_text(f, YAJL_IS_STRING(lf->u.array.values[i]) ? lf->u.array.values[i]->u.string : "?");
		fputs(" (license file)", f);
	}
	fputs("\n\n", f);
}

static void domains_line(FILE *f, yajl_val r)
{
	yajl_val top = dp_jt_get(r, "scope.domains.top");
	size_t i;

	if (!dp_view_len(top))
		return;
	fprintf(f, "Source URLs (measured, %llu records with a URL): ",
		(unsigned long long)dp_jt_u64(r, "scope.domains.records_with_url", 0));
	for (i = 0; i < dp_view_len(top) && i < 10; i++) {
		fputs(i ? ", " : "", f);
		dp_md_text(f, dp_jt_str(top->u.array.values[i], "domain", "?"));
		fprintf(f, " %.1f%%", 100.0 * dp_jt_double(top->u.array.values[i], "share", 0));
	}
	fputs(".\n\n", f);
}

static void section_provenance(FILE *f, yajl_val r)
{
	fputs("## Provenance\n\n*Measured*: every input with its SHA-256 (full digests in "
	      "report.json, croissant.json and spdx.json).\n\n", f);
	inventory_table(f, r);
	documentation_list(f, r);
	domains_line(f, r);
	if (dp_jt_str(r, "scope.dates.earliest", NULL)) {
		fputs("Record dates (measured): ", f);
		dp_md_text(f, dp_jt_str(r, "scope.dates.earliest", "?"));
		fputs(" to ", f);
		dp_md_text(f, dp_jt_str(r, "scope.dates.latest", "?"));
		fprintf(f, " (%llu records with a date).\n\n",
			(unsigned long long)dp_jt_u64(r, "scope.dates.records_with_date", 0));
	}
}

/* ---- Duplication ---- */

static void leakage_table(FILE *f, yajl_val r)
{
	yajl_val l = dp_jt_get(r, "dedup.leakage");
	size_t i;

	if (!dp_view_len(l)) {
		fputs("Split leakage: none measured (fewer than two splits, or no shared records).\n\n",
		      f);
		return;
	}
	fputs("| split | also in | records | exact | normalized | rate |\n"
	      "|---|---|---:|---:|---:|---:|\n", f);
	for (i = 0; i < dp_view_len(l); i++) {
		yajl_val x = l->u.array.values[i];
		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "split", "?"));
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "against", "?"));
		fprintf(f, " | %llu | %llu | %llu | %.1f%% |\n",
			(unsigned long long)dp_jt_u64(x, "records", 0),
			(unsigned long long)dp_jt_u64(x, "exact", 0),
			(unsigned long long)dp_jt_u64(x, "normalized", 0),
			100.0 * dp_jt_double(x, "normalized_rate", 0));
	}
	fputs("\n", f);
}

static void section_duplication(FILE *f, yajl_val r)
{
	fputs("## Duplication\n\n", f);
	if (!dp_jt_get(r, "dedup")) {
		fputs("*Unknown*: the report has no dedup section.\n\n", f);
		return;
	}
	fputs("| measure | duplicates | rate |\n|---|---:|---:|\n", f);
	fprintf(f, "| exact records | %llu of %llu | %.2f%% |\n",
		(unsigned long long)dp_jt_u64(r, "dedup.exact.duplicates", 0),
		(unsigned long long)dp_jt_u64(r, "dedup.exact.records", 0),
		100.0 * dp_jt_double(r, "dedup.exact.duplicate_rate", 0));
	if (dp_jt_get(r, "dedup.normalized"))
		fprintf(f, "| normalized records | %llu | %.2f%% |\n",
			(unsigned long long)dp_jt_u64(r, "dedup.normalized.duplicates", 0),
			100.0 * dp_jt_double(r, "dedup.normalized.duplicate_rate", 0));
	if (dp_jt_get(r, "dedup.files"))
		fprintf(f, "| identical files | %llu | — |\n",
			(unsigned long long)dp_jt_u64(r, "dedup.files.duplicates", 0));
	fputs("\n*Measured*; duplicate clusters and their locations are in report.json and "
	      "findings.jsonl.zst (previews are not repeated here).\n\n", f);
	leakage_table(f, r);
}

/* ---- Personal and Sensitive Information ---- */

static void pii_table(FILE *f, yajl_val r)
{
	yajl_val rules = dp_jt_get(r, "pii.rules");
	size_t i, shown = 0;

	for (i = 0; i < dp_view_len(rules); i++) {
		yajl_val x = rules->u.array.values[i];
		if (!dp_jt_u64(x, "findings", 0))
			continue;
		if (shown++ == 0)
			fputs("| category | rule | findings | records |\n|---|---|---:|---:|\n", f);
		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "category", "?"));
		fputs(" | ", f);
		dp_md_text(f, dp_jt_str(x, "id", "?"));
		fprintf(f, " | %llu | %llu |\n", (unsigned long long)dp_jt_u64(x, "findings", 0),
			(unsigned long long)dp_jt_u64(x, "records", 0));
	}
	if (shown)
		fputs("\n", f);
}

static void section_pii(FILE *f, yajl_val r)
{
	uint64_t pii = dp_view_pii_findings(r, "pii"), sec = dp_view_pii_findings(r, "secret");

	fputs("## Personal and Sensitive Information\n\n", f);
	block_declared(f, r, "personal_information", "how personal and sensitive information "
		       "was handled (anonymisation, removal, consent)");
	if (!dp_jt_get(r, "pii")) {
		fputs("*Unknown*: the report has no PII section.\n\n", f);
		return;
	}
	fprintf(f, "*Measured* by %zu pattern rules over the text of %llu records (the text "
		"fields; other fields, such as metadata columns, are not scanned): %llu possible "
		"personal data "
		"finding(s) and %llu possible secret(s) in %llu record(s). Values are never shown "
		"here; locations are in findings.jsonl.zst. No match is not proof of absence.\n\n",
		dp_view_len(dp_jt_get(r, "pii.rules")),
		(unsigned long long)dp_jt_u64(r, "pii.records_scanned", 0), (unsigned long long)pii,
		(unsigned long long)sec,
		(unsigned long long)dp_jt_u64(r, "pii.records_with_findings", 0));
	pii_table(f, r);
}

/* ---- Coverage ---- */

static void list_line(FILE *f, yajl_val v, size_t *shown)
{
	if ((*shown)++ >= TABLE_MAX)
		return;
	fputs("- ", f);
	dp_md_text(f, YAJL_IS_STRING(v) ? v->u.string : "?");
	fputs("\n", f);
}

static void list_errors(FILE *f, yajl_val r)
{
	yajl_val inputs = dp_jt_get(r, "inputs"), ex = dp_jt_get(r, "coverage.malformed_examples");
	size_t i, k, shown = 0;

	for (i = 0; i < dp_view_len(inputs); i++) {
		yajl_val errs = dp_jt_get(inputs->u.array.values[i], "errors");
		if (dp_view_input_excluded(inputs->u.array.values[i]))
			continue; /* listed under "Left out" */
		for (k = 0; k < dp_view_len(errs); k++)
			list_line(f, errs->u.array.values[k], &shown);
	}
	for (i = 0; i < dp_view_len(ex); i++)
		list_line(f, ex->u.array.values[i], &shown);
	if (shown > TABLE_MAX)
		fprintf(f, "- ... %zu more in report.json\n", shown - TABLE_MAX);
}

/* Members in data formats without a reader: their records are in no number above. */
static void list_undecoded(FILE *f, yajl_val r)
{
	yajl_val by = dp_jt_get(r, "coverage.undecoded_formats");
	size_t i;

	for (i = 0; i < dp_view_len(by); i++) {
		yajl_val x = by->u.array.values[i];
		const char *advice = dp_sniff_unread_advice(dp_jt_str(x, "format", NULL));
		fputs("- ", f);
		dp_md_text(f, dp_jt_str(x, "format", "?"));
		fprintf(f, ": %llu member(s), %llu bytes whose records dataprov cannot read (%s); "
			"they are in none of the record counts above\n",
			(unsigned long long)dp_jt_u64(x, "members", 0),
			(unsigned long long)dp_jt_u64(x, "bytes", 0),
			advice ? advice : "no reader for this format");
	}
}

/* Directories left out as no part of the dataset (.git, a download cache), with why. */
static void list_excluded(FILE *f, yajl_val r)
{
	yajl_val inputs = dp_jt_get(r, "inputs");
	size_t i;

	for (i = 0; i < dp_view_len(inputs); i++) {
		yajl_val x = inputs->u.array.values[i], errs = dp_jt_get(x, "errors");
		if (!dp_view_input_excluded(x))
			continue;
		fputs("- ", f);
		if (dp_view_len(errs) && YAJL_IS_STRING(errs->u.array.values[0]))
			dp_md_text(f, errs->u.array.values[0]->u.string);
		else
			dp_md_text(f, dp_jt_str(x, "path", "?"));
		fputs("\n", f);
	}
}

static void section_coverage(FILE *f, yajl_val r)
{
	static const char *const keys[] = {
		"inputs", "inputs_unreadable", "inputs_partial", "inputs_excluded", "members",
		"members_text",
		"members_binary", "members_undecoded", "members_skipped", "members_failed", "records",
		"records_malformed", "records_oversize", "records_invalid_utf8", NULL
	};
	yajl_val lim = dp_jt_get(r, "coverage.limits_hit");
	char path[64];
	size_t i;

	fputs("## Coverage\n\nWhat every measured item above rests on (*measured*).\n\n"
	      "| item | count |\n|---|---:|\n", f);
	for (i = 0; keys[i]; i++) {
		snprintf(path, sizeof(path), "coverage.%s", keys[i]);
		if (!strcmp(keys[i], "inputs_excluded") && !dp_jt_u64(r, path, 0))
			continue; /* a row only for runs that left some out */
		fprintf(f, "| %s | %llu |\n", keys[i], (unsigned long long)dp_jt_u64(r, path, 0));
	}
	for (i = 0; i < dp_view_len(lim); i++)
		fprintf(f, "| limit hit: %s | %llu |\n", dp_jt_str(lim->u.array.values[i], "limit", "?"),
			(unsigned long long)dp_jt_u64(lim->u.array.values[i], "count", 0));
	fputs("\n### What could not be read\n\n", f);
	if (!dp_view_gap(r, "coverage") && !dp_view_gap(r, "unread-records"))
		fputs("Everything was read.\n\n", f);
	else {
		list_undecoded(f, r);
		list_errors(f, r);
		fputs("\n", f);
	}
	if (dp_jt_u64(r, "coverage.inputs_excluded", 0)) {
		fputs("Left out as no part of the dataset (not counted above):\n\n", f);
		list_excluded(f, r);
		fputs("\n", f);
	}
}

/* ---- Gaps ---- */

static void gap_evidence(FILE *f, yajl_val ev)
{
	size_t i;

	for (i = 0; i < dp_view_len(ev); i++) {
		yajl_val x = ev->u.array.values[i];
		fputs("  - ", f);
		dp_md_text(f, dp_jt_str(x, "origin", "?"));
		if (dp_jt_get(x, "lines")) {
			fputs(" lines ", f);
			lines_cell(f, x);
		}
		if (dp_jt_str(x, "note", NULL)) {
			fputs(": ", f);
			dp_md_text(f, dp_jt_str(x, "note", ""));
		}
		fputs("\n", f);
	}
}

static void section_gaps(FILE *f, yajl_val r)
{
	yajl_val g = dp_jt_get(r, "gaps");
	size_t i;

	fputs("## Gaps\n\n", f);
	if (!g) {
		fputs("*Unknown*: the report has no gaps section.\n\n", f);
		return;
	}
	if (!dp_view_len(g)) {
		fputs("No gaps found by the rules in dataprov-card(5).\n\n", f);
		return;
	}
	fprintf(f, "%zu gaps (ids as used by `--fail-on`, see dataprov-card(5)):\n\n",
		dp_view_len(g));
	for (i = 0; i < dp_view_len(g); i++) {
		yajl_val x = g->u.array.values[i];
		fputs("- **", f);
		dp_md_text(f, dp_jt_str(x, "severity", "?"));
		fputs("** `", f);
		dp_md_text(f, dp_jt_str(x, "id", "?"));
		fputs("`: ", f);
		dp_md_text(f, dp_jt_str(x, "message", ""));
		fputs("\n", f);
		gap_evidence(f, dp_jt_get(x, "evidence"));
	}
	fputs("\n", f);
}

/* ---- the card ---- */

static void section_end(FILE *f, yajl_val r)
{
	fputs("## Citation\n\n", f);
	block_declared(f, r, "citation", "a citation");
	fputs("## Dataset Card Contact\n\n", f);
	block_declared(f, r, "contact", "a contact");
	fputs("## More Information\n\n", f);
	block_declared(f, r, "maintenance", "a maintenance plan");
}

static int render_md(yajl_val r, const char *path, struct dp_error *err)
{
	FILE *f = fopen(path, "wb");
	char name[256];
	int ok;

	if (!f)
		return dp_error_set(err, DP_FATAL, "cannot write %s", path);
	dp_card_yaml_write(f, r);
	fputs("\n# Dataset Card for ", f);
	dp_md_text(f, dp_view_name(r, name, sizeof(name)));
	fprintf(f, "\n\nGenerated by dataprov %s from `report.json`. Every item is *measured* "
		"(computed from the bytes), *declared* (stated by the dataset's documentation or "
		"`--declared`, with where) or *unknown*.\n\n", dp_jt_str(r, "tool.version", "?"));
	section_details(f, r);
	section_uses(f, r);
	section_structure(f, r);
	section_creation(f, r);
	section_bias(f, r);
	section_licenses(f, r);
	section_provenance(f, r);
	section_duplication(f, r);
	section_pii(f, r);
	section_coverage(f, r);
	section_gaps(f, r);
	section_end(f, r);
	ok = !ferror(f);
	if (fclose(f) != 0)
		ok = 0;
	return ok ? DP_OK : dp_error_set(err, DP_FATAL, "cannot write %s", path);
}

const struct dp_writer dp_writer_md = { "md", "DATACARD.md", render_md };

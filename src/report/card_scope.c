/* card_scope.c - DATACARD.md Scope section: size, splits, modality, languages, scripts,
 * lengths, source domains, dates and fields, from report.json's `scope`. */
#include "report/card_scope.h"

#include <stdint.h>

#include "core/json.h"
#include "report/md.h"

#define CARD_TOP 10

static size_t arr_len(yajl_val a)
{
	return YAJL_IS_ARRAY(a) ? a->u.array.len : 0;
}

static double pct(yajl_val v, const char *path)
{
	return 100.0 * dp_jt_double(v, path, 0.0);
}

static void scope_size(FILE *f, yajl_val s)
{
	yajl_val sp = dp_jt_get(s, "splits.splits");
	size_t i;

	fprintf(f, "%llu records (Hugging Face size category `%s`).\n\n",
		(unsigned long long)dp_jt_u64(s, "records", 0),
		dp_jt_str(s, "splits.size_category", "?"));
	if (!arr_len(sp))
		return;
	fputs("| split | records | text bytes | files | size category |\n|---|---:|---:|---:|---|\n", f);
	for (i = 0; i < arr_len(sp); i++) {
		yajl_val x = sp->u.array.values[i];
		char b[32];

		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "name", "?"));
		dp_md_bytes(b, sizeof(b), dp_jt_u64(x, "text_bytes", 0));
		fprintf(f, " | %llu | %s | %llu | %s |\n", (unsigned long long)dp_jt_u64(x, "records", 0),
			b, (unsigned long long)dp_jt_u64(x, "members", 0),
			dp_jt_str(x, "size_category", "?"));
	}
	fputs("\n", f);
}

static void scope_modality(FILE *f, yajl_val s)
{
	yajl_val m = dp_jt_get(s, "modality.modalities");
	size_t i;

	fprintf(f, "**Modality:** %s", dp_jt_str(s, "modality.primary", "none"));
	for (i = 0; i < arr_len(m); i++)
		fprintf(f, "%s%s", i ? ", " : " (present: ",
			YAJL_IS_STRING(m->u.array.values[i]) ? m->u.array.values[i]->u.string : "?");
	fputs(arr_len(m) ? ").\n\n" : ".\n\n", f);
}

static void scope_languages(FILE *f, yajl_val s)
{
	yajl_val l = dp_jt_get(s, "languages.languages");
	yajl_val est = dp_jt_get(s, "languages.estimated");
	size_t i;

	fputs("### Languages\n\n", f);
	if (!arr_len(l)) {
		fputs("No text was found.\n\n", f);
		return;
	}
	fputs("| language | records | text bytes | mean confidence |\n|---|---:|---:|---:|\n", f);
	for (i = 0; i < arr_len(l) && i < CARD_TOP; i++) {
		yajl_val x = l->u.array.values[i];

		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "code", "?"));
		fprintf(f, " | %.1f%% | %.1f%% | %.2f |\n", pct(x, "share"), pct(x, "bytes_share"),
			dp_jt_double(x, "mean_confidence", 0.0));
	}
	fprintf(f, "\nISO 639-1 codes by CLD2 over the first %llu bytes of each record; `und` is "
		"undetermined (too few letters or no reliable guess)%s.\n\n",
		(unsigned long long)dp_jt_u64(s, "languages.sample_bytes", 0),
		YAJL_IS_TRUE(est) ? "; shares are estimated from a sample of the records" : "");
}

static void scope_scripts(FILE *f, yajl_val s)
{
	yajl_val sc = dp_jt_get(s, "scripts.scripts");
	size_t i;

	if (!arr_len(sc))
		return;
	fputs("**Scripts (share of letters):** ", f);
	for (i = 0; i < arr_len(sc) && i < CARD_TOP; i++) {
		yajl_val x = sc->u.array.values[i];

		fprintf(f, "%s%s %.1f%%", i ? ", " : "", dp_jt_str(x, "script", "?"), pct(x, "share"));
	}
	fputs(".\n\n", f);
}

static void scope_lengths(FILE *f, yajl_val s)
{
	static const char *const keys[] = { "bytes", "chars", "words" };
	char path[64];
	size_t i;

	fputs("### Record lengths\n\n| per record | min | mean | p50 | p90 | p99 | max | total |\n"
	      "|---|---:|---:|---:|---:|---:|---:|---:|\n", f);
	for (i = 0; i < 3; i++) {
		yajl_val h;

		snprintf(path, sizeof(path), "lengths.%s", keys[i]);
		h = dp_jt_get(s, path);
		fprintf(f, "| %s | %llu | %.1f | %llu | %llu | %llu | %llu | %llu |\n", keys[i],
			(unsigned long long)dp_jt_u64(h, "min", 0), dp_jt_double(h, "mean", 0),
			(unsigned long long)dp_jt_u64(h, "p50", 0),
			(unsigned long long)dp_jt_u64(h, "p90", 0),
			(unsigned long long)dp_jt_u64(h, "p99", 0),
			(unsigned long long)dp_jt_u64(h, "max", 0),
			(unsigned long long)dp_jt_u64(h, "total", 0));
	}
	fprintf(f, "\n%llu records with text; %llu with invalid UTF-8. Quantiles are within 6.25%%.\n\n",
		(unsigned long long)dp_jt_u64(s, "lengths.records_with_text", 0),
		(unsigned long long)dp_jt_u64(s, "lengths.invalid_utf8_records", 0));
}

static void scope_domains(FILE *f, yajl_val s)
{
	yajl_val d = dp_jt_get(s, "domains"), top = dp_jt_get(d, "top");
	size_t i;

	fputs("### Source domains\n\n", f);
	if (!dp_jt_u64(d, "records_with_url", 0)) {
		fputs("No record has a source URL field.\n\n", f);
		return;
	}
	fprintf(f, "%.1f%% of records have a source URL; %llu distinct registrable domains%s; "
		"%llu URLs could not be parsed.\n\n", pct(d, "share_with_url"),
		(unsigned long long)dp_jt_u64(d, "distinct", 0),
		YAJL_IS_TRUE(dp_jt_get(d, "distinct_exact")) ? "" : " (estimated)",
		(unsigned long long)dp_jt_u64(d, "unparseable", 0));
	if (!arr_len(top))
		return;
	fputs("| domain | records | share |\n|---|---:|---:|\n", f);
	for (i = 0; i < arr_len(top) && i < CARD_TOP; i++) {
		yajl_val x = top->u.array.values[i];

		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "domain", "?"));
		fprintf(f, " | %llu | %.1f%% |\n", (unsigned long long)dp_jt_u64(x, "records", 0),
			pct(x, "share"));
	}
	fputs("\n", f);
}

static void scope_dates(FILE *f, yajl_val s)
{
	yajl_val d = dp_jt_get(s, "dates"), y = dp_jt_get(d, "per_year");
	size_t i;

	fputs("### Dates\n\n", f);
	if (!dp_jt_u64(d, "parsed", 0)) {
		fputs("No record has a readable date field.\n\n", f);
		return;
	}
	fprintf(f, "From %s to %s (%llu records dated, %llu unreadable dates).",
		dp_jt_str(d, "earliest", "?"), dp_jt_str(d, "latest", "?"),
		(unsigned long long)dp_jt_u64(d, "parsed", 0),
		(unsigned long long)dp_jt_u64(d, "unparseable", 0));
	for (i = 0; YAJL_IS_OBJECT(y) && i < y->u.object.len; i++)
		fprintf(f, "%s%s: %llu", i ? ", " : " Records per year: ", y->u.object.keys[i],
			(unsigned long long)dp_jt_u64(y->u.object.values[i], "", 0));
	fputs(YAJL_IS_OBJECT(y) && y->u.object.len ? ".\n\n" : "\n\n", f);
}

static void field_values(FILE *f, yajl_val x)
{
	yajl_val v = dp_jt_get(x, "values");
	size_t i;

	for (i = 0; i < arr_len(v) && i < 5; i++) {
		fputs(i ? ", " : "", f);
		dp_md_text(f, dp_jt_str(v->u.array.values[i], "value", "?"));
		fprintf(f, " (%llu)", (unsigned long long)dp_jt_u64(v->u.array.values[i], "count", 0));
	}
	if (arr_len(v) > 5)
		fputs(", ...", f);
}

static void scope_schema(FILE *f, yajl_val s)
{
	yajl_val fl = dp_jt_get(s, "schema.fields");
	size_t i;

	if (!arr_len(fl))
		return;
	fputs("### Fields\n\n| field | type | present | empty | distinct | values |\n"
	      "|---|---|---:|---:|---:|---|\n", f);
	for (i = 0; i < arr_len(fl); i++) {
		yajl_val x = fl->u.array.values[i];

		fputs("| ", f);
		dp_md_text(f, dp_jt_str(x, "path", "?"));
		fprintf(f, " | %s | %.1f%% | %.1f%% | %s%llu | ", dp_jt_str(x, "type", "?"),
			pct(x, "presence"), pct(x, "empty_rate"),
			YAJL_IS_TRUE(dp_jt_get(x, "distinct_exact")) ? "" : "~",
			(unsigned long long)dp_jt_u64(x, "distinct", 0));
		field_values(f, x);
		fputs(" |\n", f);
	}
	fputs("\n", f);
}

void dp_card_scope(FILE *f, yajl_val r)
{
	yajl_val s = dp_jt_get(r, "scope");

	if (!YAJL_IS_OBJECT(s))
		return;
	fputs("## Scope (measured)\n\n", f);
	scope_size(f, s);
	scope_modality(f, s);
	scope_languages(f, s);
	scope_scripts(f, s);
	scope_lengths(f, s);
	scope_domains(f, s);
	scope_dates(f, s);
	scope_schema(f, s);
}

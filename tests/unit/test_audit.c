/* test_audit.c - audit rows and flags from hand-written report.json fragments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "license/corpus.h"
#include "report/audit.h"

struct fx {
	struct dp_license_corpus *corpus;
	struct dp_audit_row row;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct dp_error err;

	if (!f)
		return -1;
	f->corpus = dp_license_corpus_load(&err);
	*state = f;
	return f->corpus ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	dp_license_corpus_free(f->corpus);
	free(f);
	return 0;
}

/* Evaluate a report given as JSON text for a dataset at /d. */
static struct dp_audit_row *eval(struct fx *f, const char *json, int with_corpus)
{
	char msg[256];
	yajl_val r = yajl_tree_parse(json, msg, sizeof(msg));

	assert_non_null(r);
	memset(&f->row, 0, sizeof(f->row));
	snprintf(f->row.path, sizeof(f->row.path), "/d");
	f->row.status = "ok";
	dp_audit_eval(r, with_corpus ? f->corpus : NULL, &f->row);
	yajl_tree_free(r);
	return &f->row;
}

static void flags_are(const struct dp_audit_row *row, const char *want)
{
	char got[512];

	dp_audit_flags_str(row->flags, ",", got, sizeof(got));
	assert_string_equal(got, want);
}

#define META(origin, value, spdx, line)                                                     \
	"{\"origin\":\"" origin "\",\"spdx\":\"" spdx "\",\"kind\":\"metadata\",\"confidence\":1," \
	"\"lines\":[" #line "," #line "],\"value\":\"" value "\"}"
#define DET(origin, spdx, kind)                                                            \
	"{\"origin\":\"" origin "\",\"spdx\":\"" spdx "\",\"kind\":\"" kind "\",\"confidence\":1," \
	"\"lines\":[1,9]}"

static void empty_report_is_no_license(void **state)
{
	struct dp_audit_row *r = eval(*state, "{}", 1);

	flags_are(r, "no-license");
	assert_int_equal(r->n_decl, 0);
	assert_string_equal(r->concluded, "");
}

static void dataset_info_source_and_agreement(void **state)
{
	const char *j = "{\"members\":[{\"origin\":\"/d/LICENSE.md\"}],\"licenses\":{\"detections\":["
		META("/d/dataset_info.json", "cc-by-sa-4.0", "CC-BY-SA-4.0", 3) ","
		DET("/d/LICENSE.md", "CC-BY-SA-4.0", "text") "]}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	flags_are(r, "share-alike");
	assert_int_equal(r->n_decl, 2);
	assert_string_equal(r->decl[0].type, "dataset_info");
	assert_string_equal(r->decl[0].source, "dataset_info.json");
	assert_int_equal(r->decl[0].line, 3);
	assert_string_equal(r->decl[1].type, "license_file");
	assert_string_equal(r->decl[1].value, "LICENSE.md");
	assert_string_equal(r->decl[1].spdx, "CC-BY-SA-4.0");
	assert_string_equal(r->concluded, "CC-BY-SA-4.0");
	assert_int_equal(r->obs[0].files, 1);
}

/* The declared section's license item from a --declared file is a declared value too. */
static void declared_file_item(void **state)
{
	const char *j = "{\"declared\":{\"sources\":[{\"origin\":\"meta.yaml\",\"type\":"
		"\"declared_file\"}],\"items\":{\"license\":{\"value\":[\"mit\",\"cc-by-nc-4.0\"],"
		"\"source\":\"meta.yaml\",\"line\":2}}},\"licenses\":{\"detections\":["
		DET("/d/a.py", "MIT", "notice") "]}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	assert_int_equal(r->n_decl, 2);
	assert_string_equal(r->decl[0].type, "declared_file");
	assert_string_equal(r->decl[1].spdx, "CC-BY-NC-4.0");
	flags_are(r, "noncommercial");
	assert_string_equal(r->concluded, "MIT AND CC-BY-NC-4.0");
}

static void conflict_with_reference_only_evidence(void **state)
{
	/* a reference is evidence (no observed-only, conflict counted), but not a shipped
	 * text: declared-only still holds */
	const char *j = "{\"licenses\":{\"detections\":["
		META("/d/README.md", "mit", "MIT", 2) ","
		DET("/d/README.md", "Apache-2.0", "reference") "]}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	flags_are(r, "declared-only,conflict");
	assert_string_equal(r->concluded, "");
}

static void restrictions_most_restrictive_first(void **state)
{
	const char *j = "{\"licenses\":{\"detections\":["
		DET("/d/x.txt", "CC-BY-SA-4.0 AND CC-BY-NC-ND-4.0", "tag") ","
		DET("/d/y.txt", "LicenseRef-OpenRAIL", "tag") "]}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	assert_int_equal(r->restrictions, 0xF);
	flags_are(r, "observed-only,noncommercial,no-derivatives,share-alike,use-restricted");
	assert_int_equal(r->n_obs, 3);
}

static void record_fields(void **state)
{
	const char *j = "{\"licenses\":{\"fields\":{\"records\":10,\"with_value\":8,\"mapped\":4,"
		"\"missing\":2,\"unknown\":0,\"unrecognized\":4,\"by_value\":["
		"{\"value\":\"mit\",\"class\":\"mapped\",\"spdx\":\"MIT\",\"records\":4},"
		"{\"value\":\"cc-by\",\"class\":\"unrecognized\",\"records\":4}]}}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	/* every unrecognised value is the unversioned cc-by: no unrecognized-value */
	flags_are(r, "observed-only,unversioned-id,records-missing-license");
	assert_int_equal(r->obs[0].records, 4);
	assert_int_equal(r->obs[0].kinds, 16u);
}

static void record_fields_unrecognized(void **state)
{
	const char *j = "{\"licenses\":{\"fields\":{\"records\":5,\"with_value\":5,\"mapped\":4,"
		"\"missing\":0,\"unknown\":1,\"unrecognized\":0,\"by_value\":["
		"{\"value\":\"mit\",\"class\":\"mapped\",\"spdx\":\"MIT\",\"records\":4}],"
		"\"values_not_listed\":1}}}";
	struct dp_audit_row *r = eval(*state, j, 1);

	flags_are(r, "observed-only,unrecognized-value");
}

static void other_with_and_without_name(void **state)
{
	const char *alone = "{\"licenses\":{\"detections\":["
		META("/d/README.md", "other", "NOASSERTION", 2) "]}}";
	const char *linked = "{\"members\":[{\"origin\":\"/d/LICENSE\"}],\"licenses\":{\"detections\":["
		DET("/d/LICENSE", "CC-BY-4.0", "text") ","
		META("/d/README.md", "other", "NOASSERTION", 2) ","
		META("/d/README.md", "https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0", 3)
		"]}}";
	struct dp_audit_row *r = eval(*state, alone, 1);

	flags_are(r, "other-without-name");
	r = eval(*state, linked, 1);
	flags_are(r, "");
	assert_string_equal(r->concluded, "CC-BY-4.0");
}

static void without_corpus(void **state)
{
	const char *j = "{\"licenses\":{\"detections\":["
		META("/d/README.md", "apache-2.0", "Apache-2.0", 2) ","
		DET("/d/DATA_LICENSE", "CC-BY-NC-4.0", "text") "]}}";
	struct dp_audit_row *r = eval(*state, j, 0);

	/* mapping taken from the report; no facts, so no restriction */
	flags_are(r, "conflict");
	assert_string_equal(r->decl[0].spdx, "Apache-2.0");
}

static void fail_on_lists(void **state)
{
	struct dp_error err;
	unsigned f = 1u << DP_AUDIT_CONFLICT;

	(void)state;
	assert_int_equal(dp_audit_check_list("conflict,no-license", &err), DP_OK);
	assert_int_equal(dp_audit_check_list("any", &err), DP_OK);
	assert_int_equal(dp_audit_check_list("conflict,bogus", &err), DP_WARN);
	assert_non_null(strstr(err.msg, "bogus"));
	assert_int_equal(dp_audit_match(f, "no-license,conflict"), 1);
	assert_int_equal(dp_audit_match(f, "no-license"), 0);
	assert_int_equal(dp_audit_match(f, "conflic"), 0);
	assert_int_equal(dp_audit_match(f, "any"), 1);
	assert_int_equal(dp_audit_match(0, "any"), 0);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 65536);

	assert_non_null(fp);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 65535, fp) > 0);
	fclose(fp);
	return buf;
}

static void csv_quoting(void **state)
{
	struct fx *f = *state;
	char path[] = "/tmp/dp-audit-csv-XXXXXX";
	struct dp_error err;
	char *text;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	eval(f, "{}", 1);
	snprintf(f->row.name, sizeof(f->row.name), "=cmd");
	snprintf(f->row.path, sizeof(f->row.path), "a \"b\",\nc");
	assert_int_equal(dp_audit_write_csv(path, &f->row, 1, &err), DP_OK);
	text = slurp(path);
	assert_non_null(strstr(text, "\r\n\"'=cmd\",\"a \"\"b\"\",\nc\",\"ok\","));
	free(text);
	assert_int_equal(dp_audit_write_md(path, &f->row, 1, &err), DP_OK);
	text = slurp(path);
	assert_non_null(strstr(text, "| no-license |"));
	free(text);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_report_is_no_license),
		cmocka_unit_test(dataset_info_source_and_agreement),
		cmocka_unit_test(declared_file_item),
		cmocka_unit_test(conflict_with_reference_only_evidence),
		cmocka_unit_test(restrictions_most_restrictive_first),
		cmocka_unit_test(record_fields),
		cmocka_unit_test(record_fields_unrecognized),
		cmocka_unit_test(other_with_and_without_name),
		cmocka_unit_test(without_corpus),
		cmocka_unit_test(fail_on_lists),
		cmocka_unit_test(csv_quoting),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

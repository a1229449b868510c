/* test_card.c - the card's building blocks: YAML to JSON trees, the declared analyser
 * (README header and sections, root detection, --declared precedence, merge), the gap
 * rules over hand-written reports, and the Hub value helpers of the YAML header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse/declared.h"
#include "core/config.h"
#include "core/json.h"
#include "core/yamljson.h"
#include "report/card_yaml.h"
#include "report/gaps.h"

/* ---- yamljson ---- */

static void yaml_types(void **state)
{
	static const char y[] = "a: 12\nb: '12'\nc: true\nd: ~\ne: [x, y]\nf: {g: -3}\nh: |\n  two\n  lines\n";
	struct dp_error err;
	yajl_val t = dp_yaml_to_tree(y, strlen(y), "t", &err);

	(void)state;
	assert_non_null(t);
	assert_true(YAJL_IS_INTEGER(dp_jt_get(t, "a")));
	assert_string_equal(dp_jt_str(t, "b", ""), "12");
	assert_true(YAJL_IS_TRUE(dp_jt_get(t, "c")));
	assert_true(YAJL_IS_NULL(dp_jt_get(t, "d")));
	assert_int_equal(dp_jt_get(t, "e")->u.array.len, 2);
	assert_int_equal(YAJL_GET_INTEGER(dp_jt_get(t, "f.g")), -3);
	assert_string_equal(dp_jt_str(t, "h", ""), "two\nlines\n");
	yajl_tree_free(t);
}

static void yaml_limits(void **state)
{
	struct dp_error err;
	char *deep = malloc(20002);
	yajl_val t;

	(void)state;
	assert_non_null(deep);
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	deep[20000] = '\0';
	t = dp_yaml_to_tree(deep, 20000, "deep", &err);   /* capped, not a stack overflow */
	assert_non_null(t);
	yajl_tree_free(t);
	free(deep);
	t = dp_yaml_to_tree("a: [\n", 5, "bad.yaml", &err);
	assert_null(t);
	assert_int_equal(err.status, DP_WARN);
	assert_non_null(strstr(err.msg, "bad.yaml, line 2"));
	t = dp_yaml_to_tree("", 0, "empty", &err);
	assert_true(t && YAJL_IS_NULL(t));
	yajl_tree_free(t);
}

/* Flow collections deeper than the cap are blanked before libyaml sees them (its scanner is
 * quadratic in flow depth); quoted text and comments are left alone. */
static void yaml_defuse(void **state)
{
	char a[] = "a: '[[[['\nb: [[x], {c: [y]}] # [[[[\nc: [1]\n";
	struct dp_error err;
	size_t n = 300000;
	char *deep = malloc(2 * n + 16);
	yajl_val t;

	(void)state;
	assert_int_equal(dp_yaml_defuse_flow(a, strlen(a), 1), 2);
	assert_string_equal(a, "a: '[[[['\nb: [~  , ~       ] # [[[[\nc: [1]\n");
	assert_non_null(deep);
	memcpy(deep, "k: ", 3);
	memset(deep + 3, '[', n);
	memset(deep + 3 + n, ']', n);
	memcpy(deep + 3 + 2 * n, "\nz: 1\n", 7);
	t = dp_yaml_to_tree(deep, 2 * n + 9, "deep", &err);   /* linear: returns at once */
	assert_non_null(t);
	assert_int_equal(YAJL_GET_INTEGER(dp_jt_get(t, "z")), 1);
	yajl_tree_free(t);
	free(deep);
}

/* ---- declared analyser ---- */

struct run {
	void *st;
	struct dp_config cfg;
};

static void feed_input(struct run *r, const char *origin, unsigned depth, uint32_t input,
		       uint32_t mi, const char *text)
{
	const struct dp_analyser_type *a = &dp_analyser_declared;
	const char *slash = strrchr(origin, '/');
	struct dp_member m;
	struct dp_member_end e;
	struct dp_actx ax;

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	memset(&ax, 0, sizeof(ax));
	ax.cfg = &r->cfg;
	m.origin = origin;
	m.name = slash ? slash + 1 : origin;
	m.depth = depth;
	m.member_index = mi;
	m.input_index = input;
	m.kind = DP_MEMBER_TEXT;
	assert_int_equal(a->member_begin(r->st, &ax, &m), DP_OK);
	if (text)
		assert_int_equal(a->member_data(r->st, &ax, &m, text, strlen(text)), DP_OK);
	assert_int_equal(a->member_end(r->st, &ax, &m, &e), DP_OK);
}

static void feed(struct run *r, const char *origin, unsigned depth, uint32_t mi, const char *text)
{
	feed_input(r, origin, depth, depth ? 0 : mi, mi, text);
}

static yajl_val finish_report(struct run *r)
{
	const struct dp_analyser_type *a = &dp_analyser_declared;
	struct dp_json *j = dp_json_new(0);
	struct dp_error err;
	struct dp_actx ax;
	char msg[128];
	size_t n;
	yajl_val v;

	memset(&ax, 0, sizeof(ax));
	dp_error_clear(&err);
	assert_int_equal(a->finish(r->st, &ax, &err), DP_OK);
	a->report(r->st, j);
	v = yajl_tree_parse(dp_json_text(j, &n), msg, sizeof(msg));
	assert_non_null(v);
	dp_json_free(j);
	a->destroy(r->st);
	return v;
}

static const char readme[] =
	"---\nlicense: cc-by-4.0\npretty_name: Demo\nlanguage:\n- en\n"
	"configs:\n- config_name: default\n  data_files: data/*.jsonl\n---\n\n# Demo\n\n"
	"First paragraph.\n\n## Annotations\n\n[More Information Needed]\n\n"
	"## Data Collection and Processing\n\nScraped from a forum in 2020.\n";

static void declared_readme(void **state)
{
	struct run r;
	struct dp_error err;
	yajl_val v;

	(void)state;
	dp_config_init(&r.cfg);
	r.st = dp_analyser_declared.create(&r.cfg, &err);
	assert_non_null(r.st);
	feed(&r, "ds/README.md", 0, 0, readme);
	feed(&r, "ds/data/README.md", 0, 1, "---\nlicense: mit\n---\n");
	feed(&r, "ds/data/a.jsonl", 0, 2, "{}\n");
	feed(&r, "ds/LICENSE", 0, 3, NULL);
	v = finish_report(&r);
	assert_string_equal(dp_jt_str(v, "items.license.value", ""), "cc-by-4.0");
	assert_string_equal(dp_jt_str(v, "items.license.spdx", ""), "CC-BY-4.0");
	assert_int_equal(dp_jt_u64(v, "items.license.line", 0), 2);
	assert_string_equal(dp_jt_str(v, "items.summary.value", ""), "First paragraph.");
	assert_string_equal(dp_jt_str(v, "items.collection_process.value", ""),
			    "Scraped from a forum in 2020.");
	assert_null(dp_jt_get(v, "items.annotation_process"));  /* placeholder only */
	assert_true(YAJL_IS_ARRAY(dp_jt_get(v, "items.configs.value")));
	assert_int_equal(dp_jt_get(v, "sources")->u.array.len, 1);  /* data/README.md is not root */
	assert_string_equal(dp_jt_get(v, "license_files")->u.array.values[0]->u.string, "ds/LICENSE");
	yajl_tree_free(v);
}

static void declared_file_wins(void **state)
{
	char path[] = "/tmp/dp-test-declared-XXXXXX";
	int fd = mkstemp(path);
	static const char y[] = "license: odc-by\nsummary: From the file.\ncollection: By hand.\n";
	struct run r;
	struct dp_error err;
	yajl_val v;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, y, sizeof(y) - 1), (ssize_t)(sizeof(y) - 1));
	close(fd);
	dp_config_init(&r.cfg);
	r.cfg.declared = path;
	r.st = dp_analyser_declared.create(&r.cfg, &err);
	feed(&r, "README.md", 0, 0, readme);
	v = finish_report(&r);
	assert_string_equal(dp_jt_str(v, "items.license.source", ""), path);
	assert_string_equal(dp_jt_str(v, "items.license.spdx", ""), "ODC-By-1.0");
	assert_string_equal(dp_jt_str(v, "items.summary.value", ""), "From the file.");
	assert_string_equal(dp_jt_str(v, "items.collection_process.value", ""), "By hand.");
	assert_string_equal(dp_jt_str(v, "items.pretty_name.source", ""), "README.md");
	yajl_tree_free(v);
	unlink(path);
}

static void declared_merge(void **state)
{
	struct run a, b;
	struct dp_error err;
	yajl_val v;

	(void)state;
	dp_config_init(&a.cfg);
	a.st = dp_analyser_declared.create(&a.cfg, &err);
	b.cfg = a.cfg;
	b.st = dp_analyser_declared.create(&b.cfg, &err);
	feed(&b, "x.tar!/README.md", 1, 0, readme);     /* a root archive README */
	feed(&a, "x.tar!/sub/DATASHEET.md", 1, 1, "## Limitations\n\nSmall.\n");
	assert_int_equal(dp_analyser_declared.merge(a.st, b.st, &err), DP_OK);
	dp_analyser_declared.destroy(b.st);
	v = finish_report(&a);
	assert_string_equal(dp_jt_str(v, "items.license.source", ""), "x.tar!/README.md");
	assert_null(dp_jt_get(v, "items.limitations"));   /* sub/ is below the archive root */
	yajl_tree_free(v);
}

static char *report_text(yajl_val v)
{
	struct dp_json *j = dp_json_new(0);
	size_t n;
	char *out;

	dp_json_value(j, v);
	out = strdup(dp_json_text(j, &n));
	dp_json_free(j);
	return out;
}

/* save() then load() into a fresh state gives the same section as the original state. */
static void declared_save_load(void **state)
{
	char dir[] = "/tmp/dp-test-declared-state-XXXXXX";
	struct run a, b;
	struct dp_error err;
	struct dp_load_ctx lc;
	yajl_val va, vb;
	char *ta, *tb, path[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	dp_config_init(&a.cfg);
	a.st = dp_analyser_declared.create(&a.cfg, &err);
	feed(&a, "x.tar!/README.md", 1, 0, readme);
	feed(&a, "x.tar!/LICENSE", 1, 1, NULL);
	feed(&a, "x.tar!/data/a.jsonl", 1, 2, "{}\n");
	assert_int_equal(dp_analyser_declared.save(a.st, dir, &err), DP_OK);
	b.cfg = a.cfg;
	b.st = dp_analyser_declared.create(&b.cfg, &err);
	memset(&lc, 0, sizeof(lc));
	lc.cfg = &b.cfg;
	lc.dir = dir;
	assert_int_equal(dp_analyser_declared.load(b.st, &lc, &err), DP_OK);
	va = finish_report(&a);
	vb = finish_report(&b);
	ta = report_text(va);
	tb = report_text(vb);
	assert_string_equal(ta, tb);
	assert_non_null(strstr(ta, "x.tar!/LICENSE"));
	free(ta);
	free(tb);
	yajl_tree_free(va);
	yajl_tree_free(vb);
	snprintf(path, sizeof(path), "%s/declared.json", dir);
	unlink(path);
	rmdir(dir);
}

/* Documentation in archives past the first DP_DECLARED_MAX_ARCHIVES inputs is listed, not
 * read. */
static void declared_archive_cap(void **state)
{
	struct run r;
	struct dp_error err;
	yajl_val v, src;

	(void)state;
	dp_config_init(&r.cfg);
	r.st = dp_analyser_declared.create(&r.cfg, &err);
	feed_input(&r, "late.tar!/README.md", 1, DP_DECLARED_MAX_ARCHIVES, 0, readme);
	v = finish_report(&r);
	src = dp_jt_get(v, "sources");
	assert_int_equal(src->u.array.len, 1);
	assert_string_equal(dp_jt_str(src->u.array.values[0], "status", ""), "skipped");
	assert_null(dp_jt_get(v, "items.license"));
	yajl_tree_free(v);
}

/* ---- gaps ---- */

static yajl_val gaps_of(const char *report_json)
{
	char msg[128];
	yajl_val r = yajl_tree_parse(report_json, msg, sizeof(msg)), g;
	struct dp_json *j = dp_json_new(0);
	size_t n;

	assert_non_null(r);
	dp_gaps_write(r, NULL, j);
	g = yajl_tree_parse(dp_json_text(j, &n), msg, sizeof(msg));
	assert_non_null(g);
	dp_json_free(j);
	yajl_tree_free(r);
	return g;
}

static const char *gap_id(yajl_val g, size_t i)
{
	return i < g->u.array.len ? dp_jt_str(g->u.array.values[i], "id", "") : "";
}

static int has_gap(yajl_val g, const char *id)
{
	size_t i;

	for (i = 0; i < g->u.array.len; i++)
		if (!strcmp(gap_id(g, i), id))
			return 1;
	return 0;
}

static void gaps_empty_report(void **state)
{
	yajl_val g = gaps_of("{}");

	(void)state;
	assert_true(has_gap(g, "no-license"));
	assert_true(has_gap(g, "osaid-collection"));
	assert_false(has_gap(g, "pii"));         /* no pii section: unknown, not a gap */
	assert_false(has_gap(g, "coverage"));
	assert_string_equal(gap_id(g, 0), "no-license");
	yajl_tree_free(g);
}

static void gaps_licenses(void **state)
{
	yajl_val g = gaps_of(
		"{\"declared\":{\"items\":{\"license\":{\"value\":\"apache-2.0\",\"spdx\":\"Apache-2.0\","
		"\"source\":\"README.md\",\"line\":2,\"class\":\"mapped\"}}},"
		"\"licenses\":{\"detections\":[{\"origin\":\"LICENSE\",\"spdx\":\"Apache-2.0\",\"kind\":"
		"\"text\",\"lines\":[1,200]},{\"origin\":\"DATA_LICENSE\",\"spdx\":\"CC-BY-NC-SA-4.0\","
		"\"kind\":\"reference\",\"lines\":[3,3]}],\"fields\":{\"records\":10,\"with_value\":8,"
		"\"missing\":2,\"unknown\":0,\"unrecognized\":1,\"by_value\":[{\"value\":\"cc\",\"class\":"
		"\"unrecognized\",\"records\":1},{\"value\":\"gpl-3.0\",\"class\":\"mapped\",\"spdx\":"
		"\"GPL-3.0-only\",\"records\":7}]}}}");
	yajl_val ev;

	(void)state;
	assert_true(has_gap(g, "license-conflict"));
	assert_true(has_gap(g, "noncommercial"));
	assert_true(has_gap(g, "share-alike"));
	assert_true(has_gap(g, "copyleft"));
	assert_true(has_gap(g, "license-field-missing"));
	assert_true(has_gap(g, "license-field-unrecognized"));
	assert_true(has_gap(g, "unversioned-license"));
	assert_false(has_gap(g, "no-license"));
	assert_string_equal(gap_id(g, 0), "license-conflict");
	ev = dp_jt_get(g->u.array.values[0], "evidence");
	assert_string_equal(dp_jt_str(ev->u.array.values[0], "origin", ""), "README.md");
	assert_non_null(strstr(dp_jt_str(g->u.array.values[0], "message", ""), "CC-BY-NC-SA-4.0"));
	yajl_tree_free(g);
}

static void gaps_pii_and_coverage(void **state)
{
	yajl_val g = gaps_of(
		"{\"pii\":{\"rules\":[{\"id\":\"email\",\"category\":\"pii\",\"findings\":3},"
		"{\"id\":\"aws-access-key-id\",\"category\":\"secret\",\"findings\":1}]},"
		"\"coverage\":{\"inputs_unreadable\":1},\"inputs\":[{\"path\":\"bad.tar\",\"status\":"
		"\"unreadable\",\"errors\":[\"bad.tar: truncated\"]}],"
		"\"dedup\":{\"exact\":{\"duplicate_rate\":0.2,\"duplicates\":2,\"records\":10},"
		"\"leakage\":[{\"split\":\"test\",\"against\":\"train\",\"exact_rate\":0,"
		"\"normalized_rate\":0}]},"
		"\"declared\":{\"items\":{\"sources\":{\"value\":[{\"name\":\"x\",\"url\":\"u\"}]}}}}");

	(void)state;
	assert_true(has_gap(g, "pii"));
	assert_true(has_gap(g, "secrets"));
	assert_true(has_gap(g, "coverage"));
	assert_true(has_gap(g, "duplication"));
	assert_false(has_gap(g, "leakage"));        /* rates at 0 are not above the threshold */
	assert_true(has_gap(g, "osaid-sources"));   /* no access class */
	assert_false(has_gap(g, "osaid-provenance"));
	assert_int_equal(dp_gaps_match(g, "leakage,secrets"), 1);
	assert_int_equal(dp_gaps_match(g, "leakage"), 0);
	assert_int_equal(dp_gaps_match(g, "any"), 1);
	assert_int_equal(dp_gaps_check_list("pii,secrets,any", NULL), DP_OK);
	assert_int_equal(dp_gaps_check_list("pii,nope", NULL), DP_WARN);
	yajl_tree_free(g);
}

/* ---- Hub values ---- */

static void hub_values(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(dp_card_hub_license("CC-BY-NC-4.0"), "cc-by-nc-4.0");
	assert_string_equal(dp_card_hub_license("ODC-By-1.0"), "odc-by");
	assert_string_equal(dp_card_hub_license("GPL-3.0-or-later"), "gpl-3.0");
	assert_null(dp_card_hub_license("CC-BY-SA-2.0"));
	assert_null(dp_card_hub_license("other"));
	assert_string_equal(dp_card_size_category(999), "n<1K");
	assert_string_equal(dp_card_size_category(1000), "1K<n<10K");
	assert_string_equal(dp_card_size_category(2000000), "1M<n<10M");
	dp_card_yaml_scalar(buf, sizeof(buf), "apache-2.0");
	assert_string_equal(buf, "apache-2.0");
	dp_card_yaml_scalar(buf, sizeof(buf), "yes");
	assert_string_equal(buf, "\"yes\"");
	dp_card_yaml_scalar(buf, sizeof(buf), "a: \"b\"\n");
	assert_string_equal(buf, "\"a: \\\"b\\\"\\x0a\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml_types),
		cmocka_unit_test(yaml_limits),
		cmocka_unit_test(yaml_defuse),
		cmocka_unit_test(declared_readme),
		cmocka_unit_test(declared_file_wins),
		cmocka_unit_test(declared_merge),
		cmocka_unit_test(declared_save_load),
		cmocka_unit_test(declared_archive_cap),
		cmocka_unit_test(gaps_empty_report),
		cmocka_unit_test(gaps_licenses),
		cmocka_unit_test(gaps_pii_and_coverage),
		cmocka_unit_test(hub_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

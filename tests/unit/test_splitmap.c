/* test_splitmap.c - the splits a README's configs declare: patterns, forms, lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/splitmap.h"

static void globs_stay_in_components_and_globstars_span_them(void **state)
{
	(void)state;
	assert_true(dp_splitmap_glob("data/train-*", "data/train-00000-of-00002.parquet"));
	assert_false(dp_splitmap_glob("data/train-*", "data/sub/train-0.parquet"));
	assert_false(dp_splitmap_glob("*.jsonl", "data/x.jsonl"));
	assert_true(dp_splitmap_glob("**/*.csv", "a/b/c.csv"));
	assert_true(dp_splitmap_glob("**/*.csv", "c.csv"));
	assert_true(dp_splitmap_glob("data/**", "data/x/y.json"));
	assert_true(dp_splitmap_glob("data/**/test/*.json", "data/en/v2/test/0.json"));
	assert_false(dp_splitmap_glob("data/**/test/*.json", "data/en/v2/train/0.json"));
	assert_true(dp_splitmap_glob("./data/a?c.tsv", "data/abc.tsv"));
	assert_false(dp_splitmap_glob("data/a?c.tsv", "data/ac.tsv"));
	assert_true(dp_splitmap_glob("data/*-*-*.jsonl", "data/a-b-c.jsonl"));
	assert_false(dp_splitmap_glob("data/test.jsonl", "data/test.jsonl.gz"));
	/* too many globstars: not taken, rather than a search exponential in them */
	assert_false(dp_splitmap_glob("**/**/**/**/**/x", "a/b/c/x"));
}

/* Many stars against a long component that fails at its end: still fast. */
static void a_hostile_pattern_is_cheap(void **state)
{
	char path[4001];

	(void)state;
	memset(path, 'a', 4000);
	path[4000] = '\0';
	assert_false(dp_splitmap_glob("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
}

static char *make_dataset(const char *readme)
{
	char *dir = strdup("/tmp/dp-splitmap-XXXXXX"), path[256];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/README.md", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(readme, f);
	fclose(f);
	return dir;
}

static void drop_dataset(char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/README.md", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
}

static const char *split_of(const struct dp_splitmap *m, const char *dir, const char *rel)
{
	static char origin[512]; /* test helper: one thread */

	snprintf(origin, sizeof(origin), "%s/%s", dir, rel);
	return dp_splitmap_split(m, origin);
}

static void every_data_files_form_is_read(void **state)
{
	char *dir = make_dataset(
		"---\nlicense: mit\nconfigs:\n"
		"- config_name: a\n  data_files:\n"
		"  - split: train\n    path: data/tr-*.jsonl\n"
		"  - split: validation\n    path:\n    - data/dev.csv\n    - data/dev2.csv\n"
		"- config_name: b\n  data_files: extra/*.parquet\n"
		"- config_name: c\n  data_files:\n    test: held/*.json\n    test.hard: [hard/x.json]\n"
		"- config_name: d\n  data_files:\n  - split: jane@corp-mail.com\n    path: pii/*\n"
		"---\n# card\n");
	char *paths[] = { dir };
	struct dp_error err = { 0, "" };
	struct dp_splitmap *m = dp_splitmap_load(paths, 1, &err);

	(void)state;
	assert_non_null(m);
	assert_string_equal(split_of(m, dir, "data/tr-0001.jsonl"), "train");
	assert_string_equal(split_of(m, dir, "data/dev2.csv"), "validation");
	assert_string_equal(split_of(m, dir, "extra/p.parquet"), "train");
	assert_string_equal(split_of(m, dir, "held/q.json"), "test");
	assert_string_equal(split_of(m, dir, "hard/x.json"), "test.hard");
	/* an archive's members take the split of the archive file */
	assert_string_equal(split_of(m, dir, "data/tr-1.jsonl!/inner.jsonl"), "train");
	assert_null(split_of(m, dir, "data/other.jsonl"));
	/* a split "name" that is free text is not taken */
	assert_null(split_of(m, dir, "pii/z.jsonl"));
	/* a file outside the folder is not the card's */
	assert_null(dp_splitmap_split(m, "/elsewhere/data/tr-1.jsonl"));
	dp_splitmap_free(m);
	drop_dataset(dir);
}

static void no_configs_no_map(void **state)
{
	char *dir = make_dataset("---\nlicense: mit\n---\n# card\n");
	char *paths[] = { dir, (char *)"/nonexistent-dir", (char *)"-" };
	struct dp_error err = { 0, "" };

	(void)state;
	assert_null(dp_splitmap_load(paths, 3, &err));
	assert_int_not_equal(err.status, DP_FATAL);
	assert_null(dp_splitmap_split(NULL, "x"));
	drop_dataset(dir);
	dir = make_dataset("---\nconfigs: [unclosed\n---\n");
	paths[0] = dir;
	assert_null(dp_splitmap_load(paths, 1, &err));
	assert_int_not_equal(err.status, DP_FATAL);
	drop_dataset(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(globs_stay_in_components_and_globstars_span_them),
		cmocka_unit_test(a_hostile_pattern_is_cheap),
		cmocka_unit_test(every_data_files_form_is_read),
		cmocka_unit_test(no_configs_no_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

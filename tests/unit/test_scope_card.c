/* test_scope_card.c - the card's Scope section from a scope report built by the analyser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/scope.h"
#include "report/card_scope.h"

static char *render(const char *json)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	yajl_val r = yajl_tree_parse(json, err, sizeof(err));
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(r);
	dp_card_scope(f, r);
	fclose(f);
	yajl_tree_free(r);
	return buf;
}

static void test_card_from_analyser(void **unused)
{
	static const struct dp_member m = { "train/a.jsonl", "a.jsonl", "jsonl", "train", 0, 0, 0, 1,
					    DP_MEMBER_TEXT };
	static const char *const texts[] = {
		"The river flooded the lower fields after three days of heavy rain.",
		"Les enfants ont construit une cabane dans le jardin de leur grand-mère.",
	};
	struct dp_config cfg;
	struct dp_error err;
	struct dp_actx ax = { 0 };
	struct dp_member_end end = { 0 };
	struct dp_field f[2];
	struct dp_record r;
	struct dp_json *j = dp_json_new(0);
	void *st;
	char json[65536], *card;
	size_t len;
	unsigned i;

	(void)unused;
	dp_config_init(&cfg);
	st = dp_analyser_scope.create(&cfg, &err);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 10; i++) {
		f[0] = (struct dp_field){ "text", 4, texts[i % 2], strlen(texts[i % 2]), DP_VT_STRING };
		f[1] = (struct dp_field){ "src|x", 5, "a|b", 3, DP_VT_STRING };
		r.member = &m;
		r.seq = i;
		r.text = texts[i % 2];
		r.text_len = strlen(r.text);
		r.has_text_field = 1;
		r.fields = f;
		r.n_fields = 2;
		r.meta[DP_META_URL] = "https://evil|domain.example.com/x";
		r.meta_len[DP_META_URL] = strlen(r.meta[DP_META_URL]);
		r.meta[DP_META_DATE] = i % 2 ? "2020-05-01" : "2021-07-01T00:00:00Z";
		r.meta_len[DP_META_DATE] = strlen(r.meta[DP_META_DATE]);
		assert_int_equal(dp_analyser_scope.record(st, &ax, &r), DP_OK);
	}
	end.bytes = 1234;
	end.records = 10;
	assert_int_equal(dp_analyser_scope.member_end(st, &ax, &m, &end), DP_OK);
	snprintf(json, sizeof(json), "{\"scope\":");
	dp_analyser_scope.report(st, j);
	snprintf(json + strlen(json), sizeof(json) - strlen(json), "%s}", dp_json_text(j, &len));
	card = render(json);
	assert_non_null(strstr(card, "## Scope (measured)\n\n10 records (Hugging Face size "
				     "category `n<1K`)."));
	assert_non_null(strstr(card, "| train | 10 |"));
	assert_non_null(strstr(card, "**Modality:** text (present: text)."));
	assert_non_null(strstr(card, "| en | 50.0% |"));
	assert_non_null(strstr(card, "| fr | 50.0% |"));
	assert_non_null(strstr(card, "**Scripts (share of letters):** Latin 100.0%."));
	assert_non_null(strstr(card, "From 2020-05-01T00:00:00Z to 2021-07-01T00:00:00Z"));
	assert_non_null(strstr(card, "Records per year: 2020: 5, 2021: 5.\n"));
	/* A '|' in a URL makes it unparseable; in a field name and value it is escaped. */
	assert_non_null(strstr(card, "10 URLs could not be parsed"));
	assert_null(strstr(card, "src|x"));
	assert_null(strstr(card, "a|b"));
	free(card);
	dp_json_free(j);
	dp_analyser_scope.destroy(st);
}

static void test_no_scope_writes_nothing(void **unused)
{
	char *card = render("{\"records\":{}}");

	(void)unused;
	assert_string_equal(card, "");
	free(card);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card_from_analyser),
		cmocka_unit_test(test_no_scope_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

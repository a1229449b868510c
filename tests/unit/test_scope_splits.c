/* test_scope_splits.c - split counters, HF size categories, modality classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyse/modality.h"
#include "analyse/splits.h"
#include "core/json.h"

static void test_size_categories(void **st)
{
	(void)st;
	assert_string_equal(dp_splits_size_category(0), "n<1K");
	assert_string_equal(dp_splits_size_category(999), "n<1K");
	assert_string_equal(dp_splits_size_category(1000), "1K<n<10K");
	assert_string_equal(dp_splits_size_category(99999), "10K<n<100K");
	assert_string_equal(dp_splits_size_category(100000), "100K<n<1M");
	assert_string_equal(dp_splits_size_category(5000000), "1M<n<10M");
	assert_string_equal(dp_splits_size_category(10000000), "10M<n<100M");
	assert_string_equal(dp_splits_size_category(999999999), "100M<n<1B");
	assert_string_equal(dp_splits_size_category(1000000000ULL), "1B<n<10B");
	assert_string_equal(dp_splits_size_category(50000000000ULL), "10B<n<100B");
	assert_string_equal(dp_splits_size_category(999999999999ULL), "100B<n<1T");
	assert_string_equal(dp_splits_size_category(1000000000000ULL), "n>1T");
}

static char *report(const struct dp_splits *s, uint64_t total)
{
	struct dp_json *j = dp_json_new(0);
	size_t len;
	char *out;

	dp_splits_report(s, total, j);
	out = strdup(dp_json_text(j, &len));
	dp_json_free(j);
	return out;
}

static void test_splits(void **st)
{
	const struct dp_member train = { "train/a.jsonl", "a.jsonl", "jsonl", "train", 0, 0, 0, 1,
					 DP_MEMBER_TEXT };
	const struct dp_member plain = { "data.jsonl", "data.jsonl", "jsonl", NULL, 1, 0, 0, 0,
					 DP_MEMBER_TEXT };
	struct dp_splits a, b, w;
	struct dp_record r;
	char *ra, *rw;
	unsigned i;

	(void)st;
	dp_splits_init(&a);
	dp_splits_init(&b);
	dp_splits_init(&w);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 30; i++) {
		r.member = i < 10 ? &train : &plain;
		r.text_len = 10;
		/* Records of the plain member carry a split field on every third record. */
		r.meta[DP_META_SPLIT] = (i >= 10 && i % 3 == 0) ? "validation" : NULL;
		r.meta_len[DP_META_SPLIT] = r.meta[DP_META_SPLIT] ? 10 : 0;
		assert_int_equal(dp_splits_add_record(i % 2 ? &a : &b, &r), 0);
		assert_int_equal(dp_splits_add_record(&w, &r), 0);
	}
	assert_int_equal(dp_splits_add_member(&a, &train, 500), 0);
	assert_int_equal(dp_splits_add_member(&b, &plain, 700), 0);
	assert_int_equal(dp_splits_add_member(&w, &train, 500), 0);
	assert_int_equal(dp_splits_add_member(&w, &plain, 700), 0);
	assert_int_equal(dp_splits_merge(&a, &b), 0);
	ra = report(&a, 30);
	rw = report(&w, 30);
	assert_string_equal(ra, rw);
	assert_string_equal(rw,
		"{\"records\":30,\"size_category\":\"n<1K\",\"records_unlisted\":0,\"splits\":["
		"{\"name\":\"(none)\",\"records\":14,\"text_bytes\":140,\"members\":1,"
		"\"bytes\":700,\"size_category\":\"n<1K\"},"
		"{\"name\":\"train\",\"records\":10,\"text_bytes\":100,\"members\":1,\"bytes\":500,"
		"\"size_category\":\"n<1K\"},"
		"{\"name\":\"validation\",\"records\":6,\"text_bytes\":60,\"members\":0,\"bytes\":0,"
		"\"size_category\":\"n<1K\"}]}");
	free(ra);
	free(rw);
	dp_splits_release(&a);
	dp_splits_release(&b);
	dp_splits_release(&w);
}

static void test_modality(void **st)
{
	static const char *const names[] = {
		"s.tar!/0001.jpg", "s.tar!/0001.txt", "s.tar!/0001.json",
		"s.tar!/0002.png", "s.tar!/0002.cls",
		"s.tar!/0003.wav", "s.tar!/0004.jpg",
	};
	struct dp_modality_stats m;
	struct dp_member mem;
	struct dp_json *j = dp_json_new(0);
	size_t i, len;
	int tl;

	(void)st;
	assert_int_equal(dp_modality_classify("x/data.jsonl.gz", "jsonl", &tl), DP_MOD_TEXT);
	assert_int_equal(dp_modality_classify("t.CSV", NULL, &tl), DP_MOD_TABULAR);
	assert_int_equal(dp_modality_classify("a.flac", NULL, &tl), DP_MOD_AUDIO);
	assert_int_equal(dp_modality_classify("blob", "png", &tl), DP_MOD_IMAGE);
	assert_int_equal(dp_modality_classify("blob.bin", NULL, &tl), DP_MOD_OTHER);
	assert_int_equal(dp_modality_classify("c.txt", NULL, &tl), DP_MOD_TEXT);
	assert_int_equal(tl, 1);
	dp_modality_init(&m);
	memset(&mem, 0, sizeof(mem));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		mem.origin = names[i];
		mem.name = strrchr(names[i], '/') + 1;
		mem.kind = DP_MEMBER_BINARY;
		dp_modality_add(&m, &mem, 100);
	}
	dp_modality_report(&m, j);
	assert_string_equal(dp_json_text(j, &len),
		"{\"primary\":\"image-text\",\"modalities\":[\"image\",\"text\",\"audio\"],"
		"\"members\":{\"text\":3,\"image\":3,\"audio\":1},"
		"\"bytes\":{\"text\":300,\"image\":300,\"audio\":100},\"samples\":2,"
		"\"image_text_samples\":2,\"audio_text_samples\":0}");
	dp_json_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_categories),
		cmocka_unit_test(test_splits),
		cmocka_unit_test(test_modality),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

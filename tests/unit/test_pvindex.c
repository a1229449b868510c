/* test_pvindex.c - the preview frame index: frames as noted and cut, saved and loaded
 * back, and index files that are not whole refused (the preview file is then read whole). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyse/pvindex.h"

static void test_round_trip(void **state)
{
	char dir[] = "/tmp/dp-test-pvindex-XXXXXX", path[128], idx[140];
	struct dp_pvindex x, y;
	const uint64_t want_in[] = { 7 }, want_out[] = { 3, 40 };
	uint64_t s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/previews", dir);
	snprintf(idx, sizeof(idx), "%s.idx", path);
	dp_pvindex_init(&x);
	for (s = 10; s > 4; s--) /* seqs out of order within a frame */
		dp_pvindex_note(&x, s);
	assert_int_equal(dp_pvindex_cut(&x, 500), 0);
	dp_pvindex_note(&x, 20);
	assert_int_equal(dp_pvindex_cut(&x, 0), 0);
	assert_int_equal(dp_pvindex_cut(&x, 0), 0); /* an empty frame is not kept */
	assert_int_equal(x.n, 2);
	assert_int_equal(dp_pvindex_save(&x, path), 0);
	assert_int_equal(dp_pvindex_load(&y, path), 0);
	assert_int_equal(y.n, 2);
	assert_int_equal(y.v[0].offset, 0);
	assert_int_equal(y.v[0].count, 6);
	assert_int_equal(y.v[0].min_seq, 5);
	assert_int_equal(y.v[0].max_seq, 10);
	assert_int_equal(y.v[1].offset, 500);
	assert_true(dp_pvindex_frame_wanted(&y.v[0], want_in, 1));
	assert_false(dp_pvindex_frame_wanted(&y.v[0], want_out, 2));
	assert_false(dp_pvindex_frame_wanted(&y.v[1], want_out, 2));
	dp_pvindex_release(&x);
	dp_pvindex_release(&y);
	unlink(idx);
	rmdir(dir);
}

static void test_refuses_partial_or_missing(void **state)
{
	char dir[] = "/tmp/dp-test-pvindex-XXXXXX", path[128], idx[140];
	struct dp_pvindex x, y;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/previews", dir);
	snprintf(idx, sizeof(idx), "%s.idx", path);
	assert_int_equal(dp_pvindex_load(&y, path), -1); /* none */
	dp_pvindex_init(&x);
	dp_pvindex_note(&x, 1);
	assert_int_equal(dp_pvindex_cut(&x, 100), 0);
	dp_pvindex_note(&x, 2);
	assert_int_equal(dp_pvindex_cut(&x, 0), 0);
	assert_int_equal(dp_pvindex_save(&x, path), 0);
	assert_int_equal(truncate(idx, (off_t)(sizeof(struct dp_pvframe) + 5)), 0);
	assert_int_equal(dp_pvindex_load(&y, path), -1); /* cut short */
	assert_null(y.v);
	f = fopen(idx, "wb"); /* offsets must grow */
	assert_non_null(f);
	x.v[1].offset = 0;
	assert_int_equal(fwrite(x.v, sizeof(*x.v), 2, f), 2);
	fclose(f);
	assert_int_equal(dp_pvindex_load(&y, path), -1);
	dp_pvindex_release(&x);
	unlink(idx);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refuses_partial_or_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

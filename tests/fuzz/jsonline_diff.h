/* jsonline_diff.h - the differential check of the fast JSON line parser (src/reader/
 * jsonline.c) against yajl, shared by tests/unit/test_jsonline.c and
 * tests/fuzz/fuzz_jsonline.c: whatever the fast parser takes, yajl must take too and
 * deliver the same events, byte for byte. */
#ifndef DP_TESTS_JSONLINE_DIFF_H
#define DP_TESTS_JSONLINE_DIFF_H

#include <string.h>
#include <yajl/yajl_parse.h>

#include "core/buf.h"
#include "core/error.h"
#include "reader/jsonline.h"

/* Events as text: a tag byte, then for strings, keys and numbers the length and bytes. */
static int diff_put(void *ctx, char tag, const void *s, size_t n)
{
	struct dp_buf *b = ctx;

	if (dp_buf_addc(b, tag) != DP_OK)
		return 0;
	if (s && (dp_buf_addf(b, "%zu:", n) != DP_OK || dp_buf_add(b, s, n) != DP_OK))
		return 0;
	return 1;
}

static int diff_null(void *c) { return diff_put(c, 'n', NULL, 0); }
static int diff_bool(void *c, int v) { return diff_put(c, v ? 't' : 'f', NULL, 0); }
static int diff_num(void *c, const char *s, size_t n) { return diff_put(c, '#', s, n); }
static int diff_str(void *c, const unsigned char *s, size_t n) { return diff_put(c, '"', s, n); }
static int diff_key(void *c, const unsigned char *s, size_t n) { return diff_put(c, 'k', s, n); }
static int diff_om(void *c) { return diff_put(c, '{', NULL, 0); }
static int diff_cm(void *c) { return diff_put(c, '}', NULL, 0); }
static int diff_oa(void *c) { return diff_put(c, '[', NULL, 0); }
static int diff_ca(void *c) { return diff_put(c, ']', NULL, 0); }

static const yajl_callbacks diff_callbacks = {
	diff_null, diff_bool, NULL, NULL, diff_num, diff_str,
	diff_om, diff_key, diff_cm, diff_oa, diff_ca
};

/* The events yajl delivers for text, configured as dataprov's readers configure it;
 * 1 when yajl parsed it whole without an error. */
static int diff_yajl(const char *text, size_t n, struct dp_buf *log)
{
	yajl_handle h = yajl_alloc(&diff_callbacks, NULL, log);
	yajl_status st;

	if (!h)
		return 0;
	yajl_config(h, yajl_allow_multiple_values, 1);
	yajl_config(h, yajl_dont_validate_strings, 1);
	st = yajl_parse(h, (const unsigned char *)text, n);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	yajl_free(h);
	return st == yajl_status_ok;
}

/* 1 when the two parsers agree on text (the fast one declined, or both read the same
 * events); *taken: the fast parser took it. */
static int jsonline_agrees(const char *text, size_t n, int *taken)
{
	struct dp_buf fast, slow, scratch;
	size_t events;
	int ok = 1;

	dp_buf_init(&fast, 0);
	dp_buf_init(&slow, 0);
	dp_buf_init(&scratch, 0);
	*taken = dp_jsonline_parse(text, n, &diff_callbacks, &fast, &scratch, &events) ==
		 DP_JSONLINE_DONE;
	if (*taken)
		ok = diff_yajl(text, n, &slow) && fast.len == slow.len &&
		     (fast.len == 0 || memcmp(fast.data, slow.data, fast.len) == 0);
	dp_buf_release(&fast);
	dp_buf_release(&slow);
	dp_buf_release(&scratch);
	return ok;
}

#endif

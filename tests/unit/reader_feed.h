/* reader_feed.h - what the reader unit tests share: a reader run over a buffer fed in
 * blocks of one size (every block boundary is a place a reader can go wrong), fixtures
 * loaded and gunzipped when they are, the emitted records kept as text, and the check that
 * a reader gives the same records and counts whatever the block size.
 *
 * Include after <cmocka.h> (the functions assert). Everything is static inline: each test
 * program takes what it uses.
 */
#ifndef DP_TESTS_READER_FEED_H
#define DP_TESTS_READER_FEED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/config.h"
#include "reader/reader.h"

#define DP_FEED_MAXREC 16

/* The first DP_FEED_MAXREC records a reader emitted, as text (n counts them all). */
struct dp_feed_seen {
	size_t n;
	int typed;                          /* fields as "path:type=value;", else "path=value;" */
	char fields[DP_FEED_MAXREC][512];
	char text[DP_FEED_MAXREC][256];
	char url[DP_FEED_MAXREC][64], date[DP_FEED_MAXREC][32];
	uint64_t offset[DP_FEED_MAXREC];
	int invalid[DP_FEED_MAXREC];
};

/* The block sizes a fixture is fed in (1 << 20: the whole of it at once). */
static const size_t dp_feed_blocks[] = { 1, 2, 3, 5, 7, 12, 13, 64, 333, 4096, 1 << 20 };
#define DP_FEED_NBLOCKS (sizeof(dp_feed_blocks) / sizeof(*dp_feed_blocks))

/* n bytes at s (NULL: none) as a C string into dst, cut to cap. */
static inline void dp_feed_copy(char *dst, size_t cap, const char *s, size_t n)
{
	snprintf(dst, cap, "%.*s", (int)n, s ? s : "");
}

/* An emit callback: the record into the struct dp_feed_seen at ctx. */
static inline int dp_feed_collect(void *ctx, const struct dp_record *r)
{
	struct dp_feed_seen *s = ctx;
	size_t i, o = 0, cap = sizeof(s->fields[0]);
	char *f;

	if (s->n++ >= DP_FEED_MAXREC)
		return DP_OK;
	f = s->fields[s->n - 1];
	for (i = 0; i < r->n_fields && o < cap; i++)
		o += (size_t)(s->typed ? snprintf(f + o, cap - o, "%s:%d=%s;", r->fields[i].path,
						  (int)r->fields[i].type, r->fields[i].value)
				       : snprintf(f + o, cap - o, "%s=%s;", r->fields[i].path,
						  r->fields[i].value));
	i = s->n - 1;
	dp_feed_copy(s->text[i], sizeof(s->text[0]), r->text, r->text_len);
	dp_feed_copy(s->url[i], sizeof(s->url[0]), r->meta[DP_META_URL], r->meta_len[DP_META_URL]);
	dp_feed_copy(s->date[i], sizeof(s->date[0]), r->meta[DP_META_DATE],
		     r->meta_len[DP_META_DATE]);
	s->offset[i] = r->offset;
	s->invalid[i] = r->text_invalid_utf8;
	return DP_OK;
}

/* fixtures/<dir>/<name>, gunzipped when it is (zlib reads every member of a multi-member
 * file); the caller frees it. */
static inline char *dp_feed_load(const char *dir, const char *name, size_t *len)
{
	char path[512];
	gzFile f;
	char *buf = NULL;
	size_t cap = 0;
	int k;

	snprintf(path, sizeof(path), "%s/fixtures/%s/%s", DP_SOURCE_DIR, dir, name);
	f = gzopen(path, "rb");
	assert_non_null(f);
	*len = 0;
	do {
		if (*len + 4096 > cap) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		k = gzread(f, buf + *len, 4096);
		assert_true(k >= 0);
		*len += (size_t)k;
	} while (k > 0);
	gzclose(f);
	return buf;
}

/* Reader rt over data, fed in blocks of `block` bytes, as a member called `member`; each
 * record goes to emit(ctx), the counts to *st (zeroed first). Returns the status of the
 * last feed or of finish. */
static inline int dp_feed_run(const struct dp_reader_type *rt, const char *member,
			      const struct dp_config *cfg,
			      int (*emit)(void *, const struct dp_record *), void *ctx,
			      struct dp_reader_stats *st, const char *data, size_t len, size_t block)
{
	struct dp_member m = { member, member, NULL, NULL, 0, 0, 0, 0, DP_MEMBER_TEXT };
	struct dp_reader_ctx rc;
	struct dp_error err;
	uint64_t counter = 0;
	size_t off;
	void *r;
	int status = DP_OK;

	assert_non_null(rt);
	memset(st, 0, sizeof(*st));
	rc = (struct dp_reader_ctx){ cfg, &m, &counter, emit, ctx, st };
	r = rt->open(&rc, &err);
	assert_non_null(r);
	for (off = 0; off < len && status == DP_OK; off += block) {
		size_t n = len - off < block ? len - off : block;
		status = rt->feed(r, data + off, n, &err);
	}
	if (status == DP_OK)
		status = rt->finish(r, &err);
	rt->close(r);
	return status;
}

/* Reader rt over data in every block size of dp_feed_blocks: the same status, records
 * (fields, text, offsets) and counts and notes each time, as read whole. */
static inline void dp_feed_same_in_every_block(const struct dp_reader_type *rt,
					       const struct dp_config *cfg, const char *data,
					       size_t len)
{
	struct dp_feed_seen whole, part;
	struct dp_reader_stats st_whole, st_part;
	int rc_whole, rc_part;
	size_t b;

	memset(&whole, 0, sizeof(whole));
	rc_whole = dp_feed_run(rt, "x", cfg, dp_feed_collect, &whole, &st_whole, data, len,
			       len ? len : 1);
	for (b = 0; b < DP_FEED_NBLOCKS; b++) {
		memset(&part, 0, sizeof(part));
		rc_part = dp_feed_run(rt, "x", cfg, dp_feed_collect, &part, &st_part, data, len,
				      dp_feed_blocks[b]);
		assert_int_equal(rc_part, rc_whole);
		assert_memory_equal(&part, &whole, sizeof(whole));
		assert_memory_equal(&st_part, &st_whole, sizeof(st_whole));
	}
}

#endif

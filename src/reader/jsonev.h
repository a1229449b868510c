/* jsonev.h - yajl event handling shared by the jsonl and json readers: turns a stream of
 * JSON events into records through dp_recbuild.
 *
 * A record is every object at the record depth: depth 0 for JSONL lines and for a top-level
 * object, depth 1 for the elements of a top-level array (chosen at the first value, so a
 * .json file holding either works). Strings are not validated by yajl: invalid UTF-8 is
 * kept as bytes and counted by recbuild, not rejected. Nesting deeper than
 * --max-field-depth is parsed but not recorded.
 */
#ifndef DP_READER_JSONEV_H
#define DP_READER_JSONEV_H

#include <yajl/yajl_parse.h>

#include "core/buf.h"
#include "reader/recbuild.h"

struct dp_jsonev {
	struct dp_recbuild rb;
	yajl_handle h;
	struct dp_buf path;        /* dotted path of the current container */
	struct dp_buf key;         /* pending key in the current map */
	size_t *path_len;          /* path length to restore at each depth */
	unsigned char *is_array;   /* container type at each depth */
	size_t depth, cap_depth;
	int jsonl;                 /* 1: one object per line; a top-level array is malformed */
	int embed;                 /* 1: add fields to a record the caller begins and ends */
	int array_mode;            /* 1: records are elements of a top-level array */
	int in_record;
	uint64_t non_object;       /* values at record depth that are not objects (skipped) */
	int records_done;          /* records completed since the last dp_jsonev_take_done */
	int record_ready;          /* jsonl: the line's record is complete; it is emitted by
				    * dp_jsonev_end_line once the line is known to hold no more */
	int status;                /* first error from emit (DP_FATAL stops the parse) */
	int too_deep;              /* nesting passed DP_MAX_JSON_NESTING: value abandoned */
	uint64_t rec_offset, rec_line;
	/* Long tokens. yajl re-lexes a token that spans feeds from its first byte at every
	 * feed, so a 200 MB string fed in 256 KB blocks costs O(n^2). With `batch` set, once
	 * a feed yields no event for DP_JSONEV_QUIET_MIN bytes, input is held in `pending`
	 * and given to yajl only when it has doubled (or reached DP_JSONEV_PENDING_MAX), which
	 * keeps the cost near linear. Readers that set `batch` call dp_jsonev_flush before
	 * they look at the parser state. */
	int batch;
	uint64_t events;           /* callbacks so far */
	uint64_t quiet;            /* bytes fed since the last callback */
	struct dp_buf pending;
	struct dp_buf unescaped;   /* strings with escapes, decoded by the fast line parser */
};

#define DP_JSONEV_QUIET_MIN (1u << 20)
#define DP_JSONEV_PENDING_MAX (16u << 20) /* held at most: bounds the extra memory */

/* Set up; `multi`: accept several top-level values (JSONL, concatenated JSON).
 * Returns DP_OK or DP_FATAL. */
int dp_jsonev_init(struct dp_jsonev *e, const struct dp_reader_ctx *rc);
void dp_jsonev_release(struct dp_jsonev *e);

/* Drop the parser state after an error or at a line boundary and start afresh. */
int dp_jsonev_reset(struct dp_jsonev *e);

/* Offset and line reported for the next record that starts. */
void dp_jsonev_position(struct dp_jsonev *e, uint64_t offset, uint64_t line);

/* Feed bytes. DP_OK, DP_WARN on a JSON syntax error (message in err; caller resets), or
 * DP_FATAL. */
int dp_jsonev_feed(struct dp_jsonev *e, const char *data, size_t n, struct dp_error *err);

/* One whole JSONL line (no newline), by the fast parser of jsonline.h. DP_OK: it was
 * taken and its events delivered (a record emitted); DP_DONE: declined, nothing of it
 * kept, so feed it with dp_jsonev_feed; DP_FATAL. Only for a parser between values. */
int dp_jsonev_line(struct dp_jsonev *e, const char *line, size_t n);

/* JSONL: a line yajl parsed ended. A token yajl holds past the last value (a number or a
 * literal, whose end it cannot see without a next byte: '{...} 12'; an unterminated
 * string) is ended by the newline, so it belongs to this line, not the next, and the
 * parser is between values again (where dp_jsonev_line may take over). Same returns as
 * dp_jsonev_feed. */
int dp_jsonev_end_token(struct dp_jsonev *e, struct dp_error *err);

/* JSONL: emit the line's complete record when `sound` (the line held one object and
 * nothing else), else drop it. DP_OK or DP_FATAL. */
int dp_jsonev_end_line(struct dp_jsonev *e, int sound);

/* Give yajl what `batch` held back; same returns as dp_jsonev_feed. */
int dp_jsonev_flush(struct dp_jsonev *e, struct dp_error *err);

#endif

/* reader.h - the record reader plug-in interface and its registry.
 *
 * A reader turns the decoded bytes of one member into records. The pipeline picks a reader
 * by --format, else by the highest bid on the member's name and first bytes, opens it, feeds
 * it the member's bytes in blocks of any size, and calls finish at the end of the member.
 * The reader calls rc->emit once per record; the record and everything it points to are
 * borrowed and valid only during that call.
 *
 * Bad records are the reader's business: it counts them in rc->stats (malformed, oversize),
 * keeps the first few locations via dp_reader_note, and goes on. feed/finish return DP_OK,
 * DP_WARN (the rest of this member cannot be read; counted by the pipeline), or DP_FATAL.
 *
 * Adding a reader: one file defining `const struct dp_reader_type dp_reader_NAME`, one line
 * in reader/registry.c, one test file, one golden fixture, a line in man/dataprov.1.
 */
#ifndef DP_READER_READER_H
#define DP_READER_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/error.h"
#include "core/record.h"

#define DP_READER_NOTES_MAX 5 /* malformed-record locations kept per member */

struct dp_reader_stats {
	uint64_t records;          /* emitted */
	uint64_t malformed;        /* lines/rows/elements that could not be parsed */
	uint64_t oversize;         /* records over --max-record-bytes */
	uint64_t invalid_utf8;     /* records whose text is not valid UTF-8 */
	uint64_t depth_limited;    /* records with fields nested deeper than --max-field-depth */
	unsigned n_notes;
	char notes[DP_READER_NOTES_MAX][160]; /* "line 12: unterminated string" */
};

struct dp_reader_ctx {
	const struct dp_config *cfg;
	const struct dp_member *member;
	uint64_t *seq_counter;     /* the input's record counter: seq = dp_seq_make(input, (*c)++) */
	int (*emit)(void *emit_ctx, const struct dp_record *r);
	void *emit_ctx;
	struct dp_reader_stats *stats;
};

struct dp_reader_type {
	const char *name;
	/* Confidence 0..100 that this reader fits a member called `name` starting with `head`. */
	int (*bid)(const char *name, const unsigned char *head, size_t n);
	void *(*open)(const struct dp_reader_ctx *rc, struct dp_error *err);
	int (*feed)(void *state, const char *data, size_t n, struct dp_error *err);
	int (*finish)(void *state, struct dp_error *err);
	void (*close)(void *state);
};

/* NULL-terminated registry (reader/registry.c). */
extern const struct dp_reader_type *const dp_readers[];

/* Reader by name; NULL when unknown. */
const struct dp_reader_type *dp_reader_find(const char *name);

/* Best reader for a member (never NULL: falls back to "text"). */
const struct dp_reader_type *dp_reader_choose(const char *name, const unsigned char *head,
					      size_t n);

/* Record a malformed-record location note (kept up to DP_READER_NOTES_MAX). */
void dp_reader_note(struct dp_reader_stats *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A UTF-8 byte-order mark at the start of a member, dropped across block boundaries. */
struct dp_reader_bom {
	unsigned seen;             /* BOM bytes matched so far */
	int done;                  /* past the start */
};

/* Call with every block until it is done: advances *data / *n past the BOM's bytes. When
 * the bytes matched so far turn out not to be a BOM, returns their count and *replay
 * points at them: feed those first, then the block. Returns 0 otherwise. */
size_t dp_reader_bom(struct dp_reader_bom *b, const char **data, size_t *n,
		     const char **replay);

/* Sniffing JSON content: the first byte of head past a UTF-8 BOM and JSON whitespace
 * (n when there is none). */
size_t dp_reader_json_start(const unsigned char *head, size_t n);
/* 1 when the '{' or '[' at head[i] opens a JSON value: a key string or '}' follows a '{',
 * a value or ']' follows a '[' (a Pascal "{ comment }" or "[ a note ]" does not), or the
 * head ends there. */
int dp_reader_json_opens(const unsigned char *head, size_t n, size_t i);

/* Lower-cased extension of the last path element after stripping compression suffixes
 * (".gz", ".zst" ...), without the dot, into out; "" when none. */
void dp_reader_ext(const char *name, char *out, size_t cap);

#endif

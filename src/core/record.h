/* record.h - the shared vocabulary between readers and analysers: members and records.
 *
 * A member is one decoded byte stream: a plain file, a compressed file's content, or an
 * archive entry (possibly nested). A record is one unit of data inside a member: a JSONL
 * line, a JSON array element, a CSV row, a whole text file, a WebDataset sample.
 *
 * Lifetimes: everything reachable from a `struct dp_record` is borrowed from the reader and
 * valid only during the analyser callback that receives it. Analysers copy what they keep.
 * A `struct dp_member` is valid from member_begin to member_end.
 */
#ifndef DP_CORE_RECORD_H
#define DP_CORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

/* Member kinds, decided from the first bytes and the name. */
enum dp_member_kind {
	DP_MEMBER_TEXT = 0,   /* handed to a record reader */
	DP_MEMBER_BINARY,     /* inventoried and hashed, not read as text */
	DP_MEMBER_ARCHIVE,    /* opened recursively; its members are members */
	DP_MEMBER_SPECIAL     /* directory, symlink, hardlink, device: listed, no data */
};

struct dp_member {
	const char *origin;       /* full chain, outermost first, "a.tar!/b.jsonl.gz!/b.jsonl" */
	const char *name;         /* this entry's own name (last element of the chain) */
	const char *format;       /* reader name ("jsonl", "csv", ...) or binary type ("png") */
	const char *split;        /* split from the path ("train", "test", ...) or NULL */
	uint32_t input_index;     /* which top-level input (0-based, input order) */
	uint32_t member_index;    /* 0-based index of this member within its input */
	uint64_t first_seq;       /* dp_record.seq of the member's first record */
	unsigned depth;           /* 0 for a top-level plain file */
	enum dp_member_kind kind;
};

/* JSON-ish value types as seen by the schema analyser. */
enum dp_value_type {
	DP_VT_NULL = 0,
	DP_VT_BOOL,
	DP_VT_NUMBER,
	DP_VT_STRING,
	DP_VT_OBJECT,
	DP_VT_ARRAY
};

/* One field of a structured record. Paths are dotted ("meta.url"); array elements keep the
 * array's path ("tags"). Containers are listed too (type OBJECT/ARRAY, empty value), before
 * their children. For CSV, every column is a STRING field named by its header. */
struct dp_field {
	const char *path;
	size_t path_len;
	const char *value;        /* decoded (unescaped) bytes; NUL-terminated */
	size_t value_len;
	enum dp_value_type type;
};

/* Well-known metadata captured for analysers (see --license-field, --url-field, ...). */
enum dp_meta {
	DP_META_ID = 0,
	DP_META_URL,
	DP_META_LICENSE,
	DP_META_SPLIT,
	DP_META_DATE,
	DP_META_COUNT
};

/* A text span inside the record's `text`: one chosen text field. */
struct dp_text_span {
	const char *field;        /* field path ("text") or "" for a plain-text member */
	size_t offset;            /* start in record->text */
	size_t len;
};

struct dp_record {
	const struct dp_member *member;
	uint64_t index;           /* 0-based record index within the member */
	uint64_t seq;             /* run-wide order key: input order, then record order */
	uint64_t offset;          /* byte offset of the record in the decoded member */
	uint64_t line;            /* 1-based line where the record starts (0 if not line based) */

	/* The record's text: the chosen text fields, decoded, joined by "\n". */
	const char *text;
	size_t text_len;
	const struct dp_text_span *spans;
	size_t n_spans;
	int has_text_field;       /* 0 when no text field existed (text is empty) */
	int text_invalid_utf8;    /* 1 when text is not valid UTF-8 */
	int truncated;            /* 1 when the record was over the size cap (text is a prefix) */

	/* All fields (structured formats only; NULL/0 for text members). */
	const struct dp_field *fields;
	size_t n_fields;

	/* Metadata values; NULL when absent. meta_len[] holds their lengths. */
	const char *meta[DP_META_COUNT];
	size_t meta_len[DP_META_COUNT];
};

/* Records are sequenced run-wide as (input_index << 40) | per-input record counter, so the
 * order "first occurrence in input order" is a plain integer comparison and is the same
 * whatever thread read the input. */
#define DP_SEQ_INPUT_SHIFT 40
static inline uint64_t dp_seq_make(uint32_t input_index, uint64_t counter)
{
	return ((uint64_t)input_index << DP_SEQ_INPUT_SHIFT) | counter;
}

#endif

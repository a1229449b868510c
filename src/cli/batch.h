/* batch.h - records copied into one block, so the thread that reads an input can hand
 * thousands of records at a time to the analyser threads without a malloc per record.
 *
 * A batch owns copies of its records' text, spans, fields, metadata and members; pointers
 * inside are fixed up by dp_batch_seal, after which the batch is read-only and its records
 * are valid until dp_batch_reset. Batches are reused (dp_batch_reset keeps the memory).
 */
#ifndef DP_CLI_BATCH_H
#define DP_CLI_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/record.h"

#define DP_BATCH_BYTES (2u << 20)   /* a batch is handed over once it holds this much */
#define DP_BATCH_RECORDS 8192       /* ... or this many records */

struct dp_batch_rec;

struct dp_batch {
	struct dp_buf arena;           /* every byte the records point to */
	struct dp_batch_rec *recs;
	size_t n, cap;
	struct dp_member *members;     /* members of the records, in order */
	size_t *member_name_off;       /* arena offsets of origin and name, per member */
	size_t n_members, cap_members, cap_name_off;
	struct dp_record *out;         /* the sealed records */
	size_t cap_out;
	struct dp_text_span *spans;    /* sealed spans of all records */
	struct dp_field *fields;       /* sealed fields of all records */
	size_t n_spans, cap_spans, n_fields, cap_fields;
	struct dp_batch *next;         /* queue / free-list link */
};

void dp_batch_init(struct dp_batch *b);
void dp_batch_release(struct dp_batch *b);
void dp_batch_reset(struct dp_batch *b);

/* Copy `r` (and its member, when it differs from the previous record's) into the batch.
 * Returns 0, or -1 when out of memory. */
int dp_batch_add(struct dp_batch *b, const struct dp_record *r);

/* 1 when the batch should be handed over. */
int dp_batch_full(const struct dp_batch *b);

/* Fix up every pointer; returns 0 or -1 (out of memory). Records: b->out[0..n). */
int dp_batch_seal(struct dp_batch *b);

#endif

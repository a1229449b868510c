/* wds.h - WebDataset samples: consecutive members of an archive sharing a key
 * ("000123.jpg", "000123.txt", "000123.json") form one record. Text comes from the
 * .txt/.text/.caption parts, fields and metadata (url, license ...) from the .json part;
 * the other parts (images, audio, labels) are inventoried by the pipeline as usual.
 *
 * The pipeline decides when an archive level is a WebDataset (--format wds, or the first
 * two members share a key) and routes each member through dp_wds_part_*. A sample's
 * record is emitted when the next key starts or the level ends (dp_wds_flush), and belongs
 * to the sample's first member.
 */
#ifndef DP_READER_WDS_H
#define DP_READER_WDS_H

#include <stddef.h>

#include "core/buf.h"
#include "reader/jsonev.h"
#include "reader/reader.h"

struct dp_wds {
	struct dp_reader_ctx rc;      /* emit target; rc.member points at `first` */
	struct dp_reader_stats stats; /* the current sample's counts */
	struct dp_jsonev ev;          /* embedded: the .json part's fields */
	struct dp_member first;       /* copy of the sample's first member */
	char *first_origin, *first_name;
	char *key;                    /* "dir/000123" of the open sample, NULL when none */
	struct dp_buf text;           /* the current text part */
	int part;                     /* 0 none, 1 text part, 2 json part */
	int json_bad;
	size_t first_row;             /* the pipeline's member row of `first` */
};

/* Key of a member name: the path up to the first '.' of its last component, or NULL
 * (written into key, capacity cap) when the name has no extension. */
const char *dp_wds_key(const char *name, char *key, size_t cap);

/* 1 when `name`'s extension is a part the sample record reads (txt, text, caption, json). */
int dp_wds_is_record_part(const char *name);

int dp_wds_init(struct dp_wds *g, const struct dp_reader_ctx *rc);
void dp_wds_release(struct dp_wds *g);

/* 1 when member `name` belongs to another sample than the open one (flush first). */
int dp_wds_new_sample(const struct dp_wds *g, const char *name);

/* A member of a WebDataset level begins (after any flush). When no sample is open, it
 * opens one with this member as its first; `row` is the member's row index in the
 * pipeline's input result. DP_OK or DP_FATAL. */
int dp_wds_part_begin(struct dp_wds *g, const struct dp_member *m, size_t row);
int dp_wds_part_data(struct dp_wds *g, const char *data, size_t n);
int dp_wds_part_end(struct dp_wds *g);

/* Emit the open sample (if any). Returns emit's status; *records gets 1 when one was
 * emitted (counted on row g->first_row by the caller). */
int dp_wds_flush(struct dp_wds *g, size_t *row, uint64_t *records);

#endif

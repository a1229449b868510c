/* registry.c - the record readers, in bid tie-break order. */
#include "reader/reader.h"

extern const struct dp_reader_type dp_reader_jsonl;
extern const struct dp_reader_type dp_reader_json;
extern const struct dp_reader_type dp_reader_csv;
extern const struct dp_reader_type dp_reader_tsv;
extern const struct dp_reader_type dp_reader_text;
extern const struct dp_reader_type dp_reader_parquet;
extern const struct dp_reader_type dp_reader_arrow;
extern const struct dp_reader_type dp_reader_lines;
extern const struct dp_reader_type dp_reader_warc;
extern const struct dp_reader_type dp_reader_tfrecord;

const struct dp_reader_type *const dp_readers[] = {
	&dp_reader_jsonl,
	&dp_reader_json,
	&dp_reader_csv,
	&dp_reader_tsv,
	&dp_reader_text,
	&dp_reader_parquet,
	&dp_reader_arrow,
	&dp_reader_lines,
	&dp_reader_warc,
	&dp_reader_tfrecord,
	NULL
};

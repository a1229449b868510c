/* reader_harness.h - the body shared by the record-reader fuzz targets: the input is fed to
 * one reader in blocks whose sizes come from the input itself, so every block boundary
 * (inside a string, an escape, a UTF-8 sequence, a CSV quote) gets exercised. Each target
 * defines FUZZ_READER to a reader name and includes this file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/record.h"
#include "reader/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every byte a record points at, so ASan sees any read past a field. */
static int on_record(void *ctx, const struct dp_record *r)
{
	size_t i, k;
	unsigned sum = 0;

	for (i = 0; i < r->n_fields; i++) {
		for (k = 0; k < r->fields[i].path_len; k++)
			sum += (unsigned char)r->fields[i].path[k];
		for (k = 0; k < r->fields[i].value_len; k++)
			sum += (unsigned char)r->fields[i].value[k];
	}
	for (k = 0; k < r->text_len; k++)
		sum += (unsigned char)r->text[k];
	for (i = 0; i < DP_META_COUNT; i++)
		for (k = 0; r->meta[i] && k < r->meta_len[i]; k++)
			sum += (unsigned char)r->meta[i][k];
	*(unsigned *)ctx += sum;
	return DP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct dp_reader_type *rt = dp_reader_find(FUZZ_READER);
	struct dp_config cfg;
	struct dp_member m;
	struct dp_reader_stats st;
	struct dp_reader_ctx rc;
	struct dp_error err;
	uint64_t seq = 0;
	unsigned sink = 0;
	size_t off = 1, step;
	void *r;
	int status = DP_OK;

	if (!rt || size == 0)
		return 0;
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 1 << 16; /* small caps: reach the over-limit paths */
	cfg.limits.max_field_depth = 8;
	cfg.limits.max_fields = 64;
	memset(&m, 0, sizeof(m));
	m.origin = m.name = "fuzz." FUZZ_READER;
	memset(&st, 0, sizeof(st));
	memset(&rc, 0, sizeof(rc));
	rc.cfg = &cfg;
	rc.member = &m;
	rc.seq_counter = &seq;
	rc.emit = on_record;
	rc.emit_ctx = &sink;
	rc.stats = &st;
	dp_error_clear(&err);
	r = rt->open(&rc, &err);
	if (!r)
		return 0;
	step = (size_t)(data[0] % 64) + 1; /* block size from the first byte */
	while (off < size && status == DP_OK) {
		size_t n = size - off < step ? size - off : step;
		status = rt->feed(r, (const char *)data + off, n, &err);
		off += n;
		step = step * 7 % 97 + 1;
	}
	if (status == DP_OK)
		rt->finish(r, &err);
	rt->close(r);
	return 0;
}

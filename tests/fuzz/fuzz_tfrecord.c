/* fuzz_tfrecord.c - libFuzzer target: the tfrecord reader. Random bytes almost never pass
 * a CRC-32C, so the input is a list of records (a 16-bit length, then the data) framed here
 * with correct CRCs, and the protobuf of tf.train.Example gets fuzzed. The first byte sets
 * the block size; in the second, bit 0 feeds the input unframed (the framing itself fuzzed)
 * and a record whose length has bit 15 set gets a bad data CRC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/record.h"
#include "reader/reader.h"
#include "reader/tfrecord.h"

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
	*(unsigned *)ctx += sum;
	return DP_OK;
}

static void put_le(uint8_t *p, uint64_t v, unsigned k)
{
	unsigned i;

	for (i = 0; i < k; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The records of `in` framed into out (room for 16 bytes more per input byte pair). */
static size_t frame_all(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;

	while (i + 2 <= n) {
		size_t len = (size_t)(in[i] | (in[i + 1] & 0x7f) << 8);
		int bad = in[i + 1] & 0x80;
		i += 2;
		if (len > n - i)
			len = n - i;
		put_le(out + o, len, 8);
		put_le(out + o + 8, dp_tfrecord_mask(dp_crc32c(0, out + o, 8)), 4);
		memcpy(out + o + 12, in + i, len);
		put_le(out + o + 12 + len, dp_tfrecord_mask(dp_crc32c(0, in + i, len)) ^ (bad ? 1u : 0u), 4);
		o += 16 + len;
		i += len;
	}
	return o;
}

static void feed(const struct dp_reader_type *rt, void *r, const uint8_t *p, size_t n,
		 size_t step)
{
	struct dp_error err;
	size_t off = 0;
	int status = DP_OK;

	dp_error_clear(&err);
	while (off < n && status == DP_OK) {
		size_t k = n - off < step ? n - off : step;
		status = rt->feed(r, (const char *)p + off, k, &err);
		off += k;
		step = step * 7 % 97 + 1;
	}
	if (status == DP_OK)
		rt->finish(r, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct dp_reader_type *rt = dp_reader_find("tfrecord");
	struct dp_config cfg;
	struct dp_member m;
	struct dp_reader_stats st;
	struct dp_reader_ctx rc;
	struct dp_error err;
	uint64_t seq = 0;
	unsigned sink = 0;
	uint8_t *framed;
	size_t n;
	void *r;

	if (!rt || size < 2)
		return 0;
	dp_config_init(&cfg);
	cfg.limits.max_record_bytes = 1 << 12; /* small caps: reach the over-limit paths */
	cfg.limits.max_fields = 64;
	memset(&m, 0, sizeof(m));
	m.origin = m.name = "fuzz.tfrecord";
	memset(&st, 0, sizeof(st));
	rc = (struct dp_reader_ctx){ &cfg, &m, &seq, on_record, &sink, &st };
	dp_error_clear(&err);
	framed = malloc(size * 8 + 16);
	r = framed ? rt->open(&rc, &err) : NULL;
	if (r) {
		n = data[1] & 1 ? size - 2 : frame_all(data + 2, size - 2, framed);
		feed(rt, r, data[1] & 1 ? data + 2 : framed, n, (size_t)(data[0] % 64) + 1);
		rt->close(r);
	}
	free(framed);
	return 0;
}

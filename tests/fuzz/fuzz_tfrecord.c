/* fuzz_tfrecord.c - libFuzzer target: the tfrecord reader. Random bytes almost never pass
 * a CRC-32C, so the input is a list of records (a 16-bit length, then the data) framed here
 * with correct CRCs, and the protobuf of tf.train.Example gets fuzzed. The first byte sets
 * the block size; in the second, bit 0 feeds the input unframed (the framing itself fuzzed),
 * bit 1 makes every frame claim 64 KiB more than it holds (over the harness's 64 KiB cap:
 * the oversize and cut-frame paths), and a record whose length has bit 15 set gets a bad
 * data CRC. The feeding is reader_harness.h's, given the framed bytes. */
#define FUZZ_READER "tfrecord"
#define LLVMFuzzerTestOneInput dp_fuzz_harness_feed
#include "reader_harness.h"
#undef LLVMFuzzerTestOneInput

#include "reader/tfrecord.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put_le(uint8_t *p, uint64_t v, unsigned k)
{
	unsigned i;

	for (i = 0; i < k; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The records of `in` framed into out (room for 16 bytes more per input byte pair); each
 * frame claims `extra` bytes more than it holds. */
static size_t frame_all(const uint8_t *in, size_t n, uint8_t *out, uint64_t extra)
{
	size_t o = 0, i = 0;

	while (i + 2 <= n) {
		size_t len = (size_t)(in[i] | (in[i + 1] & 0x7f) << 8);
		int bad = in[i + 1] & 0x80;
		i += 2;
		if (len > n - i)
			len = n - i;
		put_le(out + o, len + extra, 8);
		put_le(out + o + 8, dp_tfrecord_mask(dp_crc32c(0, out + o, 8)), 4);
		memcpy(out + o + 12, in + i, len);
		put_le(out + o + 12 + len, dp_tfrecord_mask(dp_crc32c(0, in + i, len)) ^ (bad ? 1u : 0u), 4);
		o += 16 + len;
		i += len;
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	size_t n;

	if (size < 2)
		return 0;
	buf = malloc(size * 8 + 16);
	if (!buf)
		return 0;
	buf[0] = data[0]; /* the harness's block size */
	if (data[1] & 1) {
		n = size - 2;
		memcpy(buf + 1, data + 2, n);
	} else {
		n = frame_all(data + 2, size - 2, buf + 1, data[1] & 2 ? 1u << 16 : 0);
	}
	dp_fuzz_harness_feed(buf, n + 1);
	free(buf);
	return 0;
}

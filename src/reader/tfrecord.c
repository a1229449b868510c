/* tfrecord.c - the tfrecord reader: one record per TFRecord frame holding a tf.train.Example
 * (or a SequenceExample, whose context is read). Both CRCs are checked: a bad data CRC
 * loses that record (malformed), a bad length CRC loses the framing and the rest of the
 * member. Features become fields under their names: bytes that are UTF-8 text as strings,
 * floats and int64s as numbers, several values as a list; other bytes (images, tensors)
 * are left out, as the parquet reader leaves out binary columns.
 */
#include "core/buf.h"
#include "core/utf8.h"
#include "reader/bytes.h"
#include "reader/protobuf.h"
#include "reader/recbuild.h"
#include "reader/reader.h"
#include "reader/tfrecord.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CRC-32C, reflected polynomial 0x82f63b78, one byte at a time. */
static const uint32_t crc32c_table[256] = {
	0x00000000, 0xf26b8303, 0xe13b70f7, 0x1350f3f4, 0xc79a971f, 0x35f1141c,
	0x26a1e7e8, 0xd4ca64eb, 0x8ad958cf, 0x78b2dbcc, 0x6be22838, 0x9989ab3b,
	0x4d43cfd0, 0xbf284cd3, 0xac78bf27, 0x5e133c24, 0x105ec76f, 0xe235446c,
	0xf165b798, 0x030e349b, 0xd7c45070, 0x25afd373, 0x36ff2087, 0xc494a384,
	0x9a879fa0, 0x68ec1ca3, 0x7bbcef57, 0x89d76c54, 0x5d1d08bf, 0xaf768bbc,
	0xbc267848, 0x4e4dfb4b, 0x20bd8ede, 0xd2d60ddd, 0xc186fe29, 0x33ed7d2a,
	0xe72719c1, 0x154c9ac2, 0x061c6936, 0xf477ea35, 0xaa64d611, 0x580f5512,
	0x4b5fa6e6, 0xb93425e5, 0x6dfe410e, 0x9f95c20d, 0x8cc531f9, 0x7eaeb2fa,
	0x30e349b1, 0xc288cab2, 0xd1d83946, 0x23b3ba45, 0xf779deae, 0x05125dad,
	0x1642ae59, 0xe4292d5a, 0xba3a117e, 0x4851927d, 0x5b016189, 0xa96ae28a,
	0x7da08661, 0x8fcb0562, 0x9c9bf696, 0x6ef07595, 0x417b1dbc, 0xb3109ebf,
	0xa0406d4b, 0x522bee48, 0x86e18aa3, 0x748a09a0, 0x67dafa54, 0x95b17957,
	0xcba24573, 0x39c9c670, 0x2a993584, 0xd8f2b687, 0x0c38d26c, 0xfe53516f,
	0xed03a29b, 0x1f682198, 0x5125dad3, 0xa34e59d0, 0xb01eaa24, 0x42752927,
	0x96bf4dcc, 0x64d4cecf, 0x77843d3b, 0x85efbe38, 0xdbfc821c, 0x2997011f,
	0x3ac7f2eb, 0xc8ac71e8, 0x1c661503, 0xee0d9600, 0xfd5d65f4, 0x0f36e6f7,
	0x61c69362, 0x93ad1061, 0x80fde395, 0x72966096, 0xa65c047d, 0x5437877e,
	0x4767748a, 0xb50cf789, 0xeb1fcbad, 0x197448ae, 0x0a24bb5a, 0xf84f3859,
	0x2c855cb2, 0xdeeedfb1, 0xcdbe2c45, 0x3fd5af46, 0x7198540d, 0x83f3d70e,
	0x90a324fa, 0x62c8a7f9, 0xb602c312, 0x44694011, 0x5739b3e5, 0xa55230e6,
	0xfb410cc2, 0x092a8fc1, 0x1a7a7c35, 0xe811ff36, 0x3cdb9bdd, 0xceb018de,
	0xdde0eb2a, 0x2f8b6829, 0x82f63b78, 0x709db87b, 0x63cd4b8f, 0x91a6c88c,
	0x456cac67, 0xb7072f64, 0xa457dc90, 0x563c5f93, 0x082f63b7, 0xfa44e0b4,
	0xe9141340, 0x1b7f9043, 0xcfb5f4a8, 0x3dde77ab, 0x2e8e845f, 0xdce5075c,
	0x92a8fc17, 0x60c37f14, 0x73938ce0, 0x81f80fe3, 0x55326b08, 0xa759e80b,
	0xb4091bff, 0x466298fc, 0x1871a4d8, 0xea1a27db, 0xf94ad42f, 0x0b21572c,
	0xdfeb33c7, 0x2d80b0c4, 0x3ed04330, 0xccbbc033, 0xa24bb5a6, 0x502036a5,
	0x4370c551, 0xb11b4652, 0x65d122b9, 0x97baa1ba, 0x84ea524e, 0x7681d14d,
	0x2892ed69, 0xdaf96e6a, 0xc9a99d9e, 0x3bc21e9d, 0xef087a76, 0x1d63f975,
	0x0e330a81, 0xfc588982, 0xb21572c9, 0x407ef1ca, 0x532e023e, 0xa145813d,
	0x758fe5d6, 0x87e466d5, 0x94b49521, 0x66df1622, 0x38cc2a06, 0xcaa7a905,
	0xd9f75af1, 0x2b9cd9f2, 0xff56bd19, 0x0d3d3e1a, 0x1e6dcdee, 0xec064eed,
	0xc38d26c4, 0x31e6a5c7, 0x22b65633, 0xd0ddd530, 0x0417b1db, 0xf67c32d8,
	0xe52cc12c, 0x1747422f, 0x49547e0b, 0xbb3ffd08, 0xa86f0efc, 0x5a048dff,
	0x8ecee914, 0x7ca56a17, 0x6ff599e3, 0x9d9e1ae0, 0xd3d3e1ab, 0x21b862a8,
	0x32e8915c, 0xc083125f, 0x144976b4, 0xe622f5b7, 0xf5720643, 0x07198540,
	0x590ab964, 0xab613a67, 0xb831c993, 0x4a5a4a90, 0x9e902e7b, 0x6cfbad78,
	0x7fab5e8c, 0x8dc0dd8f, 0xe330a81a, 0x115b2b19, 0x020bd8ed, 0xf0605bee,
	0x24aa3f05, 0xd6c1bc06, 0xc5914ff2, 0x37faccf1, 0x69e9f0d5, 0x9b8273d6,
	0x88d28022, 0x7ab90321, 0xae7367ca, 0x5c18e4c9, 0x4f48173d, 0xbd23943e,
	0xf36e6f75, 0x0105ec76, 0x12551f82, 0xe03e9c81, 0x34f4f86a, 0xc69f7b69,
	0xd5cf889d, 0x27a40b9e, 0x79b737ba, 0x8bdcb4b9, 0x988c474d, 0x6ae7c44e,
	0xbe2da0a5, 0x4c4623a6, 0x5f16d052, 0xad7d5351,
};

uint32_t dp_crc32c(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t c = ~crc;

	while (n--)
		c = crc32c_table[(c ^ *b++) & 0xff] ^ (c >> 8);
	return ~c;
}

uint32_t dp_tfrecord_mask(uint32_t crc)
{
	return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

int dp_tfrecord_sniff(const unsigned char *head, size_t n)
{
	return n >= 12 && dp_tfrecord_mask(dp_crc32c(0, head, 8)) == (uint32_t)dp_le(head + 8, 4);
}

enum tfr_state { T_FRAME, T_DATA, T_DCRC, T_LOST };

/* Feature kinds: the Feature oneof's field numbers. */
enum tfr_kind { F_BYTES = 1, F_FLOAT = 2, F_INT64 = 3 };

struct tfr {
	const struct dp_reader_ctx *rc;
	struct dp_recbuild b;
	struct dp_buf data;        /* the frame's data, when it fits --max-record-bytes */
	unsigned char hdr[12];     /* the frame header, then the data CRC */
	unsigned hdr_n;
	enum tfr_state st;
	uint64_t pos;              /* member offset of the next byte */
	uint64_t rec_no, rec_off;  /* the current frame: 1-based number, offset */
	uint64_t left;             /* data bytes still to come */
	uint32_t crc;              /* CRC-32C of the data so far */
	int keep;                  /* the data is kept (not over --max-record-bytes) */
	uint64_t non_text;         /* bytes values left out (no UTF-8 text): like the parquet
				    * reader's binary columns, not worth a note */
	uint64_t seq_lists;        /* SequenceExamples whose feature lists were not read */
	uint64_t bad_names;        /* features left out: a name with a NUL or no UTF-8 */
};

static int tfr_bid(const char *name, const unsigned char *head, size_t n)
{
	char ext[48];

	dp_reader_ext(name, ext, sizeof(ext));
	if (!strcmp(ext, "tfrecord") || !strcmp(ext, "tfrecords") ||
	    !strncmp(ext, "tfrecord-", 9) || !strncmp(ext, "tfrecords-", 10))
		return 95;
	return dp_tfrecord_sniff(head, n) ? 95 : 0;
}

static void *tfr_open(const struct dp_reader_ctx *rc, struct dp_error *err)
{
	struct tfr *t = calloc(1, sizeof(*t));

	if (!t) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	t->rc = rc;
	dp_recbuild_init(&t->b, rc);
	dp_buf_init(&t->data, (size_t)rc->cfg->limits.max_record_bytes);
	return t;
}

static void tfr_close(void *st)
{
	struct tfr *t = st;

	if (!t)
		return;
	dp_recbuild_release(&t->b);
	dp_buf_release(&t->data);
	free(t);
}

static void malformed(struct tfr *t, const char *why)
{
	t->rc->stats->malformed++;
	dp_reader_note(t->rc->stats, "TFRecord record %" PRIu64 " at byte %" PRIu64 ": %s",
		       t->rec_no, t->rec_off, why);
}

/* ---- tf.train.Example ---- */

/* Bytes that are text: UTF-8 without NUL (serialized tensors hold NULs); `strict` also
 * refuses the other C0 controls but tab, LF, CR and FF (for a whole record's bytes). */
static int is_text(const uint8_t *p, size_t n, int strict)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == 0 || (strict && p[i] < 0x20 && !strchr("\t\n\r\f", p[i])))
			return 0;
	return dp_utf8_valid((const char *)p, n);
}

static int add_number(struct tfr *t, const struct dp_field *name, enum tfr_kind kind, uint64_t v)
{
	char num[40];
	int n;
	uint32_t bits = (uint32_t)v;
	float f;

	if (kind == F_INT64) {
		n = snprintf(num, sizeof(num), "%" PRId64, (int64_t)v);
		return dp_recbuild_field(&t->b, name->path, name->path_len, DP_VT_NUMBER, num, (size_t)n);
	}
	memcpy(&f, &bits, sizeof(f));
	return dp_recbuild_real(&t->b, name->path, name->path_len, (double)f, 1);
}

/* One value of a list: counted, or added as a field when `emit`. */
static int one_value(struct tfr *t, const struct dp_field *name, enum tfr_kind kind,
		     const struct dp_pb_field *f, int emit, size_t *count)
{
	if (kind != F_BYTES) {
		(*count)++;
		return emit ? add_number(t, name, kind, f->v) : DP_OK;
	}
	if (!is_text(f->data, f->len, 0)) {
		t->non_text += !emit;
		return DP_OK;
	}
	(*count)++;
	return emit ? dp_recbuild_field(&t->b, name->path, name->path_len, DP_VT_STRING,
					(const char *)f->data, f->len)
		    : DP_OK;
}

/* The values of a packed field: 4-byte floats or varints. */
static int packed(struct tfr *t, const struct dp_field *name, enum tfr_kind kind,
		  const struct dp_pb_field *list, int emit, size_t *count)
{
	struct dp_pb r;
	struct dp_pb_field v;
	int rc = DP_OK;

	dp_pb_init(&r, list->data, list->len);
	memset(&v, 0, sizeof(v));
	if (kind == F_FLOAT && list->len % 4)
		return DP_WARN;
	while (rc == DP_OK && r.p < r.end) {
		if (kind == F_FLOAT) {
			v.v = dp_le(r.p, 4);
			r.p += 4;
		} else if (dp_pb_varint(&r, &v.v) < 0) {
			return DP_WARN;
		}
		rc = one_value(t, name, kind, &v, emit, count);
	}
	return rc;
}

/* Walk a BytesList, FloatList or Int64List: count its values or add them. DP_WARN when
 * it is no such list. */
static int walk_list(struct tfr *t, const struct dp_field *name, enum tfr_kind kind,
		     const uint8_t *p, size_t n, int emit, size_t *count)
{
	static const enum dp_pb_wire single[] = { DP_PB_LEN, DP_PB_LEN, DP_PB_I32, DP_PB_VARINT };
	struct dp_pb r;
	struct dp_pb_field f;
	int k = 0, rc = DP_OK;

	dp_pb_init(&r, p, n);
	while (rc == DP_OK && (k = dp_pb_next(&r, &f)) > 0) {
		if (f.num != 1)
			continue;
		if (f.wire == single[kind])
			rc = one_value(t, name, kind, &f, emit, count);
		else if (kind != F_BYTES && f.wire == DP_PB_LEN)
			rc = packed(t, name, kind, &f, emit, count);
		else
			rc = DP_WARN;
	}
	return rc != DP_OK ? rc : k < 0 ? DP_WARN : DP_OK;
}

/* A list as fields under its feature's name: one value as itself, several as a list (an
 * ARRAY field, then its values, as the JSON readers give them), none as an empty list. */
static int add_list(struct tfr *t, const struct dp_field *name, enum tfr_kind kind,
		    const uint8_t *p, size_t n)
{
	size_t count = 0, dropped = (size_t)t->non_text, again = 0;
	int rc = walk_list(t, name, kind, p, n, 0, &count);

	if (rc != DP_OK)
		return rc;
	if (count == 0 && t->non_text > dropped)
		return DP_OK; /* only image bytes: left out, not an empty list */
	if (count != 1 &&
	    dp_recbuild_field(&t->b, name->path, name->path_len, DP_VT_ARRAY, "", 0) != DP_OK)
		return DP_FATAL;
	return walk_list(t, name, kind, p, n, 1, &again);
}

/* A Feature: its one list (a writer that sets several is read for each). */
static int add_feature(struct tfr *t, const struct dp_field *name, const uint8_t *p, size_t n)
{
	struct dp_pb r;
	struct dp_pb_field f;
	int k = 0, rc = DP_OK;

	dp_pb_init(&r, p, n);
	while (rc == DP_OK && (k = dp_pb_next(&r, &f)) > 0)
		if (f.wire == DP_PB_LEN && f.num >= F_BYTES && f.num <= F_INT64)
			rc = add_list(t, name, (enum tfr_kind)f.num, f.data, f.len);
	return rc != DP_OK ? rc : k < 0 ? DP_WARN : DP_OK;
}

/* A map entry of Features: key (1) and value (2), in either order. */
static int add_entry(struct tfr *t, const uint8_t *p, size_t n)
{
	struct dp_pb r;
	struct dp_pb_field f, value = { 0, DP_PB_LEN, 0, NULL, 0 };
	struct dp_field name = { "", 0, NULL, 0, DP_VT_NULL };
	int k;

	dp_pb_init(&r, p, n);
	while ((k = dp_pb_next(&r, &f)) > 0) {
		if (f.num == 1 && f.wire == DP_PB_LEN) {
			name.path = (const char *)f.data;
			name.path_len = f.len;
		} else if (f.num == 2 && f.wire == DP_PB_LEN) {
			value = f;
		}
	}
	if (k < 0)
		return DP_WARN;
	if (!value.data)
		return DP_OK;
	/* a proto3 string is UTF-8; a NUL would cut the name short where paths are shown,
	 * making two features one path */
	if (!is_text((const uint8_t *)name.path, name.path_len, 0)) {
		t->bad_names++;
		return DP_OK;
	}
	return add_feature(t, &name, value.data, value.len);
}

static int add_features(struct tfr *t, const uint8_t *p, size_t n)
{
	struct dp_pb r;
	struct dp_pb_field f;
	int k = 0, rc = DP_OK;

	dp_pb_init(&r, p, n);
	while (rc == DP_OK && (k = dp_pb_next(&r, &f)) > 0)
		if (f.num == 1 && f.wire == DP_PB_LEN)
			rc = add_entry(t, f.data, f.len);
	return rc != DP_OK ? rc : k < 0 ? DP_WARN : DP_OK;
}

/* An Example (features = 1) or a SequenceExample (context = 1, feature_lists = 2, not
 * read) as fields of the current record. DP_WARN when the bytes are neither. */
static int add_example(struct tfr *t, const uint8_t *p, size_t n)
{
	struct dp_pb r;
	struct dp_pb_field f;
	int k = 0, rc = DP_OK, lists = 0;

	dp_pb_init(&r, p, n);
	while (rc == DP_OK && (k = dp_pb_next(&r, &f)) > 0) {
		if (f.num == 1 && f.wire == DP_PB_LEN)
			rc = add_features(t, f.data, f.len);
		else if (f.num == 2 && f.wire == DP_PB_LEN)
			lists = 1;
		else
			rc = DP_WARN; /* Example and SequenceExample have no other field */
	}
	t->seq_lists += (uint64_t)lists;
	return rc != DP_OK ? rc : k < 0 ? DP_WARN : DP_OK;
}

/* The data of a frame whose CRCs check: an Example's record; data that is no Example but
 * text (a TFRecord of plain strings) is a text record; anything else is malformed. */
static int emit_data(struct tfr *t)
{
	const uint8_t *p = (const uint8_t *)(t->data.data ? t->data.data : "");
	uint64_t non_text = t->non_text;
	int rc;

	dp_recbuild_begin(&t->b, t->rec_off, 0);
	rc = add_example(t, p, t->data.len);
	if (rc == DP_OK)
		return dp_recbuild_end(&t->b) == DP_FATAL ? DP_FATAL : DP_OK;
	if (rc == DP_FATAL)
		return rc;
	t->non_text = non_text;
	if (is_text(p, t->data.len, 1))
		return dp_reader_emit_text(t->rc, (const char *)p, t->data.len, t->rec_off, 0, 0) ==
			       DP_FATAL ? DP_FATAL : DP_OK;
	malformed(t, "neither a tf.train.Example nor text");
	return DP_OK;
}

/* ---- framing ---- */

/* The 12 bytes of a frame header: its length, checked against its CRC. A bad one loses the
 * framing (no way to find the next frame): DP_WARN, the rest of the member is not read. */
static int frame_header(struct tfr *t)
{
	uint64_t len = dp_le(t->hdr, 8);

	t->rec_no++;
	if (dp_tfrecord_mask(dp_crc32c(0, t->hdr, 8)) != (uint32_t)dp_le(t->hdr + 8, 4)) {
		dp_reader_note(t->rc->stats, "TFRecord record %" PRIu64 " at byte %" PRIu64
			       ": bad length CRC, the framing is lost: the rest is not read",
			       t->rec_no, t->rec_off);
		t->st = T_LOST;
		return DP_WARN;
	}
	t->left = len;
	t->crc = 0;
	t->keep = len <= t->rc->cfg->limits.max_record_bytes;
	dp_buf_reset(&t->data);
	if (!t->keep) {
		t->rc->stats->oversize++;
		dp_reader_note(t->rc->stats, "TFRecord record %" PRIu64 " at byte %" PRIu64 ": %"
			       PRIu64 " bytes, over --max-record-bytes, skipped", t->rec_no,
			       t->rec_off, len);
	}
	t->st = len ? T_DATA : T_DCRC;
	t->hdr_n = 0;
	return DP_OK;
}

/* The data CRC: a record whose data checks is read. */
static int data_crc(struct tfr *t)
{
	int ok = dp_tfrecord_mask(t->crc) == (uint32_t)dp_le(t->hdr, 4);

	t->st = T_FRAME;
	t->hdr_n = 0;
	if (!t->keep)
		return DP_OK;
	if (!ok) {
		malformed(t, "bad data CRC, skipped");
		return DP_OK;
	}
	return emit_data(t);
}

/* Bytes into the header buffer up to `want`; 1 when it is full. */
static int gather(struct tfr *t, const char **p, size_t *n, unsigned want)
{
	size_t take = want - t->hdr_n < *n ? want - t->hdr_n : *n;

	memcpy(t->hdr + t->hdr_n, *p, take);
	t->hdr_n += (unsigned)take;
	*p += take;
	*n -= take;
	t->pos += take;
	return t->hdr_n == want;
}

static int data_bytes(struct tfr *t, const char **p, size_t *n)
{
	size_t take = *n < t->left ? *n : (size_t)t->left;

	t->crc = dp_crc32c(t->crc, *p, take);
	if (t->keep && dp_buf_add(&t->data, *p, take) != DP_OK)
		return DP_FATAL;
	*p += take;
	*n -= take;
	t->pos += take;
	t->left -= take;
	if (!t->left)
		t->st = T_DCRC;
	return DP_OK;
}

static int tfr_feed(void *st, const char *p, size_t n, struct dp_error *err)
{
	struct tfr *t = st;
	int rc = DP_OK;

	(void)err;
	while (n && rc == DP_OK) {
		if (t->st == T_FRAME) {
			if (t->hdr_n == 0)
				t->rec_off = t->pos;
			if (gather(t, &p, &n, 12))
				rc = frame_header(t);
		} else if (t->st == T_DATA) {
			rc = data_bytes(t, &p, &n);
		} else if (t->st == T_DCRC) {
			if (gather(t, &p, &n, 4))
				rc = data_crc(t);
		} else {
			return DP_WARN;
		}
	}
	return rc;
}

static int tfr_finish(void *st, struct dp_error *err)
{
	struct tfr *t = st;

	(void)err;
	if (t->st == T_FRAME && t->hdr_n)
		t->rec_no++;
	if (t->st != T_LOST && (t->st != T_FRAME || t->hdr_n))
		malformed(t, "cut off by the end of the data");
	if (t->bad_names)
		dp_reader_note(t->rc->stats, "features left out, their name holding a NUL byte or "
			       "no UTF-8: %" PRIu64, t->bad_names);
	if (t->seq_lists)
		dp_reader_note(t->rc->stats, "%" PRIu64 " SequenceExamples: their context is read, "
			       "their feature_lists are not", t->seq_lists);
	return t->st == T_LOST ? DP_WARN : DP_OK;
}

const struct dp_reader_type dp_reader_tfrecord = {
	"tfrecord", tfr_bid, tfr_open, tfr_feed, tfr_finish, tfr_close
};

/* sniff.c - magic numbers for containers and binary types. */
#include "input/sniff.h"
#include "reader/arrow.h"
#include "reader/tfrecord.h"

#include <string.h>
#include <strings.h>

struct magic {
	size_t off;
	const char *bytes;
	size_t len;
	const char *name;
};

static const struct magic containers[] = {
	{ 0, "\x1f\x8b", 2, "gzip" },
	{ 0, "\x28\xb5\x2f\xfd", 4, "zstd" },
	{ 0, "\xfd" "7zXZ\0", 6, "xz" },
	{ 0, "BZh", 3, "bzip2" },
	{ 0, "\x04\x22\x4d\x18", 4, "lz4" },
	{ 0, "PK\x03\x04", 4, "zip" },
	{ 0, "PK\x05\x06", 4, "zip" },
	{ 0, "7z\xbc\xaf\x27\x1c", 6, "7zip" },
	{ 0, "070701", 6, "cpio" },
	{ 0, "070702", 6, "cpio" },
	{ 0, "070707", 6, "cpio" },
	{ 0, "!<arch>\n", 8, "ar" },
	{ 0, "Rar!\x1a\x07", 6, "rar" },
	{ 0, "xar!", 4, "xar" },
	{ 257, "ustar", 5, "tar" },
};

static const struct magic binaries[] = {
	{ 0, "\x89PNG", 4, "png" },
	{ 0, "\xff\xd8\xff", 3, "jpeg" },
	{ 0, "GIF8", 4, "gif" },
	{ 0, "%PDF", 4, "pdf" },
	{ 0, "PAR1", 4, "parquet" },
	{ 0, "ARROW1", 6, "arrow" },
	{ 0, "Obj\x01", 4, "avro" },
	{ 0, "SQLite format 3", 16, "sqlite" },
	{ 0, "\x93NUMPY", 6, "npy" },
	{ 0, "\x89HDF", 4, "hdf5" },
	{ 0, "fLaC", 4, "flac" },
	{ 0, "OggS", 4, "ogg" },
	{ 0, "ID3", 3, "mp3" },
	{ 0, "\x7f" "ELF", 4, "elf" },
	{ 0, "\x1a\x45\xdf\xa3", 4, "webm" },
	{ 4, "ftyp", 4, "mp4" },
	{ 8, "WEBP", 4, "webp" },
	{ 8, "WAVE", 4, "wav" },
	{ 8, "AVI ", 4, "avi" },
	{ 0, "II*\0", 4, "tiff" },
	{ 0, "MM\0*", 4, "tiff" },
};

static const char *match(const struct magic *m, size_t count, const unsigned char *h, size_t n)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (n >= m[i].off + m[i].len && !memcmp(h + m[i].off, m[i].bytes, m[i].len))
			return m[i].name;
	return NULL;
}

const char *dp_sniff_container(const unsigned char *head, size_t n)
{
	return match(containers, sizeof(containers) / sizeof(*containers), head, n);
}

static const char *const text_exts[] = {
	"jsonl", "ndjson", "json", "csv", "tsv", "txt", "md", "markdown", "rst", "yaml", "yml",
	"xml", "html", "htm", "py", "c", "h", "cc", "cpp", "js", "ts", "java", "go", "rs", "rb",
	"sh", "toml", "ini", "cfg", "tex", "srt", "vtt", "caption", "cls", "warc", "wet", NULL
};

/* The extension of the name's last element (after its last dot), or NULL; *base = that
 * element. */
static const char *extension(const char *name, const char **base)
{
	const char *slash = strrchr(name, '/'), *dot;

	*base = slash ? slash + 1 : name;
	dot = strrchr(*base, '.');
	return dot ? dot + 1 : NULL;
}

static int text_ext(const char *name)
{
	const char *base, *ext = extension(name, &base);
	size_t i;

	if (!ext)
		return !strcasecmp(base, "LICENSE") || !strcasecmp(base, "COPYING") ||
		       !strcasecmp(base, "NOTICE") || !strcasecmp(base, "README");
	for (i = 0; text_exts[i]; i++)
		if (!strcasecmp(ext, text_exts[i]))
			return 1;
	return 0;
}

int dp_sniff_documentation(const char *name)
{
	static const char *const stems[] = { "readme", "license", "licence", "copying", "notice",
		"authors", "contributing", "changelog", "citation", "code_of_conduct", NULL };
	static const char *const names[] = { ".gitattributes", ".gitignore", ".gitmodules",
		"dataset_info.json", "dataset_infos.json", "dataset_dict.json",
		"state.json" /* datasets' save_to_disk: shard list and fingerprint */, NULL };
	static const char *const data_exts[] = { "jsonl", "ndjson", "jsonlines", "json", "csv",
		"tsv", "parquet", NULL };
	const char *base, *ext = extension(name, &base);
	size_t i, k;

	for (i = 0; names[i]; i++)
		if (!strcasecmp(base, names[i]))
			return 1;
	for (i = 0; ext && data_exts[i]; i++) /* license_texts.jsonl is data */
		if (!strcasecmp(ext, data_exts[i]))
			return 0;
	for (i = 0; stems[i]; i++) { /* the stem alone, or with an extension or a suffix */
		k = strlen(stems[i]);
		if (!strncasecmp(base, stems[i], k) &&
		    (base[k] == '\0' || base[k] == '.' || base[k] == '-' || base[k] == '_'))
			return 1;
	}
	return 0;
}

static int looks_like_safetensors(const unsigned char *h, size_t n)
{
	return n > 10 && h[8] == '{' && h[9] == '"' && h[6] == 0 && h[7] == 0;
}

/* Binary types that hold records or tables dataprov has no reader for. */
static const char *const data_formats[] = {
	"parquet", "arrow", "feather", "orc", "avro", "sqlite", "hdf5", "tfrecord",
	"git-lfs-pointer", "utf-16-text", NULL
};

const char *dp_sniff_unread_advice(const char *type)
{
	if (type && !strcmp(type, "git-lfs-pointer"))
		return "Git LFS pointers: the files themselves were not downloaded, run git lfs pull";
	if (type && !strcmp(type, "utf-16-text"))
		return "UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)";
	return NULL;
}

int dp_sniff_is_data_format(const char *type)
{
	size_t i;

	for (i = 0; type && data_formats[i]; i++)
		if (!strcmp(type, data_formats[i]))
			return 1;
	return 0;
}

/* Data formats without a magic number of their own, known by their extension. */
static const char *data_ext(const char *name)
{
	static const char *const ext[][2] = { { "tfrecord", "tfrecord" },
		{ "tfrecords", "tfrecord" }, { "arrow", "arrow" }, { "arrows", "arrow" },
		{ "feather", "arrow" },
		{ "parquet", "parquet" }, { "orc", "orc" } };
	const char *base, *e = extension(name, &base);
	size_t i;

	for (i = 0; e && i < sizeof(ext) / sizeof(*ext); i++)
		if (!strcasecmp(e, ext[i][0]))
			return ext[i][1];
	/* TensorFlow Datasets shards: mnist-train.tfrecord-00000-of-00001 */
	if (e && (!strncasecmp(e, "tfrecord-", 9) || !strncasecmp(e, "tfrecords-", 10)))
		return "tfrecord";
	return NULL;
}

/* A Git LFS pointer stands in for a file that was not downloaded (a clone without `git
 * lfs pull`): a few lines of text, whatever the name says (train.parquet, data.jsonl). */
static int lfs_pointer(const unsigned char *h, size_t n)
{
	static const char v1[] = "version https://git-lfs.github.com/spec/v1\n";
	static const char oid[] = "\noid sha256:";
	size_t i;

	if (n >= 1024 || n <= sizeof(v1) - 1 || memcmp(h, v1, sizeof(v1) - 1) != 0)
		return 0;
	for (i = sizeof(v1) - 2; i + sizeof(oid) - 1 <= n; i++)
		if (!memcmp(h + i, oid, sizeof(oid) - 1))
			return 1;
	return 0;
}

/* UTF-16 with a byte-order mark (Excel's "Unicode text", PowerShell's default): the text
 * readers take UTF-8, and read it as NUL-ridden garbage fields. A mark alone is not enough
 * (FF FE can open binary data): UTF-16 of any Latin text holds NUL bytes. */
static int utf16_text(const unsigned char *h, size_t n)
{
	return n >= 4 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF)) &&
	       memchr(h + 2, 0, n - 2) != NULL;
}

const char *dp_sniff_binary(const char *name, const unsigned char *head, size_t n)
{
	const char *m;

	if (lfs_pointer(head, n))
		return "git-lfs-pointer";
	if (utf16_text(head, n))
		return "utf-16-text";
	/* a WARC file's headers are text, whatever bytes its payloads (images) hold */
	if (text_ext(name) || (n >= 7 && !memcmp(head, "WARC/1.", 7)))
		return NULL;
	m = match(binaries, sizeof(binaries) / sizeof(*binaries), head, n);
	if (m)
		return m;
	if (looks_like_safetensors(head, n))
		return "safetensors";
	/* Feather v1: its magic is plain text (a table whose first column is FEA1 begins so
	 * too), the file holds NUL bytes (padding after the magic); no Arrow IPC (.feather
	 * is read as Arrow otherwise), so unread */
	if (n >= 4 && !memcmp(head, "FEA1", 4) && memchr(head, 0, n))
		return "feather";
	if ((m = data_ext(name)) && memchr(head, 0, n))
		return m;
	/* a TFRecord shard named otherwise (ImageNet's train-00000-of-01024): its first frame's
	 * length CRC checks */
	if (dp_tfrecord_sniff(head, n))
		return "tfrecord";
	/* an Arrow IPC stream named otherwise (standard input): its first message, a Schema */
	if (dp_arrow_sniff(head, n))
		return "arrow";
	if (n >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
		return "pickle";
	if (memchr(head, 0, n))
		return "binary";
	return NULL;
}

/* archive.c - recursive streaming over libarchive: inputs to members. */
#define _GNU_SOURCE /* memfd_create, for dp_input_read_memory */
#include "input/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"
#include "input/digest.h"
#include "input/sniff.h"
#include "input/splitmap.h"

#define BLOCK (256 * 1024)
#define MAX_EMPTY_BLOCKS 1024 /* empty data blocks in a row taken as a broken member */

/* One open archive level: the top-level file or a member opened as an archive. */
struct level {
	struct archive *a;
	struct level *parent;       /* NULL for the top level */
	const char *prefix;         /* origin of the stream this level reads */
	const char *name;           /* the stream's own name (for raw members) */
	unsigned depth;             /* depth of this level's members */
	uint64_t in_bytes;          /* compressed bytes this level has pulled */
	uint64_t out_bytes;         /* decoded bytes this level has delivered */
	/* source: a file descriptor (top) or the parent's current member (nested) */
	int fd;
	const unsigned char *head;  /* nested: bytes already read from the parent member */
	size_t head_len, head_pos;
	unsigned char *buf;         /* input block handed to libarchive */
	/* the current member's decoded bytes, as libarchive's blocks (no copy) */
	const unsigned char *pend;  /* what is left of the last block, not yet handed on */
	size_t pend_len;
	int64_t pos;                /* member offset the bytes handed on reach */
	int64_t hole;               /* zero bytes still owed before pend (a sparse member) */
	int failed;                 /* libarchive gave its last block with an error */
	int ended;                  /* libarchive said the member ended */
	unsigned char *out;         /* small blocks gathered into one of BLOCK bytes */
	int src_error;              /* nested: the parent member failed while we read it */
	struct dp_sha256 *sha;      /* top: digest of the bytes as they are read */
	int seekable;               /* top: a 7-Zip file, read with seeks (hashed apart) */
	int seeked;
	int is_pipe;                /* top: not a regular file, so a read may block for ever */
	volatile sig_atomic_t *cancel;
	volatile uint64_t *progress;
};

/* Per-input walk state. */
struct walk {
	const struct dp_config *cfg;
	const struct dp_input_handler *h;
	struct dp_input_info *info;
	struct dp_sha256 *sha;
	struct dp_error *err;
	uint32_t index;
	uint32_t member_index;
	int stop;                   /* fatal, cancelled or --max-members */
	const char *split;          /* the split a README config declares for this input */
};

static const char *const limit_names[DP_LIMIT_COUNT] = {
	"max-depth", "max-ratio", "max-member-bytes", "max-members"
};

const char *dp_limit_name(enum dp_limit_kind k)
{
	return k < DP_LIMIT_COUNT ? limit_names[k] : "unknown";
}

void dp_input_info_init(struct dp_input_info *info, const char *path)
{
	memset(info, 0, sizeof(*info));
	info->path = strdup(path);
	snprintf(info->container, sizeof(info->container), "none");
	snprintf(info->compression, sizeof(info->compression), "none");
}

void dp_input_info_release(struct dp_input_info *info)
{
	size_t i;

	if (!info)
		return;
	for (i = 0; i < info->n_errors; i++)
		free(info->errors[i]);
	free(info->path);
	memset(info, 0, sizeof(*info));
}

void dp_input_info_error(struct dp_input_info *info, const char *fmt, ...)
{
	char msg[DP_ERROR_MSG_MAX];
	va_list ap;

	info->errors_total++;
	if (info->n_errors >= DP_MAX_ERRORS_KEPT)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	info->errors[info->n_errors] = strdup(msg);
	if (info->errors[info->n_errors])
		info->n_errors++;
}

/* ---- libarchive read callbacks ---- */

/* Wait until a pipe or terminal has bytes, checking for cancellation: a signal may be
 * delivered to another thread, so this one would never see EINTR. 0 = go on reading. */
static int wait_readable(struct level *lv)
{
	struct pollfd pfd = { lv->fd, POLLIN, 0 };

	for (;;) {
		if (lv->cancel && *lv->cancel)
			return -1;
		if (poll(&pfd, 1, 100) != 0)
			return 0; /* readable, hung up or an error: read() tells which */
	}
}

static la_ssize_t read_fd(struct archive *a, void *ud, const void **out)
{
	struct level *lv = ud;
	ssize_t n;

	do {
		if (lv->is_pipe && wait_readable(lv) != 0) {
			archive_set_error(a, EINTR, "interrupted");
			return -1;
		}
		n = read(lv->fd, lv->buf, BLOCK);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "read error: %s", strerror(errno));
		return -1;
	}
	*out = lv->buf;
	lv->in_bytes += (uint64_t)n;
	if (!lv->seekable)
		dp_sha256_update(lv->sha, lv->buf, (size_t)n);
	if (lv->progress)
		__atomic_add_fetch(lv->progress, (uint64_t)n, __ATOMIC_RELAXED);
	return n;
}

static la_int64_t seek_fd(struct archive *a, void *ud, la_int64_t off, int whence)
{
	struct level *lv = ud;
	off_t r = lseek(lv->fd, (off_t)off, whence);

	(void)a;
	lv->seeked = 1;
	return r < 0 ? ARCHIVE_FATAL : (la_int64_t)r;
}

/* The next bytes (at most `max`) of the current member of lv, without copying them: the
 * rest of libarchive's last block, else its next block. A hole in a sparse member (a
 * block starting past the bytes handed on) reads as zeros first. Every byte decoded
 * before an error is handed on, so a truncated stream loses only what the decompressor
 * itself held. Returns the byte count (0 at the end of the member) or -1 on an error. */
static la_ssize_t member_data(struct level *lv, const void **out, size_t max)
{
	static const unsigned char zeros[BLOCK];
	const void *blk;
	size_t n;
	la_int64_t off;
	unsigned empty = 0;
	int r;

	while (!lv->pend_len && !lv->hole) {
		if (lv->failed)
			return -1;
		if (lv->ended)
			return 0;
		blk = NULL;
		n = 0;
		off = lv->pos;
		r = archive_read_data_block(lv->a, &blk, &n, &off);
		if (r == ARCHIVE_EOF) {
			lv->ended = 1;
			return 0;
		}
		if (r < ARCHIVE_WARN || (!blk && n) || off < lv->pos || ++empty > MAX_EMPTY_BLOCKS) {
			lv->failed = 1;
			return -1;
		}
		/* a warning comes with the member's last bytes (ZIP's bad CRC): they are handed
		 * on, and the error stays for the next call, which libarchive would answer with
		 * the member's end */
		lv->failed = r != ARCHIVE_OK;
		if (lv->failed && !n)
			return -1;
		lv->pend = blk;
		lv->pend_len = n;
		lv->hole = off > lv->pos ? off - lv->pos : 0;
	}
	if (lv->hole) {
		n = lv->hole < BLOCK ? (size_t)lv->hole : BLOCK;
		n = n < max ? n : max;
		lv->hole -= (int64_t)n;
		*out = zeros;
	} else {
		n = lv->pend_len < max ? lv->pend_len : max;
		*out = lv->pend;
		lv->pend += n;
		lv->pend_len -= n;
	}
	lv->pos += (int64_t)n;
	lv->out_bytes += (uint64_t)n;
	return (la_ssize_t)n;
}

/* Start reading a member of lv: no bytes of it handed on yet. */
static void member_start(struct level *lv)
{
	lv->pend = NULL;
	lv->pend_len = 0;
	lv->pos = 0;
	lv->hole = 0;
	lv->failed = 0;
	lv->ended = 0;
}

/* The next bytes of the current member in a piece of at least BLOCK / 2 bytes where the
 * member has them: libarchive's zstd and gzip readers give blocks of 64 to 128 KiB, and
 * each piece costs the readers a call. Small blocks are gathered into lv->out; a large one
 * is handed on as it is. An error or the member's end after gathered bytes comes on the
 * next call. Returns the byte count, 0 at the end, or -1 on an error. */
static la_ssize_t member_chunk(struct level *lv, const void **out)
{
	const void *p;
	size_t fill;
	la_ssize_t got = member_data(lv, out, SIZE_MAX);

	if (got <= 0 || (size_t)got >= BLOCK)
		return got;
	memcpy(lv->out, *out, (size_t)got);
	fill = (size_t)got;
	while (fill < BLOCK && (got = member_data(lv, &p, BLOCK - fill)) > 0) {
		memcpy(lv->out + fill, p, (size_t)got);
		fill += (size_t)got;
	}
	*out = lv->out;
	return (la_ssize_t)fill;
}

static la_ssize_t read_nested(struct archive *a, void *ud, const void **out)
{
	struct level *lv = ud;
	la_ssize_t n;

	if (lv->head_pos < lv->head_len) {
		*out = lv->head + lv->head_pos;
		n = (la_ssize_t)(lv->head_len - lv->head_pos);
		lv->head_pos = lv->head_len;
		lv->in_bytes += (uint64_t)n;
		return n;
	}
	n = member_data(lv->parent, out, SIZE_MAX);
	if (n < 0) {
		lv->src_error = 1;
		archive_set_error(a, EIO, "%s",
				  archive_error_string(lv->parent->a) ?
				  archive_error_string(lv->parent->a) : "read error");
		return -1;
	}
	lv->in_bytes += (uint64_t)n;
	return n;
}

static struct archive *new_reader(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	/* Compression filters by signature. Not filter_all: the uudecode bidder reads far
	 * ahead for a "begin" line, so a short or truncated stream fails to open at all. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_compress(a);
	/* Formats recognised by a signature at the start. Left out on purpose: the text
	 * bidders (mtree, warc) fail on a long first line, which is every big JSONL; the
	 * self-extractor scanners (rar, cab, lha) and iso9660 read far ahead, so a
	 * truncated compressed file would fail to open instead of yielding what it has. */
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_raw(a);
	archive_read_support_format_empty(a);
	return a;
}

/* ---- names ---- */

/* `name` without directories and without its compression suffix (for raw levels). */
static void strip_compression(const char *name, char *out, size_t cap)
{
	static const char *const sfx[] = { ".gz", ".gzip", ".zst", ".zstd", ".xz", ".bz2",
					   ".lz4", ".lzma", ".z", ".tgz", NULL };
	const char *base = strrchr(name, '/');
	size_t n, i, k;

	base = base ? base + 1 : name;
	snprintf(out, cap, "%s", base);
	n = strlen(out);
	for (i = 0; sfx[i]; i++) {
		k = strlen(sfx[i]);
		if (n > k && !strcasecmp(out + n - k, sfx[i])) {
			if (!strcmp(sfx[i], ".tgz"))
				snprintf(out + n - k, cap - (n - k), ".tar");
			else
				out[n - k] = '\0';
			return;
		}
	}
	if (n + 5 < cap)
		memcpy(out + n, ".data", 6); /* compressed without a suffix: say so */
}

static char *make_origin(const char *prefix, const char *name)
{
	size_t n = strlen(prefix) + strlen(name) + 3;
	char *o = malloc(n);

	if (o)
		snprintf(o, n, "%s!/%s", prefix, name);
	return o;
}

static void split_from_path(const char *origin, struct dp_member *m);

/* ---- members ---- */

static int walk_level(struct walk *w, struct level *lv);

/* The expansion ratio of every open level (decoded bytes delivered over compressed bytes
 * pulled), so a bomb is caught whether it sits in one member or spreads over nesting. */
static int ratio_exceeded(const struct level *lv, uint64_t max_ratio)
{
	for (; lv; lv = lv->parent)
		if (lv->out_bytes > DP_RATIO_GRACE_BYTES &&
		    lv->out_bytes / (lv->in_bytes ? lv->in_bytes : 1) > max_ratio)
			return 1;
	return 0;
}

static int check_limits(struct walk *w, struct level *lv, const char *origin, uint64_t out)
{
	const struct dp_limits *L = &w->cfg->limits;

	if (out > L->max_member_bytes) {
		w->info->limits_hit[DP_LIMIT_MEMBER_BYTES]++;
		dp_input_info_error(w->info, "%s: member over --max-member-bytes (%llu), rest skipped",
				    origin, (unsigned long long)L->max_member_bytes);
		return DP_WARN;
	}
	if (ratio_exceeded(lv, L->max_ratio)) {
		w->info->limits_hit[DP_LIMIT_RATIO]++;
		dp_input_info_error(w->info, "%s: expansion ratio over --max-ratio (%llu), rest skipped",
				    origin, (unsigned long long)L->max_ratio);
		return DP_WARN;
	}
	return DP_OK;
}

/* Read a leaf member's bytes (after `head`) to the handler. */
static int pump_leaf(struct walk *w, struct level *lv, struct dp_member *m,
		     const unsigned char *head, size_t n)
{
	const struct dp_input_handler *h = w->h;
	uint64_t out = n;
	int rc = DP_OK, st = DP_OK;
	char msg[DP_ERROR_MSG_MAX] = "";
	const void *data;
	la_ssize_t got;

	if (n && (rc = h->data(h->ctx, head, n)) == DP_FATAL)
		return rc;
	for (;;) {
		if (h->cancel && *h->cancel) {
			w->stop = 1;
			st = DP_WARN;
			snprintf(msg, sizeof(msg), "%s: interrupted", m->origin);
			break;
		}
		got = member_chunk(lv, &data);
		if (got == 0)
			break;
		if (got < 0) {
			st = DP_WARN;
			snprintf(msg, sizeof(msg), "%s: %s", m->origin,
				 archive_error_string(lv->a) ? archive_error_string(lv->a) : "read error");
			break;
		}
		out += (uint64_t)got;
		if (check_limits(w, lv, m->origin, out) != DP_OK) {
			st = DP_WARN;
			snprintf(msg, sizeof(msg), "%s: limit hit", m->origin);
			break;
		}
		if ((rc = h->data(h->ctx, data, (size_t)got)) == DP_FATAL)
			return rc;
	}
	if (st != DP_OK) {
		w->info->members_failed++;
		if (strstr(msg, "limit hit") == NULL)
			dp_input_info_error(w->info, "%s", msg);
	}
	return h->end(h->ctx, st, msg);
}

/* Fill `head` with up to DP_SNIFF_HEAD bytes of the current member. Returns bytes or -1. */
static la_ssize_t read_head(struct level *lv, unsigned char *head)
{
	size_t have = 0;
	const void *p;

	member_start(lv);
	while (have < DP_SNIFF_HEAD) {
		la_ssize_t got = member_data(lv, &p, DP_SNIFF_HEAD - have);
		if (got < 0)
			return have ? (la_ssize_t)have : -1;
		if (got == 0)
			break;
		memcpy(head + have, p, (size_t)got);
		have += (size_t)got;
	}
	return (la_ssize_t)have;
}

/* 7-Zip keeps its index at the end: read the member into memory (bounded) first. */
static unsigned char *slurp_member(struct walk *w, struct level *lv, const char *origin,
				   const unsigned char *head, size_t n, size_t *len)
{
	size_t cap = n + BLOCK, have = n;
	unsigned char *buf = malloc(cap);
	const void *p;
	la_ssize_t got;

	if (!buf)
		return NULL;
	memcpy(buf, head, n);
	while ((got = member_data(lv, &p, SIZE_MAX)) > 0) {
		if (have + (size_t)got > DP_MAX_RANDOM_ACCESS_BYTES) {
			dp_input_info_error(w->info, "%s: 7-Zip inside an archive over %llu MiB is not read "
					    "(it needs random access)", origin,
					    (unsigned long long)(DP_MAX_RANDOM_ACCESS_BYTES >> 20));
			free(buf);
			return NULL;
		}
		if (dp_array_grow((void **)&buf, &cap, have + (size_t)got, 1)) {
			free(buf);
			return NULL;
		}
		memcpy(buf + have, p, (size_t)got);
		have += (size_t)got;
	}
	*len = have;
	return buf;
}

static int open_nested(struct walk *w, struct level *lv, const char *origin, const char *name,
		       const unsigned char *head, size_t n)
{
	unsigned char *mem = NULL;
	size_t mem_len = 0;
	struct level sub;
	int rc;

	memset(&sub, 0, sizeof(sub));
	sub.parent = lv;
	sub.prefix = origin;
	sub.name = name;
	sub.depth = lv->depth + 1;
	sub.head = head;
	sub.head_len = n;
	sub.fd = -1;
	sub.buf = malloc(BLOCK);
	sub.out = malloc(BLOCK);
	sub.a = new_reader();
	if (!sub.buf || !sub.out || !sub.a) {
		free(sub.buf);
		free(sub.out);
		archive_read_free(sub.a);
		return dp_error_set(w->err, DP_FATAL, "out of memory");
	}
	if (!strcmp(dp_sniff_container(head, n), "7zip")) {
		mem = slurp_member(w, lv, origin, head, n, &mem_len);
		sub.in_bytes = mem_len;
	}
	if (!strcmp(dp_sniff_container(head, n), "7zip") && !mem) {
		w->info->members_failed++;
		rc = DP_WARN;
	} else if ((mem ? archive_read_open_memory(sub.a, mem, mem_len)
			: archive_read_open(sub.a, &sub, NULL, read_nested, NULL)) != ARCHIVE_OK) {
		w->info->members_failed++;
		dp_input_info_error(w->info, "%s: cannot open as an archive: %s", origin,
				    archive_error_string(sub.a) ? archive_error_string(sub.a) : "?");
		rc = DP_WARN;
	} else {
		rc = walk_level(w, &sub);
	}
	archive_read_free(sub.a);
	free(mem);
	free(sub.buf);
	free(sub.out);
	return rc;
}

static const char *special_kind(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return "hard link";
	switch (archive_entry_filetype(e)) {
	case AE_IFREG: return NULL;
	case AE_IFLNK: return "symbolic link";
	case AE_IFCHR: return "character device";
	case AE_IFBLK: return "block device";
	case AE_IFIFO: return "fifo";
	case AE_IFSOCK: return "socket";
	default: return "special file";
	}
}

static void init_member(struct walk *w, struct level *lv, struct dp_member *m,
			const char *origin, const char *name)
{
	memset(m, 0, sizeof(*m));
	m->origin = origin;
	m->name = name;
	m->input_index = w->index;
	m->member_index = w->member_index++;
	/* a plain file is depth 0; members of the top-level archive or stream are depth 1 */
	m->depth = !lv->parent && archive_format(lv->a) == ARCHIVE_FORMAT_RAW &&
			   archive_filter_count(lv->a) <= 1 ? 0 : lv->depth;
	m->kind = DP_MEMBER_TEXT;
	split_from_path(origin, m);
	if (w->split)
		m->split = w->split;
}

static int skip_member(struct walk *w, struct level *lv, const char *origin, const char *name,
		       const char *why)
{
	struct dp_member m;

	init_member(w, lv, &m, origin, name);
	m.kind = DP_MEMBER_SPECIAL;
	m.format = why;
	w->info->members_skipped++;
	if (w->h->skipped)
		w->h->skipped(w->h->ctx, &m, why);
	return DP_OK;
}

/* 1 when libarchive already refused this level's bytes as an archive and fell back to
 * the raw format with no decompression: opening the member again would only loop. */
static int unparsed_container(struct level *lv)
{
	return archive_format(lv->a) == ARCHIVE_FORMAT_RAW && archive_filter_count(lv->a) <= 1;
}

static int read_member(struct walk *w, struct level *lv, const char *origin, const char *name)
{
	unsigned char *head = malloc(DP_SNIFF_HEAD);
	const char *container;
	struct dp_member m;
	la_ssize_t n;
	int rc;

	if (!head)
		return dp_error_set(w->err, DP_FATAL, "out of memory");
	n = read_head(lv, head);
	if (n < 0) {
		w->info->members_failed++;
		dp_input_info_error(w->info, "%s: %s", origin,
				    archive_error_string(lv->a) ? archive_error_string(lv->a) : "read error");
		rc = skip_member(w, lv, origin, name, "unreadable");
		free(head);
		return rc;
	}
	container = dp_sniff_container(head, (size_t)n);
	if (container && !unparsed_container(lv) && lv->depth < w->cfg->limits.max_depth) {
		rc = open_nested(w, lv, origin, name, head, (size_t)n);
		free(head);
		return rc == DP_FATAL ? rc : DP_OK;
	}
	init_member(w, lv, &m, origin, name);
	if (container) { /* inventoried as binary, not opened */
		if (unparsed_container(lv)) {
			w->info->members_failed++;
			dp_input_info_error(w->info, "%s: looks like %s but cannot be read as one "
					    "(truncated, corrupt or unsupported)", origin, container);
		} else {
			w->info->limits_hit[DP_LIMIT_DEPTH]++;
			dp_input_info_error(w->info, "%s: nested deeper than --max-depth (%u), not opened",
					    origin, w->cfg->limits.max_depth);
		}
		m.kind = DP_MEMBER_BINARY;
		m.format = container;
	}
	rc = w->h->begin(w->h->ctx, &m, head, (size_t)n);
	if (rc != DP_FATAL)
		rc = pump_leaf(w, lv, &m, head, (size_t)n);
	free(head);
	return rc;
}

static int entry_names(struct level *lv, struct archive_entry *e, char **origin,
		       char *name, size_t cap)
{
	const char *p;

	if (archive_format(lv->a) == ARCHIVE_FORMAT_RAW) {
		if (!lv->parent && archive_filter_count(lv->a) <= 1) {
			*origin = strdup(lv->prefix); /* a plain file: the path is the origin */
			snprintf(name, cap, "%s", lv->name);
			return *origin ? DP_OK : DP_FATAL;
		}
		strip_compression(lv->name, name, cap);
	} else {
		p = archive_entry_pathname_utf8(e);
		if (!p)
			p = archive_entry_pathname(e);
		snprintf(name, cap, "%s", p && *p ? p : "(unnamed)");
	}
	*origin = make_origin(lv->prefix, name);
	return *origin ? DP_OK : DP_FATAL;
}

static int one_entry(struct walk *w, struct level *lv, struct archive_entry *e)
{
	char name[4096], *origin = NULL;
	const char *special;
	int rc;

	if (archive_entry_filetype(e) == AE_IFDIR)
		return DP_OK;
	if (entry_names(lv, e, &origin, name, sizeof(name)) != DP_OK)
		return dp_error_set(w->err, DP_FATAL, "out of memory");
	if (++w->info->members > w->cfg->limits.max_members) {
		w->info->limits_hit[DP_LIMIT_MEMBERS]++;
		dp_input_info_error(w->info, "%s: more than --max-members (%llu) members, rest skipped",
				    w->info->path, (unsigned long long)w->cfg->limits.max_members);
		w->stop = 1;
		free(origin);
		return DP_OK;
	}
	special = special_kind(e);
	if (!special && archive_entry_is_encrypted(e))
		special = "encrypted";
	if (special) {
		if (!strcmp(special, "encrypted"))
			dp_input_info_error(w->info, "%s: encrypted member, not read", origin);
		rc = skip_member(w, lv, origin, name, special);
	} else {
		rc = read_member(w, lv, origin, name);
	}
	free(origin);
	return rc;
}

static void note_outer_format(struct walk *w, struct level *lv)
{
	int i, nf = archive_filter_count(lv->a);

	if (lv->parent)
		return;
	if (archive_format(lv->a) != ARCHIVE_FORMAT_RAW && archive_format_name(lv->a)) {
		switch (archive_format(lv->a) & ARCHIVE_FORMAT_BASE_MASK) {
		case ARCHIVE_FORMAT_TAR: snprintf(w->info->container, 16, "tar"); break;
		case ARCHIVE_FORMAT_ZIP: snprintf(w->info->container, 16, "zip"); break;
		case ARCHIVE_FORMAT_7ZIP: snprintf(w->info->container, 16, "7zip"); break;
		case ARCHIVE_FORMAT_CPIO: snprintf(w->info->container, 16, "cpio"); break;
		case ARCHIVE_FORMAT_AR: snprintf(w->info->container, 16, "ar"); break;
		default: snprintf(w->info->container, 16, "%.15s", archive_format_name(lv->a)); break;
		}
	}
	for (i = 0; i < nf - 1; i++) /* the last filter is the raw "none" reader */
		if (archive_filter_code(lv->a, i) != ARCHIVE_FILTER_NONE) {
			snprintf(w->info->compression, 16, "%s", archive_filter_name(lv->a, i));
			break;
		}
}

static int walk_level(struct walk *w, struct level *lv)
{
	struct archive_entry *e;
	int r, rc = DP_OK, first = 1;

	while (!w->stop) {
		r = archive_read_next_header(lv->a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (first) {
			note_outer_format(w, lv);
			first = 0;
		}
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			if (!lv->src_error)
				dp_input_info_error(w->info, "%s: %s", lv->prefix,
						    archive_error_string(lv->a) ?
						    archive_error_string(lv->a) : "corrupt archive");
			w->info->members_failed++;
			return DP_WARN;
		}
		if (r == ARCHIVE_WARN && archive_error_string(lv->a))
			dp_input_info_error(w->info, "%s: %s", lv->prefix, archive_error_string(lv->a));
		rc = one_entry(w, lv, e);
		if (rc == DP_FATAL)
			return rc;
		if (w->h->cancel && *w->h->cancel)
			w->stop = 1;
	}
	return DP_OK;
}

static int is_7zip_file(int fd)
{
	unsigned char h[6];
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || pread(fd, h, 6, 0) != 6)
		return 0;
	return !memcmp(h, "7z\xbc\xaf\x27\x1c", 6);
}

/* The one exception to the single pass: 7-Zip needs random access, so its SHA-256 comes
 * from a second sequential read of the file. */
static void hash_whole_file(struct level *top)
{
	off_t off = 0;
	ssize_t n;

	top->in_bytes = 0;
	while ((n = pread(top->fd, top->buf, BLOCK, off)) > 0) {
		dp_sha256_update(top->sha, top->buf, (size_t)n);
		off += n;
		top->in_bytes += (uint64_t)n;
	}
}

/* Hash the bytes the reader did not need, so SHA-256 and the byte count cover the whole
 * file also when libarchive stopped early or could not open it at all. */
static void hash_rest(struct level *top)
{
	const void *rest;

	if (top->seekable) { /* 7-Zip was read out of order: hash it apart */
		hash_whole_file(top);
		return;
	}
	while (read_fd(top->a, top, &rest) > 0)
		;
}

/* A compressed file (one stream, no archive) whose stream ended before the file did:
 * libarchive's gzip reader ignores what follows without a word (gzip -t says "trailing
 * garbage ignored"), so those bytes were never read and the input is partial. */
static void note_trailing(struct walk *w, struct level *top)
{
	int nf = archive_filter_count(top->a);
	la_int64_t used;

	if (w->stop || top->seekable || archive_format(top->a) != ARCHIVE_FORMAT_RAW || nf < 2 ||
	    w->info->n_errors)
		return;
	used = archive_filter_bytes(top->a, nf - 1);
	if (used > 0 && (uint64_t)used < top->in_bytes)
		dp_input_info_error(w->info, "%s: %llu bytes after the end of the %s stream, not "
				    "read", w->info->path,
				    (unsigned long long)(top->in_bytes - (uint64_t)used),
				    archive_filter_name(top->a, 0));
}

static int open_input_fd(const char *path, struct dp_input_info *info, int follow)
{
	int fd, flags = O_RDONLY | O_CLOEXEC;

	if (!strcmp(path, "-"))
		return STDIN_FILENO;
	if (!follow)
		flags |= O_NOFOLLOW;
	fd = open(path, flags);
	if (fd < 0) {
		info->unreadable = 1;
		dp_input_info_error(info, "%s: cannot open: %s", path, strerror(errno));
	}
	return fd;
}

/* One C.UTF-8 locale for the whole process, made once and never freed: uselocale may
 * share it between threads, and freeing one per input tore down iconv state that other
 * threads' conversions were using (a race ThreadSanitizer reported in glibc's gconv). */
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;
static locale_t utf8_shared;

static void make_utf8_locale(void)
{
	utf8_shared = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t utf8_locale(void)
{
	pthread_once(&utf8_once, make_utf8_locale);
	return utf8_shared;
}

/* Read the open descriptor `fd` (closed here unless it is standard input) as `path`. */
static int read_fd_input(const char *path, int fd, uint32_t index, const struct dp_config *cfg,
			 const struct dp_input_handler *h, struct dp_input_info *info,
			 struct dp_error *err)
{
	struct walk w = { cfg, h, info, NULL, err, index, 0, 0,
			  dp_splitmap_split(cfg->splitmap, path) };
	struct level top;
	struct stat st;
	locale_t utf8, saved;
	int rc;

	memset(&top, 0, sizeof(top));
	top.prefix = path;
	top.name = path;
	top.depth = 1;
	top.progress = h->progress;
	top.cancel = h->cancel;
	top.fd = fd;
	top.is_pipe = fstat(top.fd, &st) == 0 && !S_ISREG(st.st_mode);
	/* libarchive converts member names through the locale; under the default "C" one a
	 * UTF-8 name in a pax or zip header is refused. This thread reads in C.UTF-8. */
	utf8 = utf8_locale();
	saved = utf8 ? uselocale(utf8) : (locale_t)0;
	top.buf = malloc(BLOCK);
	top.out = malloc(BLOCK);
	top.sha = w.sha = dp_sha256_new();
	top.a = new_reader();
	if (!top.buf || !top.out || !top.sha || !top.a) {
		rc = dp_error_set(err, DP_FATAL, "out of memory");
		goto out;
	}
	top.seekable = is_7zip_file(top.fd);
	if (top.seekable)
		archive_read_set_seek_callback(top.a, seek_fd);
	if (archive_read_open2(top.a, &top, NULL, read_fd, NULL, NULL) != ARCHIVE_OK) {
		info->unreadable = info->bytes == 0 && top.in_bytes == 0;
		dp_input_info_error(info, "%s: cannot read: %s", path,
				    archive_error_string(top.a) ? archive_error_string(top.a) : "?");
		hash_rest(&top);
		rc = DP_WARN;
		goto out;
	}
	rc = walk_level(&w, &top);
	if (rc != DP_FATAL) {
		hash_rest(&top);
		note_trailing(&w, &top);
	}
	if (rc != DP_FATAL && (info->members_failed || info->n_errors))
		rc = DP_WARN;
out:
	info->bytes = top.in_bytes;
	if (w.sha && !info->unreadable)
		dp_sha256_hex(w.sha, info->sha256);
	dp_sha256_free(w.sha);
	archive_read_free(top.a);
	if (top.fd > STDIN_FILENO)
		close(top.fd);
	free(top.buf);
	free(top.out);
	if (utf8)
		uselocale(saved);
	return rc;
}

int dp_input_read(const char *path, uint32_t index, const struct dp_config *cfg,
		  const struct dp_input_handler *h, struct dp_input_info *info,
		  struct dp_error *err)
{
	int fd = open_input_fd(path, info, cfg->follow_symlinks);

	if (fd < 0)
		return DP_WARN;
	return read_fd_input(path, fd, index, cfg, h, info, err);
}

int dp_input_read_memory(const char *name, const void *data, size_t n, uint32_t index,
			 const struct dp_config *cfg, const struct dp_input_handler *h,
			 struct dp_input_info *info, struct dp_error *err)
{
	const char *p = data;
	int fd = memfd_create("dataprov-input", MFD_CLOEXEC);
	size_t done = 0;
	ssize_t k;

	if (fd < 0)
		return dp_error_set(err, DP_FATAL, "memfd_create: %s", strerror(errno));
	while (done < n && (k = write(fd, p + done, n - done)) > 0)
		done += (size_t)k;
	if (done < n || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return dp_error_set(err, DP_FATAL, "cannot fill an in-memory file");
	}
	return read_fd_input(name, fd, index, cfg, h, info, err);
}

static const char *const split_names[][2] = {
	{ "train", "train" }, { "training", "train" },
	{ "validation", "validation" }, { "valid", "validation" }, { "val", "validation" },
	{ "dev", "validation" }, { "test", "test" }, { "testing", "test" },
	{ NULL, NULL }
};

/* The split named by a path component or file-name token ("data/train-00001.jsonl",
 * "test.csv", "valid/x.json"). The last component that names one wins. */
static void split_from_path(const char *origin, struct dp_member *m)
{
	const char *p = origin;

	m->split = NULL;
	while (*p) {
		size_t n = strcspn(p, "/!._-0123456789");
		size_t i;
		for (i = 0; n && split_names[i][0]; i++)
			if (strlen(split_names[i][0]) == n && !strncasecmp(p, split_names[i][0], n))
				m->split = split_names[i][1];
		p += n;
		if (*p)
			p++;
	}
}

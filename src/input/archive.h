/* archive.h - reading one top-level input through libarchive, recursively, as a stream of
 * members. The only includer of archive.h in the project.
 *
 * Every input is opened with all of libarchive's formats and filters plus the raw format,
 * so plain files, compressed files, tar/zip/7z/cpio and their combinations all arrive as
 * members. A member whose first bytes start an archive or a compressed stream is opened
 * again, in memory, while streaming (no temporary files), up to --max-depth. The input's
 * SHA-256 is computed from the same bytes as they are read.
 *
 * Origins chain names with "!/": "a.tar.gz!/shards/b.jsonl.zst!/b.jsonl". A compressed
 * single file gets a level named after itself without its compression suffix.
 *
 * Nothing here prints: errors and limit hits are counted and kept in dp_input_info.
 */
#ifndef DP_INPUT_ARCHIVE_H
#define DP_INPUT_ARCHIVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/error.h"
#include "core/record.h"

enum dp_limit_kind {
	DP_LIMIT_DEPTH = 0,     /* --max-depth */
	DP_LIMIT_RATIO,         /* --max-ratio */
	DP_LIMIT_MEMBER_BYTES,  /* --max-member-bytes */
	DP_LIMIT_MEMBERS,       /* --max-members */
	DP_LIMIT_COUNT
};

/* Name of a limit as used in report.json ("max-depth" ...). */
const char *dp_limit_name(enum dp_limit_kind k);

struct dp_input_info {
	char *path;                      /* owned copy of the path as given ("-" for stdin) */
	uint64_t bytes;                  /* bytes read from the file */
	char sha256[65];                 /* hex; empty when the input could not be read */
	char container[16];              /* outer format: "none", "tar", "zip", "7zip" ... */
	char compression[16];            /* outer filter: "none", "gzip", "zstd" ... */
	uint64_t members;                /* members seen (leaf, nested and special) */
	uint64_t members_skipped;        /* special entries, limits, encrypted, unreadable */
	uint64_t members_failed;         /* members that could not be read to their end */
	int unreadable;                  /* 1 when the input could not be opened at all */
	int skipped;                     /* 1 when it was not read on purpose (a symlink ...) */
	int excluded;                    /* 1 when, skipped, it is no part of the dataset (.git) */
	uint64_t limits_hit[DP_LIMIT_COUNT];
	char *errors[DP_MAX_ERRORS_KEPT];/* first messages, owned; each names the origin */
	size_t n_errors;
	uint64_t errors_total;
};

void dp_input_info_init(struct dp_input_info *info, const char *path);
void dp_input_info_release(struct dp_input_info *info);
/* Keep an error message (the first DP_MAX_ERRORS_KEPT are stored, all are counted). */
void dp_input_info_error(struct dp_input_info *info, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The consumer of members. begin() may set m->kind (DP_MEMBER_TEXT or DP_MEMBER_BINARY) and
 * m->format; data() receives the decoded bytes in order (the head first); end() gets
 * DP_OK or DP_WARN with a message when the member could not be read to its end. skipped()
 * lists a member that is not read (symlink, hardlink, directory-less special, limit hit).
 * Any hook returning DP_FATAL stops the input. */
struct dp_input_handler {
	void *ctx;
	int (*begin)(void *ctx, struct dp_member *m, const unsigned char *head, size_t n);
	int (*data)(void *ctx, const void *p, size_t n);
	int (*end)(void *ctx, int status, const char *msg);
	void (*skipped)(void *ctx, const struct dp_member *m, const char *why);
	volatile sig_atomic_t *cancel;   /* set to stop at the next block; may be NULL */
	volatile uint64_t *progress;     /* bytes read are added here; may be NULL */
};

/* Read the input at `path` ("-" = standard input) as input number `index`.
 * Returns DP_OK, DP_WARN (some of it could not be read: see info), or DP_FATAL (a handler
 * said so, or out of memory; err says why). */
int dp_input_read(const char *path, uint32_t index, const struct dp_config *cfg,
		  const struct dp_input_handler *h, struct dp_input_info *info,
		  struct dp_error *err);

/* The same over `n` bytes at `data`, named `name` in origins (for fuzzing and tests: the
 * bytes go to an anonymous in-memory file, so every code path, 7-Zip seeks included, is
 * the one real inputs take). */
int dp_input_read_memory(const char *name, const void *data, size_t n, uint32_t index,
			 const struct dp_config *cfg, const struct dp_input_handler *h,
			 struct dp_input_info *info, struct dp_error *err);

#endif

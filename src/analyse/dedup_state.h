/* dedup_state.h - the dedup analyser's private state, shared by dedup.c (the scan) and
 * dedup_io.c (save/load of shard results for `dataprov merge`). Not a public interface.
 */
#ifndef DP_ANALYSE_DEDUP_STATE_H
#define DP_ANALYSE_DEDUP_STATE_H

#include <stdint.h>
#include <stdio.h>
#include <xxhash.h>

#include "analyse/dedup.h"
#include "analyse/digest_table.h"
#include "analyse/pvindex.h"
#include "analyse/runfile.h"
#include "analyse/textnorm.h"
#include "core/zio.h"

#define SPLIT_MAX 64
#define SPLIT_NAME_MAX 32
#define PREVIEW_CHARS 80         /* characters shown in report.json */
#define PREVIEW_KEEP 160         /* display characters masked before the cut at 80, so a
				    value across the cut is still found */
#define PREVIEW_CAP (4 * PREVIEW_KEEP + 8) /* bytes of a display form of PREVIEW_KEEP chars */
#define PREVIEW_RAW 1024         /* max text bytes stored per first occurrence, and per
				    stored preview record */
#define PREVIEW_CUT 0x8000u      /* stored length flag: the text went on past the bytes kept */
#define PREVIEW_LEN(x) ((x) & 0x7fffu)
#define FILE_ORIGINS_MAX 10
#define MIN_LOG 64
#define MIN_PAIRS 1024

enum split_class { SPLIT_OTHER = 0, SPLIT_TRAIN, SPLIT_EVAL };

struct split_info {
	uint32_t key;              /* XXH32 of the canonical name, never 0 */
	int cls;
	char name[SPLIT_NAME_MAX + 1];
	uint64_t records;          /* records of the split hashed at the exact level */
	uint64_t leaked[DP_DEDUP_LEVELS];
};

struct log_rec {               /* one hashed record, for the findings join */
	uint64_t hi, lo, seq;
};

struct pair_rec {              /* a duplicate and its original */
	uint64_t dup, orig, level;
};

struct cluster {
	uint64_t hi, lo, count;
	uint64_t seq[3];
	uint64_t rec[3];
	char *origin[3];
	char *preview;
};

/* A record of the scan table: the exact-level entry of a text and the digest of its
 * normalized form (both 0 when it normalizes to nothing). Equal texts normalize equally,
 * so the normalized level is folded from these records (dp_dedup_fold) instead of being
 * a second table probed for every record: one table entry per unique text, not two. */
struct scan_rec {
	struct dp_dedup_entry x;
	uint64_t nhi, nlo;
};

struct level {
	struct dedup *owner;
	struct dp_digest_table table;
	/* The findings join's log: the occurrences that are not among the smallest three seqs
	 * of their entry (dropped by a combine), and at finish the seqs of every entry seen
	 * more than once. Unique records, the bulk, never enter it. */
	struct dp_runs log;        /* sorted runs of struct log_rec */
	struct log_rec *logbuf;
	size_t nlog, log_cap, log_max;
	uint64_t empty;
	struct dp_dedup_level_stats st;
	struct cluster *top;       /* best first, cfg->top_clusters slots */
	size_t ntop;
};

struct file_rec {
	uint64_t hi, lo, order, bytes;
	char *origin;
};

struct file_cluster {
	size_t first, count;       /* a range of the sorted files array */
};

struct dedup {
	const struct dp_config *cfg;
	char *tmpdir;
	struct dp_digest_table scan; /* scan_rec records, until folded into the levels */
	struct level lv[DP_DEDUP_LEVELS];
	struct dp_textnorm tn;
	XXH3_state_t *xs;
	int xs_used;
	XXH128_hash_t norm_hash;
	struct split_info splits[SPLIT_MAX];
	size_t nsplits;
	const struct dp_member *cache_member; /* split of the last member without a field */
	uint64_t cache_first_seq;
	int cache_idx;
	uint64_t no_text, invalid_utf8, truncated, findings, spilled;
	struct file_rec *files;
	size_t nfiles, files_cap;
	uint64_t file_dups, file_dup_bytes;
	struct file_cluster *ftop;
	size_t nftop;
	struct dp_runs previews;   /* zstd files of (seq, len, preview) records */
	struct dp_zwriter *pv;     /* the one being written ... */
	size_t pv_file;            /* ... previews.paths[pv_file] (merges append others after) */
	struct dp_pvindex pvx;     /* its frames so far (saved beside it when it is closed) */
	size_t pair_max;
	struct dp_error err;       /* a fatal error raised inside a hook without an error arg */
};

/* Fold the scan table into the two levels: its exact entries become a sorted run of the
 * exact level, and the normalized level gets one entry per normalized digest, combining
 * the texts that share it (the seqs a combine leaves out go to that level's log, as they
 * would have in a table of its own). `final`: the scan is over (the records become a
 * memory run; the normalized entries go to a memory run when small, else to a run file
 * in d->tmpdir); otherwise the table is full and both levels spill to run files and the
 * table is emptied for more records. A no-op on an empty table. DP_OK or DP_FATAL. */
int dp_dedup_fold(struct dedup *d, int final, struct dp_error *err);

/* Preview files (dedup.c writes them while scanning, dedup_io.c saves and loads them):
 * zstd streams of (seq u64, len u16, PREVIEW_LEN(len) bytes) records, little-endian like
 * every side file; one file may hold several concatenated frames. The bytes are the
 * start of the text whose display form has PREVIEW_KEEP characters (at most PREVIEW_RAW
 * bytes, whole characters; PREVIEW_CUT set when the text goes on); the display form and
 * PII masking are applied at finish, to the few shown. */

/* Append one record to d->pv, opening a new preview file in d->tmpdir first
 * when none is open. DP_OK or DP_FATAL (d->err set). */
int dp_dedup_preview_put(struct dedup *d, uint64_t seq, const char *text, uint16_t len);
/* Close the preview file being written, if any. DP_OK or DP_FATAL (err set). */
int dp_dedup_preview_close(struct dedup *d, struct dp_error *err);
/* Read the next record: 1 read, 0 at the end, -1 truncated or malformed. `text` holds
 * PREVIEW_RAW bytes; *len as stored (flag included). */
int dp_dedup_preview_next(struct dp_zreader *zr, uint64_t *seq, char *text, uint16_t *len);

#endif

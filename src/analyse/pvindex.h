/* pvindex.h - the frame index of a dedup preview file: where each zstd frame starts, how
 * many preview records it holds and the range of their seqs. finish() shows the previews
 * of a few top clusters; with the index it decompresses only the frames that can hold
 * them instead of every preview of the scan (185 MB for the 512 MB bench corpus, and
 * growing with the corpus). Kept beside the preview file as "<path>.idx"; a preview file
 * without one (a merged shard's) is read whole, as before.
 */
#ifndef DP_ANALYSE_PVINDEX_H
#define DP_ANALYSE_PVINDEX_H

#include <stddef.h>
#include <stdint.h>

#define DP_PVINDEX_FRAME_RECORDS 4096 /* previews per frame (about 700 KB of text) */

struct dp_pvframe {
	uint64_t offset;           /* compressed offset of the frame in the preview file */
	uint64_t count;            /* preview records in it */
	uint64_t min_seq, max_seq; /* their seqs lie in [min_seq, max_seq] */
};

struct dp_pvindex {
	struct dp_pvframe *v;      /* finished frames */
	size_t n, cap;
	struct dp_pvframe cur;     /* the frame being written */
};

void dp_pvindex_init(struct dp_pvindex *x);
void dp_pvindex_release(struct dp_pvindex *x);

/* One more record, of `seq`, in the frame being written. */
void dp_pvindex_note(struct dp_pvindex *x, uint64_t seq);
/* The frame being written ended; the next begins at `next_offset`. 0, or -1 (memory). */
int dp_pvindex_cut(struct dp_pvindex *x, uint64_t next_offset);

/* Write the finished frames to "<preview_path>.idx"; 0 or -1. */
int dp_pvindex_save(const struct dp_pvindex *x, const char *preview_path);
/* Read "<preview_path>.idx" into x (initialised); 0, or -1 when there is none or it is
 * malformed (then read the preview file whole). */
int dp_pvindex_load(struct dp_pvindex *x, const char *preview_path);

/* 1 when frame f may hold one of the n seqs in `want`. */
int dp_pvindex_frame_wanted(const struct dp_pvframe *f, const uint64_t *want, size_t n);

#endif

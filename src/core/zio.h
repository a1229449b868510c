/* zio.h - zstd-compressed files: a streaming writer and reader (findings, spill runs,
 * merge side files). The only includer of zstd.h.
 */
#ifndef DP_CORE_ZIO_H
#define DP_CORE_ZIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct dp_zwriter;
struct dp_zreader;

/* Create/truncate `path`; level 1..19 (3 is zstd's default), or negative for zstd's fast
 * levels (-1000: about a copy). NULL on error (errno). */
struct dp_zwriter *dp_zwriter_open(const char *path, int level);
/* Compress on n worker threads (at least one). Call before the first write. The
 * bytes written are the same for every n (zstd's output depends on the worker count only
 * between none and some, and this always uses some); a writer without this call
 * compresses on the caller's thread. */
void dp_zwriter_threads(struct dp_zwriter *w, unsigned n);
/* 0, or -1 on a write error. */
int dp_zwriter_write(struct dp_zwriter *w, const void *p, size_t n);
/* End the current zstd frame (what follows starts a new one, which a reader can seek
 * to); *offset: the compressed bytes written so far, where the next frame will begin.
 * 0 or -1. */
int dp_zwriter_end_frame(struct dp_zwriter *w, uint64_t *offset);
/* Finish the frame and close; 0 or -1. Accepts NULL. */
int dp_zwriter_close(struct dp_zwriter *w);

struct dp_zreader *dp_zreader_open(const char *path);
/* Read up to n decompressed bytes; returns bytes read, 0 at end, -1 on error. */
ssize_t dp_zreader_read(struct dp_zreader *r, void *p, size_t n);
/* Go to the frame that begins at compressed `offset` (from dp_zwriter_end_frame);
 * 0 or -1. */
int dp_zreader_seek(struct dp_zreader *r, uint64_t offset);
void dp_zreader_close(struct dp_zreader *r);

#endif

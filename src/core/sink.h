/* sink.h - an append-only stream of findings lines (JSON objects, one per line).
 *
 * Each input being read has its own sink; the pipeline concatenates them in input order
 * into OUTDIR/findings.jsonl.zst, so the file is the same whatever the thread count.
 * Lines go to a temporary file; memory use is one write buffer.
 */
#ifndef DP_CORE_SINK_H
#define DP_CORE_SINK_H

#include <stddef.h>
#include <stdint.h>

struct dp_sink;

/* Open a sink writing to `path` (created, truncated). NULL on error (errno set). */
struct dp_sink *dp_sink_open(const char *path);
/* Flush and close; returns 0, or -1 when a write failed. Accepts NULL. */
int dp_sink_close(struct dp_sink *s);

/* Key the lines that follow (by the pipeline, before each record or member): lines are
 * written as "KEY\tLINE" where KEY is the seq in 16 hex digits and `kind` ('m' member,
 * 'r' record), so the parts written by different threads merge back into input order.
 * A sink never keyed writes plain lines. */
void dp_sink_key(struct dp_sink *s, uint64_t seq, char kind);

/* Append one line (a newline is added). Returns 0 or -1 on write error. */
int dp_sink_line(struct dp_sink *s, const char *line, size_t n);
uint64_t dp_sink_lines(const struct dp_sink *s);

#endif

/* buf.h - growable byte buffer with a hard cap.
 *
 * The buffer keeps `data` NUL-terminated when allocated. Growth past `limit` fails with
 * DP_WARN and leaves the contents untouched, so a caller can count an oversize event and
 * carry on. Embedded struct: dp_buf_init / dp_buf_release.
 */
#ifndef DP_CORE_BUF_H
#define DP_CORE_BUF_H

#include <stddef.h>

struct dp_buf {
	char *data;     /* NULL until the first append; owned */
	size_t len;     /* bytes in use, not counting the NUL */
	size_t alloc;   /* bytes allocated */
	size_t limit;   /* max len; 0 means unlimited */
};

void dp_buf_init(struct dp_buf *b, size_t limit);
void dp_buf_release(struct dp_buf *b);

/* Make room for `extra` more bytes. DP_OK, or DP_WARN when it would pass the limit,
 * or DP_FATAL when out of memory. */
int dp_buf_reserve(struct dp_buf *b, size_t extra);

/* Append bytes; same returns as dp_buf_reserve. */
int dp_buf_add(struct dp_buf *b, const void *p, size_t n);
int dp_buf_addc(struct dp_buf *b, char c);
/* Append bytes and a NUL byte that is part of the contents (packed NUL-terminated
 * strings); same returns as dp_buf_reserve. */
int dp_buf_add0(struct dp_buf *b, const void *p, size_t n);
int dp_buf_adds(struct dp_buf *b, const char *s);
int dp_buf_addf(struct dp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empty the buffer, keeping its memory. */
static inline void dp_buf_reset(struct dp_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Give up ownership of the data (caller frees); the buffer becomes empty. */
char *dp_buf_detach(struct dp_buf *b, size_t *len);

#endif

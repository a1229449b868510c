/* buf.c - growable capped byte buffer. */
#include "core/buf.h"
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dp_buf_init(struct dp_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->limit = limit;
}

void dp_buf_release(struct dp_buf *b)
{
	if (!b)
		return;
	free(b->data);
	dp_buf_init(b, b->limit);
}

int dp_buf_reserve(struct dp_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (b->limit && (extra > b->limit || b->len > b->limit - extra))
		return DP_WARN;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return DP_OK;
	n = b->alloc ? b->alloc : 256;
	while (n < need)
		n = n > ((size_t)-1) / 2 ? need : n * 2;
	p = realloc(b->data, n);
	if (!p)
		return DP_FATAL;
	b->data = p;
	b->alloc = n;
	return DP_OK;
}

/* Append n bytes, then `nul` NUL bytes that belong to the contents (0 or 1). */
static int append(struct dp_buf *b, const void *p, size_t n, size_t nul)
{
	int rc = dp_buf_reserve(b, n + nul);

	if (rc != DP_OK)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	if (nul)
		b->data[b->len++] = '\0';
	b->data[b->len] = '\0';
	return DP_OK;
}

int dp_buf_add0(struct dp_buf *b, const void *p, size_t n)
{
	return append(b, p, n, 1);
}

int dp_buf_add(struct dp_buf *b, const void *p, size_t n)
{
	return append(b, p, n, 0);
}

int dp_buf_addc(struct dp_buf *b, char c)
{
	return dp_buf_add(b, &c, 1);
}

int dp_buf_adds(struct dp_buf *b, const char *s)
{
	return dp_buf_add(b, s, strlen(s));
}

int dp_buf_addf(struct dp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return DP_FATAL;
	rc = dp_buf_reserve(b, (size_t)n);
	if (rc != DP_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return DP_OK;
}

char *dp_buf_detach(struct dp_buf *b, size_t *len)
{
	char *p = b->data;

	if (len)
		*len = b->len;
	if (!p)
		p = calloc(1, 1);
	dp_buf_init(b, b->limit);
	return p;
}

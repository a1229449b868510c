/* sink.c - buffered append-only findings lines. */
#include "core/sink.h"

#include <stdio.h>
#include <stdlib.h>

struct dp_sink {
	FILE *f;
	uint64_t lines;
	int failed;
	int keyed;
	char key[19];               /* 16 hex digits, kind, tab */
};

struct dp_sink *dp_sink_open(const char *path)
{
	struct dp_sink *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->f = fopen(path, "wb");
	if (!s->f) {
		free(s);
		return NULL;
	}
	setvbuf(s->f, NULL, _IOFBF, 1 << 16);
	return s;
}

int dp_sink_close(struct dp_sink *s)
{
	int rc;

	if (!s)
		return 0;
	rc = s->failed ? -1 : 0;
	if (fclose(s->f) != 0)
		rc = -1;
	free(s);
	return rc;
}

void dp_sink_key(struct dp_sink *s, uint64_t seq, char kind)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--, seq >>= 4)
		s->key[i] = hex[seq & 15];
	s->key[16] = kind;
	s->key[17] = '\t';
	s->keyed = 1;
}

int dp_sink_line(struct dp_sink *s, const char *line, size_t n)
{
	if ((s->keyed && fwrite(s->key, 1, 18, s->f) != 18) || fwrite(line, 1, n, s->f) != n ||
	    fputc('\n', s->f) == EOF) {
		s->failed = 1;
		return -1;
	}
	s->lines++;
	return 0;
}

uint64_t dp_sink_lines(const struct dp_sink *s)
{
	return s->lines;
}

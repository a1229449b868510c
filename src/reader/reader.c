/* reader.c - reader lookup, choice by bid, and helpers shared by readers. */
#include "reader/reader.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const struct dp_reader_type *dp_reader_find(const char *name)
{
	size_t i;

	for (i = 0; dp_readers[i]; i++)
		if (!strcmp(dp_readers[i]->name, name))
			return dp_readers[i];
	return NULL;
}

const struct dp_reader_type *dp_reader_choose(const char *name, const unsigned char *head,
					      size_t n)
{
	const struct dp_reader_type *best = NULL;
	int best_bid = -1;
	size_t i;

	for (i = 0; dp_readers[i]; i++) {
		int b = dp_readers[i]->bid ? dp_readers[i]->bid(name, head, n) : 0;
		if (b > best_bid) {
			best_bid = b;
			best = dp_readers[i];
		}
	}
	return best_bid > 0 ? best : dp_reader_find("text");
}

static size_t json_space(const unsigned char *head, size_t n, size_t i)
{
	while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
		i++;
	return i;
}

size_t dp_reader_json_start(const unsigned char *head, size_t n)
{
	return json_space(head, n, n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0);
}

int dp_reader_json_opens(const unsigned char *head, size_t n, size_t i)
{
	size_t k = json_space(head, n, i + 1);

	if (k >= n)
		return 1;
	return head[i] == '{' ? head[k] == '"' || head[k] == '}'
			      : strchr("{[\"]-0123456789tfn", head[k]) != NULL;
}

size_t dp_reader_bom(struct dp_reader_bom *b, const char **data, size_t *n,
		     const char **replay)
{
	static const char bom[] = "\xEF\xBB\xBF";
	size_t matched;

	*replay = bom;
	while (!b->done && *n > 0) {
		if (**data == bom[b->seen]) {
			(*data)++;
			(*n)--;
			if (++b->seen == 3)
				b->done = 1;
			continue;
		}
		b->done = 1;
		matched = b->seen;
		b->seen = 0;
		return matched;
	}
	return 0;
}

void dp_reader_note(struct dp_reader_stats *st, const char *fmt, ...)
{
	va_list ap;

	if (st->n_notes >= DP_READER_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(st->notes[st->n_notes], sizeof(st->notes[0]), fmt, ap);
	va_end(ap);
	st->n_notes++;
}

static const char *const compress_ext[] = {
	"gz", "gzip", "bz2", "xz", "zst", "zstd", "lz4", "lzma", "z", "br", NULL
};

void dp_reader_ext(const char *name, char *out, size_t cap)
{
	const char *base = strrchr(name, '/');
	char tmp[256];
	size_t i, n;

	base = base ? base + 1 : name;
	n = strlen(base);
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	for (i = 0; i < n; i++)
		tmp[i] = (char)tolower((unsigned char)base[i]);
	tmp[n] = '\0';
	for (;;) {
		char *dot = strrchr(tmp, '.');
		int stripped = 0;
		if (!dot || dot == tmp) {
			out[0] = '\0';
			return;
		}
		for (i = 0; compress_ext[i]; i++)
			if (!strcmp(dot + 1, compress_ext[i])) {
				*dot = '\0';
				stripped = 1;
				break;
			}
		if (!stripped) {
			snprintf(out, cap, "%s", dot + 1);
			return;
		}
	}
}

/* md.c - Markdown helpers. */
#include "report/md.h"
#include "core/escape.h"

#include <stdlib.h>
#include <string.h>

void dp_md_text(FILE *f, const char *s)
{
	size_t cap = strlen(s) * 4 + 8;
	char stackbuf[1024], *out = cap <= sizeof(stackbuf) ? stackbuf : malloc(cap);

	if (!out)
		return;
	dp_md_escape(s, out, cap);
	fputs(out, f);
	if (out != stackbuf)
		free(out);
}

void dp_md_bytes(char *out, size_t cap, uint64_t b)
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "PB" };
	double v = (double)b;
	size_t u = 0;

	while (v >= 1000 && u < 5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(out, cap, "%llu B", (unsigned long long)b);
	else
		snprintf(out, cap, "%.1f %s", v, units[u]);
}

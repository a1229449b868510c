/* langid.c - sampling, the too-few-letters rule and code normalisation around CLD2. */
#include "analyse/langid.h"

#include <string.h>

void dp_langid_normalize(const char *code, char *out, size_t cap)
{
	static const char *const legacy[][2] = {
		{ "iw", "he" }, { "in", "id" }, { "ji", "yi" }, { "jw", "jv" }, { "mo", "ro" },
	};
	size_t i, n = 0;

	if (cap < 4)
		return;
	for (i = 0; code && code[i] && code[i] != '-' && code[i] != '_' && n + 1 < cap; i++) {
		char c = code[i];
		out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	if (n == 0 || !strcmp(out, "un") || !strcmp(out, "xx") || !strcmp(out, "xxx")) {
		memcpy(out, "und", 4);
		return;
	}
	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (!strcmp(out, legacy[i][0]))
			memcpy(out, legacy[i][1], 3);
}

/* Largest prefix <= max that does not end inside a UTF-8 sequence. */
static size_t cut_utf8(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int dp_langid_detect(const char *text, size_t n, size_t letters, size_t sample,
		     struct dp_langid_result *r)
{
	const char *code;
	int pct = 0, rel = 0;

	memcpy(r->code, "und", 4);
	r->percent = 0;
	r->reliable = 0;
	if (letters != (size_t)-1 && letters < DP_LANGID_MIN_LETTERS)
		return 0;
	n = cut_utf8(text, n, sample ? sample : DP_LANGID_SAMPLE);
	code = dp_langid_cld2(text, (int)n, &pct, &rel);
	r->percent = pct;
	r->reliable = rel;
	if (!code || !rel || pct < DP_LANGID_MIN_PERCENT)
		return 0;
	dp_langid_normalize(code, r->code, sizeof(r->code));
	return strcmp(r->code, "und") != 0;
}

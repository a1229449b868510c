/* escape.c - terminal and Markdown escaping of untrusted text. */
#include "core/escape.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

/* Append `s` (len n) to out if it fits, keeping room for "...". Returns 0 when full. */
static int put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
	if (*o + n + 4 > cap) {
		if (cap >= 4 && *o + 3 < cap) {
			memcpy(out + *o, "...", 3);
			*o += 3;
		}
		return 0;
	}
	memcpy(out + *o, s, n);
	*o += n;
	return 1;
}

/* Bidirectional overrides and isolates reorder what follows them on screen, so a name
 * could show as something else ("Trojan Source"): they are escaped like controls. */
static int is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static size_t escape_common(const char *in, char *out, size_t cap, const char *specials)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = strlen(in), i = 0, o = 0, k;
	char tmp[8];
	uint32_t cp;

	if (cap == 0)
		return 0;
	while (i < n) {
		int ok;

		k = dp_utf8_decode(p + i, n - i, &cp);
		if (k == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    is_bidi_control(cp)) {
			if (k == 0)
				k = 1;
			if (cp == '\n' && k == 1)
				ok = put(out, cap, &o, "\\n", 2);
			else {
				snprintf(tmp, sizeof(tmp), "\\x%02X", p[i]);
				ok = put(out, cap, &o, tmp, 4);
			}
			if (k > 1) /* a C1 or bidi control: escape every byte of it */
				for (size_t j = 1; ok && j < k; j++) {
					snprintf(tmp, sizeof(tmp), "\\x%02X", p[i + j]);
					ok = put(out, cap, &o, tmp, 4);
				}
		} else if (specials && k == 1 && strchr(specials, (int)cp)) {
			tmp[0] = '\\';
			tmp[1] = (char)cp;
			ok = put(out, cap, &o, tmp, 2);
		} else {
			ok = put(out, cap, &o, (const char *)p + i, k);
		}
		if (!ok)
			break;
		i += k;
	}
	out[o < cap ? o : cap - 1] = '\0';
	return o;
}

size_t dp_term_escape(const char *in, char *out, size_t cap)
{
	return escape_common(in, out, cap, NULL);
}

size_t dp_md_escape(const char *in, char *out, size_t cap)
{
	return escape_common(in, out, cap, "\\`*_[]<>|#!");
}

size_t dp_utf8_sanitize(const char *in, size_t n, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, o = 0, k;
	uint32_t cp;

	while (i < n && o + 4 < cap) {
		k = dp_utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	if (cap)
		out[o] = '\0';
	return o;
}

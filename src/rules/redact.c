/* redact.c - redacted previews of finding values. */
#include "rules/redact.h"

#include <stdio.h>
#include <string.h>

struct out {
	char *p;
	size_t cap, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->cap)
		o->p[o->len++] = c;
	o->p[o->len] = '\0';
}

static void puts_n(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put(o, s[i]);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* j***@e***.com: first character of the local part and of the domain, and the TLD. */
static void email(struct out *o, const char *v, size_t n)
{
	const char *at = memchr(v, '@', n);
	const char *dot;
	size_t dn;

	if (!at || at == v) {
		puts_n(o, "***", 3);
		return;
	}
	put(o, v[0]);
	puts_n(o, "***@", 4);
	dn = n - (size_t)(at + 1 - v);
	if (dn == 0)
		return;
	put(o, at[1]);
	puts_n(o, "***", 3);
	for (dot = v + n - 1; dot > at && *dot != '.'; dot--)
		;
	if (dot > at + 1)
		puts_n(o, dot, (size_t)(v + n - dot));
}

/* Card: groups of four stars, then the last four digits. */
static void card(struct out *o, const char *v, size_t n)
{
	char d[32];
	size_t k = 0, i;

	for (i = 0; i < n && k < sizeof(d); i++)
		if (is_digit(v[i]))
			d[k++] = v[i];
	if (k < 8) {
		puts_n(o, "***", 3);
		return;
	}
	for (i = 0; i + 4 < k; i += 4)
		puts_n(o, "**** ", 5);
	puts_n(o, d + k - 4, 4);
}

/* Every digit but the last two replaced by '*'; letters masked too; separators kept. */
static void digits(struct out *o, const char *v, size_t n)
{
	size_t i, seen = 0, total = 0;

	for (i = 0; i < n; i++)
		total += is_digit(v[i]);
	for (i = 0; i < n; i++) {
		int alnum = is_digit(v[i]) || ((v[i] | 32) >= 'a' && (v[i] | 32) <= 'z');

		seen += is_digit(v[i]);
		put(o, !alnum || (is_digit(v[i]) && seen + 2 > total) ? v[i] : '*');
	}
}

static void ip(struct out *o, const char *v, size_t n)
{
	char sep = memchr(v, ':', n) ? ':' : '.';
	size_t i = 0;

	while (i < n && v[i] != sep)
		put(o, v[i++]);
	for (; i < n; i++)
		if (v[i] == sep)
			puts_n(o, sep == '.' ? ".*" : ":*", 2);
}

size_t dp_redact_preview(enum dp_preview style, const char *v, size_t n, char *out,
			 size_t cap)
{
	struct out o = { out, cap, 0 };
	char tail[32];

	out[0] = '\0';
	switch (style) {
	case DP_PREVIEW_EMAIL:
		email(&o, v, n);
		break;
	case DP_PREVIEW_CARD:
		card(&o, v, n);
		break;
	case DP_PREVIEW_DIGITS:
		digits(&o, v, n);
		break;
	case DP_PREVIEW_IP:
		ip(&o, v, n);
		break;
	case DP_PREVIEW_PREFIX:
		puts_n(&o, v, n > 12 ? 4 : 0);
		/* fall through */
	default:
		snprintf(tail, sizeof(tail), "***(%zu)", n);
		puts_n(&o, tail, strlen(tail));
		break;
	}
	return o.len;
}

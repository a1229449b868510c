/* size.c - parsing byte sizes with K/M/G/T suffixes. */
#include "core/size.h"

#include <ctype.h>
#include <stddef.h>

/* Shift for a unit letter, or -1 when `c` is not a unit. */
static int unit_shift(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'k': return 10;
	case 'm': return 20;
	case 'g': return 30;
	case 't': return 40;
	default: return -1;
	}
}

/* Accept "", "b", "ib" and "ib"/"b" after a unit letter; returns 1 when the rest is fine. */
static int suffix_ok(const char *p, int have_unit)
{
	if (*p == '\0')
		return 1;
	if (have_unit && (p[0] == 'i' || p[0] == 'I'))
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	return *p == '\0';
}

/* Parse the fractional digits after '.' as a binary fraction of 2^shift, rounded down. */
static uint64_t fraction_bytes(const char *frac, size_t nfrac, int shift)
{
	uint64_t num = 0, den = 1;
	size_t i;

	for (i = 0; i < nfrac && i < 9; i++) {
		num = num * 10 + (uint64_t)(frac[i] - '0');
		den *= 10;
	}
	return (num << shift) / den;
}

int dp_parse_size(const char *s, uint64_t *out)
{
	uint64_t whole = 0, v;
	const char *p = s, *frac = NULL;
	size_t nfrac = 0;
	int shift = 0;

	if (!s || !isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (whole > (UINT64_MAX - d) / 10)
			return -1;
		whole = whole * 10 + d;
	}
	if (*p == '.') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		nfrac = (size_t)(p - frac);
	}
	if (unit_shift(*p) >= 0)
		shift = unit_shift(*p++);
	if (!suffix_ok(p, shift > 0) || (frac && (shift == 0 || nfrac == 0)))
		return -1;
	if (shift && whole > (UINT64_MAX >> shift))
		return -1;
	v = whole << shift;
	if (frac) {
		uint64_t f = fraction_bytes(frac, nfrac, shift);
		if (v > UINT64_MAX - f)
			return -1;
		v += f;
	}
	*out = v;
	return 0;
}

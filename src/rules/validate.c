/* validate.c - validators for payment cards, IBANs, SSNs, IP addresses, JWTs, secrets. */
#include "rules/validate.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#define DP_MAX_DIGITS 32

/* Copy the decimal digits of [s, s+n) into out (cap DP_MAX_DIGITS); -1 when too many. */
static int digits_only(const char *s, size_t n, char *out)
{
	int k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		if (k >= DP_MAX_DIGITS - 1)
			return -1;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return k;
}

static int luhn_digits(const char *d, int k)
{
	int sum = 0, dbl = 0, i;

	for (i = k - 1; i >= 0; i--) {
		int v = d[i] - '0';

		if (dbl) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
		dbl = !dbl;
	}
	return k > 0 && sum % 10 == 0;
}

int dp_validate_luhn(const char *s, size_t n)
{
	char d[DP_MAX_DIGITS];
	int k = digits_only(s, n, d);

	return k > 0 && luhn_digits(d, k);
}

struct issuer {
	unsigned lo, hi;     /* range of the leading `width` digits */
	int width;
	int minlen, maxlen;
};

/* Issuer identification ranges (public facts from the card networks' documentation). */
static const struct issuer issuers[] = {
	{ 4, 4, 1, 13, 19 },          /* Visa (13, 16, 19 in practice) */
	{ 51, 55, 2, 16, 16 },        /* Mastercard */
	{ 2221, 2720, 4, 16, 16 },    /* Mastercard 2-series */
	{ 34, 34, 2, 15, 15 },        /* American Express */
	{ 37, 37, 2, 15, 15 },
	{ 6011, 6011, 4, 16, 19 },    /* Discover */
	{ 644, 649, 3, 16, 19 },
	{ 65, 65, 2, 16, 19 },
	{ 300, 305, 3, 14, 19 },      /* Diners Club */
	{ 3095, 3095, 4, 14, 19 },
	{ 36, 36, 2, 14, 19 },
	{ 38, 39, 2, 14, 19 },
	{ 3528, 3589, 4, 16, 19 },    /* JCB */
	{ 2131, 2131, 4, 15, 15 },
	{ 1800, 1800, 4, 15, 15 },
	{ 62, 62, 2, 16, 19 },        /* UnionPay */
	{ 81, 82, 2, 16, 19 },
	{ 2200, 2204, 4, 16, 19 },    /* Mir */
	{ 50, 50, 2, 12, 19 },        /* Maestro */
	{ 56, 58, 2, 12, 19 },
	{ 60, 69, 2, 12, 19 },        /* Maestro 6x, RuPay 60 */
};

static int issuer_ok(const char *d, int k)
{
	size_t i;

	for (i = 0; i < sizeof(issuers) / sizeof(issuers[0]); i++) {
		const struct issuer *is = &issuers[i];
		unsigned v = 0;
		int j;

		if (k < is->minlen || k > is->maxlen)
			continue;
		for (j = 0; j < is->width; j++)
			v = v * 10 + (unsigned)(d[j] - '0');
		if (v >= is->lo && v <= is->hi)
			return 1;
	}
	return 0;
}

int dp_validate_card(const char *s, size_t n)
{
	char d[DP_MAX_DIGITS];
	int k = digits_only(s, n, d);
	int i, same = 1;

	if (k < 12 || k > 19)
		return 0;
	for (i = 1; i < k; i++)
		same &= d[i] == d[0];
	if (same)
		return 0;
	return issuer_ok(d, k) && luhn_digits(d, k);
}

struct iban_len {
	char cc[3];
	int len;
};

/* IBAN lengths per country (ISO 13616 registry). */
static const struct iban_len iban_lens[] = {
	{ "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 },
	{ "BE", 16 }, { "BG", 22 }, { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 },
	{ "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DJ", 27 },
	{ "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
	{ "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 },
	{ "GL", 18 }, { "GR", 27 }, { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 },
	{ "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 }, { "IT", 27 }, { "JO", 30 },
	{ "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
	{ "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
	{ "MK", 19 }, { "MN", 20 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 },
	{ "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 }, { "PL", 28 }, { "PS", 29 },
	{ "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
	{ "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 },
	{ "SO", 23 }, { "ST", 25 }, { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 },
	{ "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 }, { "YE", 30 },
};

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static int iban_len_for(char a, char b)
{
	size_t i;

	for (i = 0; i < sizeof(iban_lens) / sizeof(iban_lens[0]); i++)
		if (iban_lens[i].cc[0] == a && iban_lens[i].cc[1] == b)
			return iban_lens[i].len;
	return -1;
}

/* Mod-97 over the rearranged IBAN (first four characters moved to the end). */
static int iban_mod97(const char *c, int k)
{
	unsigned r = 0;
	int i;

	for (i = 0; i < k; i++) {
		char ch = c[(i + 4) % k];

		if (ch >= '0' && ch <= '9')
			r = (r * 10 + (unsigned)(ch - '0')) % 97;
		else if (ch >= 'A' && ch <= 'Z')
			r = (r * 100 + (unsigned)(ch - 'A' + 10)) % 97;
		else
			return 0;
	}
	return r == 1;
}

int dp_validate_iban(const char *s, size_t n)
{
	char c[40];
	int k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (k >= 34)
			return 0;
		c[k++] = upper(s[i]);
	}
	if (k < 15 || c[2] < '0' || c[2] > '9' || c[3] < '0' || c[3] > '9')
		return 0;
	if (iban_len_for(c[0], c[1]) != k)
		return 0;
	return iban_mod97(c, k);
}

int dp_validate_ssn(const char *s, size_t n)
{
	char d[DP_MAX_DIGITS];
	int k = digits_only(s, n, d);
	int area, group, serial;

	if (k != 9)
		return 0;
	area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	group = (d[3] - '0') * 10 + (d[4] - '0');
	serial = (d[5] - '0') * 1000 + (d[6] - '0') * 100 + (d[7] - '0') * 10 + (d[8] - '0');
	if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0)
		return 0;
	/* Numbers printed in advertising and examples, never issued to a person. */
	if (memcmp(d, "078051120", 9) == 0 || memcmp(d, "219099999", 9) == 0 ||
	    memcmp(d, "123456789", 9) == 0)
		return 0;
	return 1;
}

/* Digit-group lengths of [s, s+n), up to 8 groups; returns the group count. */
static int group_lengths(const char *s, size_t n, int *len, int max)
{
	int g = 0;
	size_t i = 0;

	while (i < n && g < max) {
		int k = 0;

		while (i < n && (s[i] < '0' || s[i] > '9'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			k++;
			i++;
		}
		if (k)
			len[g++] = k;
	}
	return g;
}

static int looks_date(const char *s, size_t n)
{
	int len[8];
	int g = group_lengths(s, n, len, 8);

	if (g != 3)
		return 0;
	return (len[0] == 4 && len[1] <= 2 && len[2] <= 2) ||
	       (len[0] <= 2 && len[1] <= 2 && len[2] == 4);
}

/* US ZIP+4: five digits, '-', four digits and nothing else. */
static int looks_zip4(const char *s, size_t n)
{
	size_t i;

	if (n != 10 || s[5] != '-')
		return 0;
	for (i = 0; i < n; i++)
		if (i != 5 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* North American 555-0100..555-0199: reserved for fiction and examples. */
static int fictional_555(const char *d, int k)
{
	const char *p = d + k - 7;

	return k >= 7 && memcmp(p, "55501", 5) == 0;
}

int dp_validate_phone(const char *s, size_t n)
{
	char d[DP_MAX_DIGITS];
	size_t i, main_len = n;
	int k, same = 1, binary = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == 'x' || s[i] == 'X' || s[i] == '#' || s[i] == 'e') {
			main_len = i;
			break;
		}
	}
	k = digits_only(s, main_len, d);
	if (k < 7 || k > 15 || looks_date(s, main_len) || looks_zip4(s, main_len))
		return 0;
	for (i = 1; i < (size_t)k; i++)
		same &= d[i] == d[0];
	for (i = 0; i < (size_t)k && binary; i++)
		binary = d[i] == '0' || d[i] == '1';
	return !same && !binary && !fictional_555(d, k);
}

static int copy_z(const char *s, size_t n, char *out, size_t cap)
{
	if (n == 0 || n >= cap)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

int dp_validate_ipv4(const char *s, size_t n)
{
	char z[20];
	unsigned char a[4];

	if (!copy_z(s, n, z, sizeof(z)) || inet_pton(AF_INET, z, a) != 1)
		return 0;
	/* 1.2.3.4, 7.18.1.2: section and version numbers, not addresses of people */
	return !(a[0] < 10 && a[1] < 32 && a[2] < 32 && a[3] < 32);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Count non-empty groups, and whether some group is more than a 1..2-digit number. */
static void ipv6_groups(const char *s, size_t n, int *groups, int *strong)
{
	size_t i = 0;

	*groups = 0;
	*strong = 0;
	while (i < n) {
		size_t j = i;
		int letters = 0;

		while (j < n && s[j] != ':') {
			letters |= !(s[j] >= '0' && s[j] <= '9');
			j++;
		}
		if (j > i)
			*groups += memchr(s + i, '.', j - i) ? 2 : 1;  /* an IPv4 tail is 2 groups */
		if (j - i > 2 || letters)
			*strong = 1;
		i = j + 1;
	}
}

int dp_validate_ipv6(const char *s, size_t n)
{
	char z[64];
	unsigned char a[16];
	int groups, strong;

	if (!copy_z(s, n, z, sizeof(z)) || inet_pton(AF_INET6, z, a) != 1)
		return 0;
	ipv6_groups(s, n, &groups, &strong);
	return groups >= 3 && strong;
}

static int b64url_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

/* Decode base64url [s, s+n) into out (cap); returns decoded length or -1. */
static long b64url_decode(const char *s, size_t n, char *out, size_t cap)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i, k = 0;

	for (i = 0; i < n && s[i] != '='; i++) {
		int v = b64url_val(s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (k >= cap)
				return -1;
			out[k++] = (char)((acc >> bits) & 0xff);
		}
	}
	return (long)k;
}

int dp_validate_jwt(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	char hdr[512];
	long k;
	size_t m;

	if (!dot || !memchr(dot + 1, '.', n - (size_t)(dot + 1 - s)))
		return 0;
	m = (size_t)(dot - s);
	k = b64url_decode(s, m, hdr, sizeof(hdr) - 1);
	if (k < 2)
		return 0;
	hdr[k] = '\0';
	while (k > 0 && (hdr[k - 1] == ' ' || hdr[k - 1] == '\n' || hdr[k - 1] == '\r'))
		hdr[--k] = '\0';
	if (hdr[0] != '{' || hdr[k - 1] != '}')
		return 0;
	return strstr(hdr, "\"alg\"") != NULL;
}

double dp_entropy(const char *s, size_t n)
{
	size_t count[256] = { 0 };
	double h = 0.0;
	size_t i;

	if (n == 0)
		return 0.0;
	for (i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;

		if (!count[i])
			continue;
		p = (double)count[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

/* 1 for 8-4-4-4-12 hex with dashes. */
static int looks_uuid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return 0;
	for (i = 0; i < n; i++) {
		int dash = (i == 8 || i == 13 || i == 18 || i == 23);

		if (dash ? s[i] != '-' : !is_hex(s[i]))
			return 0;
	}
	return 1;
}

static int looks_digest(const char *s, size_t n)
{
	size_t i;

	if (n != 32 && n != 40 && n != 64 && n != 128)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

int dp_validate_secret(const char *s, size_t n, double min_bits)
{
	int lower = 0, upperc = 0, digit = 0;
	size_t i;

	if (n < 8 || looks_uuid(s, n) || looks_digest(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		lower |= s[i] >= 'a' && s[i] <= 'z';
		upperc |= s[i] >= 'A' && s[i] <= 'Z';
		digit |= s[i] >= '0' && s[i] <= '9';
	}
	if (lower + upperc + digit < 2)
		return 0;
	return dp_entropy(s, n) >= min_bits;
}

static int v_card(const char *s, size_t n, double a) { (void)a; return dp_validate_card(s, n); }
static int v_luhn(const char *s, size_t n, double a) { (void)a; return dp_validate_luhn(s, n); }
static int v_iban(const char *s, size_t n, double a) { (void)a; return dp_validate_iban(s, n); }
static int v_ssn(const char *s, size_t n, double a) { (void)a; return dp_validate_ssn(s, n); }
static int v_ipv4(const char *s, size_t n, double a) { (void)a; return dp_validate_ipv4(s, n); }
static int v_ipv6(const char *s, size_t n, double a) { (void)a; return dp_validate_ipv6(s, n); }
static int v_jwt(const char *s, size_t n, double a) { (void)a; return dp_validate_jwt(s, n); }
static int v_phone(const char *s, size_t n, double a) { (void)a; return dp_validate_phone(s, n); }
static int v_entropy(const char *s, size_t n, double a) { return dp_validate_secret(s, n, a); }

const char *const dp_validator_names[] = {
	"card", "luhn", "iban", "ssn", "ipv4", "ipv6", "jwt", "entropy", "phone", NULL
};

static const dp_validator_fn validator_fns[] = {
	v_card, v_luhn, v_iban, v_ssn, v_ipv4, v_ipv6, v_jwt, v_entropy, v_phone
};

dp_validator_fn dp_validator_find(const char *name)
{
	size_t i;

	for (i = 0; dp_validator_names[i]; i++)
		if (strcmp(dp_validator_names[i], name) == 0)
			return validator_fns[i];
	return NULL;
}

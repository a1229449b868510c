/* words.c - case-insensitive search and word stepping over raw text. */
#include "license/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/spdx_expr.h"

size_t dp_lic_find_ci(const char *text, size_t len, size_t from, const char *needle)
{
	size_t k = strlen(needle), i = from, p0 = from, p1 = from;
	char c0 = needle[0], c1 = (char)(c0 >= 'a' && c0 <= 'z' ? c0 - 32 : c0);
	int first = 1;

	while (i + k <= len) {
		const char *q;
		if (first || p0 < i) {
			q = memchr(text + i, c0, len - i);
			p0 = q ? (size_t)(q - text) : len;
		}
		if (first || p1 < i) {
			q = memchr(text + i, c1, len - i);
			p1 = q ? (size_t)(q - text) : len;
		}
		first = 0;
		i = p0 < p1 ? p0 : p1;
		if (i + k > len)
			return len;
		if (strncasecmp(text + i, needle, k) == 0)
			return i;
		i++;
	}
	return len;
}

int dp_lic_starts_ci(const char *text, size_t len, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	return pos <= len && len - pos >= n && !strncasecmp(text + pos, lit, n);
}

int dp_lic_ends_with(const char *id, size_t n, const char *sfx)
{
	size_t k = strlen(sfx);

	return n > k && !strncmp(id + n - k, sfx, k);
}

int dp_lic_has_ci(const char *text, size_t from, size_t to, const char *needle)
{
	return dp_lic_find_ci(text, to, from, needle) < to;
}

int dp_lic_gnu_gap(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '*' || ch == '#' ||
	       ch == '/' || ch == '"' || ch == '%';
}

size_t dp_lic_word_before(const char *text, size_t e, size_t *ws)
{
	while (e > 0 && dp_lic_gnu_gap(text[e - 1]))
		e--;
	*ws = e;
	while (*ws > 0 && dp_lic_letter(text[*ws - 1]))
		(*ws)--;
	return e - *ws;
}

int dp_lic_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '+' || ch == '_';
}

int dp_lic_gap_char(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '*' || ch == '#' ||
	       ch == '/' || ch == '\'' || ch == '"';
}

int dp_lic_alnum_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

int dp_lic_letter(char ch)
{
	return (ch | 32) >= 'a' && (ch | 32) <= 'z';
}

size_t dp_lic_words_end(const char *text, size_t len, size_t pos, const char *lit)
{
	for (; *lit; lit++) {
		if (*lit == ' ') {
			if (pos >= len || !dp_lic_gnu_gap(text[pos]))
				return 0;
			while (pos < len && dp_lic_gnu_gap(text[pos]))
				pos++;
			continue;
		}
		if (pos >= len || (text[pos] >= 'A' && text[pos] <= 'Z' ? text[pos] + 32
								       : text[pos]) != *lit)
			return 0;
		pos++;
	}
	return pos;
}

size_t dp_lic_find_words_ci(const char *text, size_t len, size_t from, const char *lit,
			    size_t *end)
{
	char first[32];
	size_t k = strcspn(lit, " "), at;

	if (k >= sizeof(first))
		k = sizeof(first) - 1;
	memcpy(first, lit, k);
	first[k] = '\0';
	for (at = dp_lic_find_ci(text, len, from, first); at < len; at = dp_lic_find_ci(text, len,
											at + 1,
											first))
		if ((*end = dp_lic_words_end(text, len, at, lit)) != 0)
			return at;
	return len;
}

size_t dp_lic_line_before(const char *text, size_t at)
{
	int nl = 0;

	while (at > 0 && !(text[at - 1] == '\n' && nl++ == 1))
		at--;
	return at;
}

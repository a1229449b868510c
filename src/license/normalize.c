/* normalize.c - license text normaliser (SPDX matching guidelines) producing word tokens. */
#include "license/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/array.h"
#include "core/utf8.h"

#define HASH_SEED 0x243F6A8885A308D3ULL
#define HASH_MUL 0x9E3779B97F4A7C15ULL
#define WORD_MAX 64
#define MARKUP_MAX 200  /* bytes searched for the end of a markup tag */   /* longer words are hashed on their first WORD_MAX bytes */
#define EQ_FILTER_BITS 4096u
#define COPYRIGHT_LINE_MAX 200 /* a longer "line" is a reflowed paragraph: keep its words */

struct word {
	size_t start, end;   /* byte range in the input */
	char low[WORD_MAX + 8];  /* lowercased spelling (prefix), zero-padded for hashing */
	size_t lown;
};

/* The same hash over a word followed by at least 8 zero bytes: whole chunks, no tail. */
static uint64_t hash_padded(const char *w, size_t n)
{
	uint64_t h = HASH_SEED ^ (n * HASH_MUL);
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t chunk;
		memcpy(&chunk, w + i, 8);
		h = (h ^ chunk) * HASH_MUL;
		h ^= h >> 29;
	}
	h *= HASH_MUL;
	h ^= h >> 32;
	return h ? h : 1;
}

/* Eight bytes at a time: most words are one or two chunks. */
uint64_t dp_lic_word_hash(const char *w, size_t n)
{
	uint64_t h = HASH_SEED ^ (n * HASH_MUL);
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t chunk = 0;
		memcpy(&chunk, w + i, n - i < 8 ? n - i : 8);
		h = (h ^ chunk) * HASH_MUL;
		h ^= h >> 29;
	}
	h *= HASH_MUL;
	h ^= h >> 32;
	return h ? h : 1;
}

void dp_lic_toks_init(struct dp_lic_toks *t)
{
	memset(t, 0, sizeof(*t));
}

void dp_lic_toks_release(struct dp_lic_toks *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int toks_push(struct dp_lic_toks *t, uint64_t h, uint32_t line, uint32_t off)
{
	if (dp_array_grow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v)))
		return -1;
	t->v[t->n].h = h;
	t->v[t->n].line = line;
	t->v[t->n].off = off;
	t->n++;
	return 0;
}

/* ASCII letters and digits. */
static const unsigned char ascii_word[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
};

/* Length of the word character at p (0 when p starts a separator). Letters and digits of
 * any script are word characters; ASCII punctuation, Latin-1 and general punctuation,
 * arrows, box drawing and CJK punctuation separate words. */
static size_t word_char(const unsigned char *p, size_t avail)
{
	uint32_t cp;
	size_t n;

	if (*p < 0x80) {
		unsigned char c = *p;
		return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			? 1 : 0;
	}
	n = dp_utf8_decode(p, avail, &cp);
	if (n == 0)
		return 0;
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	    cp == 0xFEFF || cp == 0xFFFD)
		return 0;
	return n;
}

/* A short list label: up to 3 digits, one letter, or a small roman numeral. */
static int is_label(const struct word *w)
{
	size_t i, digits = 0, roman = 0;

	if (w->lown == 1)
		return 1;
	if (w->lown > 5)
		return 0;
	for (i = 0; i < w->lown; i++) {
		char c = w->low[i];
		digits += (c >= '0' && c <= '9');
		roman += (c == 'i' || c == 'v' || c == 'x' || c == 'l' || c == 'c');
	}
	return (digits == w->lown && w->lown <= 3) || (roman == w->lown && w->lown <= 5);
}

static int eq_filter_hit(const struct dp_lic_equiv *eq, uint64_t h)
{
	uint64_t b = h % EQ_FILTER_BITS;
	return (int)((eq->filter[b / 64] >> (b % 64)) & 1u);
}

static void eq_filter_set(struct dp_lic_equiv *eq, uint64_t h)
{
	uint64_t b = h % EQ_FILTER_BITS;
	eq->filter[b / 64] |= 1ULL << (b % 64);
}

/* Push one normalised word, applying the equivalence rules. */
static int push_word(const struct dp_lic_equiv *eq, struct dp_lic_toks *out, uint64_t h,
		     uint32_t line, uint32_t off)
{
	size_t i;

	if (toks_push(out, h, line, off))
		return -1;
	if (!eq || !eq->n || !eq_filter_hit(eq, h))
		return 0;
	for (i = 0; i < eq->n; i++) {
		const struct dp_lic_eqrule *r = &eq->rules[i];
		int pair = r->from[1] != 0;
		size_t drop = pair ? 2 : 1;
		if (pair ? (r->from[1] != h || out->n < 2 || out->v[out->n - 2].h != r->from[0])
			 : r->from[0] != h)
			continue;
		line = out->v[out->n - drop].line;
		off = out->v[out->n - drop].off;
		out->n -= drop;
		if (toks_push(out, r->to[0], line, off))
			return -1;
		if (r->to[1] && toks_push(out, r->to[1], line, off))
			return -1;
		break;
	}
	return 0;
}

/* At a '<': the position of the closing '>' of a markup tag ("<p>", "</li>", "<br/>",
 * "<a href=...>", "<year>") on this line, so its words are not read; else i itself. */
static size_t skip_markup(const char *s, size_t i, size_t end)
{
	size_t j, lim = end - i > MARKUP_MAX ? i + MARKUP_MAX : end;
	char c = i + 1 < end ? s[i + 1] : ' ';

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!'))
		return i;
	for (j = i + 1; j < lim; j++) {
		if (s[j] == '>')
			return j;
		if (s[j] == '<')
			return i;
	}
	return i;
}

/* Scan the next word from pos; returns 0 at the end of the line range. */
static int next_word(const char *s, size_t end, size_t *pos, struct word *w)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = *pos, n;

	while (i < end && (p[i] < 0x80 ? !ascii_word[p[i]] : !word_char(p + i, end - i))) {
		if (s[i] == '&')
			break;
		if (s[i] == '<')
			i = skip_markup(s, i, end);
		i++;
	}
	if (i >= end)
		return 0;
	w->start = i;
	w->lown = 0;
	if (s[i] == '&') {
		memcpy(w->low, "and", 3);
		w->lown = 3;
		w->end = *pos = i + 1;
		return 1;
	}
	for (;;) {
		size_t k, j = i;
		while (j < end && p[j] < 0x80 && ascii_word[p[j]]) /* the common case: ASCII */
			j++;
		for (k = i; k < j && w->lown < WORD_MAX; k++) /* lowercased, branch-free */
			w->low[w->lown++] = (char)(p[k] | ((unsigned)(p[k] - 'A') < 26u) << 5);
		i = j;
		if (i >= end || p[i] < 0x80 || (n = word_char(p + i, end - i)) == 0)
			break;
		for (k = 0; k < n && w->lown < WORD_MAX; k++) {
			char c = s[i + k];
			w->low[w->lown++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		i += n;
	}
	w->end = *pos = i;
	return 1;
}

/* Does this line state a copyright ("Copyright (c) 2001 ...", "© 2020 ...")? */
static int copyright_line(const char *s, size_t start, size_t end)
{
	size_t i = start, j;
	int digit = 0;

	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '*' || s[i] == '#' ||
			   s[i] == '/' || s[i] == ';' || s[i] == '-' || s[i] == '!'))
		i++;
	if (end - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
		return 1;
	if (end - i < 9 || strncasecmp(s + i, "copyright", 9) != 0 || end - i > COPYRIGHT_LINE_MAX)
		return 0;
	for (j = i + 9; j < end; j++) {
		if (s[j] >= '0' && s[j] <= '9')
			digit = 1;
		if (j + 2 < end && s[j] == '(' && (s[j + 1] | 32) == 'c' && s[j + 2] == ')')
			return 1;
	}
	return digit;
}

/* Is the word a bullet: "(a)" anywhere, or "1." / "iv)" / "2.1." opening the line? */
static int bullet(const char *s, size_t ls, size_t end, const struct word *w, int first)
{
	char before = w->start > ls ? s[w->start - 1] : '\n';
	char after = w->end < end ? s[w->end] : '\n';

	if (!(before == '(' && after == ')') && !(first && (after == '.' || after == ')')))
		return 0;  /* cheap test first: most words are followed by a space */
	if (!is_label(w))
		return 0;
	if (before == '(' && after == ')')
		return 1;
	return first && (after == '.' || after == ')') &&
	       (w->end + 1 >= end || s[w->end + 1] == ' ' || s[w->end + 1] == '\t' ||
		(s[w->end + 1] >= '0' && s[w->end + 1] <= '9'));
}

/* The first half of a word hyphenated at a line end ("ob-" of "ob-\ntaining"), waiting
 * for the next line's first word. */
struct carry {
	char low[WORD_MAX + 8];
	size_t n;
	uint32_t line, off;
};

/* Does word w end its line with a hyphen ("restric-", "NONIN-")? */
static int hyphen_end(const char *s, size_t le, const struct word *w)
{
	size_t i = w->end;

	if (!w->lown || w->low[w->lown - 1] < 'a' || w->low[w->lown - 1] > 'z' || i >= le ||
	    s[i] != '-')
		return 0;
	for (i++; i < le; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int flush_carry(const struct dp_lic_equiv *eq, struct dp_lic_toks *out, struct carry *k)
{
	if (!k->n)
		return 0;
	memset(k->low + k->n, 0, 8);
	k->n = 0;
	return push_word(eq, out, hash_padded(k->low, strlen(k->low)), k->line, k->off);
}

/* Push word w; a line's first word that starts with a letter completes a carried half. */
static int push_or_join(const struct dp_lic_equiv *eq, struct dp_lic_toks *out, struct carry *k,
			struct word *w, uint32_t line)
{
	size_t n;

	if (k->n && w->low[0] >= 'a' && w->low[0] <= 'z') {
		n = w->lown < WORD_MAX - k->n ? w->lown : WORD_MAX - k->n;
		memcpy(k->low + k->n, w->low, n);
		memset(k->low + k->n + n, 0, 8);
		k->n = 0;
		return push_word(eq, out, hash_padded(k->low, strlen(k->low)), k->line, k->off);
	}
	if (flush_carry(eq, out, k))
		return -1;
	memset(w->low + w->lown, 0, 8);
	return push_word(eq, out, hash_padded(w->low, w->lown), line, (uint32_t)w->start);
}

static int tokenize_line(const struct dp_lic_equiv *eq, const char *s, size_t ls, size_t le,
			 uint32_t line, struct dp_lic_toks *out, struct carry *k)
{
	struct word w;
	size_t pos = ls;
	int first = 1;

	while (next_word(s, le, &pos, &w)) {
		if (bullet(s, ls, le, &w, first))
			continue; /* "2.1." keeps `first` so the "1" is dropped too */
		if (!first && flush_carry(eq, out, k))
			return -1;
		first = 0;
		if (hyphen_end(s, le, &w) && !k->n) { /* "ob-\ntaining" reads as "obtaining" */
			memcpy(k->low, w.low, w.lown);
			k->low[w.lown] = '\0';
			k->n = w.lown;
			k->line = line;
			k->off = (uint32_t)w.start;
			continue;
		}
		if (push_or_join(eq, out, k, &w, line))
			return -1;
	}
	return first ? flush_carry(eq, out, k) : 0; /* a blank line ends the word */
}

int dp_lic_tokenize(const struct dp_lic_equiv *eq, const char *text, size_t len,
		    int drop_copyright, struct dp_lic_toks *out)
{
	size_t ls = 0;
	uint32_t line = 1;
	struct carry k;

	k.n = 0;
	while (ls < len) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len;
		if (!(drop_copyright && copyright_line(text, ls, le)) &&
		    tokenize_line(eq, text, ls, le, line, out, &k))
			return -1;
		ls = le + 1;
		line++;
	}
	return flush_carry(eq, out, &k);
}

static int words_of(const char *s, uint64_t h[2])
{
	struct dp_lic_toks t;
	int n;

	dp_lic_toks_init(&t);
	if (dp_lic_tokenize(NULL, s, strlen(s), 0, &t)) {
		dp_lic_toks_release(&t);
		return -1;
	}
	n = (int)t.n;
	h[0] = t.n > 0 ? t.v[0].h : 0;
	h[1] = t.n > 1 ? t.v[1].h : 0;
	dp_lic_toks_release(&t);
	return n;
}

int dp_lic_equiv_add(struct dp_lic_equiv *eq, const char *canon, const char *variant)
{
	uint64_t c[2], v[2];
	int nc = words_of(canon, c), nv = words_of(variant, v);
	struct dp_lic_eqrule *r;

	if (nc < 1 || nv < 1 || nc > 2 || nv > 2)
		return nc < 0 || nv < 0 ? -1 : 0;
	if (c[0] == v[0] && c[1] == v[1])
		return 0;
	if (dp_array_grow((void **)&eq->rules, &eq->cap, eq->n + 1, sizeof(*eq->rules)))
		return -1;
	r = &eq->rules[eq->n++];
	/* Read the longer spelling as the shorter one, so "sub license" -> "sublicense". */
	if (nc == 2 && nv == 1) {
		memcpy(r->from, c, sizeof(c));
		memcpy(r->to, v, sizeof(v));
	} else {
		memcpy(r->from, v, sizeof(v));
		memcpy(r->to, c, sizeof(c));
	}
	eq_filter_set(eq, r->from[1] ? r->from[1] : r->from[0]);
	return 0;
}

void dp_lic_equiv_release(struct dp_lic_equiv *eq)
{
	free(eq->rules);
	memset(eq, 0, sizeof(*eq));
}

/* Split a name into lowercase alphanumeric pieces, letters and digits apart ("gplv3" ->
 * "gpl" "v" "3"), "+" being a piece of its own. Calls back once per piece. */
struct keyb {
	char *out;
	size_t cap, len;
	char prev[16];    /* previous piece kept (for "or later" and ".0") */
	int prev_num;
	int after_version; /* the last word read, kept or not, was a number or "international" */
};

static int drop_word(const char *w, size_t n)
{
	static const char *const drop[] = { "the", "license", "licence", "licenses", "licensed",
		"version",
		"v", "only", "international", "unported", "generic", "ver", "vers", "style", NULL };
	size_t i;

	for (i = 0; drop[i]; i++)
		if (strlen(drop[i]) == n && memcmp(drop[i], w, n) == 0)
			return 1;
	return 0;
}

static void key_piece(struct keyb *k, const char *w, size_t n, int num)
{
	int after = k->after_version;

	k->after_version = num || (n == 13 && memcmp(w, "international", 13) == 0);
	if (drop_word(w, n))
		return;
	/* "CC BY 4.0 International Public License": "Public" only in Creative Commons titles;
	 * "NoDerivs" is the older CC spelling of "NoDerivatives" */
	if (after && n == 6 && memcmp(w, "public", 6) == 0)
		return;
	if (n == 8 && memcmp(w, "noderivs", 8) == 0) {
		w = "noderivatives";
		n = 13;
	}
	if (num && n == 1 && w[0] == '0' && k->prev_num)
		return;  /* "2.0" reads as "2" */
	if (n == 5 && memcmp(w, "later", 5) == 0 && strcmp(k->prev, "or") == 0) {
		k->len -= 2;  /* "or later" -> "+" */
		w = "+";
		n = 1;
	}
	if (k->len + n + 1 > k->cap)
		return;
	memcpy(k->out + k->len, w, n);
	k->len += n;
	k->out[k->len] = '\0';
	k->prev_num = num;
	if (n < sizeof(k->prev)) {
		memcpy(k->prev, w, n);
		k->prev[n] = '\0';
	}
}

size_t dp_lic_name_key(const char *s, size_t n, char *out, size_t cap)
{
	struct keyb k;
	size_t i = 0;

	memset(&k, 0, sizeof(k));
	k.out = out;
	k.cap = cap;
	if (cap)
		out[0] = '\0';
	while (i < n) {
		char piece[64];
		size_t pn = 0;
		int num = s[i] >= '0' && s[i] <= '9';
		int alpha = (s[i] | 32) >= 'a' && (s[i] | 32) <= 'z';
		if (s[i] == '+') {
			key_piece(&k, "+", 1, 0);
			i++;
			continue;
		}
		if (!num && !alpha) {
			i++;
			continue;
		}
		while (i < n && pn < sizeof(piece) &&
		       (num ? (s[i] >= '0' && s[i] <= '9')
			    : ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')))
			piece[pn++] = (char)(s[i++] | (num ? 0 : 32));
		if (!num && pn > 1 && piece[pn - 1] == 'v' && i < n && s[i] >= '0' && s[i] <= '9')
			pn--;  /* "gplv3": the "v" of a version */
		if (num && i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
			k.prev_num = 0;  /* a ".0" inside a version stays: "2.0.1" is not "2.1" */
		key_piece(&k, piece, pn, num);
	}
	return k.len;
}

static size_t strip_suffix(char *o, size_t n, const char *suf)
{
	size_t sn = strlen(suf);
	if (n >= sn && memcmp(o + n - sn, suf, sn) == 0)
		return n - sn;
	return n;
}

size_t dp_lic_url_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0, prev;
	const char *p;

	if ((p = memchr(s, ':', n < 8 ? n : 8)) && p + 3 <= s + n && p[1] == '/' && p[2] == '/')
		i = (size_t)(p - s) + 3;
	if (n - i >= 4 && strncasecmp(s + i, "www.", 4) == 0)
		i += 4;
	for (; i < n && o + 1 < cap; i++) {
		char c = s[i];
		if (c == '?' || c == '#' || c == ' ' || c == '\t' || c == '"' || c == '>' ||
		    c == '<' || c == ')' || c == '\'')
			break;
		out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	do {
		prev = o;
		while (o > 0 && (out[o - 1] == '/' || out[o - 1] == '.'))
			o--;
		o = strip_suffix(out, o, "legalcode");
		o = strip_suffix(out, o, ".html");
		o = strip_suffix(out, o, ".htm");
		o = strip_suffix(out, o, ".txt");
		o = strip_suffix(out, o, ".php");
		if (o >= 8 && memcmp(out + o - 8, "/deed.", 6) == 0)
			o -= 8;
		else if (o >= 5 && memcmp(out + o - 5, "/deed", 5) == 0)
			o -= 5;
	} while (o != prev);
	if (cap)
		out[o] = '\0';
	return o;
}

/* license.c - one scan of a text: full texts, notices, SPDX tags and references. */
#include "license/license.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/match.h"
#include "license/normalize.h"
#include "license/spdx_expr.h"

#define MAX_HITS 128
#define MAX_MATCHES 64
#define SPDX_MAX 256
#define FIELD_CONF 0.95   /* confidence of a "License:" field */
#define PHRASE_WORDS 12
#define PHRASE_NAMES 3     /* names joined by and/or read after one phrase */
#define APPENDIX_LINES 8
#define MENTION_BEFORE 10  /* words before "license" tried as a license name */
#define MENTION_AFTER 3    /* version words after it */
#define MENTION_CONF 0.6   /* confidence of a license named in passing */
#define COMPARE_BEFORE 24  /* bytes before a name searched for "similar to" and the like */
#define TAG_WORD_CONF 0.9  /* an id in a tag that is no valid expression */
#define TAG_WORDS 3        /* words of one name there */
#define JOIN_WORDS 4       /* words of a name joined to another by "or", "and", "/" */
#define TITLE_BEFORE 200   /* bytes before a full text searched for its title */
#define TITLE_AFTER 300    /* bytes into a full text searched for its title */
#define TITLE_WORDS 4      /* words of a short title ("LPPL Version 1.3c") */
#define GNU_BEFORE 40     /* bytes before a GNU license name searched for "version N of" */
#define GNU_WINDOW 240   /* bytes after a GNU license name searched for its version */
#define GNU_LATER 160    /* bytes after a GNU version searched for "or later" */
#define GNU_SECOND 48    /* bytes after a GNU version searched for a second one offered */
#define OFFER_WINDOW 100  /* bytes after "Alternatively," searched for the grant phrase */
#define PAREN_MAX 16      /* bytes of an acronym in parentheses after a license name */
#define PAREN_SKIP 48     /* bytes of a parenthesis between two names joined ("(the GPL)") */
#define RELICENSE_WINDOW 300 /* bytes after a past-tense grant searched for a change */
#define PAST_GRANT_WORDS 24 /* words before a name searched for its grant's "was ... under" */
#define GNU_GRANT 100    /* bytes after a GNU name searched for "as published by" */
#define POM_WINDOW 400   /* bytes after a POM's <license> searched for its <name> */
#define PD_WINDOW 64     /* bytes before "public domain" searched for its statement */
#define PD_AFTER 2       /* lines after a public-domain statement searched for its deed */

struct hit {
	char spdx[SPDX_MAX];
	const char *kind;
	double conf;
	uint32_t a, b;
	uint32_t gaps[DP_LIC_GAPS][2];  /* texts, notices: lines inside a..b the license lacks */
	uint32_t n_gaps;
	int plain;      /* references: the name gave no version ("the GNU GPL") */
};

struct hits {
	struct hit v[MAX_HITS];
	size_t n;
};

/* Line number (1-based) of byte offset off. */
static uint32_t line_of(const char *text, size_t off, size_t *cache_off, uint32_t *cache_line)
{
	size_t i;

	if (off < *cache_off) {
		*cache_off = 0;
		*cache_line = 1;
	}
	for (i = *cache_off; i < off; i++)
		*cache_line += text[i] == '\n';
	*cache_off = off;
	return *cache_line;
}

static void add_hit(struct hits *h, const char *spdx, const char *kind, double conf,
		    uint32_t a, uint32_t b)
{
	size_t i;

	for (i = 0; i < h->n; i++) /* one hit per license and line */
		if (h->v[i].a <= b && a <= h->v[i].b && strcmp(h->v[i].spdx, spdx) == 0)
			return;
	if (h->n == MAX_HITS)
		return;
	memset(&h->v[h->n], 0, sizeof(h->v[0]));
	snprintf(h->v[h->n].spdx, SPDX_MAX, "%s", spdx);
	h->v[h->n].kind = kind;
	h->v[h->n].conf = (double)(int)(conf * 100.0 + 0.5) / 100.0;
	h->v[h->n].a = a;
	h->v[h->n].b = b;
	h->n++;
}

/* Is line `ln` within a full license text? A tag there is the document's own example or
 * metadata (SHL-2.1 shows "Apache-2.0 WITH SHL-2.1"), not a statement about the file. */
static int inside_text(const struct hits *h, uint32_t ln)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && ln >= h->v[i].a && ln <= h->v[i].b)
			return 1;
	return 0;
}

/* Is line ln in one of the stretches of hit x that its license does not explain? */
static int in_gap(const struct hit *x, uint32_t ln)
{
	uint32_t g;

	for (g = 0; g < x->n_gaps; g++)
		if (ln >= x->gaps[g][0] && ln <= x->gaps[g][1])
			return 1;
	return 0;
}

/* Is line `ln` inside a text, notice or tag already found (not in a stretch of it that
 * its license lacks), or, for a license of the same family as a full text (id; NULL:
 * any), in the lines just after it (its "how to apply" appendix, which quotes notices and
 * URLs)? */
static int covered_line(const struct hits *h, uint32_t ln, const char *id)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		int text = h->v[i].kind[0] == 't' && h->v[i].kind[1] == 'e';
		uint32_t tail = text && (!id || dp_lic_same_family(id, h->v[i].spdx)) ?
					APPENDIX_LINES : 0;
		if (strcmp(h->v[i].kind, "reference") != 0 && ln >= h->v[i].a &&
		    ln <= h->v[i].b + tail && !in_gap(&h->v[i], ln))
			return 1;
	}
	return 0;
}

/* Does a full text of id's family lie in the file (the document naming itself)? */
static int text_of_family(const struct hits *h, const char *id)
{
	size_t i, n = dp_lic_family_len(id);

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && dp_lic_family_len(h->v[i].spdx) == n &&
		    !strncmp(h->v[i].spdx, id, n))
			return 1;
	return 0;
}

/* A name without a version ("the Eclipse Public License is available at ...") when a
 * license of that family was already found: the same license named again. */
static int unversioned_dup(const struct hits *h, const char *id, const char *name, size_t n)
{
	size_t i, fl = dp_lic_family_len(id);

	for (i = 0; i < n; i++)
		if (name[i] >= '0' && name[i] <= '9')
			return 0;
	for (i = 0; i < h->n; i++)
		if (dp_lic_family_len(h->v[i].spdx) == fl && !strncmp(h->v[i].spdx, id, fl))
			return 1;
	return 0;
}

/* Lines where a text inserted into a license (its unexplained stretches) may be read. */
static int in_text_gap(const struct hits *h, uint32_t ln)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && in_gap(&h->v[i], ln))
			return 1;
	return 0;
}

/* A notice is dropped when a text of the same wording was found (the GPL's own "how to
 * apply" appendix shows the or-later notice as an example). */
static int notice_shadowed(const struct dp_license_corpus *c, const struct dp_lic_match *m,
			   size_t n, const struct dp_lic_match *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].kind == DP_LIC_TPL_TEXT && dp_lic_same_text(c, m[i].lic, x->lic))
			return 1;
	return 0;
}


/* An id of a tag in its SPDX spelling; a word that is no SPDX id but a known name of one
 * ("BSD" in "GPL-2.0+ OR BSD", "Apache-2", "BSD-2") reads as that id. A user-defined
 * LicenseRef- or DocumentRef- id is kept as it is. */
static const char *tag_id(void *ctx, const char *id, int is_exception)
{
	const char *c = dp_lic_canon_id(ctx, id);

	if (!c && !is_exception && strncasecmp(id, "LicenseRef-", 11) &&
	    strncasecmp(id, "DocumentRef-", 12))
		c = dp_lic_map_name(ctx, id, strlen(id));
	return c;
}

/* A tag that is not a valid expression ("GPL-2.0+ BSD-2-Clause", "GPL 2.0+ BSD-3-Clause":
 * operators left out): from each word, the longest run of up to TAG_WORDS words that is
 * an SPDX id or a known name, at a lower confidence. */
static void tag_words(const struct dp_license_corpus *c, const char *text, size_t s,
		      size_t e, uint32_t line, struct hits *h)
{
	while (s < e) {
		size_t ends[TAG_WORDS], n = 0, w = s;
		const char *id = NULL;
		while (n < TAG_WORDS && w < e) {
			while (w < e && text[w] != ' ' && text[w] != '\t' && text[w] != '(' &&
			       text[w] != ')')
				w++;
			ends[n++] = w;
			while (w < e && (text[w] == ' ' || text[w] == '\t'))
				w++;
		}
		while (n > 0 && !(id = dp_lic_map_name(c, text + s, ends[n - 1] - s)))
			n--;
		if (id)
			add_hit(h, id, "tag", TAG_WORD_CONF, line, line);
		s = (n ? ends[n - 1] : ends[0]) + 1;
		while (s < e && (text[s] == ' ' || text[s] == '\t'))
			s++;
	}
}

/* SPDX-License-Identifier: <expression> up to the end of the line or a comment closer. */
static void scan_tag(const struct dp_license_corpus *c, const char *text, size_t len,
		     size_t at, uint32_t line, struct hits *h)
{
	size_t s = at + 24, e = s;
	char expr[SPDX_MAX];
	struct dp_error err;

	while (s < len && (text[s] == ' ' || text[s] == '\t'))
		s++;
	e = s;
	while (e < len && text[e] != '\n' && text[e] != '\r' &&
	       !(text[e] == '*' && e + 1 < len && text[e + 1] == '/') &&
	       !(text[e] == '-' && e + 2 < len && text[e + 1] == '-' && text[e + 2] == '>') &&
	       text[e] != '"' && text[e] != '\'' && text[e] != ',' && text[e] != ';')
		e++;
	if (dp_spdx_expr_parse(text + s, e - s, expr, sizeof(expr), tag_id, (void *)c, &err) ==
	    DP_OK)
		add_hit(h, expr, "tag", 1.0, line, line);
	else
		tag_words(c, text, s, e, line, h);
}

/* Did the name text[s..e) give no version (`kept`: the id is the one the name maps to, no
 * version read around it), as "the GNU GPL" does? */
static int name_plain(const char *text, size_t s, size_t e, int kept)
{
	size_t k;

	for (k = s; k < e && kept; k++)
		kept = !(text[k] >= '0' && text[k] <= '9');
	return kept;
}

/* Mark the hit just added (when h grew from n0) as plain (see name_plain). */
static void mark_plain(struct hits *h, size_t n0, const char *text, size_t s, size_t e,
		       int kept)
{
	if (h->n > n0)
		h->v[h->n - 1].plain = name_plain(text, s, e, kept);
}

static int url_char(char c)
{
	return c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != ')' && c != ']' &&
	       c != '(' && c != '[' && c != '`' && c != '|';
}

static void scan_url(const struct dp_license_corpus *c, const char *text, size_t len,
		     size_t at, uint32_t line, struct hits *h)
{
	size_t e = at, n0;
	char buf[SPDX_MAX];
	const char *id;

	while (e < len && url_char(text[e]))
		e++;
	id = dp_lic_map_url(c, text + at, e - at, buf, sizeof(buf));
	n0 = h->n;
	if (id && !covered_line(h, line, id) && !text_of_family(h, id))
		add_hit(h, id, "reference", 0.9, line, line);
	mark_plain(h, n0, text, at, e, 1);
}

/* Next case-insensitive occurrence of needle (lowercase) at or after from, or len. The
 * next lower- and upper-case first bytes are tracked apart, so each is searched once. */
static size_t find_ci(const char *text, size_t len, size_t from, const char *needle)
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

/* 1 when [text+pos, text+len) starts with `lit`, ignoring case; never reads past len. */
static int starts_ci(const char *text, size_t len, size_t pos, const char *lit)
{
	size_t n = strlen(lit);

	return pos <= len && len - pos >= n && !strncasecmp(text + pos, lit, n);
}

/* Does id end with suffix sfx before position n? */
static int ends_with(const char *id, size_t n, const char *sfx)
{
	size_t k = strlen(sfx);

	return n > k && !strncmp(id + n - k, sfx, k);
}

/* Does text[from..to) hold needle (lowercase), case-insensitively? */
static int has_ci(const char *text, size_t from, size_t to, const char *needle)
{
	return find_ci(text, to, from, needle) < to;
}

/* White space, quotes and comment markers (C, shell, Erlang/TeX '%') between words. */
static int gnu_gap(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '*' || ch == '#' ||
	       ch == '/' || ch == '"' || ch == '%';
}

/* Where a version number starts after "version", "v." or "v" at p (a word start), or 0.
 * The number may be on the next line, after a comment marker ("either version\n * 2 of"). */
static size_t version_digits(const char *text, size_t p, size_t to)
{
	if (p > 0 && ((text[p - 1] | 32) >= 'a' && (text[p - 1] | 32) <= 'z'))
		return 0;
	if (p + 7 <= to && !strncasecmp(text + p, "version", 7))
		p += 7;
	else if ((text[p] | 32) == 'v')
		p += 1;
	else
		return 0;
	if (p < to && text[p] == '.')
		p++;
	while (p < to && gnu_gap(text[p]))
		p++;
	return p < to && text[p] >= '1' && text[p] <= '9' ? p : 0;
}

/* After a GNU version number at d: "or (at your option) any later version", "or later",
 * "+", but not "and not any later version". */
static int gnu_later(const char *text, size_t d, size_t e, size_t to)
{
	size_t end = d + GNU_LATER < to ? d + GNU_LATER : to;

	if (has_ci(text, d, end, "not any later") || has_ci(text, d, end, "not a later") ||
	    has_ci(text, d, end, "no later"))
		return 0;
	return has_ci(text, d, end, "later version") || has_ci(text, d, end, "or later") ||
	       has_ci(text, d, end, "any later") || (e < to && text[e] == '+');
}

static const char *const gnu_vers[] = { "2.1", "1", "2", "3", NULL };

/* The GNU version whose number starts at d (an index into gnu_vers, its end in *e), or -1.
 * "2.1" is not "2" (but "2.0" is); "1.33" is no version. */
static int gnu_version_at(const char *text, size_t d, size_t to, size_t *e)
{
	int i;

	for (i = 0; gnu_vers[i]; i++) {
		size_t n = strlen(gnu_vers[i]);
		*e = d + n;
		if (*e > to || strncmp(text + d, gnu_vers[i], n) != 0 ||
		    (*e < to && text[*e] >= '0' && text[*e] <= '9') ||
		    (*e + 1 < to && text[*e] == '.' && text[*e + 1] >= '0' && text[*e + 1] <= '9' &&
		     !(text[*e + 1] == '0' && !(*e + 2 < to && text[*e + 2] >= '0' &&
					       text[*e + 2] <= '9'))))
			continue;
		return i;
	}
	return -1;
}

/* The id of version gnu_vers[v] of family fam ("GPL-2.0-or-later"), written into buf. */
static void gnu_id(char *buf, size_t cap, const char *fam, int v, int later)
{
	snprintf(buf, cap, "%s-%s%s%s", fam, gnu_vers[v], strchr(gnu_vers[v], '.') ? "" : ".0",
		 later ? "-or-later" : "-only");
}

/* "version 2 or 3 of the License": a second number just after the first (ending at e),
 * with no word "version" of its own; its offset, or 0. */
static size_t gnu_bare_second(const char *text, size_t e, size_t to)
{
	while (e < to && (text[e] == ' ' || text[e] == ','))
		e++;
	if (!starts_ci(text, to, e, "or "))
		return 0;
	for (e += 3; e < to && gnu_gap(text[e]); e++)
		;
	return e < to && text[e] >= '1' && text[e] <= '9' ? e : 0;
}

/* "version 2.1 of the License, or (at your option) version 3": a second version offered
 * just after the first (ending at e), whose number starts at the returned offset, or 0. */
static size_t gnu_second(const char *text, size_t e, size_t to)
{
	size_t end = e + GNU_SECOND < to ? e + GNU_SECOND : to;
	size_t v = find_ci(text, end, e, "version"), d = v < end ? version_digits(text, v, end) : 0;

	size_t o, last = v, bare = gnu_bare_second(text, e, end);

	if (bare)
		return bare;
	if (!d || memchr(text + e, '.', v - e) || memchr(text + e, ';', v - e))
		return 0;
	for (o = e; o < v && (o = find_ci(text, v, o, "or ")) < v; o++)
		if (o > e && (text[o - 1] == ' ' || text[o - 1] == '\n'))
			last = o;
	/* "or the Apache License Version 2.0" offers another license, not a GNU version */
	return last < v && !has_ci(text, last, v, "licen") ? d : 0;
}

/* "any later version accepted by the membership of KDE e.V.": later versions that someone
 * must first accept are no "or later" grant. */
static int later_vetted(const char *text, size_t d, size_t to)
{
	size_t end = d + GNU_LATER < to ? d + GNU_LATER : to;
	size_t p = find_ci(text, end, d, "later version");

	if (p >= end)
		return 0;
	for (p += 13; p < end && gnu_gap(text[p]); p++)
		;
	return starts_ci(text, end, p, "accepted by") || starts_ci(text, end, p, "approved by");
}

/* Two versions offered ("either version 2.1 ..., or (at your option) version 3"): the
 * first alone, or the second, with "or later" when unqualified, as an expression in buf. */
static const char *gnu_two(const struct dp_license_corpus *c, const char *fam, int v1,
			   const char *text, size_t d2, size_t to, char *buf, size_t cap)
{
	size_t e2;
	int v2 = gnu_version_at(text, d2, to, &e2);
	char a[SPDX_MAX], b[SPDX_MAX];

	if (v2 < 0 || v2 == v1)
		return NULL;
	gnu_id(a, sizeof(a), fam, v1, 0);
	gnu_id(b, sizeof(b), fam, v2, gnu_later(text, d2, e2, to) && !later_vetted(text, d2, to));
	if (!dp_lic_canon_id(c, a) || !dp_lic_canon_id(c, b))
		return NULL;
	snprintf(buf, cap, "%s OR %s", a, b);
	return buf;
}

/* The first GNU version statement in text[from..to) for family fam ("GPL", "LGPL",
 * "AGPL"), as an id in buf, or NULL; two versions offered give an expression (gnu_two).
 * There is no GPL 2.1: "GPL version 2.1" is the LGPL. */
static const char *gnu_read(const struct dp_license_corpus *c, const char *fam,
			    const char *text, size_t from, size_t to, char *buf, size_t cap)
{
	size_t at, d, e, d2;
	int i;

	for (at = find_ci(text, to, from, "v"); at < to; at = find_ci(text, to, at + 1, "v")) {
		if (!(d = version_digits(text, at, to)) || (i = gnu_version_at(text, d, to, &e)) < 0)
			continue;
		if (i == 0 && !strcmp(fam, "GPL"))
			fam = "LGPL";
		if ((d2 = gnu_second(text, e, to)) != 0 &&
		    gnu_two(c, fam, i, text, d2, to, buf, cap) != NULL)
			return buf;
		gnu_id(buf, cap, fam, i, gnu_later(text, d, e, to));
		return dp_lic_canon_id(c, buf) ? buf : NULL;
	}
	return NULL;
}

/* The word that ends before offset e (gaps and comment markers skipped): its start in *ws
 * (0 words: *ws == e). */
static size_t word_before(const char *text, size_t e, size_t *ws)
{
	while (e > 0 && gnu_gap(text[e - 1]))
		e--;
	*ws = e;
	while (*ws > 0 && (((text[*ws - 1] | 32) >= 'a' && (text[*ws - 1] | 32) <= 'z')))
		(*ws)--;
	return e - *ws;
}

/* "version 2 of the GNU General Public License": a version just before the name at `at`,
 * joined to it by "of" ("of the"); not one that ends another statement ("GPL version 2 or
 * the GNU Lesser General Public License"). */
static const char *gnu_read_before(const struct dp_license_corpus *c, const char *fam,
				   const char *text, size_t at, char *buf, size_t cap)
{
	size_t ws, n = word_before(text, at, &ws);

	if (n == 3 && !strncasecmp(text + ws, "gnu", 3))
		n = word_before(text, ws, &ws);
	if (n == 3 && !strncasecmp(text + ws, "the", 3))
		n = word_before(text, ws, &ws);
	if (n != 2 || strncasecmp(text + ws, "of", 2) != 0)
		return NULL;
	return gnu_read(c, fam, text, ws > GNU_BEFORE ? ws - GNU_BEFORE : 0, ws, buf, cap);
}

static const char *gnu_version(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t name, size_t from, char *buf,
			       size_t cap)
{
	const char *fam = !strcmp(id, "GPL-1.0-or-later") ? "GPL" :
			  !strcmp(id, "LGPL-2.0-or-later") || !strcmp(id, "LGPL-2.1-or-later") ? "LGPL" :
			  !strcmp(id, "AGPL-3.0-only") ? "AGPL" : NULL;
	size_t to = from + GNU_WINDOW < len ? from + GNU_WINDOW : len, i;
	const char *v;

	if (!fam)
		return id;
	for (i = from; i + 1 < to; i++) /* the version is stated in the same sentence */
		if (text[i] == '.' && gnu_gap(text[i + 1]) && !(i > 0 && text[i - 1] >= '0' &&
								  text[i - 1] <= '9')) {
			to = i;
			break;
		}
	/* "under version 2 of the GNU General Public License": the version comes first */
	v = gnu_read_before(c, fam, text, name, buf, cap);
	if (!v)
		v = gnu_read(c, fam, text, from, to, buf, cap);
	return v ? v : id;
}


/* What the words before "Public License" at g make of it: "GNU General", "Lesser
 * General", "Library General", "Affero General", "GNU Library", "Lesser GNU" (its id
 * without a version), or NULL (another license: "Mozilla Public License"). */
static const char *gnu_qualified(const char *text, size_t g, size_t *start)
{
	size_t w1, w2, n1 = word_before(text, g, &w1), n2 = word_before(text, w1, &w2);
	const char *q = text + w2;

	*start = n2 ? w2 : w1;
	if (n1 == 7 && !strncasecmp(text + w1, "general", 7)) {
		if (n2 == 3 && !strncasecmp(q, "gnu", 3)) { /* "Lesser GNU General Public" */
			size_t w3, n3 = word_before(text, w2, &w3);
			if ((n3 == 6 && !strncasecmp(text + w3, "lesser", 6)) ||
			    (n3 == 7 && !strncasecmp(text + w3, "library", 7)))
				return n3 == 6 ? "LGPL-2.1-or-later" : "LGPL-2.0-or-later";
		}
		if (n2 == 6 && !strncasecmp(q, "lesser", 6))
			return "LGPL-2.1-or-later";
		if (n2 == 7 && !strncasecmp(q, "library", 7))
			return "LGPL-2.0-or-later";
		if (n2 == 6 && !strncasecmp(q, "affero", 6))
			return "AGPL-3.0-or-later";
		return "GPL-1.0-or-later";
	}
	if (n1 == 7 && !strncasecmp(text + w1, "library", 7))
		return "LGPL-2.0-or-later";
	if (n1 == 6 && !strncasecmp(text + w1, "lesser", 6))
		return "LGPL-2.1-or-later";
	if (n1 == 3 && !strncasecmp(text + w1, "gnu", 3))
		return n2 == 6 && !strncasecmp(q, "lesser", 6) ? "LGPL-2.1-or-later" :
		       n2 == 7 && !strncasecmp(q, "library", 7) ? "LGPL-2.0-or-later" :
							     "GPL-1.0-or-later";
	return NULL;
}

/* The next GNU license name in text[from..to) ("GNU General Public License", "Lesser
 * General\n * Public Licence", "GNU Library Public License"): its offset in *at and what
 * it means without a version, or NULL; *next: where to look for the next one. */
static const char *gnu_name(const char *text, size_t from, size_t to, size_t *at,
			    size_t *next)
{
	size_t g;

	for (g = find_ci(text, to, from, "public"); g < to; g = find_ci(text, to, g + 6, "public")) {
		size_t e = g + 6;
		const char *id;
		while (e < to && gnu_gap(text[e]))
			e++;
		if (!has_ci(text, e, e + 5 < to ? e + 5 : to, "licen"))
			continue;
		*next = g + 6;
		if ((id = gnu_qualified(text, g, at)) != NULL)
			return id;
	}
	return NULL;
}

/* The id of the GNU license named at `at` (unversioned: `plain`): its version is read
 * just before the name ("version 2 of the GNU ...") or after it. */
static const char *gnu_named(const struct dp_license_corpus *c, const char *plain,
			     const char *text, size_t len, size_t at, char *buf, size_t cap)
{
	char fam[8];
	const char *v;
	size_t to = at + GNU_WINDOW < len ? at + GNU_WINDOW : len;

	snprintf(fam, sizeof(fam), "%.*s", (int)strcspn(plain, "-"), plain);
	v = gnu_read_before(c, fam, text, at, buf, cap);
	if (!v)
		v = gnu_read(c, fam, text, at, to, buf, cap);
	return v ? v : plain;
}

/* A GNU notice names its family, version and "or later" in words; the headers of GPL-1.0,
 * -2.0 and -3.0 (and the LGPL's) differ in little else, so the notice's own words decide.
 * Without a version the notice grants any version (GPL section 9 / 14). A second grant of
 * another GNU family in the same notice ("Additionally ... under the terms of the GNU
 * Lesser General Public License as published by ...") goes to `extra` (else ""). Returns
 * the id to report (buf, a constant or id). */
static const char *gnu_notice(const struct dp_license_corpus *c, const char *id,
			      const char *text, size_t len, size_t from, size_t to, char *buf,
			      char *extra, size_t cap)
{
	const char *plain, *v, *p2;
	size_t at, at2, next;

	extra[0] = '\0';
	if (!(plain = gnu_name(text, from, to, &at, &next)))
		return id;
	v = gnu_named(c, plain, text, len, at, buf, cap);
	for (p2 = gnu_name(text, next, to, &at2, &next); p2;
	     p2 = gnu_name(text, next, to, &at2, &next)) {
		char b2[SPDX_MAX];
		const char *v2;
		if (p2[0] == plain[0] || !has_ci(text, at2, at2 + GNU_GRANT < len ? at2 + GNU_GRANT : len,
						 "as published by"))
			continue;
		v2 = gnu_named(c, p2, text, len, at2, b2, sizeof(b2));
		snprintf(extra, cap, "%s", v2);
		break;
	}
	return v;
}

/* An unversioned GNU name ("the GNU General Public License") when the file already has a
 * license of that family: the same license named again, not another one. */
/* Is id what an unversioned GNU name maps to? */
static int unversioned_gnu(const char *id)
{
	static const char *const unversioned[] = { "GPL-1.0-or-later", "LGPL-2.0-or-later",
		"LGPL-2.1-or-later", "AGPL-3.0-only", NULL };
	int k;

	for (k = 0; unversioned[k]; k++)
		if (!strcmp(unversioned[k], id))
			return 1;
	return 0;
}

static int same_family(const struct hits *h, const char *id)
{
	size_t i, fl;

	if (!unversioned_gnu(id))
		return 0;
	fl = (size_t)(strchr(id, '-') - id) + 1; /* "GPL-" */
	for (i = 0; i < h->n; i++)
		if (!strncmp(h->v[i].spdx, id, fl))
			return 1;
	return 0;
}

/* Skip leading words that never start a license name: "the", "a", "an", "terms of",
 * "dual" ("under a dual BSD/GPLv2 license"). */
static size_t skip_articles(const char *text, size_t len, size_t s)
{
	static const char *const w[] = { "the ", "a ", "an ", "terms of ", "terms and conditions of ",
		"either ", "this ", "dual ", "tri ", "triple ", NULL };
	int k, again = 1;

	while (again) {
		again = 0;
		while (s < len && (text[s] == ' ' || text[s] == '\t' || text[s] == '\n' ||
				   text[s] == '\r' || text[s] == '*' || text[s] == '#' || text[s] == '/'))
			s++;
		for (k = 0; w[k]; k++) {
			size_t n = strlen(w[k]);
			if (s + n <= len && strncasecmp(text + s, w[k], n) == 0) {
				s += n;
				again = 1;
			}
		}
	}
	return s;
}

/* After a phrase like "licensed under": the longest run of up to PHRASE_WORDS words that
 * names a license ("the Apache License, Version 2.0", "a Creative Commons Attribution 4.0
 * International License"). */
/* Was a "License:" field read on this line? */
static int field_on_line(const struct hits *h, uint32_t line)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].a == line && h->v[i].conf > FIELD_CONF - 0.001 &&
		    h->v[i].conf < FIELD_CONF + 0.001 && !strcmp(h->v[i].kind, "reference"))
			return 1;
	return 0;
}

/* Words of a license name from s: offsets of their ends in ends[] (at most PHRASE_WORDS),
 * stopping at a clause break ("(", ";", a sentence end, a comma not before "Version"). */
static size_t phrase_words(const char *text, size_t len, size_t s, size_t *ends)
{
	size_t nw = 0, e = s;

	while (e < len && nw < PHRASE_WORDS) {
		while (e < len && (text[e] == ' ' || text[e] == '\t' || text[e] == '\n' ||
				   text[e] == '\r' || text[e] == '*' || text[e] == '#' ||
				   (text[e] == ',' && nw)))  /* the comma of ", Version 1.1" */
			e++;
		if (e >= len || text[e] == '(' || text[e] == ';' || text[e] == '[' || text[e] == '/')
			break;
		while (e < len && text[e] != ' ' && text[e] != '\n' && text[e] != '\t' &&
		       text[e] != '(' && text[e] != ';' && text[e] != ',' && text[e] != '/')
			e++;
		ends[nw++] = e;
		if (e < len && text[e] == ',' && !(e + 2 < len && text[e + 2] == 'V'))
			break;
		if (e > s && text[e - 1] == '.' && !(e >= 2 && text[e - 2] >= '0' &&
						       text[e - 2] <= '9'))
			break;
	}
	return nw;
}

/* After a name ending at e: the start of the next one when "and", "or", "&", "/" or a
 * comma joins them ("the MIT and GPL licenses", "MPL 1.1/GPL 2.0"), else 0. */
static size_t words_end(const char *text, size_t len, size_t pos, const char *lit);

/* After a name ending at e: past its "or later" and a short parenthesis ("Version 2 or
 * later (the "GPL"), or the ..."), where a join to the next name would start. */
static size_t name_tail(const char *text, size_t len, size_t e, int *comma)
{
	static const char *const later[] = { "or later", "or any later version",
		"or (at your option) any later version", NULL };
	size_t p;
	int k, again = 1;

	while (again) {
		again = 0;
		while (e < len && (text[e] == ' ' || text[e] == '\t' || text[e] == ',' ||
				   text[e] == '\n' || text[e] == '\r')) {
			*comma |= text[e] == ',';
			e++;
		}
		for (k = 0; later[k] && !again; k++)
			if ((p = words_end(text, len, e, later[k])) != 0) {
				e = p;
				again = 1;
			}
		if (!again && e < len && text[e] == '(') {
			const char *rp = memchr(text + e, ')', len - e < PAREN_SKIP ? len - e : PAREN_SKIP);
			if (rp) {
				e = (size_t)(rp - text) + 1;
				again = 1;
			}
		}
	}
	return e;
}

static size_t next_name(const char *text, size_t len, size_t e)
{
	static const char *const joins[] = { "and ", "or ", "& ", NULL };
	size_t p;
	int k, comma = 0;

	if (e < len && text[e] == '/')
		return e + 1;  /* "MPL 1.1/GPL 2.0" */
	e = name_tail(text, len, e, &comma);
	for (k = 0; joins[k]; k++)
		if ((p = words_end(text, len, e, joins[k])) != 0)
			return p;
	return comma ? e : 0;  /* "the MIT, BSD, and GPL licenses" */
}

/* 1 when a hit has this id and this kind (NULL: any). */
static int has_hit(const struct hits *h, const char *spdx, const char *kind)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if ((!spdx || !strcmp(h->v[i].spdx, spdx)) && (!kind || !strcmp(h->v[i].kind, kind)))
			return 1;
	return 0;
}

static int has_spdx(const struct hits *h, const char *spdx)
{
	return has_hit(h, spdx, NULL);
}

/* A license named in passing on `line`, unless the file already says more of it: the
 * same id, a hit covering the line, or the full text of its family. */
static void add_mention(struct hits *h, const char *id, uint32_t line)
{
	if (!has_spdx(h, id) && !covered_line(h, line, id) && !text_of_family(h, id))
		add_hit(h, id, "reference", MENTION_CONF, line, line);
}

/* After a license name that maps to nothing (its words may end at any of ends[0..nw)):
 * where the next name starts, when "or" or "and" joins one to it, else 0. */
static size_t or_after_unknown(const char *text, size_t len, const size_t *ends, size_t nw)
{
	size_t k;

	for (k = 0; k < nw; k++) {
		size_t e = ends[k];
		while (e < len && (text[e] == ' ' || text[e] == ',' || text[e] == '\t'))
			e++;
		if (starts_ci(text, len, e, "or ") || starts_ci(text, len, e, "and "))
			return next_name(text, len, ends[k]);
	}
	return 0;
}

static int name_char(char ch);
static const char *later_after(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t e, char *buf, size_t cap);

/* A name whose words a slash joins ("the zlib/libpng license"), when the two together
 * map to one license: its id, with *e moved past the second word; else id. */
static const char *slash_name(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t s, size_t *e, const char *id)
{
	size_t w = *e + 1;
	const char *both;

	if (*e >= len || text[*e] != '/')
		return id;
	while (w < len && name_char(text[w]))
		w++;
	if (w == *e + 1 || !(both = dp_lic_map_name(c, text + s, w - s)))
		return id;
	*e = w;
	return both;
}

/* Does the run of words text[s..e) end with a word that joins names ("MIT &" of "MIT &
 * GPL": the key of a name ignores the "&", but the name ends before it)? */
static int join_last(const char *text, size_t s, size_t e)
{
	size_t w = e;

	while (w > s && text[w - 1] != ' ' && text[w - 1] != '\t' && text[w - 1] != '\n')
		w--;
	return w > s && ((e - w == 1 && text[w] == '&') ||
			 (e - w == 3 && !strncasecmp(text + w, "and", 3)) ||
			 (e - w == 2 && !strncasecmp(text + w, "or", 2)));
}

/* The names after a grant phrase ending at s. `offered`: the phrase offers licenses
 * inside a standard header, in its variable part ("Alternatively, the contents of this
 * file may be used under the terms of either the GNU General Public License Version 2 or
 * later (the "GPL"), or ..."), where the header's lines do not hide them. */
static void scan_phrase(const struct dp_license_corpus *c, const char *text, size_t len,
			size_t s, uint32_t line, int offered, struct hits *h)
{
	size_t ends[PHRASE_WORDS], nw, k, n0;
	int names;

	if (field_on_line(h, line))
		return;  /* "License: X" was read whole */
	for (names = 0; names < PHRASE_NAMES && s; names++) {
		const char *id = NULL, *vid;
		char buf[SPDX_MAX], later[SPDX_MAX];
		s = skip_articles(text, len, s);
		nw = phrase_words(text, len, s, ends);
		for (k = nw; k > 0 && !id; k--)
			id = join_last(text, s, ends[k - 1]) ? NULL
				: dp_lic_map_name(c, text + s, ends[k - 1] - s);
		if (!id) {  /* a name not known: "the Eiffel Forum Licence, or the LGPL" */
			s = or_after_unknown(text, len, ends, nw);
			continue;
		}
		id = slash_name(c, text, len, s, &ends[k], id);
		/* the name is words [s, ends[k]); its version may follow or precede it */
		vid = gnu_version(c, id, text, len, s, s, buf, sizeof(buf));
		vid = later_after(c, vid, text, len, ends[k], later, sizeof(later));
		n0 = h->n;
		if (!(offered ? has_spdx(h, vid) : covered_line(h, line, vid)) &&
		    !(name_plain(text, s, ends[k], vid == id) && same_family(h, vid)) &&
		    !text_of_family(h, vid) &&
		    !(vid == id && unversioned_dup(h, id, text + s, ends[k] - s)))
			add_hit(h, vid, "reference", 0.8, line, line);
		mark_plain(h, n0, text, s, ends[k], vid == id);
		s = next_name(text, len, ends[k]);
	}
}

static int name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '+' || ch == '_';
}

static int gap_char(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '*' || ch == '#' ||
	       ch == '/' || ch == '\'' || ch == '"';
}

/* A '!' that ends a name's word ("the Yahoo! Public License"), not a sentence. */
static int trademark_bang(const char *text, size_t p)
{
	return text[p] == '!' && p > 0 && name_char(text[p - 1]) &&
	       (text[p + 1] == ' ' || text[p + 1] == '\t');
}

/* Start offsets of up to MENTION_BEFORE words before `at`, nearest first. */
static size_t words_before(const char *text, size_t at, size_t *st)
{
	size_t n = 0, p = at;

	while (n < MENTION_BEFORE && p > 0) {
		size_t e = p;
		while (e > 0 && (gap_char(text[e - 1]) || trademark_bang(text, e - 1)))
			e--;
		p = e;
		while (p > 0 && name_char(text[p - 1]))
			p--;
		if (p == e || (e < at && text[e - 1] == '.' && gap_char(text[e])))
			break; /* punctuation, or a sentence end */
		st[n++] = p;
	}
	return n;
}

/* ">=" before a version ("Academic Free License >= 2.1"): that version or a later one. */
static int at_least(const char *text, size_t len, size_t p)
{
	return p + 1 < len && text[p] == '>' && text[p + 1] == '=';
}

/* End offsets of the license word and of up to MENTION_AFTER version-like words after it
 * (a ">=" before a version is passed over). */
static size_t words_after(const char *text, size_t len, size_t e, size_t *en)
{
	size_t n = 0;

	en[n++] = e;
	while (n <= MENTION_AFTER) {
		size_t p = e;
		int nl = 0, comma = 0;
		while (p < len && (text[p] == ',' || gnu_gap(text[p]) || at_least(text, len, p))) {
			nl |= text[p] == '\n';
			comma |= text[p] == ',';
			p += at_least(text, len, p) ? 2 : 1;
		}
		if (comma && n > 1)
			break;  /* "Version 2.0, 7 June 1999": the date is no part of the name */
		e = p;
		while (e < len && name_char(text[e]))
			e++;
		if (e == p || !(text[p] == 'v' || text[p] == 'V' || (text[p] >= '0' && text[p] <= '9') ||
				 starts_ci(text, len, p, "version") || text[p] == '+'))
			break;
		if (nl && (n > 1 || !starts_ci(text, len, p, "version")) &&
		    !(n > 1 && !strncasecmp(text + en[n - 1] - 7, "version", 7) &&
		      text[p] >= '0' && text[p] <= '9'))
			break;  /* a next line goes on with "Version 1.1" or, after "Version", "1.1" */
		while (e > p && text[e - 1] == '.')
			e--;
		en[n++] = e;
	}
	return n;
}

/* Offsets of the starts of up to JOIN_WORDS words before `e` on one line, nearest first
 * (a word: name characters; words separated by spaces only). */
static size_t join_words_before(const char *text, size_t e, size_t *st)
{
	size_t n = 0, p = e;

	while (n < JOIN_WORDS && p > 0) {
		size_t q = p;
		while (q > 0 && text[q - 1] == ' ')
			q--;
		if (n && q == p)
			break;
		p = q;
		while (p > 0 && name_char(text[p - 1]))
			p--;
		if (p == q)
			break;
		st[n++] = p;
	}
	return n;
}

/* The join word ("or", "and", "&", "/", ",") that ends just before s, its start in *js,
 * or 0. */
static int join_before(const char *text, size_t s, size_t *js)
{
	static const char *const joins[] = { " or", " and", "&", "/", ",", NULL };
	size_t p = s;
	int k;

	while (p > 0 && text[p - 1] == ' ')
		p--;
	for (k = 0; joins[k]; k++) {
		size_t n = strlen(joins[k]);
		if (p >= n && !strncasecmp(text + p - n, joins[k], n)) {
			*js = p - n;
			return 1;
		}
	}
	return 0;
}

static void add_joined(const struct dp_license_corpus *c, const char *text, size_t a,
		       size_t b, uint32_t line, struct hits *h)
{
	const char *id = dp_lic_map_name(c, text + a, b - a);
	size_t n0 = h->n;

	if (!id || has_spdx(h, id) || covered_line(h, line, id) || text_of_family(h, id))
		return;
	add_hit(h, id, "reference", MENTION_CONF, line, line);
	mark_plain(h, n0, text, a, b, 1);
}

/* A license name found at [s, e) with another joined to it: "GPLv2 or BSD at your
 * choice", "dual BSD / GNU General Public License version 2". The other is the longest
 * run of up to JOIN_WORDS words on the far side of the join word that names a license. */
static void scan_joined(const struct dp_license_corpus *c, const char *text, size_t len,
			size_t s, size_t e, uint32_t line, struct hits *h)
{
	size_t st[JOIN_WORDS], ends[PHRASE_WORDS], n, k, js, a;

	if (join_before(text, s, &js)) {
		n = join_words_before(text, js, st);
		for (k = n; k-- > 0;)
			if (dp_lic_map_name(c, text + st[k], js - st[k])) {
				add_joined(c, text, st[k], js, line, h);
				break;
			}
	}
	a = next_name(text, len, e);
	if (!a || a == e)
		return;
	a = skip_articles(text, len, a);
	n = phrase_words(text, len, a, ends);
	for (k = n < JOIN_WORDS ? n : JOIN_WORDS; k > 0; k--)
		if (dp_lic_map_name(c, text + a, ends[k - 1] - a)) {
			add_joined(c, text, a, ends[k - 1], line, h);
			break;
		}
}

/* Did the file hold the full text of a license? An exception's text does not count: it
 * is written to go with a license that the file then names ("insert GPL v2 text here"). */
static int has_license_text(const struct dp_license_corpus *c, const struct hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		uint32_t li;
		if (strcmp(h->v[i].kind, "text") != 0)
			continue;
		li = dp_lic_find(c, h->v[i].spdx);
		if (li == DP_LIC_NONE || !(c->lics[li].flags & DP_LIC_EXCEPTION))
			return 1;
	}
	return 0;
}


static int alnum_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* A license file named after its license ("the file named ISC-LICENSE", "LICENSE-MIT",
 * "LICENSE_APACHE", "LICENSE.BSD"): the license word at `at` (7 bytes) joined by '-',
 * '_' or '.' to a name that maps to one. Returns the id (borrowed) or NULL. */
static const char *file_named(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t at)
{
	size_t p = at, e = at + 7;

	if (p > 1 && (text[p - 1] == '-' || text[p - 1] == '_') && alnum_char(text[p - 2]) &&
	    !(e < len && alnum_char(text[e]))) {
		for (p = at - 1; p > 0 && alnum_char(text[p - 1]); p--)
			;
		if (p > 0 && (name_char(text[p - 1]) || text[p - 1] == '/'))
			return NULL;  /* part of a longer name or a path ("Apache-2.0-LICENSE") */
		return dp_lic_map_name(c, text + p, at - 1 - p);
	}
	if (e + 1 < len && (text[e] == '-' || text[e] == '_' || text[e] == '.') &&
	    alnum_char(text[e + 1]) && !(p > 0 && (name_char(text[p - 1]) || text[p - 1] == '/'))) {
		for (p = e + 1; p < len && alnum_char(text[p]); p++)
			;
		if (p < len && (text[p] == '-' || text[p] == '.') && p + 1 < len &&
		    alnum_char(text[p + 1]))
			return NULL;  /* "LICENSE-2.0.txt", "LICENSE.MIT.md": not a bare name */
		return dp_lic_map_name(c, text + e + 1, p - e - 1);
	}
	return NULL;
}

/* Is the name starting at s compared with, not granted ("close to the GNU LGPL",
 * "Contrary to the GNU Public License", "similar to the MIT license", "the library
 * exception to the GPL v3", "and not under the GNU General Public License", "the License
 * is based on the Mozilla Public License", "do not upgrade to LGPLv3"), or the title of a
 * section of a document ("with the Invariant Sections being 'GNU General Public License'")? */
static int compared(const char *text, size_t s)
{
	static const char *const w[] = { "close to", "similar to", "contrary to", "unlike",
		"compatible with", "like the", "as opposed to", "exception to", "not under",
		"not licensed under", "not distributed under", "based on", "sections being",
		"not upgrade to", NULL };
	size_t from = s > COMPARE_BEFORE ? s - COMPARE_BEFORE : 0;
	int k;

	for (k = 0; w[k]; k++)
		if (has_ci(text, from, s, w[k]))
			return 1;
	return 0;
}

/* Is a change of license said within RELICENSE_WINDOW bytes from `from` ("switched to",
 * "relicensed", ". Later, ...")? */
static int changed_after(const char *text, size_t len, size_t from)
{
	static const char *const changed[] = { "switched", "changed", "relicens", "re-licens",
		"republished", "re-published", "re-released", "no longer", "moved to",
		"now licensed", "now released", "now distributed", "now under the",
		"now available under", /* a later time that opens a sentence: */
		". since ", ".\nsince ", ". later", ".\nlater", ". now ", ".\nnow ", ". as of ",
		".\nas of ", ". from version", ".\nfrom version", NULL };
	size_t to = len - from > RELICENSE_WINDOW ? from + RELICENSE_WINDOW : len;
	int k;

	for (k = 0; changed[k]; k++)
		if (has_ci(text, from, to, changed[k]))
			return 1;
	return 0;
}

/* A grant in the past tense that the text then says was changed ("JZlib 0.0.* were
 * released under the GNU LGPL. Later, we switched to ...") names an earlier license of
 * the work, not its own. Past tense alone is no sign: "The dataset was released under
 * CC BY 4.0" states a dataset's license. Is the word before `at` "was" or "were", with a
 * change of license said within the next RELICENSE_WINDOW bytes? */
static int past_grant(const char *text, size_t len, size_t at)
{
	size_t ws, n = word_before(text, at, &ws);

	if (!(n == 3 && !strncasecmp(text + ws, "was", 3)) &&
	    !(n == 4 && !strncasecmp(text + ws, "were", 4)))
		return 0;
	return changed_after(text, len, at);
}

static int letter(char ch)
{
	return (ch | 32) >= 'a' && (ch | 32) <= 'z';
}

/* Is the name starting at s granted in the past tense, and changed since ("were released
 * under the MIT license; we switched to ...", "The fonts were first published on their
 * foundry's site under the terms of the GPL. ... they were republished under the OFL")?
 * Reads the sentence back from s, word by word: "under" (or `under` set: s starts a grant
 * phrase), then "was" or "were" before it; an "is", "are" or "be" on the way is a grant in
 * the present tense. */
static int past_grant_before(const char *text, size_t len, size_t s, int under)
{
	size_t p = s, ws, n;
	int k;

	for (k = 0; k < PAST_GRANT_WORDS; k++) {
		while (p > 0 && !letter(text[p - 1])) {
			if (text[p - 1] == '.' && p < len && gnu_gap(text[p]))
				return 0;  /* the sentence starts here */
			p--;
		}
		for (ws = p; ws > 0 && letter(text[ws - 1]); ws--)
			;
		n = p - ws;
		if (n == 0)
			return 0;
		if (n == 5 && !strncasecmp(text + ws, "under", 5))
			under = 1;
		else if ((n == 2 && (!strncasecmp(text + ws, "is", 2) ||
				     !strncasecmp(text + ws, "be", 2))) ||
			 (n == 3 && !strncasecmp(text + ws, "are", 3)))
			return 0;
		else if (under && ((n == 3 && !strncasecmp(text + ws, "was", 3)) ||
				   (n == 4 && !strncasecmp(text + ws, "were", 4))))
			return changed_after(text, len, s);
		p = ws;
	}
	return 0;
}

static int past_grant_of(const char *text, size_t len, size_t s)
{
	return past_grant_before(text, len, s, 0);
}

/* Does the text after a name ending at e say it does not apply ("BSD license may not
 * apply to the resulting binary")? */
static int denied_after(const char *text, size_t len, size_t e)
{
	static const char *const w[] = { "may not apply", "does not apply", "do not apply",
		"will not apply", "doesn't apply", "no longer applies", "is not applicable",
		"does not cover", NULL };
	int k;

	while (e < len && gnu_gap(text[e]))
		e++;
	for (k = 0; w[k]; k++)
		if (words_end(text, len, e, w[k]))
			return 1;
	return 0;
}

/* After a license name ending at e, an acronym in parentheses before its version ("GNU
 * Free Documentation License (GFDL), Version 1.1"): where the text after it starts, or 0. */
static size_t paren_after(const char *text, size_t len, size_t e)
{
	size_t p = e, q;

	while (p < len && (text[p] == ' ' || text[p] == '\t'))
		p++;
	if (p >= len || text[p] != '(')
		return 0;
	for (q = p + 1; q < len && q < p + PAREN_MAX && text[q] != ')'; q++)
		if (!(name_char(text[q]) || text[q] == '"' || text[q] == ' '))
			return 0;
	return q < len && text[q] == ')' && q > p + 1 ? q + 1 : 0;
}

/* The id of the name text[s..e) followed by text[pe..ve) (its version words), the
 * parenthesised acronym between e and pe left out, or NULL. */
static const char *map_around(const struct dp_license_corpus *c, const char *text, size_t s,
			      size_t e, size_t pe, size_t ve)
{
	char buf[SPDX_MAX];

	if (e - s + ve - pe + 1 > sizeof(buf) || ve < pe)
		return NULL;
	memcpy(buf, text + s, e - s);
	memcpy(buf + (e - s), text + pe, ve - pe);
	return dp_lic_map_name(c, buf, e - s + ve - pe);
}

/* The license a mention around the word "license" at `at` names: the longest run of words
 * around it that maps to one ("the GNU Public License, v.2", "Apache License version 2").
 * Returns the id (borrowed) and the name's byte range, or NULL. */
static const char *mention_id(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t at, size_t *ns_out, size_t *ne_out)
{
	size_t st[MENTION_BEFORE], en[MENTION_AFTER + 1], ns, ne, i, j, e = at + 7, pe;
	const char *id;

	if (e < len && (text[e] == 's' || text[e] == 'S' || text[e] == 'd' || text[e] == 'D'))
		e++;  /* "BSD licenses", "BSD 2-Clause licensed" */
	if ((at > 0 && name_char(text[at - 1])) || (e < len && name_char(text[e]) && text[e] != '.'))
		return NULL; /* part of a longer word ("licensed", "sublicense") */
	if (at > 0 && (text[at - 1] == '/' || text[at - 1] == '\\'))
		return NULL; /* a path ("doc/LICENSE") */
	ns = words_before(text, at, st);
	pe = paren_after(text, len, e);
	ne = words_after(text, len, pe ? pe : e, en);
	for (i = ns; i-- > 0;) {
		for (j = ne; j-- > 0;) {
			id = pe && j ? map_around(c, text, st[i], e, pe, en[j])
				     : dp_lic_map_name(c, text + st[i], (j ? en[j] : e) - st[i]);
			if (id) {
				*ns_out = st[i];
				*ne_out = en[j];
				return id;
			}
		}
	}
	return NULL;
}

/* Where the words of lit end if text at pos starts with them, case-insensitively, each
 * space of lit standing for any run of white space and comment marks (a phrase broken
 * over lines: "Version 1.3 or\n * any later version"); else 0. */
static size_t words_end(const char *text, size_t len, size_t pos, const char *lit)
{
	for (; *lit; lit++) {
		if (*lit == ' ') {
			if (pos >= len || !gnu_gap(text[pos]))
				return 0;
			while (pos < len && gnu_gap(text[pos]))
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

/* The next place at or after `from` where the words of lit (lowercase) occur, as
 * words_end reads them; len if none. *end: where they end. */
static size_t find_words_ci(const char *text, size_t len, size_t from, const char *lit,
			    size_t *end)
{
	char first[32];
	size_t k = strcspn(lit, " "), at;

	if (k >= sizeof(first))
		k = sizeof(first) - 1;
	memcpy(first, lit, k);
	first[k] = '\0';
	for (at = find_ci(text, len, from, first); at < len; at = find_ci(text, len, at + 1, first))
		if ((*end = words_end(text, len, at, lit)) != 0)
			return at;
	return len;
}

/* A versioned "-only" id whose name, ending at e, is followed by "or later" ("GNU Lesser
 * General Public License, version 3 or later", "... Version 2.1 or any later version",
 * "Version 1.3 or\nany later version"): the -or-later id (in buf), else id. */
static const char *later_after(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t e, char *buf, size_t cap)
{
	static const char *const later[] = { "or later", "or any later",
		"or (at your option) any later", NULL };
	size_t n = strlen(id), p = e;
	int k;

	while (p < len && (text[p] == ',' || gnu_gap(text[p])))
		p++;
	if (!ends_with(id, n, "-only"))
		return id;
	for (k = 0; later[k] && !words_end(text, len, p, later[k]); k++)
		;
	if (!later[k])
		return id;
	snprintf(buf, cap, "%.*s-or-later", (int)(n - 5), id);
	return dp_lic_canon_id(c, buf) ? buf : id;
}

/* A license named in passing: "... is under the GNU Public License, v.2", "[Apache License
 * version 2](...)". */
static void scan_mention(const struct dp_license_corpus *c, const char *text, size_t len,
			 size_t at, uint32_t line, struct hits *h)
{
	size_t s, e, n0;
	char buf[SPDX_MAX];
	const char *id = mention_id(c, text, len, at, &s, &e), *vid;

	if (!id && (id = file_named(c, text, len, at)) != NULL) {
		n0 = h->n;
		add_mention(h, id, line);
		mark_plain(h, n0, id, 0, 0, 1);
		return;
	}
	if (!id || compared(text, s) || past_grant_of(text, len, s) ||
	    denied_after(text, len, e))
		return;
	vid = gnu_version(c, id, text, len, s, s, buf, sizeof(buf));
	if (vid == id)
		vid = later_after(c, id, text, len, e, buf, sizeof(buf));
	n0 = h->n;
	if (!has_spdx(h, vid) && !covered_line(h, line, vid) &&
	    !(name_plain(text, s, e, vid == id) && same_family(h, vid)) &&
	    !text_of_family(h, vid) && !(vid == id && unversioned_dup(h, id, text + s, e - s)))
		add_hit(h, vid, "reference", MENTION_CONF, line, line);
	mark_plain(h, n0, text, s, e, vid == id);
	if (h->n > n0)
		scan_joined(c, text, len, s, e, line, h);
}

/* The first license that text[from..to) names with a version ("subject to the Netscape
 * Public License Version 1.1"), or NULL. Standard headers of one style (the Mozilla-style
 * "The contents of this file are subject to the X Public License Version N") differ in
 * little but that name, so a notice's own words decide which license it grants. */
static const char *notice_named(const struct dp_license_corpus *c, const char *text, size_t len,
				size_t from, size_t to)
{
	size_t at, s, e, k;
	const char *id;

	for (at = find_ci(text, to, from, "licen"); at < to; at = find_ci(text, to, at + 5, "licen")) {
		if (!starts_ci(text, len, at, "license") && !starts_ci(text, len, at, "licence"))
			continue;
		if (!(id = mention_id(c, text, len, at, &s, &e)) || s < from)
			continue;  /* none, or words before the window ("Expat\n\nLicense: ...") */
		if (!strpbrk(id, "0123456789"))
			return id;  /* a license of no versions ("Licensed under the MIT License") */
		for (k = s; k < e; k++)
			if (text[k] >= '0' && text[k] <= '9')
				return id;
	}
	return NULL;
}

/* Where the line before the one holding offset `at` starts: a standard header's first
 * words matched may follow the name it grants ("Licensed under the Eclipse Public License,
 * Version 1.0 (the "License"); you may not use ..." in the Apache header's words). */
static size_t line_before(const char *text, size_t at)
{
	int nl = 0;

	while (at > 0 && !(text[at - 1] == '\n' && nl++ == 1))
		at--;
	return at;
}

/* Does the file hold the text of an exception of id's name (up to its first '-':
 * "Autoconf-exception-2.0" for "Autoconf-exception-generic")? Then the name repeats it. */
static int exception_text(const struct hits *h, const char *id)
{
	size_t i, n = strcspn(id, "-");

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].kind, "text") && strcspn(h->v[i].spdx, "-") == n &&
		    !strncmp(h->v[i].spdx, id, n))
			return 1;
	return 0;
}

/* An exception named in prose: 'subject to the "Classpath" exception', 'the GCC Runtime
 * Library Exception, version 3.1': the longest run of words around the word "exception"
 * at `at` that names an exception of the list. */
static void scan_exception(const struct dp_license_corpus *c, const char *text, size_t len,
			   size_t at, uint32_t line, struct hits *h)
{
	size_t st[MENTION_BEFORE], en[MENTION_AFTER + 1], ns, ne, i, j;

	if ((at > 0 && name_char(text[at - 1])) ||
	    (at + 9 < len && name_char(text[at + 9]) && text[at + 9] != '.'))
		return;
	ns = words_before(text, at, st);
	ne = words_after(text, len, at + 9, en);
	for (i = ns; i-- > 0;) {
		for (j = ne; j-- > 0;) {
			const char *id = dp_lic_map_name(c, text + st[i], en[j] - st[i]);
			uint32_t k = id ? dp_lic_find(c, id) : DP_LIC_NONE;
			if (k == DP_LIC_NONE || !(c->lics[k].flags & DP_LIC_EXCEPTION))
				continue;
			if (!has_spdx(h, id) && !covered_line(h, line, id) && !exception_text(h, id))
				add_hit(h, id, "reference", MENTION_CONF, line, line);
			return;
		}
	}
}

/* Does a version follow the acronym ending at e ("v2", "-2.0", "2+", " version 3", "+")? */
static int versioned_acronym(const char *text, size_t len, size_t e)
{
	if (e < len && (text[e] == 'v' || text[e] == 'V' || text[e] == '+' || text[e] == '-' ||
			text[e] == '_' || (text[e] >= '0' && text[e] <= '9')))
		return 1;
	if (e + 1 < len && text[e] == ' ' && ((text[e + 1] >= '0' && text[e + 1] <= '9') ||
					     text[e + 1] == 'v' || text[e + 1] == 'V'))
		return 1;
	return e + 9 <= len && !strncasecmp(text + e, " version ", 9);
}

/* "GPLv2+", "GNU GPL v3", "LGPL-2.1", "GPL2_OR_LATER": a GNU license by its acronym. */

static void scan_acronym(const struct dp_license_corpus *c, const char *text, size_t len,
			 size_t at, uint32_t line, struct hits *h)
{
	size_t s = at, e = at + 3, k, ends[4], ne = 0, n0;
	char buf[SPDX_MAX];
	const char *id, *vid;

	if (s > 0 && (text[s - 1] == 'L' || text[s - 1] == 'l' || text[s - 1] == 'A' ||
		      text[s - 1] == 'a'))
		s--;  /* LGPL, AGPL */
	if ((s > 0 && name_char(text[s - 1])) ||
	    (e < len && ((text[e] | 32) >= 'a' && (text[e] | 32) <= 'z') && (text[e] | 32) != 'v'))
		return;  /* inside a longer word ("canonicalize-lgpl") */
	if (compared(text, s) || has_ci(text, e, e + 12 < len ? e + 12 : len, "exception") ||
	    has_ci(text, e, e + 12 < len ? e + 12 : len, "compatib") ||
	    has_ci(text, s > 30 ? s - 30 : 0, s, "compatib"))
		return;  /* "GPL Exception", "GPL-compatible": not the GPL itself */
	if (s >= 4 && !strncasecmp(text + s - 4, "gnu ", 4))
		s -= 4;
	else if (!versioned_acronym(text, len, e))
		return;  /* a bare "LGPL or GPL" in prose names no license version */
	while (e < len && (name_char(text[e]) || text[e] == '_'))
		e++;
	ends[ne++] = e;
	/* "GPL v2", "GPL version 2 or later" */
	while (ne < 4 && e < len && text[e] == ' ' && e + 1 < len &&
	       ((text[e + 1] >= '0' && text[e + 1] <= '9') || text[e + 1] == 'v' ||
		text[e + 1] == 'V' || starts_ci(text, len, e + 1, "or later"))) {
		e++;
		while (e < len && (name_char(text[e]) || (text[e] == ' ' && e + 1 < len &&
							  starts_ci(text, len, e + 1, "later"))))
			e++;
		while (e > s && text[e - 1] == '.')
			e--;
		ends[ne++] = e;
	}
	for (k = ne; k-- > 0;) {
		id = dp_lic_map_name(c, text + s, ends[k] - s);
		if (!id)
			continue;
		vid = gnu_version(c, id, text, len, s, ends[0], buf, sizeof(buf));
		n0 = h->n;
		if (!has_spdx(h, vid) && !covered_line(h, line, vid) &&
		    !(name_plain(text, s, ends[k], vid == id) && same_family(h, vid)) &&
		    !text_of_family(h, vid))
			add_hit(h, vid, "reference", MENTION_CONF, line, line);
		mark_plain(h, n0, text, s, ends[k], vid == id);
		if (h->n > n0)
			scan_joined(c, text, len, s, ends[k], line, h);
		return;
	}
}

/* Is the line a heading that names the section "License" ("## License", "LICENSE",
 * "License:", "Licensing")? */
static int license_heading(const char *text, size_t ls, size_t le)
{
	static const char *const words[] = { "license", "licence", "licensing", "licenses",
		"license information", NULL };
	size_t a = ls, b = le;
	int k;

	while (a < b && (text[a] == '#' || text[a] == '*' || text[a] == '=' || text[a] == ' ' ||
			 text[a] == '\t' || text[a] == '_'))
		a++;
	while (b > a && (text[b - 1] == ':' || text[b - 1] == ' ' || text[b - 1] == '\r' ||
			 text[b - 1] == '*' || text[b - 1] == '#' || text[b - 1] == '\t'))
		b--;
	for (k = 0; words[k]; k++)
		if (strlen(words[k]) == b - a && !strncasecmp(text + a, words[k], b - a))
			return 1;
	return 0;
}

/* Under a "License" heading, the first line of the section names the license: "MIT. See
 * LICENSE for details", "Apache License 2.0", "CC BY-NC 4.0". */
static void scan_headings(const struct dp_license_corpus *c, const char *text, size_t len,
			  struct hits *h)
{
	size_t ls = 0;
	uint32_t line = 1;
	int armed = 0;

	while (ls < len) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len, a = ls;
		while (a < le && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r' ||
				  text[a] == '-' || text[a] == '=' || text[a] == '#'))
			a++;
		if (armed && a < le) {
			scan_phrase(c, text, le, a, line, 0, h);
			armed = 0;
		} else if (license_heading(text, ls, le)) {
			armed = 1;
		}
		ls = le + 1;
		line++;
	}
}

static const char *const phrases[] = { "licensed under", "released under",
	"distributed under", "available under", "licenced under", "license:", "licence:",
	"under the terms of", "governed by", "subject to the terms of", "covered by",
	"provided under", "published under", "made available under", "@license", "licensing:",
	"under the terms and conditions of", "either the terms of",
	"subject to the terms and conditions of",
	"license\":", "license\" :", "\"type\":", NULL };

/* Words that open the name of a license which needs no word "license": "Creative Commons
 * Attribution 4.0", "Creative Commons Zero v1.0 Universal", "The Unlicense", "SIL OFL 1.1". */
static const char *const named_words[] = { "creative commons", "unlicense", "sil ofl", NULL };

/* A license named by its own name at `at` (one of named_words): the longest run of words
 * from there that maps to a license, with a version unless the license has none. */
static void scan_own_name(const struct dp_license_corpus *c, const char *text, size_t len,
			  size_t at, uint32_t line, struct hits *h)
{
	size_t ends[PHRASE_WORDS], nw, k;
	const char *id = NULL;

	if (at > 0 && name_char(text[at - 1]))
		return;
	nw = phrase_words(text, len, at, ends);
	for (k = nw; k > 0 && !id; k--)
		id = dp_lic_map_name(c, text + at, ends[k - 1] - at);
	if (!id || compared(text, at) || past_grant_of(text, len, at) ||
	    (strpbrk(id, "0123456789") && name_plain(text, at, ends[k], 1)))
		return;
	add_mention(h, id, line);
}

/* Names in passing (acronyms, "... license", exceptions, names that need no word
 * "license", a License section). A license document names other licenses in passing
 * (`doc`): there only the stretches its license does not explain are read
 * ("Alternatively, this file may be used under the GPL ..."), and exceptions named
 * outside its text. */
static void scan_names(const struct dp_license_corpus *c, const char *text, size_t len,
		       int doc, struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1, ln;
	int k;

	for (at = find_ci(text, len, 0, "gpl"); at < len; at = find_ci(text, len, at + 3, "gpl")) {
		ln = line_of(text, at, &coff, &cline);
		if ((!doc || in_text_gap(h, ln)) && !field_on_line(h, ln))
			scan_acronym(c, text, len, at, ln, h);
	}
	for (at = find_ci(text, len, 0, "licen"); at < len; at = find_ci(text, len, at + 5, "licen")) {
		if (at + 7 > len || (strncasecmp(text + at, "license", 7) &&
				     strncasecmp(text + at, "licence", 7)))
			continue;
		ln = line_of(text, at, &coff, &cline);
		if ((!doc || in_text_gap(h, ln)) && !field_on_line(h, ln))
			scan_mention(c, text, len, at, ln, h);
	}
	for (at = find_ci(text, len, 0, "exception"); at < len;
	     at = find_ci(text, len, at + 9, "exception")) {
		ln = line_of(text, at, &coff, &cline);
		/* an exception named outside the license text ("The FreeRTOS GPL Exception
		 * text on this page applies to ...") is granted with it */
		if ((!doc || in_text_gap(h, ln) || !inside_text(h, ln)) && !field_on_line(h, ln))
			scan_exception(c, text, len, at, ln, h);
	}
	for (k = 0; named_words[k]; k++) {
		size_t wl = strlen(named_words[k]);
		for (at = find_ci(text, len, 0, named_words[k]); at < len;
		     at = find_ci(text, len, at + wl, named_words[k])) {
			ln = line_of(text, at, &coff, &cline);
			if ((!doc || in_text_gap(h, ln)) && !field_on_line(h, ln))
				scan_own_name(c, text, len, at, ln, h);
		}
	}
	if (!doc)
		scan_headings(c, text, len, h);
}

/* A GFDL notice names its version and "or later" in words, as a GNU notice does; the
 * notices of 1.1, 1.2 and 1.3 differ in little else. The template's invariant-sections
 * variant ("with no Invariant Sections": -no-invariants) is kept. Returns the id (buf)
 * or the template's. */
static const char *gfdl_notice(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t from, size_t to, char *buf, size_t cap)
{
	static const char *const vers[] = { "1.1", "1.2", "1.3", NULL };
	size_t at, d, n = strlen(id);
	int k, only = ends_with(id, n, "-only");
	const char *variant = id + 8;  /* after "GFDL-1.x" */
	size_t vn = n - 8 - (only ? 5 : 9);

	if (n < 8 + 5 || (!only && !ends_with(id, n, "-or-later")))
		return id;
	for (at = find_ci(text, to, from, "v"); at < to; at = find_ci(text, to, at + 1, "v")) {
		if (!(d = version_digits(text, at, to)))
			continue;
		for (k = 0; vers[k] && !(d + 3 <= to && !strncmp(text + d, vers[k], 3) &&
					 !(d + 3 < to && text[d + 3] >= '0' && text[d + 3] <= '9'));
		     k++)
			;
		if (!vers[k])
			continue;
		snprintf(buf, cap, "GFDL-%s%.*s-%s", vers[k], (int)vn, variant,
			 gnu_later(text, d, d + 3, to) ? "or-later" : "only");
		return dp_lic_canon_id(c, buf) ? buf : id;
	}
	return id;
}

/* The license a "Licensed under the EUPL, Version 1.1 ..." grant in text[from..to) names
 * with a version, when no word "License" follows its name; or NULL. */
static const char *grant_named(const struct dp_license_corpus *c, const char *text,
			       size_t from, size_t to)
{
	size_t e, s = find_words_ci(text, to, from, "licensed under", &e), ends[PHRASE_WORDS];
	size_t nw, k;

	if (s >= to)
		return NULL;
	s = skip_articles(text, to, e);
	nw = phrase_words(text, to, s, ends);
	for (k = nw; k > 0; k--) {
		const char *id = dp_lic_map_name(c, text + s, ends[k - 1] - s);
		if (id)
			return name_plain(text, s, ends[k - 1], 1) ? NULL : id;
	}
	return NULL;
}

/* The id a standard header grants: a GNU notice by its words (gnu_notice, which may find
 * a second grant: `extra`), another by the first license it names with a version, when
 * that is not the template's own. */
static const char *notice_id(const struct dp_license_corpus *c, const char *id,
			     const char *text, size_t len, size_t from, size_t to, char *buf,
			     char *extra, size_t cap)
{
	const char *named;
	uint32_t a, b;

	extra[0] = '\0';
	if (strstr(id, "GPL-"))
		return gnu_notice(c, id, text, len, from, to, buf, extra, cap);
	if (!strncmp(id, "GFDL-", 5))
		return gfdl_notice(c, id, text, from, to, buf, cap);
	named = notice_named(c, text, len, line_before(text, from), to);
	if (!named)
		named = grant_named(c, text, line_before(text, from), to);
	if (!named || !strcmp(named, id))
		return id;
	a = dp_lic_find(c, named);
	b = dp_lic_find(c, id);
	if (a == DP_LIC_NONE || (c->lics[a].flags & DP_LIC_EXCEPTION) ||
	    (b != DP_LIC_NONE && dp_lic_same_text(c, a, b)) || strstr(named, "GPL-"))
		return id;
	return named;
}

/* A title line that names a license by a short name and version, without the word
 * "license" ("LPPL Version 1.3c 2008-05-04"): the longest run of up to TITLE_WORDS words
 * opening a line of text[a..b) that maps to a license and holds a digit, or NULL. */
static const char *line_named(const struct dp_license_corpus *c, const char *text, size_t a,
			      size_t b)
{
	size_t ls;

	for (ls = a; ls < b;) {
		const char *nl = memchr(text + ls, '\n', b - ls), *id = NULL;
		size_t le = nl ? (size_t)(nl - text) : b, s = ls, ends[TITLE_WORDS], n = 0, w;
		while (s < le && (text[s] == ' ' || text[s] == '\t'))
			s++;
		for (w = s; n < TITLE_WORDS && w < le;) {
			while (w < le && text[w] != ' ' && text[w] != '\t')
				w++;
			ends[n++] = w;
			while (w < le && (text[w] == ' ' || text[w] == '\t'))
				w++;
		}
		while (n > 1 && !id) {
			id = dp_lic_map_name(c, text + s, ends[n - 1] - s);
			id = id && !name_plain(text, s, ends[n - 1], 1) ? id : NULL;
			n--;
		}
		if (id)
			return id;
		ls = le + 1;
	}
	return NULL;
}

/* Is `id` one of the near variants that also matched m's region? */
static int is_alt(const struct dp_license_corpus *c, const struct dp_lic_match *m, const char *id)
{
	int k;

	for (k = 0; k < DP_LIC_ALTS; k++)
		if (m->alt[k] != DP_LIC_NONE && !strcmp(c->lics[m->alt[k]].id, id))
			return 1;
	return 0;
}

/* A license text names itself in its title ("Creative Commons Attribution-NoDerivs 1.0
 * License", "LPPL Version 1.3c"), just before or at the start of the matched text. Near
 * variants of one family differ in a few words, and their templates in which parts are
 * optional, so when the title names another license of the family (same id stem: "CC",
 * "LPPL", "MPL") the title decides, unless the template found is a named variant of the
 * license in the title (BSD-2-Clause-Views has the BSD-2-Clause title). Returns the id. */
static const char *text_title(const struct dp_license_corpus *c, const struct dp_lic_match *m,
			      const char *id, const char *text, size_t len, size_t from)
{
	size_t a = from > TITLE_BEFORE ? from - TITLE_BEFORE : 0;
	size_t b = from + TITLE_AFTER < len ? from + TITLE_AFTER : len;
	size_t stem = strcspn(id, "-");
	const char *named = notice_named(c, text, len, a, b);
	uint32_t k;

	if (!named)
		named = line_named(c, text, a, b);
	if (!named || !strcmp(named, id) || strstr(id, "GPL"))
		return id;
	if (!strncmp(id, named, strlen(named)) && id[strlen(named)] == '-')
		return id;  /* a variant of the license named (QPL-1.0-INRIA-2004 of QPL-1.0) */
	if (is_alt(c, m, named))
		return named;  /* a near variant that also matched, named by the title */
	if (strcspn(named, "-") != stem || strncmp(named, id, stem) != 0)
		return id;
	k = dp_lic_find(c, named);
	if (k == DP_LIC_NONE || (c->lics[k].flags & DP_LIC_EXCEPTION) ||
	    c->lics[k].text_tpl == DP_LIC_NONE)
		return id;
	return named;
}

/* Near variants told apart by words one of them has. A text that matched a variant's
 * template without the words that make it (the templates make much of both optional) is
 * the base license; a text that matched the base license's template but holds the
 * variant's own words in its region is the variant (the base template's variable parts
 * took them). */
struct variant_words {
	const char *id, *other, *words;   /* id: or a prefix ending in '*' ("BSD-*") */
	int present;   /* 1: id reads as other when the words are in the region; 0: absent */
};

static const struct variant_words variant_words[] = {
	/* SMLNJ asks that the warranty disclaimer, too, appear in supporting documentation;
	 * the notice without those words is the historical permission notice */
	{ "SMLNJ", "HPND", "and warranty disclaimer appear", 0 },
	/* MPL-2.0-no-copyleft-exception is the MPL 2.0 with its Exhibit B notice applied
	 * ("This Source Code Form is 'Incompatible With Secondary Licenses'"); the license
	 * text without that notice keeps the exception for the secondary licenses */
	{ "MPL-2.0-no-copyleft-exception", "MPL-2.0",
	  "this source code form is incompatible with secondary licenses", 0 },
	/* the FreeBSD Documentation License (a BSD license for documents, in "source and
	 * 'compiled' forms") without the manual pages section that its SPDX text appends */
	{ "BSD-*", "FreeBSD-DOC", "and compiled forms", 1 },
	/* a two-clause text with an advertising clause put in among its conditions is of
	 * the original (advertising) BSD license, whose obligation the two-clause one lacks */
	{ "BSD-2-Clause", "BSD-4-Clause",
	  "all advertising materials mentioning features or use of this software", 1 },
	/* one with only a third clause put in among its conditions ("The name of
	 * the author may not be used to endorse ...") is the three-clause license: the
	 * BSD-3-Clause template's own wording of the clause did not match, its words did */
	{ "BSD-2-Clause", "BSD-3-Clause", "endorse or promote products derived from", 1 },
	/* a three-clause text (its third clause taken for the template's own) with an
	 * advertising clause is of the original BSD license too */
	{ "BSD-3-Clause", "BSD-4-Clause",
	  "all advertising materials mentioning features or use of this software", 1 },
	/* the original BSD license of the University of California, whose template's
	 * copyright line (dropped from every scanned text) holds the rest of its name */
	{ "BSD-4-Clause", "BSD-4-Clause-UC",
	  "developed by the university of california berkeley and its contributors", 1 },
	/* Hewlett-Packard's three-clause text differs from the usual one in naming patent
	 * infringement among the damages disclaimed (its other words are the usual ones with
	 * the names filled in); without those words it is the three-clause license */
	{ "BSD-3-Clause-HP", "BSD-3-Clause", "not limited to patent infringement", 0 },
	/* the Trusster license is Sleepycat's conditions with "this software": the same
	 * conditions about "the DB software" are Sleepycat's own (Berkeley DB's) */
	{ "TOSL", "Sleepycat", "accompanying software that uses the db software", 1 },
	{ "TOSL", "Sleepycat", "accompanying software that uses the oracle berkeley db", 1 },
	/* ... and TMate's, too, are Sleepycat's conditions, about its own software; the
	 * same conditions about Oracle's Berkeley DB (read as either) are Sleepycat's own */
	{ "TMate", "Sleepycat", "accompanying software that uses the db software", 1 },
	{ "TMate", "Sleepycat", "accompanying software that uses the oracle berkeley db", 1 },
	/* the historical notice that also grants the right to sell is its sell variant */
	{ "HPND", "HPND-sell-variant", "distribute and sell this software", 1 },
};

/* Is id the one a variant_words row names (an id, or a prefix ending in '*')? */
static int row_names(const char *row, const char *id)
{
	size_t n = strlen(row);

	return n && row[n - 1] == '*' ? !strncmp(row, id, n - 1) : !strcmp(row, id);
}

/* Does toks[from..to] hold the words of `phrase` in a row? -1 when out of memory. */
static int has_words(const struct dp_license_corpus *c, const struct dp_lic_toks *toks,
		     size_t from, size_t to, const char *phrase)
{
	struct dp_lic_toks w;
	size_t i, k = 0;
	int found = 0;

	dp_lic_toks_init(&w);
	if (dp_lic_tokenize(&c->equiv, phrase, strlen(phrase), 0, &w))
		return -1;
	for (i = from; w.n && !found && i + w.n <= to + 1 && i + w.n <= toks->n; i++) {
		for (k = 0; k < w.n && toks->v[i + k].h == w.v[k].h; k++)
			;
		found = k == w.n;
	}
	dp_lic_toks_release(&w);
	return found;
}

/* The license a full text matched as `id` is, by the words of variant_words (a row's
 * result may be read again by a later row: BSD-2-Clause, BSD-4-Clause, BSD-4-Clause-UC). */
static const char *variant_of(const struct dp_license_corpus *c, const struct dp_lic_toks *toks,
			      const struct dp_lic_match *m, const char *id)
{
	size_t k;

	for (k = 0; k < sizeof(variant_words) / sizeof(variant_words[0]); k++) {
		const struct variant_words *v = &variant_words[k];
		if (!row_names(v->id, id))
			continue;
		if (v->present ? has_words(c, toks, m->tok_first, m->tok_last, v->words) == 1
			       : has_words(c, toks, 0, toks->n, v->words) == 0)
			id = v->other;
	}
	return id;
}

static int scan_texts(const struct dp_license_corpus *c, const char *text, size_t len,
		      struct hits *h)
{
	struct dp_lic_toks toks;
	struct dp_lic_match m[MAX_MATCHES];
	size_t n = 0, i;
	int rc;

	dp_lic_toks_init(&toks);
	rc = dp_lic_tokenize(&c->equiv, text, len, 1, &toks);
	if (!rc)
		rc = dp_lic_match(c, &toks, m, MAX_MATCHES, &n);
	for (i = 0; !rc && i < n; i++) {
		int notice = m[i].kind == DP_LIC_TPL_HEADER;
		const char *id = c->lics[m[i].lic].id;
		char buf[SPDX_MAX], extra[SPDX_MAX];
		if (notice && notice_shadowed(c, m, n, &m[i]))
			continue;
		if (notice)
			id = notice_id(c, id, text, len, toks.v[m[i].tok_first].off,
				       toks.v[m[i].tok_last].off, buf, extra, sizeof(buf));
		if (!notice)
			id = variant_of(c, &toks, &m[i], text_title(c, &m[i], id, text, len,
								   toks.v[m[i].tok_first].off));
		if (notice && extra[0])
			add_hit(h, extra, "notice", m[i].coverage, m[i].line_start, m[i].line_end);
		add_hit(h, id, notice ? "notice" : "text", m[i].coverage, m[i].line_start,
			m[i].line_end);
		if (h->n && !strcmp(h->v[h->n - 1].spdx, id)) {
			memcpy(h->v[h->n - 1].gaps, m[i].gaps, sizeof(m[i].gaps));
			h->v[h->n - 1].n_gaps = m[i].n_gaps;
		}
	}
	dp_lic_toks_release(&toks);
	return rc ? DP_FATAL : DP_OK;
}

/* iPXE's FILE_LICENCE ( GPL2_OR_LATER ) macro: the license of the source file it opens. */
static void scan_file_licence(const char *text, size_t len, struct hits *h)
{
	static const char *const map[][2] = {
		{ "GPL2_OR_LATER", "GPL-2.0-or-later" }, { "GPL2_ONLY", "GPL-2.0-only" },
		{ "GPL_ANY", "GPL-1.0-or-later" }, { "BSD3", "BSD-3-Clause" },
		{ "BSD2", "BSD-2-Clause" }, { "BSD2_PATENT", "BSD-2-Clause-Patent" },
		{ "MIT", "MIT" }, { "PUBLIC_DOMAIN", "LicenseRef-Public-Domain" }, { NULL, NULL } };
	size_t at, coff = 0;
	uint32_t cline = 1;
	int k;

	for (at = find_ci(text, len, 0, "file_licence"); at < len;
	     at = find_ci(text, len, at + 12, "file_licence")) {
		size_t v = at + 12, e;
		while (v < len && text[v] == ' ')
			v++;
		if (v >= len || text[v] != '(')
			continue;
		for (v++; v < len && text[v] == ' '; v++)
			;
		for (e = v; e < len && name_char(text[e]); e++)
			;
		for (k = 0; map[k][0]; k++)
			if (strlen(map[k][0]) == e - v && !strncmp(text + v, map[k][0], e - v)) {
				uint32_t ln = line_of(text, at, &coff, &cline);
				add_hit(h, map[k][1], "reference", FIELD_CONF, ln, ln);
			}
	}
}

/* A Maven POM's <license><name>Eclipse Public License - v 2.0</name>: a field whose whole
 * value is mapped. */
static void scan_pom(const struct dp_license_corpus *c, const char *text, size_t len,
		     struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, "<license>"); at < len;
	     at = find_ci(text, len, at + 9, "<license>")) {
		size_t w = at + POM_WINDOW < len ? at + POM_WINDOW : len;
		size_t end = find_ci(text, w, at, "</license>");
		size_t s = find_ci(text, end, at, "<name>"), e;
		char spdx[SPDX_MAX];
		uint32_t ln;
		if (s >= end || (e = find_ci(text, end, s + 6, "</name>")) >= end)
			continue;
		ln = line_of(text, s, &coff, &cline);
		if (dp_lic_map_field(c, text + s + 6, e - s - 6, spdx, sizeof(spdx)) ==
		    DP_LICENSE_MAPPED && !has_spdx(h, spdx))
			add_hit(h, spdx, "reference", FIELD_CONF, ln, ln);
	}
}

/* "License: GPL-2+" opening a line (Debian copyright, RPM spec, PKG-INFO, card
 * sections): a field whose whole value is mapped, even just after a license text. */
static void scan_fields(const struct dp_license_corpus *c, const char *text, size_t len,
			struct hits *h)
{
	size_t ls = 0;
	uint32_t line = 1;

	while (ls < len) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len, a = ls;
		char spdx[SPDX_MAX];
		while (a < le && (text[a] == ' ' || text[a] == '\t' || text[a] == '#' ||
				  text[a] == '*' || text[a] == '/' || text[a] == '-'))
			a++;
		if (le - a > 8 && (!strncasecmp(text + a, "license:", 8) ||
				   !strncasecmp(text + a, "licence:", 8)) && !inside_text(h, line) &&
		    dp_lic_map_field(c, text + a + 8, le - a - 8, spdx, sizeof(spdx)) ==
			    DP_LICENSE_MAPPED)
			add_hit(h, spdx, "reference", FIELD_CONF, line, line);
		ls = le + 1;
		line++;
	}
}

/* MODULE_LICENSE("...") in a Linux kernel module: the strings include/linux/module.h
 * documents ("GPL" is "GNU Public License v2 or later", "GPL v2" is v2 only, "Dual X/GPL"
 * is v2 or X; the kernel's Dual MPL/GPL code is under MPL 1.1). Read as a field. */
static void scan_module(const struct dp_license_corpus *c, const char *text, size_t len,
			struct hits *h)
{
	static const char *const map[][2] = {
		{ "GPL", "GPL-2.0-or-later" }, { "GPL v2", "GPL-2.0-only" },
		{ "Dual BSD/GPL", "BSD-3-Clause OR GPL-2.0-only" },
		{ "Dual MIT/GPL", "MIT OR GPL-2.0-only" },
		{ "Dual MPL/GPL", "MPL-1.1 OR GPL-2.0-only" }, { NULL, NULL } };
	size_t at, coff = 0, k;
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, "module_license(\""); at < len;
	     at = find_ci(text, len, at + 16, "module_license(\"")) {
		size_t v = at + 16, e = v;
		while (e < len && text[e] != '"' && text[e] != '\n')
			e++;
		for (k = 0; map[k][0]; k++) {
			uint32_t ln;
			const char *expr = map[k][1];
			if (strlen(map[k][0]) != e - v || strncmp(text + v, map[k][0], e - v) != 0)
				continue;
			ln = line_of(text, at, &coff, &cline);
			while (*expr) {
				size_t n = strcspn(expr, " ");
				char id[SPDX_MAX];
				snprintf(id, sizeof(id), "%.*s", (int)n, expr);
				if (dp_lic_canon_id(c, id))
					add_hit(h, id, "reference", FIELD_CONF, ln, ln);
				expr += n;
				expr += strspn(expr, " OR");
			}
		}
	}
}

/* "For conditions of distribution and use, see copyright notice in zlib.h": a notice
 * kept in a file named after its license (the file name without its extension is the
 * license id itself: "zlib" for Zlib, or the id without its "lib": "png" for Libpng). */
static const char *notice_file_id(const struct dp_license_corpus *c, const char *text,
				  size_t len, size_t s, size_t e)
{
	const char *id;
	char lib[SPDX_MAX];

	if (e + 1 >= len || text[e] != '.' || !alnum_char(text[e + 1]))
		return NULL;  /* a file name with an extension only */
	id = dp_lic_map_name(c, text + s, e - s);
	if (id && !strncasecmp(id, text + s, e - s))
		return id;
	/* a library's header without its "lib" ("see copyright notice in png.h": libpng) */
	if (e - s + 4 > sizeof(lib))
		return NULL;
	snprintf(lib, sizeof(lib), "lib%.*s", (int)(e - s), text + s);
	id = dp_lic_map_name(c, lib, strlen(lib));
	return id && !strcasecmp(id, lib) ? id : NULL;
}

/* "under the same terms as Perl itself", "under the same license as OpenSSL": the license
 * of the project named, when the name maps to one (the aliases give Perl's
 * "Artistic-1.0-Perl OR GPL-1.0-or-later"). */
static const char *same_terms_id(const struct dp_license_corpus *c, const char *text,
				 size_t len, size_t s, size_t e)
{
	(void)text;
	(void)len;
	return dp_lic_map_name(c, text + s, e - s);
}

/* A reference made by a phrase and the word after it, which id_of reads as a license. */
struct word_ref {
	const char *phrase;
	int articles;       /* "the", "a" may stand between phrase and word */
	int not_with_text;  /* no reference when the file holds a full text of that family */
	double conf;
	const char *(*id_of)(const struct dp_license_corpus *c, const char *text, size_t len,
			     size_t s, size_t e);
};

static const struct word_ref word_refs[] = {
	{ "notice in ", 0, 0, MENTION_CONF, notice_file_id },
	{ "same terms as ", 1, 1, 0.8, same_terms_id },
	{ "same license as ", 1, 1, 0.8, same_terms_id },
	{ "same licence as ", 1, 1, 0.8, same_terms_id },
};

static void scan_word_ref(const struct dp_license_corpus *c, const char *text, size_t len,
			  const struct word_ref *r, struct hits *h)
{
	size_t at, coff = 0, pl = strlen(r->phrase);
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, r->phrase); at < len;
	     at = find_ci(text, len, at + pl, r->phrase)) {
		size_t s = r->articles ? skip_articles(text, len, at + pl) : at + pl, e = s;
		const char *id;
		uint32_t ln;
		while (e < len && alnum_char(text[e]))
			e++;
		if (e == s || !(id = r->id_of(c, text, len, s, e)))
			continue;
		ln = line_of(text, at, &coff, &cline);
		if (!has_spdx(h, id) && !covered_line(h, ln, id) &&
		    !(r->not_with_text && text_of_family(h, id)))
			add_hit(h, id, "reference", r->conf, ln, ln);
	}
}

/* Standard file headers of projects whose license has a name of its own: the header says
 * which license without naming it ("This file is part of the Independent JPEG Group's
 * software. For conditions of distribution and use, see the accompanying README file."). */
static const char *const project_refs[][2] = {
	{ "part of the independent jpeg group's software", "IJG" },
	/* "This file is part of bzip2/libbzip2, a program and library for lossless,
	 * block-sorting data compression" (SPDX keeps one bzip2 license, 1.0.5 is deprecated) */
	{ "part of bzip2/libbzip2", "bzip2-1.0.6" },
	/* the acknowledgement the IJG license asks of products using its code */
	{ "based in part on the work of the independent jpeg group", "IJG" },
	/* CPython's header for code its authors contributed: distributed under the PSF's
	 * Python license */
	{ "psf under a contributor agreement", "Python-2.0" },
};

static void scan_project_refs(const struct dp_license_corpus *c, const char *text, size_t len,
			      struct hits *h)
{
	size_t k, at, e, coff = 0;
	uint32_t cline = 1;
	int doc = has_license_text(c, h);

	for (k = 0; k < sizeof(project_refs) / sizeof(project_refs[0]); k++)
		for (at = find_words_ci(text, len, 0, project_refs[k][0], &e); at < len;
		     at = find_words_ci(text, len, e, project_refs[k][0], &e)) {
			uint32_t ln = line_of(text, at, &coff, &cline);
			/* a license document quoting the phrase (GD's credits the IJG's code)
			 * names it in passing, as scan_names reads such documents */
			if (!has_spdx(h, project_refs[k][1]) && !covered_line(h, ln, NULL) &&
			    (!doc || in_text_gap(h, ln)) && !text_of_family(h, project_refs[k][1]))
				add_hit(h, project_refs[k][1], "reference", MENTION_CONF, ln, ln);
		}
}

/* Acronyms that name a license by themselves (other capitals that map, as "CMU" does to
 * the CMU License, are more often a name of something else). */
static const char *const license_acronyms[] = { "MIT", "BSD", "GPL", "LGPL", "AGPL", "MPL",
	"EPL", "ISC", "CDDL", "ASL", "CC0", NULL };

/* Is text[s..e) a license acronym's spelling: one of license_acronyms, then digits, '-',
 * '.', a 'v' before a digit ("MIT", "BSD", "GPLv2", "LGPL-2.1")? */
static int acronym_word(const char *text, size_t s, size_t e)
{
	size_t k, caps = 0;
	int i;

	for (i = 0; license_acronyms[i]; i++) {
		size_t n = strlen(license_acronyms[i]);
		if (e - s >= n && !strncmp(text + s, license_acronyms[i], n) &&
		    (e - s == n || !(text[s + n] >= 'A' && text[s + n] <= 'Z')))
			break;
	}
	if (!license_acronyms[i] || e - s > 12)
		return 0;
	for (k = s; k < e; k++) {
		char ch = text[k];
		caps += ch >= 'A' && ch <= 'Z';
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '.' || (ch == 'v' && k + 1 < e && text[k + 1] >= '0' && text[k + 1] <= '9')))
			return 0;
	}
	return caps >= 2;
}

/* Two license acronyms joined by " & " with no grant phrase around them ("jQuery plugin -
 * MIT & GPL", "Modernizr | MIT & BSD"): both licenses, when both spellings map. */
static void scan_amp_pairs(const struct dp_license_corpus *c, const char *text, size_t len,
			   struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = 0; at < len; at++) {
		const char *amp = memchr(text + at, '&', len - at), *x, *y;
		size_t a, b, e;
		uint32_t ln;
		if (!amp)
			break;
		at = (size_t)(amp - text);
		if (at < 1 || at + 2 >= len || text[at - 1] != ' ' || text[at + 1] != ' ')
			continue;  /* " & " */
		a = at - 1;
		b = at + 2;
		e = b;
		while (a > 0 && name_char(text[a - 1]))
			a--;
		while (e < len && name_char(text[e]))
			e++;
		while (e > b && text[e - 1] == '.')
			e--;
		if (!acronym_word(text, a, at - 1) || !acronym_word(text, b, e) ||
		    !(x = dp_lic_map_name(c, text + a, at - 1 - a)) ||
		    !(y = dp_lic_map_name(c, text + b, e - b)))
			continue;
		ln = line_of(text, at, &coff, &cline);
		if (inside_text(h, ln) || covered_line(h, ln, NULL))
			continue;
		add_mention(h, x, ln);
		add_mention(h, y, ln);
	}
}

/* Statements that put a work in the public domain without naming a license or a
 * dedication of its own (CC0, the Unlicense and PDDL texts say this too: their texts
 * and notices, found first, cover those lines). */
static const char *const pd_phrases[] = { "released into the public domain",
	"released to the public domain", "placed in the public domain",
	"placed into the public domain", "dedicated to the public domain",
	"put in the public domain", "put into the public domain", "is in the public domain",
	"are in the public domain", NULL };


/* Is id a public-domain dedication (CC0, PDDL, the Unlicense, ...)? */
static int dedication(const struct dp_license_corpus *c, const char *id)
{
	const struct dp_license_facts *f = dp_license_facts_find(c, id);

	return !strncmp(id, "CC0", 3) || !strncmp(id, "CC-PDDC", 7) || !strncmp(id, "PDDL", 4) ||
	       (f && f->family && !strcmp(f->family, "public-domain"));
}

/* Does a dedication named on lines ln-1 .. ln+PD_AFTER say how the work was put in the
 * public domain ("released to the public domain, as explained at <the CC0 deed>")? */
static int dedicated_near(const struct dp_license_corpus *c, const struct hits *h, uint32_t ln)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->v[i].b + 1 >= ln && h->v[i].a <= ln + PD_AFTER && dedication(c, h->v[i].spdx))
			return 1;
	return 0;
}

/* "work that is in the public domain": a clause about some other work, no statement. */
static int pd_relative(const char *text, size_t at)
{
	return (at >= 5 && !strncasecmp(text + at - 5, "that ", 5)) ||
	       (at >= 6 && !strncasecmp(text + at - 6, "which ", 6));
}

/* Where a statement of pd_phrases ending at pe ("... public domain") starts, or pe. */
static size_t pd_statement(const char *text, size_t pe)
{
	size_t ws = pe > PD_WINDOW ? pe - PD_WINDOW : 0, a, e;
	int k;

	for (k = 0; pd_phrases[k]; k++)
		for (a = find_words_ci(text, pe, ws, pd_phrases[k], &e); a < pe;
		     a = find_words_ci(text, pe, a + 1, pd_phrases[k], &e))
			if (e == pe)
				return a;
	return pe;
}

static void scan_public_domain(const struct dp_license_corpus *c, const char *text, size_t len,
			       struct hits *h)
{
	size_t at, pe, coff = 0;
	uint32_t cline = 1;

	if (has_hit(h, NULL, "text"))
		return;  /* a license document speaks of the public domain in its own terms */
	for (at = find_words_ci(text, len, 0, "public domain", &pe); at < len;
	     at = find_words_ci(text, len, pe, "public domain", &pe)) {
		size_t st = pd_statement(text, pe);
		uint32_t ln;
		if (st == pe || pd_relative(text, st))
			continue;
		ln = line_of(text, st, &coff, &cline);
		if (!covered_line(h, ln, NULL) && !dedicated_near(c, h, ln))
			add_mention(h, "LicenseRef-Public-Domain", ln);
	}
}

/* "/usr/share/common-licenses/GFDL-1.2": Debian's copy of a license, named by the file. */
static void scan_common_licenses(const struct dp_license_corpus *c, const char *text,
				 size_t len, struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, "common-licenses/"); at < len;
	     at = find_ci(text, len, at + 16, "common-licenses/")) {
		size_t s = at + 16, e = s, n0 = h->n;
		const char *id;
		uint32_t ln;
		while (e < len && name_char(text[e]))
			e++;
		while (e > s && text[e - 1] == '.')
			e--;
		if (e == s || !(id = dp_lic_map_name(c, text + s, e - s)))
			continue;
		ln = line_of(text, at, &coff, &cline);
		add_mention(h, id, ln);
		mark_plain(h, n0, text, s, e, 1);
	}
}

/* The end of a version number starting at d ("4.0" of "version 4.0 or later"). */
static size_t version_end(const char *text, size_t len, size_t d)
{
	while (d < len && ((text[d] >= '0' && text[d] <= '9') ||
			   (text[d] == '.' && d + 1 < len && text[d + 1] >= '0' && text[d + 1] <= '9')))
		d++;
	return d;
}

/* The license named after "version N of the" (its version given first: "under version 4.0
 * or later of the Creative Commons Attribution-ShareAlike International Public License"),
 * when the name with that version maps to one; GNU names are read by gnu_read_before. */
static const char *version_of(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t at)
{
	size_t d = version_digits(text, at, len), ve, p, ends[PHRASE_WORDS], nw, k;
	char buf[2 * SPDX_MAX];

	if (!d)
		return NULL;
	ve = version_end(text, len, d);
	p = ve;
	while (p < len && gnu_gap(text[p]))
		p++;
	if ((k = words_end(text, len, p, "or later ")) || (k = words_end(text, len, p, "or any later ")))
		p = k;  /* CC and most other licenses have no "or later" ids: the version named */
	if (!(k = words_end(text, len, p, "of the ")) && !(k = words_end(text, len, p, "of ")))
		return NULL;
	nw = phrase_words(text, len, k, ends);
	for (; nw > 0; nw--) {
		const char *id;
		snprintf(buf, sizeof(buf), "%.*s %.*s", (int)(ends[nw - 1] - k), text + k,
			 (int)(ve - d), text + d);
		if ((id = dp_lic_map_name(c, buf, strlen(buf))) != NULL)
			return strstr(id, "GPL") || !strncmp(id, "GFDL", 4) ? NULL : id;
	}
	return NULL;
}

static void scan_version_of(const struct dp_license_corpus *c, const char *text, size_t len,
			    struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, "version "); at < len;
	     at = find_ci(text, len, at + 8, "version ")) {
		uint32_t ln = line_of(text, at, &coff, &cline);
		const char *id;
		if (inside_text(h, ln) || !(id = version_of(c, text, len, at)))
			continue;  /* (a license text names versions of its own) */
		add_mention(h, id, ln);
	}
}

/* After a CC version: a port's jurisdiction ("-US", " IGO", "-2.0-IT") belongs to the name
 * (CC-BY-3.0-US is not CC-BY-3.0), "Unported"/"International"/"Generic" do not change it. */
static size_t cc_port(const char *text, size_t len, size_t e)
{
	static const char *const generic[] = { "unported", "international", "generic", NULL };
	size_t w = e + 1, k;

	if (e >= len || (text[e] != '-' && text[e] != ' '))
		return e;
	while (w < len && alnum_char(text[w]))
		w++;
	for (k = 0; generic[k]; k++)
		if (w - e - 1 == strlen(generic[k]) && !strncasecmp(text + e + 1, generic[k], w - e - 1))
			return e;
	if (w - e - 1 < 2 || w - e - 1 > 3 || (text[e] == ' ' && strncasecmp(text + e + 1, "igo", 3)))
		return e; /* a two- or three-letter code; after a space only IGO */
	return w;
}

/* End of a Creative Commons short name starting at `at` ("CC BY-NC-SA 4.0", "CC-BY-4.0",
 * "cc by v3.0 IGO"): the "CC BY" words, its NC/SA/ND elements, then a version (required:
 * an unversioned "CC BY" names no license). 0 when there is none. */
static size_t cc_short_end(const char *text, size_t len, size_t at)
{
	static const char *const parts[] = { "nc", "sa", "nd", NULL };
	size_t e = at + 5, k;

	if (at + 6 > len || (at > 0 && alnum_char(text[at - 1])) ||
	    (text[at + 2] != ' ' && text[at + 2] != '-') || strncasecmp(text + at + 3, "by", 2) ||
	    alnum_char(text[e]))
		return 0;
	for (k = 0; parts[k] && e + 3 <= len; k++) /* NC before SA/ND, as the names go */
		if ((text[e] == '-' || text[e] == ' ') && !strncasecmp(text + e + 1, parts[k], 2) &&
		    (e + 3 == len || !alnum_char(text[e + 3])))
			e += 3;
	if (e + 2 > len || (text[e] != ' ' && text[e] != '-'))
		return 0;
	e += 1 + (e + 1 < len && (text[e + 1] == 'v' || text[e + 1] == 'V'));
	if (e >= len || text[e] < '1' || text[e] > '4')
		return 0;
	while (e < len && ((text[e] >= '0' && text[e] <= '9') || (text[e] == '.' && e + 1 < len &&
								   text[e + 1] >= '0' && text[e + 1] <= '9')))
		e++;
	return cc_port(text, len, e);
}

/* Creative Commons short names anywhere ("Attribution-NonCommercial 4.0 International (CC
 * BY-NC 4.0)", "Data: CC-BY-SA-4.0", a table cell "CC BY 4.0"): versioned, they name one
 * license, so no grant phrase is needed. */
static void scan_cc_short(const struct dp_license_corpus *c, const char *text, size_t len,
			  struct hits *h)
{
	size_t at, e, coff = 0;
	uint32_t cline = 1;

	for (at = find_ci(text, len, 0, "cc"); at < len; at = find_ci(text, len, at + 2, "cc")) {
		const char *id;
		uint32_t ln;
		if (!(e = cc_short_end(text, len, at)) || !(id = dp_lic_map_name(c, text + at, e - at)))
			continue;
		ln = line_of(text, at, &coff, &cline);
		if (!has_spdx(h, id) && !covered_line(h, ln, id) && !inside_text(h, ln))
			add_hit(h, id, "reference", MENTION_CONF, ln, ln);
	}
}

#define BY_WINDOW 80 /* bytes between "licensed by" and its "under" (the licensor's name) */

static void scan_refs(const struct dp_license_corpus *c, const char *text, size_t len,
		      struct hits *h)
{
	size_t at, by_end, coff = 0;
	uint32_t cline = 1;
	int k;

	for (at = find_ci(text, len, 0, "spdx-license-identifier:"); at < len;
	     at = find_ci(text, len, at + 1, "spdx-license-identifier:")) {
		uint32_t ln = line_of(text, at, &coff, &cline);
		if (!inside_text(h, ln))
			scan_tag(c, text, len, at, ln, h);
	}
	for (at = find_ci(text, len, 0, "http"); at < len; at = find_ci(text, len, at + 4, "http"))
		scan_url(c, text, len, at, line_of(text, at, &coff, &cline), h);
	scan_fields(c, text, len, h);
	scan_pom(c, text, len, h);
	scan_file_licence(text, len, h);
	scan_module(c, text, len, h);
	for (k = 0; k < (int)(sizeof(word_refs) / sizeof(word_refs[0])); k++)
		scan_word_ref(c, text, len, &word_refs[k], h);
	for (k = 0; phrases[k]; k++) { /* also broken over lines: "licensed\n * under" */
		size_t e;
		for (at = find_words_ci(text, len, 0, phrases[k], &e); at < len;
		     at = find_words_ci(text, len, e, phrases[k], &e))
			if (!past_grant_before(text, len, at, 1))
				scan_phrase(c, text, len, e, line_of(text, at, &coff, &cline), 0, h);
	}
	for (at = find_words_ci(text, len, 0, "licensed by", &by_end); at < len;
	     at = find_words_ci(text, len, by_end, "licensed by", &by_end)) { /* "... by X under" */
		size_t ue, w = by_end + BY_WINDOW < len ? by_end + BY_WINDOW : len;
		size_t u = find_words_ci(text, w, by_end, "under", &ue);
		if (u < w && !past_grant(text, len, at))
			scan_phrase(c, text, len, ue, line_of(text, at, &coff, &cline), 0, h);
	}
	for (at = find_ci(text, len, 0, "alternatively,"); at < len;
	     at = find_ci(text, len, at + 14, "alternatively,")) {
		size_t e, w = at + OFFER_WINDOW < len ? at + OFFER_WINDOW : len;
		size_t g = find_words_ci(text, w, at, "under the terms of", &e);
		if (g < w)
			scan_phrase(c, text, len, e, line_of(text, g, &coff, &cline), 1, h);
	}
	scan_names(c, text, len, has_license_text(c, h), h);
	scan_version_of(c, text, len, h);
	scan_public_domain(c, text, len, h);
	scan_amp_pairs(c, text, len, h);
	scan_common_licenses(c, text, len, h);
	scan_project_refs(c, text, len, h);
	scan_cc_short(c, text, len, h);
}

/* Length of a GNU id without its "-only" / "-or-later" ("GPL-3.0" of "GPL-3.0-only"), and
 * for the GFDL without its invariant-sections variant too ("GFDL-1.3" of
 * "GFDL-1.3-no-invariants-or-later"), or 0 for another id. */
static size_t gnu_base(const char *id)
{
	size_t n = strlen(id);

	if (!strstr(id, "GPL-") && strncmp(id, "GFDL-", 5) != 0)
		return 0;
	if (ends_with(id, n, "-only"))
		n -= 5;
	else if (ends_with(id, n, "-or-later"))
		n -= 9;
	else
		return 0;
	if (!strncmp(id, "GFDL-", 5) && ends_with(id, n, "-no-invariants"))
		n -= 14;
	else if (!strncmp(id, "GFDL-", 5) && ends_with(id, n, "-invariants"))
		n -= 11;
	return n;
}

/* Does the "-or-later" grant a cover the later version that id b names ("LGPL-2.0-or-later"
 * of "LGPL-3.0-only": "see /usr/share/common-licenses/LGPL-3" beside an LGPL 2 or later
 * notice)? */
static int later_covers(const char *a, const char *b)
{
	size_t fa = dp_lic_family_len(a), ba = gnu_base(a), bb = gnu_base(b);

	return ba && bb && strstr(a, "-or-later") && fa == dp_lic_family_len(b) &&
	       !strncmp(a, b, fa) && ba == bb && strncmp(a + fa, b + fa, ba - fa) < 0 &&
	       strncmp(a + fa, "1.", 2) != 0;  /* "GPL-1.0-or-later" is also any version */
}

/* Does hit j make reference i redundant? An unversioned GNU reference ("see
 * gnu.org/licenses/gpl-license.html") read before the statement that gives the version
 * ("Version 2 or later") repeats that license; a license named in passing ("Section 7 of
 * GPL version 3", "common-licenses/LGPL-2") repeats the same version granted by a notice
 * or a stronger reference, whether that says "only" or "or later", and a later version
 * that an explicit "N or later" grant covers (later_covers). A license file named by its
 * family ("LICENSE-GPL") repeats the versioned license found. */
static int superseded_by(const struct hit *i, const struct hit *j)
{
	size_t fl = dp_lic_family_len(i->spdx), b = gnu_base(i->spdx);

	if (strcmp(i->kind, "reference") != 0 || !strcmp(j->spdx, i->spdx))
		return 0;
	if (i->plain && !(b && gnu_base(j->spdx) == b && !strncmp(j->spdx, i->spdx, b)))
		return dp_lic_family_len(j->spdx) == fl && !strncmp(j->spdx, i->spdx, fl) &&
		       (!j->plain || strcmp(j->spdx, i->spdx) > 0); /* of two, the later */
	return i->conf <= MENTION_CONF && b &&
	       ((gnu_base(j->spdx) == b && !strncmp(j->spdx, i->spdx, b) &&
		 (j->conf > i->conf || j->a < i->a)) ||
		(!j->plain && j->conf > MENTION_CONF && later_covers(j->spdx, i->spdx)));
}

static void drop_superseded(struct hits *h)
{
	size_t i, j, o = 0;

	for (i = 0; i < h->n; i++) {
		int drop = 0;
		for (j = 0; j < h->n && !drop; j++)
			drop = j != i && superseded_by(&h->v[i], &h->v[j]);
		if (!drop)
			h->v[o++] = h->v[i];
	}
	h->n = o;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return strcmp(x->spdx, y->spdx);
}

int dp_license_scan(const struct dp_license_corpus *c, const char *text, size_t len,
		    dp_license_hit_fn cb, void *ctx)
{
	struct hits *h = calloc(1, sizeof(*h));
	size_t i;

	if (!h)
		return DP_FATAL;
	if (scan_texts(c, text, len, h) != DP_OK) {
		free(h);
		return DP_FATAL;
	}
	scan_refs(c, text, len, h);
	drop_superseded(h);
	qsort(h->v, h->n, sizeof(h->v[0]), hit_cmp);
	for (i = 0; i < h->n; i++) {
		struct dp_license_hit out = { h->v[i].spdx, h->v[i].kind, h->v[i].conf,
					      h->v[i].a, h->v[i].b };
		cb(ctx, &out);
	}
	free(h);
	return DP_OK;
}

int dp_license_prefilter(const char *text, size_t len)
{
	static const char *const kw[] = { "licen", "copyright", "permission", "spdx",
		"creativecommons", "public domain", "warrant", "redistribut", "gnu.org",
		"opensource.org", "cc by", "cc-by", NULL };
	int k;

	for (k = 0; kw[k]; k++)
		if (find_ci(text, len, 0, kw[k]) < len)
			return 1;
	return 0;
}

/* names.c - licenses named in passing: grant phrases, "... License" mentions, acronyms,
 * exceptions, headings and names that need no word "license". */
#include "license/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/spdx_expr.h"

size_t dp_lic_skip_articles(const char *text, size_t len, size_t s)
{
	static const char *const w[] = { "the ", "a ", "an ", "terms of ",
		"terms and conditions of ",
		"either ", "this ", "dual ", "tri ", "triple ", NULL };
	int k, again = 1;

	while (again) {
		again = 0;
		while (s < len && (text[s] == ' ' || text[s] == '\t' || text[s] == '\n' ||
				   text[s] == '\r' || text[s] == '*' || text[s] == '#' ||
				   text[s] == '/'))
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

size_t dp_lic_phrase_words(const char *text, size_t len, size_t s, size_t *ends)
{
	size_t nw = 0, e = s;

	while (e < len && nw < PHRASE_WORDS) {
		while (e < len && (text[e] == ' ' || text[e] == '\t' || text[e] == '\n' ||
				   text[e] == '\r' || text[e] == '*' || text[e] == '#' ||
				   (text[e] == ',' && nw)))  /* the comma of ", Version 1.1" */
			e++;
		if (e >= len || text[e] == '(' || text[e] == ';' || text[e] == '[' ||
		    text[e] == '/')
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
			if ((p = dp_lic_words_end(text, len, e, later[k])) != 0) {
				e = p;
				again = 1;
			}
		if (!again && e < len && text[e] == '(') {
			const char *rp = memchr(text + e, ')',
						len - e < PAREN_SKIP ? len - e : PAREN_SKIP);
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
		if ((p = dp_lic_words_end(text, len, e, joins[k])) != 0)
			return p;
	return comma ? e : 0;  /* "the MIT, BSD, and GPL licenses" */
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
		if (dp_lic_starts_ci(text, len, e, "or ") || dp_lic_starts_ci(text, len, e, "and "))
			return next_name(text, len, ends[k]);
	}
	return 0;
}

/* A name whose words a slash joins ("the zlib/libpng license"), when the two together
 * map to one license: its id, with *e moved past the second word; else id. */
static const char *slash_name(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t s, size_t *e, const char *id)
{
	size_t w = *e + 1;
	const char *both;

	if (*e >= len || text[*e] != '/')
		return id;
	while (w < len && dp_lic_name_char(text[w]))
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

void dp_lic_scan_phrase(const struct dp_license_corpus *c, const char *text, size_t len,
			size_t s, uint32_t line, int offered, struct hits *h)
{
	size_t ends[PHRASE_WORDS], nw, k, n0;
	int names;

	if (dp_lic_field_on_line(h, line))
		return;  /* "License: X" was read whole */
	for (names = 0; names < PHRASE_NAMES && s; names++) {
		const char *id = NULL, *vid;
		char buf[SPDX_MAX], later[SPDX_MAX];
		s = dp_lic_skip_articles(text, len, s);
		nw = dp_lic_phrase_words(text, len, s, ends);
		for (k = nw; k > 0 && !id; k--)
			id = join_last(text, s, ends[k - 1]) ? NULL
				: dp_lic_map_name(c, text + s, ends[k - 1] - s);
		if (!id) {  /* a name not known: "the Eiffel Forum Licence, or the LGPL" */
			s = or_after_unknown(text, len, ends, nw);
			continue;
		}
		id = slash_name(c, text, len, s, &ends[k], id);
		/* the name is words [s, ends[k]); its version may follow or precede it */
		vid = dp_lic_gnu_version(c, id, text, len, s, s, buf, sizeof(buf));
		vid = dp_lic_later_after(c, vid, text, len, ends[k], later, sizeof(later));
		n0 = h->n;
		if (!(offered ? dp_lic_has_spdx(h, vid) : dp_lic_covered_line(h, line, vid)) &&
		    !(dp_lic_name_plain(text, s, ends[k], vid == id) &&
		      dp_lic_hit_of_family(h, vid)) &&
		    !dp_lic_text_of_family(h, vid) &&
		    !(vid == id && dp_lic_unversioned_dup(h, id, text + s, ends[k] - s)))
			dp_lic_add_hit(h, vid, "reference", 0.8, line, line);
		dp_lic_mark_plain(h, n0, text, s, ends[k], vid == id);
		s = next_name(text, len, ends[k]);
	}
}

/* A '!' that ends a name's word ("the Yahoo! Public License"), not a sentence. */
static int trademark_bang(const char *text, size_t p)
{
	return text[p] == '!' && p > 0 && dp_lic_name_char(text[p - 1]) &&
	       (text[p + 1] == ' ' || text[p + 1] == '\t');
}

/* Start offsets of up to MENTION_BEFORE words before `at`, nearest first. */
static size_t words_before(const char *text, size_t at, size_t *st)
{
	size_t n = 0, p = at;

	while (n < MENTION_BEFORE && p > 0) {
		size_t e = p;
		while (e > 0 && (dp_lic_gap_char(text[e - 1]) || trademark_bang(text, e - 1)))
			e--;
		p = e;
		while (p > 0 && dp_lic_name_char(text[p - 1]))
			p--;
		if (p == e || (e < at && text[e - 1] == '.' && dp_lic_gap_char(text[e])))
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
		while (p < len &&
		       (text[p] == ',' || dp_lic_gnu_gap(text[p]) || at_least(text, len, p))) {
			nl |= text[p] == '\n';
			comma |= text[p] == ',';
			p += at_least(text, len, p) ? 2 : 1;
		}
		if (comma && n > 1)
			break;  /* "Version 2.0, 7 June 1999": the date is no part of the name */
		e = p;
		while (e < len && dp_lic_name_char(text[e]))
			e++;
		if (e == p ||
		    !(text[p] == 'v' || text[p] == 'V' || (text[p] >= '0' && text[p] <= '9') ||
		      dp_lic_starts_ci(text, len, p, "version") || text[p] == '+'))
			break;
		if (nl && (n > 1 || !dp_lic_starts_ci(text, len, p, "version")) &&
		    !(n > 1 && !strncasecmp(text + en[n - 1] - 7, "version", 7) &&
		      text[p] >= '0' && text[p] <= '9'))
			break;  /* a next line goes on with "Version 1.1" or, after "Version",
				"1.1" */
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
		while (p > 0 && dp_lic_name_char(text[p - 1]))
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

	if (!id || dp_lic_has_spdx(h, id) || dp_lic_covered_line(h, line, id) ||
	    dp_lic_text_of_family(h, id))
		return;
	dp_lic_add_hit(h, id, "reference", MENTION_CONF, line, line);
	dp_lic_mark_plain(h, n0, text, a, b, 1);
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
	a = dp_lic_skip_articles(text, len, a);
	n = dp_lic_phrase_words(text, len, a, ends);
	for (k = n < JOIN_WORDS ? n : JOIN_WORDS; k > 0; k--)
		if (dp_lic_map_name(c, text + a, ends[k - 1] - a)) {
			add_joined(c, text, a, ends[k - 1], line, h);
			break;
		}
}

/* A license file named after its license ("the file named ISC-LICENSE", "LICENSE-MIT",
 * "LICENSE_APACHE", "LICENSE.BSD"): the license word at `at` (7 bytes) joined by '-',
 * '_' or '.' to a name that maps to one. Returns the id (borrowed) or NULL. */
static const char *file_named(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t at)
{
	size_t p = at, e = at + 7;

	if (p > 1 && (text[p - 1] == '-' || text[p - 1] == '_') && dp_lic_alnum_char(text[p - 2]) &&
	    !(e < len && dp_lic_alnum_char(text[e]))) {
		for (p = at - 1; p > 0 && dp_lic_alnum_char(text[p - 1]); p--)
			;
		if (p > 0 && (dp_lic_name_char(text[p - 1]) || text[p - 1] == '/'))
			return NULL;  /* part of a longer name or a path ("Apache-2.0-LICENSE") */
		return dp_lic_map_name(c, text + p, at - 1 - p);
	}
	if (e + 1 < len && (text[e] == '-' || text[e] == '_' || text[e] == '.') &&
	    dp_lic_alnum_char(text[e + 1]) &&
	    !(p > 0 && (dp_lic_name_char(text[p - 1]) || text[p - 1] == '/'))) {
		for (p = e + 1; p < len && dp_lic_alnum_char(text[p]); p++)
			;
		if (p < len && (text[p] == '-' || text[p] == '.') && p + 1 < len &&
		    dp_lic_alnum_char(text[p + 1]))
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
		if (dp_lic_has_ci(text, from, s, w[k]))
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
		if (dp_lic_has_ci(text, from, to, changed[k]))
			return 1;
	return 0;
}

int dp_lic_past_grant(const char *text, size_t len, size_t at)
{
	size_t ws, n = dp_lic_word_before(text, at, &ws);

	if (!(n == 3 && !strncasecmp(text + ws, "was", 3)) &&
	    !(n == 4 && !strncasecmp(text + ws, "were", 4)))
		return 0;
	return changed_after(text, len, at);
}

int dp_lic_past_grant_before(const char *text, size_t len, size_t s, int under)
{
	size_t p = s, ws, n;
	int k;

	for (k = 0; k < PAST_GRANT_WORDS; k++) {
		while (p > 0 && !dp_lic_letter(text[p - 1])) {
			if (text[p - 1] == '.' && p < len && dp_lic_gnu_gap(text[p]))
				return 0;  /* the sentence starts here */
			p--;
		}
		for (ws = p; ws > 0 && dp_lic_letter(text[ws - 1]); ws--)
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
	return dp_lic_past_grant_before(text, len, s, 0);
}

/* Does the text after a name ending at e say it does not apply ("BSD license may not
 * apply to the resulting binary")? */
static int denied_after(const char *text, size_t len, size_t e)
{
	static const char *const w[] = { "may not apply", "does not apply", "do not apply",
		"will not apply", "doesn't apply", "no longer applies", "is not applicable",
		"does not cover", NULL };
	int k;

	while (e < len && dp_lic_gnu_gap(text[e]))
		e++;
	for (k = 0; w[k]; k++)
		if (dp_lic_words_end(text, len, e, w[k]))
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
		if (!(dp_lic_name_char(text[q]) || text[q] == '"' || text[q] == ' '))
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
	if ((at > 0 && dp_lic_name_char(text[at - 1])) ||
	    (e < len && dp_lic_name_char(text[e]) && text[e] != '.'))
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
		dp_lic_add_mention(h, id, line);
		dp_lic_mark_plain(h, n0, id, 0, 0, 1);
		return;
	}
	if (!id || compared(text, s) || past_grant_of(text, len, s) ||
	    denied_after(text, len, e))
		return;
	vid = dp_lic_gnu_version(c, id, text, len, s, s, buf, sizeof(buf));
	if (vid == id)
		vid = dp_lic_later_after(c, id, text, len, e, buf, sizeof(buf));
	n0 = h->n;
	if (!dp_lic_has_spdx(h, vid) && !dp_lic_covered_line(h, line, vid) &&
	    !(dp_lic_name_plain(text, s, e, vid == id) && dp_lic_hit_of_family(h, vid)) &&
	    !dp_lic_text_of_family(h, vid) &&
	    !(vid == id && dp_lic_unversioned_dup(h, id, text + s, e - s)))
		dp_lic_add_hit(h, vid, "reference", MENTION_CONF, line, line);
	dp_lic_mark_plain(h, n0, text, s, e, vid == id);
	if (h->n > n0)
		scan_joined(c, text, len, s, e, line, h);
}

const char *dp_lic_notice_named(const struct dp_license_corpus *c, const char *text, size_t len,
				size_t from, size_t to)
{
	size_t at, s, e, k;
	const char *id;

	for (at = dp_lic_find_ci(text, to, from, "licen"); at < to; at = dp_lic_find_ci(text, to,
											at + 5,
											"licen")) {
		if (!dp_lic_starts_ci(text, len, at, "license") &&
		    !dp_lic_starts_ci(text, len, at, "licence"))
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

/* An exception named in prose: 'subject to the "Classpath" exception', 'the GCC Runtime
 * Library Exception, version 3.1': the longest run of words around the word "exception"
 * at `at` that names an exception of the list. */
static void scan_exception(const struct dp_license_corpus *c, const char *text, size_t len,
			   size_t at, uint32_t line, struct hits *h)
{
	size_t st[MENTION_BEFORE], en[MENTION_AFTER + 1], ns, ne, i, j;

	if ((at > 0 && dp_lic_name_char(text[at - 1])) ||
	    (at + 9 < len && dp_lic_name_char(text[at + 9]) && text[at + 9] != '.'))
		return;
	ns = words_before(text, at, st);
	ne = words_after(text, len, at + 9, en);
	for (i = ns; i-- > 0;) {
		for (j = ne; j-- > 0;) {
			const char *id = dp_lic_map_name(c, text + st[i], en[j] - st[i]);
			uint32_t k = id ? dp_lic_find(c, id) : DP_LIC_NONE;
			if (k == DP_LIC_NONE || !(c->lics[k].flags & DP_LIC_EXCEPTION))
				continue;
			if (!dp_lic_has_spdx(h, id) && !dp_lic_covered_line(h, line, id) &&
			    !dp_lic_exception_text(h, id))
				dp_lic_add_hit(h, id, "reference", MENTION_CONF, line, line);
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

static void scan_acronym(const struct dp_license_corpus *c, const char *text, size_t len,
			 size_t at, uint32_t line, struct hits *h)
{
	size_t s = at, e = at + 3, k, ends[4], ne = 0, n0;
	char buf[SPDX_MAX];
	const char *id, *vid;

	if (s > 0 && (text[s - 1] == 'L' || text[s - 1] == 'l' || text[s - 1] == 'A' ||
		      text[s - 1] == 'a'))
		s--;  /* LGPL, AGPL */
	if ((s > 0 && dp_lic_name_char(text[s - 1])) ||
	    (e < len && dp_lic_letter(text[e]) && (text[e] | 32) != 'v'))
		return;  /* inside a longer word ("canonicalize-lgpl") */
	if (compared(text, s) || dp_lic_has_ci(text, e, e + 12 < len ? e + 12 : len, "exception") ||
	    dp_lic_has_ci(text, e, e + 12 < len ? e + 12 : len, "compatib") ||
	    dp_lic_has_ci(text, s > 30 ? s - 30 : 0, s, "compatib"))
		return;  /* "GPL Exception", "GPL-compatible": not the GPL itself */
	if (s >= 4 && !strncasecmp(text + s - 4, "gnu ", 4))
		s -= 4;
	else if (!versioned_acronym(text, len, e))
		return;  /* a bare "LGPL or GPL" in prose names no license version */
	while (e < len && (dp_lic_name_char(text[e]) || text[e] == '_'))
		e++;
	ends[ne++] = e;
	/* "GPL v2", "GPL version 2 or later" */
	while (ne < 4 && e < len && text[e] == ' ' && e + 1 < len &&
	       ((text[e + 1] >= '0' && text[e + 1] <= '9') || text[e + 1] == 'v' ||
		text[e + 1] == 'V' || dp_lic_starts_ci(text, len, e + 1, "or later"))) {
		e++;
		while (e < len && (dp_lic_name_char(text[e]) || (text[e] == ' ' && e + 1 < len &&
								 dp_lic_starts_ci(text, len, e + 1,
										  "later"))))
			e++;
		while (e > s && text[e - 1] == '.')
			e--;
		ends[ne++] = e;
	}
	for (k = ne; k-- > 0;) {
		id = dp_lic_map_name(c, text + s, ends[k] - s);
		if (!id)
			continue;
		vid = dp_lic_gnu_version(c, id, text, len, s, ends[0], buf, sizeof(buf));
		n0 = h->n;
		if (!dp_lic_has_spdx(h, vid) && !dp_lic_covered_line(h, line, vid) &&
		    !(dp_lic_name_plain(text, s, ends[k], vid == id) &&
		      dp_lic_hit_of_family(h, vid)) &&
		    !dp_lic_text_of_family(h, vid))
			dp_lic_add_hit(h, vid, "reference", MENTION_CONF, line, line);
		dp_lic_mark_plain(h, n0, text, s, ends[k], vid == id);
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
			dp_lic_scan_phrase(c, text, le, a, line, 0, h);
			armed = 0;
		} else if (license_heading(text, ls, le)) {
			armed = 1;
		}
		ls = le + 1;
		line++;
	}
}

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

	if (at > 0 && dp_lic_name_char(text[at - 1]))
		return;
	nw = dp_lic_phrase_words(text, len, at, ends);
	for (k = nw; k > 0 && !id; k--)
		id = dp_lic_map_name(c, text + at, ends[k - 1] - at);
	if (!id || compared(text, at) || past_grant_of(text, len, at) ||
	    (strpbrk(id, "0123456789") && dp_lic_name_plain(text, at, ends[k], 1)))
		return;
	dp_lic_add_mention(h, id, line);
}

void dp_lic_scan_names(const struct dp_license_corpus *c, const char *text, size_t len,
		       int doc, struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1, ln;
	int k;

	for (at = dp_lic_find_ci(text, len, 0, "gpl"); at < len; at = dp_lic_find_ci(text, len,
										     at + 3,
										     "gpl")) {
		ln = dp_lic_line_of(text, at, &coff, &cline);
		if ((!doc || dp_lic_in_text_gap(h, ln)) && !dp_lic_field_on_line(h, ln))
			scan_acronym(c, text, len, at, ln, h);
	}
	for (at = dp_lic_find_ci(text, len, 0, "licen"); at < len; at = dp_lic_find_ci(text, len,
										       at + 5,
										       "licen")) {
		if (at + 7 > len || (strncasecmp(text + at, "license", 7) &&
				     strncasecmp(text + at, "licence", 7)))
			continue;
		ln = dp_lic_line_of(text, at, &coff, &cline);
		if ((!doc || dp_lic_in_text_gap(h, ln)) && !dp_lic_field_on_line(h, ln))
			scan_mention(c, text, len, at, ln, h);
	}
	for (at = dp_lic_find_ci(text, len, 0, "exception"); at < len;
	     at = dp_lic_find_ci(text, len, at + 9, "exception")) {
		ln = dp_lic_line_of(text, at, &coff, &cline);
		/* an exception named outside the license text ("The FreeRTOS GPL Exception
		 * text on this page applies to ...") is granted with it */
		if ((!doc || dp_lic_in_text_gap(h, ln) || !dp_lic_inside_text(h, ln)) &&
		    !dp_lic_field_on_line(h, ln))
			scan_exception(c, text, len, at, ln, h);
	}
	for (k = 0; named_words[k]; k++) {
		size_t wl = strlen(named_words[k]);
		for (at = dp_lic_find_ci(text, len, 0, named_words[k]); at < len;
		     at = dp_lic_find_ci(text, len, at + wl, named_words[k])) {
			ln = dp_lic_line_of(text, at, &coff, &cline);
			if ((!doc || dp_lic_in_text_gap(h, ln)) && !dp_lic_field_on_line(h, ln))
				scan_own_name(c, text, len, at, ln, h);
		}
	}
	if (!doc)
		scan_headings(c, text, len, h);
}

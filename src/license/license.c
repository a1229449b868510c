/* license.c - one scan of a text: full texts, notices, SPDX tags and references. */
#include "license/license.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/match.h"
#include "license/normalize.h"
#include "license/scan.h"
#include "license/spdx_expr.h"

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

static const char *const phrases[] = { "licensed under", "released under",
	"distributed under", "available under", "licenced under", "license:", "licence:",
	"under the terms of", "governed by", "subject to the terms of", "covered by",
	"provided under", "published under", "made available under", "@license", "licensing:",
	"under the terms and conditions of", "either the terms of",
	"subject to the terms and conditions of",
	"license\":", "license\" :", "\"type\":", NULL };

/* A GFDL notice names its version and "or later" in words, as a GNU notice does; the
 * notices of 1.1, 1.2 and 1.3 differ in little else. The template's invariant-sections
 * variant ("with no Invariant Sections": -no-invariants) is kept. Returns the id (buf)
 * or the template's. */
static const char *gfdl_notice(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t from, size_t to, char *buf, size_t cap)
{
	static const char *const vers[] = { "1.1", "1.2", "1.3", NULL };
	size_t at, d, n = strlen(id);
	int k, only = dp_lic_ends_with(id, n, "-only");
	const char *variant = id + 8;  /* after "GFDL-1.x" */
	size_t vn = n - 8 - (only ? 5 : 9);

	if (n < 8 + 5 || (!only && !dp_lic_ends_with(id, n, "-or-later")))
		return id;
	for (at = dp_lic_find_ci(text, to, from, "v"); at < to; at = dp_lic_find_ci(text, to,
										    at + 1, "v")) {
		if (!(d = dp_lic_version_digits(text, at, to)))
			continue;
		for (k = 0; vers[k] && !(d + 3 <= to && !strncmp(text + d, vers[k], 3) &&
					 !(d + 3 < to && text[d + 3] >= '0' && text[d + 3] <= '9'));
		     k++)
			;
		if (!vers[k])
			continue;
		snprintf(buf, cap, "GFDL-%s%.*s-%s", vers[k], (int)vn, variant,
			 dp_lic_gnu_later(text, d, d + 3, to) ? "or-later" : "only");
		return dp_lic_canon_id(c, buf) ? buf : id;
	}
	return id;
}

/* The license a "Licensed under the EUPL, Version 1.1 ..." grant in text[from..to) names
 * with a version, when no word "License" follows its name; or NULL. */
static const char *grant_named(const struct dp_license_corpus *c, const char *text,
			       size_t from, size_t to)
{
	size_t e, s = dp_lic_find_words_ci(text, to, from, "licensed under", &e),
		ends[PHRASE_WORDS];
	size_t nw, k;

	if (s >= to)
		return NULL;
	s = dp_lic_skip_articles(text, to, e);
	nw = dp_lic_phrase_words(text, to, s, ends);
	for (k = nw; k > 0; k--) {
		const char *id = dp_lic_map_name(c, text + s, ends[k - 1] - s);
		if (id)
			return dp_lic_name_plain(text, s, ends[k - 1], 1) ? NULL : id;
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
		return dp_lic_gnu_notice(c, id, text, len, from, to, buf, extra, cap);
	if (!strncmp(id, "GFDL-", 5))
		return gfdl_notice(c, id, text, from, to, buf, cap);
	named = dp_lic_notice_named(c, text, len, dp_lic_line_before(text, from), to);
	if (!named)
		named = grant_named(c, text, dp_lic_line_before(text, from), to);
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
			id = id && !dp_lic_name_plain(text, s, ends[n - 1], 1) ? id : NULL;
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
	const char *named = dp_lic_notice_named(c, text, len, a, b);
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
			dp_lic_add_hit(h, extra, "notice", m[i].coverage, m[i].line_start,
				       m[i].line_end);
		dp_lic_add_hit(h, id, notice ? "notice" : "text", m[i].coverage, m[i].line_start,
			       m[i].line_end);
		if (h->n && !strcmp(h->v[h->n - 1].spdx, id)) {
			memcpy(h->v[h->n - 1].gaps, m[i].gaps, sizeof(m[i].gaps));
			h->v[h->n - 1].n_gaps = m[i].n_gaps;
		}
	}
	dp_lic_toks_release(&toks);
	return rc ? DP_FATAL : DP_OK;
}

static void scan_refs(const struct dp_license_corpus *c, const char *text, size_t len,
		      struct hits *h)
{
	size_t at, by_end, coff = 0;
	uint32_t cline = 1;
	int k;

	for (at = dp_lic_find_ci(text, len, 0, "spdx-license-identifier:"); at < len;
	     at = dp_lic_find_ci(text, len, at + 1, "spdx-license-identifier:")) {
		uint32_t ln = dp_lic_line_of(text, at, &coff, &cline);
		if (!dp_lic_inside_text(h, ln))
			dp_lic_scan_tag(c, text, len, at, ln, h);
	}
	for (at = dp_lic_find_ci(text, len, 0, "http"); at < len; at = dp_lic_find_ci(text, len,
										      at + 4,
										      "http"))
		dp_lic_scan_url(c, text, len, at, dp_lic_line_of(text, at, &coff, &cline), h);
	dp_lic_scan_fields(c, text, len, h);
	dp_lic_scan_pom(c, text, len, h);
	dp_lic_scan_file_licence(text, len, h);
	dp_lic_scan_module(c, text, len, h);
	dp_lic_scan_word_refs(c, text, len, h);
	for (k = 0; phrases[k]; k++) { /* also broken over lines: "licensed\n * under" */
		size_t e;
		for (at = dp_lic_find_words_ci(text, len, 0, phrases[k], &e); at < len;
		     at = dp_lic_find_words_ci(text, len, e, phrases[k], &e))
			if (!dp_lic_past_grant_before(text, len, at, 1))
				dp_lic_scan_phrase(c, text, len, e,
						   dp_lic_line_of(text, at, &coff, &cline), 0, h);
	}
	for (at = dp_lic_find_words_ci(text, len, 0, "licensed by", &by_end); at < len;
	     at = dp_lic_find_words_ci(text, len, by_end, "licensed by",
				       &by_end)) { /* "... by X under" */
		size_t ue, w = by_end + BY_WINDOW < len ? by_end + BY_WINDOW : len;
		size_t u = dp_lic_find_words_ci(text, w, by_end, "under", &ue);
		if (u < w && !dp_lic_past_grant(text, len, at))
			dp_lic_scan_phrase(c, text, len, ue,
					   dp_lic_line_of(text, at, &coff, &cline), 0, h);
	}
	for (at = dp_lic_find_ci(text, len, 0, "alternatively,"); at < len;
	     at = dp_lic_find_ci(text, len, at + 14, "alternatively,")) {
		size_t e, w = at + OFFER_WINDOW < len ? at + OFFER_WINDOW : len;
		size_t g = dp_lic_find_words_ci(text, w, at, "under the terms of", &e);
		if (g < w)
			dp_lic_scan_phrase(c, text, len, e, dp_lic_line_of(text, g, &coff, &cline),
					   1, h);
	}
	dp_lic_scan_names(c, text, len, dp_lic_has_license_text(c, h), h);
	dp_lic_scan_version_of(c, text, len, h);
	dp_lic_scan_public_domain(c, text, len, h);
	dp_lic_scan_amp_pairs(c, text, len, h);
	dp_lic_scan_common_licenses(c, text, len, h);
	dp_lic_scan_project_refs(c, text, len, h);
	dp_lic_scan_cc_short(c, text, len, h);
}

/* Length of a GNU id without its "-only" / "-or-later" ("GPL-3.0" of "GPL-3.0-only"), and
 * for the GFDL without its invariant-sections variant too ("GFDL-1.3" of
 * "GFDL-1.3-no-invariants-or-later"), or 0 for another id. */
static size_t gnu_base(const char *id)
{
	size_t n = strlen(id);

	if (!strstr(id, "GPL-") && strncmp(id, "GFDL-", 5) != 0)
		return 0;
	if (dp_lic_ends_with(id, n, "-only"))
		n -= 5;
	else if (dp_lic_ends_with(id, n, "-or-later"))
		n -= 9;
	else
		return 0;
	if (!strncmp(id, "GFDL-", 5) && dp_lic_ends_with(id, n, "-no-invariants"))
		n -= 14;
	else if (!strncmp(id, "GFDL-", 5) && dp_lic_ends_with(id, n, "-invariants"))
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
		if (dp_lic_find_ci(text, len, 0, kw[k]) < len)
			return 1;
	return 0;
}

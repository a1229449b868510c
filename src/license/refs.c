/* refs.c - references of fixed forms: SPDX tags, URLs, License: fields, POM and kernel
 * module licenses, project headers, public-domain statements, Creative Commons short names. */
#include "license/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/spdx_expr.h"

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
			dp_lic_add_hit(h, id, "tag", TAG_WORD_CONF, line, line);
		s = (n ? ends[n - 1] : ends[0]) + 1;
		while (s < e && (text[s] == ' ' || text[s] == '\t'))
			s++;
	}
}

void dp_lic_scan_tag(const struct dp_license_corpus *c, const char *text, size_t len,
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
		dp_lic_add_hit(h, expr, "tag", 1.0, line, line);
	else
		tag_words(c, text, s, e, line, h);
}

static int url_char(char c)
{
	return c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != ')' && c != ']' &&
	       c != '(' && c != '[' && c != '`' && c != '|';
}

void dp_lic_scan_url(const struct dp_license_corpus *c, const char *text, size_t len,
		     size_t at, uint32_t line, struct hits *h)
{
	size_t e = at, n0;
	char buf[SPDX_MAX];
	const char *id;

	while (e < len && url_char(text[e]))
		e++;
	id = dp_lic_map_url(c, text + at, e - at, buf, sizeof(buf));
	n0 = h->n;
	if (id && !dp_lic_covered_line(h, line, id) && !dp_lic_text_of_family(h, id))
		dp_lic_add_hit(h, id, "reference", 0.9, line, line);
	dp_lic_mark_plain(h, n0, text, at, e, 1);
}

void dp_lic_scan_file_licence(const char *text, size_t len, struct hits *h)
{
	static const char *const map[][2] = {
		{ "GPL2_OR_LATER", "GPL-2.0-or-later" }, { "GPL2_ONLY", "GPL-2.0-only" },
		{ "GPL_ANY", "GPL-1.0-or-later" }, { "BSD3", "BSD-3-Clause" },
		{ "BSD2", "BSD-2-Clause" }, { "BSD2_PATENT", "BSD-2-Clause-Patent" },
		{ "MIT", "MIT" }, { "PUBLIC_DOMAIN", "LicenseRef-Public-Domain" }, { NULL, NULL } };
	size_t at, coff = 0;
	uint32_t cline = 1;
	int k;

	for (at = dp_lic_find_ci(text, len, 0, "file_licence"); at < len;
	     at = dp_lic_find_ci(text, len, at + 12, "file_licence")) {
		size_t v = at + 12, e;
		while (v < len && text[v] == ' ')
			v++;
		if (v >= len || text[v] != '(')
			continue;
		for (v++; v < len && text[v] == ' '; v++)
			;
		for (e = v; e < len && dp_lic_name_char(text[e]); e++)
			;
		for (k = 0; map[k][0]; k++)
			if (strlen(map[k][0]) == e - v && !strncmp(text + v, map[k][0], e - v)) {
				uint32_t ln = dp_lic_line_of(text, at, &coff, &cline);
				dp_lic_add_hit(h, map[k][1], "reference", FIELD_CONF, ln, ln);
			}
	}
}

void dp_lic_scan_pom(const struct dp_license_corpus *c, const char *text, size_t len,
		     struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = dp_lic_find_ci(text, len, 0, "<license>"); at < len;
	     at = dp_lic_find_ci(text, len, at + 9, "<license>")) {
		size_t w = at + POM_WINDOW < len ? at + POM_WINDOW : len;
		size_t end = dp_lic_find_ci(text, w, at, "</license>");
		size_t s = dp_lic_find_ci(text, end, at, "<name>"), e;
		char spdx[SPDX_MAX];
		uint32_t ln;
		if (s >= end || (e = dp_lic_find_ci(text, end, s + 6, "</name>")) >= end)
			continue;
		ln = dp_lic_line_of(text, s, &coff, &cline);
		if (dp_lic_map_field(c, text + s + 6, e - s - 6, spdx, sizeof(spdx)) ==
		    DP_LICENSE_MAPPED && !dp_lic_has_spdx(h, spdx))
			dp_lic_add_hit(h, spdx, "reference", FIELD_CONF, ln, ln);
	}
}

void dp_lic_scan_fields(const struct dp_license_corpus *c, const char *text, size_t len,
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
				   !strncasecmp(text + a, "licence:", 8)) &&
		    !dp_lic_inside_text(h, line) &&
		    dp_lic_map_field(c, text + a + 8, le - a - 8, spdx, sizeof(spdx)) ==
		    DP_LICENSE_MAPPED)
			dp_lic_add_hit(h, spdx, "reference", FIELD_CONF, line, line);
		ls = le + 1;
		line++;
	}
}

void dp_lic_scan_module(const struct dp_license_corpus *c, const char *text, size_t len,
			struct hits *h)
{
	static const char *const map[][2] = {
		{ "GPL", "GPL-2.0-or-later" }, { "GPL v2", "GPL-2.0-only" },
		{ "Dual BSD/GPL", "BSD-3-Clause OR GPL-2.0-only" },
		{ "Dual MIT/GPL", "MIT OR GPL-2.0-only" },
		{ "Dual MPL/GPL", "MPL-1.1 OR GPL-2.0-only" }, { NULL, NULL } };
	size_t at, coff = 0, k;
	uint32_t cline = 1;

	for (at = dp_lic_find_ci(text, len, 0, "module_license(\""); at < len;
	     at = dp_lic_find_ci(text, len, at + 16, "module_license(\"")) {
		size_t v = at + 16, e = v;
		while (e < len && text[e] != '"' && text[e] != '\n')
			e++;
		for (k = 0; map[k][0]; k++) {
			uint32_t ln;
			const char *expr = map[k][1];
			if (strlen(map[k][0]) != e - v || strncmp(text + v, map[k][0], e - v) != 0)
				continue;
			ln = dp_lic_line_of(text, at, &coff, &cline);
			while (*expr) {
				size_t n = strcspn(expr, " ");
				char id[SPDX_MAX];
				snprintf(id, sizeof(id), "%.*s", (int)n, expr);
				if (dp_lic_canon_id(c, id))
					dp_lic_add_hit(h, id, "reference", FIELD_CONF, ln, ln);
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

	if (e + 1 >= len || text[e] != '.' || !dp_lic_alnum_char(text[e + 1]))
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

	for (at = dp_lic_find_ci(text, len, 0, r->phrase); at < len;
	     at = dp_lic_find_ci(text, len, at + pl, r->phrase)) {
		size_t s = r->articles ? dp_lic_skip_articles(text, len, at + pl) : at + pl, e = s;
		const char *id;
		uint32_t ln;
		while (e < len && dp_lic_alnum_char(text[e]))
			e++;
		if (e == s || !(id = r->id_of(c, text, len, s, e)))
			continue;
		ln = dp_lic_line_of(text, at, &coff, &cline);
		if (!dp_lic_has_spdx(h, id) && !dp_lic_covered_line(h, ln, id) &&
		    !(r->not_with_text && dp_lic_text_of_family(h, id)))
			dp_lic_add_hit(h, id, "reference", r->conf, ln, ln);
	}
}

void dp_lic_scan_word_refs(const struct dp_license_corpus *c, const char *text, size_t len,
			   struct hits *h)
{
	size_t k;

	for (k = 0; k < sizeof(word_refs) / sizeof(word_refs[0]); k++)
		scan_word_ref(c, text, len, &word_refs[k], h);
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

void dp_lic_scan_project_refs(const struct dp_license_corpus *c, const char *text, size_t len,
			      struct hits *h)
{
	size_t k, at, e, coff = 0;
	uint32_t cline = 1;
	int doc = dp_lic_has_license_text(c, h);

	for (k = 0; k < sizeof(project_refs) / sizeof(project_refs[0]); k++)
		for (at = dp_lic_find_words_ci(text, len, 0, project_refs[k][0], &e); at < len;
		     at = dp_lic_find_words_ci(text, len, e, project_refs[k][0], &e)) {
			uint32_t ln = dp_lic_line_of(text, at, &coff, &cline);
			/* a license document quoting the phrase (GD's credits the IJG's code)
			 * names it in passing, as scan_names reads such documents */
			if (!dp_lic_has_spdx(h, project_refs[k][1]) &&
			    !dp_lic_covered_line(h, ln, NULL) &&
			    (!doc || dp_lic_in_text_gap(h, ln)) &&
			    !dp_lic_text_of_family(h, project_refs[k][1]))
				dp_lic_add_hit(h, project_refs[k][1], "reference", MENTION_CONF,
					       ln, ln);
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
		      ch == '.' ||
		      (ch == 'v' && k + 1 < e && text[k + 1] >= '0' && text[k + 1] <= '9')))
			return 0;
	}
	return caps >= 2;
}

void dp_lic_scan_amp_pairs(const struct dp_license_corpus *c, const char *text, size_t len,
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
		while (a > 0 && dp_lic_name_char(text[a - 1]))
			a--;
		while (e < len && dp_lic_name_char(text[e]))
			e++;
		while (e > b && text[e - 1] == '.')
			e--;
		if (!acronym_word(text, a, at - 1) || !acronym_word(text, b, e) ||
		    !(x = dp_lic_map_name(c, text + a, at - 1 - a)) ||
		    !(y = dp_lic_map_name(c, text + b, e - b)))
			continue;
		ln = dp_lic_line_of(text, at, &coff, &cline);
		if (dp_lic_inside_text(h, ln) || dp_lic_covered_line(h, ln, NULL))
			continue;
		dp_lic_add_mention(h, x, ln);
		dp_lic_add_mention(h, y, ln);
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
		if (h->v[i].b + 1 >= ln && h->v[i].a <= ln + PD_AFTER &&
		    dedication(c, h->v[i].spdx))
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
		for (a = dp_lic_find_words_ci(text, pe, ws, pd_phrases[k], &e); a < pe;
		     a = dp_lic_find_words_ci(text, pe, a + 1, pd_phrases[k], &e))
			if (e == pe)
				return a;
	return pe;
}

void dp_lic_scan_public_domain(const struct dp_license_corpus *c, const char *text, size_t len,
			       struct hits *h)
{
	size_t at, pe, coff = 0;
	uint32_t cline = 1;

	if (dp_lic_has_hit(h, NULL, "text"))
		return;  /* a license document speaks of the public domain in its own terms */
	for (at = dp_lic_find_words_ci(text, len, 0, "public domain", &pe); at < len;
	     at = dp_lic_find_words_ci(text, len, pe, "public domain", &pe)) {
		size_t st = pd_statement(text, pe);
		uint32_t ln;
		if (st == pe || pd_relative(text, st))
			continue;
		ln = dp_lic_line_of(text, st, &coff, &cline);
		if (!dp_lic_covered_line(h, ln, NULL) && !dedicated_near(c, h, ln))
			dp_lic_add_mention(h, "LicenseRef-Public-Domain", ln);
	}
}

void dp_lic_scan_common_licenses(const struct dp_license_corpus *c, const char *text,
				 size_t len, struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = dp_lic_find_ci(text, len, 0, "common-licenses/"); at < len;
	     at = dp_lic_find_ci(text, len, at + 16, "common-licenses/")) {
		size_t s = at + 16, e = s, n0 = h->n;
		const char *id;
		uint32_t ln;
		while (e < len && dp_lic_name_char(text[e]))
			e++;
		while (e > s && text[e - 1] == '.')
			e--;
		if (e == s || !(id = dp_lic_map_name(c, text + s, e - s)))
			continue;
		ln = dp_lic_line_of(text, at, &coff, &cline);
		dp_lic_add_mention(h, id, ln);
		dp_lic_mark_plain(h, n0, text, s, e, 1);
	}
}

/* The end of a version number starting at d ("4.0" of "version 4.0 or later"). */
static size_t version_end(const char *text, size_t len, size_t d)
{
	while (d < len && ((text[d] >= '0' && text[d] <= '9') ||
			   (text[d] == '.' && d + 1 < len && text[d + 1] >= '0' &&
			    text[d + 1] <= '9')))
		d++;
	return d;
}

/* The license named after "version N of the" (its version given first: "under version 4.0
 * or later of the Creative Commons Attribution-ShareAlike International Public License"),
 * when the name with that version maps to one; GNU names are read by gnu_read_before. */
static const char *version_of(const struct dp_license_corpus *c, const char *text, size_t len,
			      size_t at)
{
	size_t d = dp_lic_version_digits(text, at, len), ve, p, ends[PHRASE_WORDS], nw, k;
	char buf[2 * SPDX_MAX];

	if (!d)
		return NULL;
	ve = version_end(text, len, d);
	p = ve;
	while (p < len && dp_lic_gnu_gap(text[p]))
		p++;
	if ((k = dp_lic_words_end(text, len, p, "or later ")) ||
	    (k = dp_lic_words_end(text, len, p, "or any later ")))
		p = k;  /* CC and most other licenses have no "or later" ids: the version named */
	if (!(k = dp_lic_words_end(text, len, p, "of the ")) &&
	    !(k = dp_lic_words_end(text, len, p, "of ")))
		return NULL;
	nw = dp_lic_phrase_words(text, len, k, ends);
	for (; nw > 0; nw--) {
		const char *id;
		snprintf(buf, sizeof(buf), "%.*s %.*s", (int)(ends[nw - 1] - k), text + k,
			 (int)(ve - d), text + d);
		if ((id = dp_lic_map_name(c, buf, strlen(buf))) != NULL)
			return strstr(id, "GPL") || !strncmp(id, "GFDL", 4) ? NULL : id;
	}
	return NULL;
}

void dp_lic_scan_version_of(const struct dp_license_corpus *c, const char *text, size_t len,
			    struct hits *h)
{
	size_t at, coff = 0;
	uint32_t cline = 1;

	for (at = dp_lic_find_ci(text, len, 0, "version "); at < len;
	     at = dp_lic_find_ci(text, len, at + 8, "version ")) {
		uint32_t ln = dp_lic_line_of(text, at, &coff, &cline);
		const char *id;
		if (dp_lic_inside_text(h, ln) || !(id = version_of(c, text, len, at)))
			continue;  /* (a license text names versions of its own) */
		dp_lic_add_mention(h, id, ln);
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
	while (w < len && dp_lic_alnum_char(text[w]))
		w++;
	for (k = 0; generic[k]; k++)
		if (w - e - 1 == strlen(generic[k]) &&
		    !strncasecmp(text + e + 1, generic[k], w - e - 1))
			return e;
	if (w - e - 1 < 2 || w - e - 1 > 3 ||
	    (text[e] == ' ' && strncasecmp(text + e + 1, "igo", 3)))
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

	if (at + 6 > len || (at > 0 && dp_lic_alnum_char(text[at - 1])) ||
	    (text[at + 2] != ' ' && text[at + 2] != '-') || strncasecmp(text + at + 3, "by", 2) ||
	    dp_lic_alnum_char(text[e]))
		return 0;
	for (k = 0; parts[k] && e + 3 <= len; k++) /* NC before SA/ND, as the names go */
		if ((text[e] == '-' || text[e] == ' ') && !strncasecmp(text + e + 1, parts[k], 2) &&
		    (e + 3 == len || !dp_lic_alnum_char(text[e + 3])))
			e += 3;
	if (e + 2 > len || (text[e] != ' ' && text[e] != '-'))
		return 0;
	e += 1 + (e + 1 < len && (text[e + 1] == 'v' || text[e + 1] == 'V'));
	if (e >= len || text[e] < '1' || text[e] > '4')
		return 0;
	while (e < len && ((text[e] >= '0' && text[e] <= '9') || (text[e] == '.' && e + 1 < len &&
								  text[e + 1] >= '0' &&
								  text[e + 1] <= '9')))
		e++;
	return cc_port(text, len, e);
}

void dp_lic_scan_cc_short(const struct dp_license_corpus *c, const char *text, size_t len,
			  struct hits *h)
{
	size_t at, e, coff = 0;
	uint32_t cline = 1;

	for (at = dp_lic_find_ci(text, len, 0, "cc"); at < len; at = dp_lic_find_ci(text, len,
										    at + 2, "cc")) {
		const char *id;
		uint32_t ln;
		if (!(e = cc_short_end(text, len, at)) ||
		    !(id = dp_lic_map_name(c, text + at, e - at)))
			continue;
		ln = dp_lic_line_of(text, at, &coff, &cline);
		if (!dp_lic_has_spdx(h, id) && !dp_lic_covered_line(h, ln, id) &&
		    !dp_lic_inside_text(h, ln))
			dp_lic_add_hit(h, id, "reference", MENTION_CONF, ln, ln);
	}
}

/* gnu.c - which GNU license version a name, notice or acronym grants. */
#include "license/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "license/mapping.h"
#include "license/spdx_expr.h"

size_t dp_lic_version_digits(const char *text, size_t p, size_t to)
{
	if (p > 0 && dp_lic_letter(text[p - 1]))
		return 0;
	if (p + 7 <= to && !strncasecmp(text + p, "version", 7))
		p += 7;
	else if ((text[p] | 32) == 'v')
		p += 1;
	else
		return 0;
	if (p < to && text[p] == '.')
		p++;
	while (p < to && dp_lic_gnu_gap(text[p]))
		p++;
	return p < to && text[p] >= '1' && text[p] <= '9' ? p : 0;
}

int dp_lic_gnu_later(const char *text, size_t d, size_t e, size_t to)
{
	size_t end = d + GNU_LATER < to ? d + GNU_LATER : to;

	if (dp_lic_has_ci(text, d, end, "not any later") ||
	    dp_lic_has_ci(text, d, end, "not a later") ||
	    dp_lic_has_ci(text, d, end, "no later"))
		return 0;
	return dp_lic_has_ci(text, d, end, "later version") ||
		dp_lic_has_ci(text, d, end, "or later") ||
	       dp_lic_has_ci(text, d, end, "any later") || (e < to && text[e] == '+');
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
	if (!dp_lic_starts_ci(text, to, e, "or "))
		return 0;
	for (e += 3; e < to && dp_lic_gnu_gap(text[e]); e++)
		;
	return e < to && text[e] >= '1' && text[e] <= '9' ? e : 0;
}

/* "version 2.1 of the License, or (at your option) version 3": a second version offered
 * just after the first (ending at e), whose number starts at the returned offset, or 0. */
static size_t gnu_second(const char *text, size_t e, size_t to)
{
	size_t end = e + GNU_SECOND < to ? e + GNU_SECOND : to;
	size_t v = dp_lic_find_ci(text, end, e, "version"),
		d = v < end ? dp_lic_version_digits(text, v, end) : 0;

	size_t o, last = v, bare = gnu_bare_second(text, e, end);

	if (bare)
		return bare;
	if (!d || memchr(text + e, '.', v - e) || memchr(text + e, ';', v - e))
		return 0;
	for (o = e; o < v && (o = dp_lic_find_ci(text, v, o, "or ")) < v; o++)
		if (o > e && (text[o - 1] == ' ' || text[o - 1] == '\n'))
			last = o;
	/* "or the Apache License Version 2.0" offers another license, not a GNU version */
	return last < v && !dp_lic_has_ci(text, last, v, "licen") ? d : 0;
}

/* "any later version accepted by the membership of KDE e.V.": later versions that someone
 * must first accept are no "or later" grant. */
static int later_vetted(const char *text, size_t d, size_t to)
{
	size_t end = d + GNU_LATER < to ? d + GNU_LATER : to;
	size_t p = dp_lic_find_ci(text, end, d, "later version");

	if (p >= end)
		return 0;
	for (p += 13; p < end && dp_lic_gnu_gap(text[p]); p++)
		;
	return dp_lic_starts_ci(text, end, p, "accepted by") ||
		dp_lic_starts_ci(text, end, p, "approved by");
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
	gnu_id(b, sizeof(b), fam, v2, dp_lic_gnu_later(text, d2, e2, to) &&
	       !later_vetted(text, d2, to));
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

	for (at = dp_lic_find_ci(text, to, from, "v"); at < to; at = dp_lic_find_ci(text, to,
										    at + 1, "v")) {
		if (!(d = dp_lic_version_digits(text, at, to)) ||
		    (i = gnu_version_at(text, d, to, &e)) < 0)
			continue;
		if (i == 0 && !strcmp(fam, "GPL"))
			fam = "LGPL";
		if ((d2 = gnu_second(text, e, to)) != 0 &&
		    gnu_two(c, fam, i, text, d2, to, buf, cap) != NULL)
			return buf;
		gnu_id(buf, cap, fam, i, dp_lic_gnu_later(text, d, e, to));
		return dp_lic_canon_id(c, buf) ? buf : NULL;
	}
	return NULL;
}

const char *dp_lic_gnu_read_before(const struct dp_license_corpus *c, const char *fam,
				   const char *text, size_t at, char *buf, size_t cap)
{
	size_t ws, n = dp_lic_word_before(text, at, &ws);

	if (n == 3 && !strncasecmp(text + ws, "gnu", 3))
		n = dp_lic_word_before(text, ws, &ws);
	if (n == 3 && !strncasecmp(text + ws, "the", 3))
		n = dp_lic_word_before(text, ws, &ws);
	if (n != 2 || strncasecmp(text + ws, "of", 2) != 0)
		return NULL;
	return gnu_read(c, fam, text, ws > GNU_BEFORE ? ws - GNU_BEFORE : 0, ws, buf, cap);
}

const char *dp_lic_gnu_version(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t name, size_t from, char *buf,
			       size_t cap)
{
	const char *fam = !strcmp(id, "GPL-1.0-or-later") ? "GPL" :
			  !strcmp(id, "LGPL-2.0-or-later") || !strcmp(id, "LGPL-2.1-or-later") ?
			  "LGPL" : !strcmp(id, "AGPL-3.0-only") ? "AGPL" : NULL;
	size_t to = from + GNU_WINDOW < len ? from + GNU_WINDOW : len, i;
	const char *v;

	if (!fam)
		return id;
	for (i = from; i + 1 < to; i++) /* the version is stated in the same sentence */
		if (text[i] == '.' && dp_lic_gnu_gap(text[i + 1]) &&
		    !(i > 0 && text[i - 1] >= '0' &&
		      text[i - 1] <= '9')) {
			to = i;
			break;
		}
	/* "under version 2 of the GNU General Public License": the version comes first */
	v = dp_lic_gnu_read_before(c, fam, text, name, buf, cap);
	if (!v)
		v = gnu_read(c, fam, text, from, to, buf, cap);
	return v ? v : id;
}

/* What the words before "Public License" at g make of it: "GNU General", "Lesser
 * General", "Library General", "Affero General", "GNU Library", "Lesser GNU" (its id
 * without a version), or NULL (another license: "Mozilla Public License"). */
static const char *gnu_qualified(const char *text, size_t g, size_t *start)
{
	size_t w1, w2, n1 = dp_lic_word_before(text, g, &w1),
		n2 = dp_lic_word_before(text, w1, &w2);
	const char *q = text + w2;

	*start = n2 ? w2 : w1;
	if (n1 == 7 && !strncasecmp(text + w1, "general", 7)) {
		if (n2 == 3 && !strncasecmp(q, "gnu", 3)) { /* "Lesser GNU General Public" */
			size_t w3, n3 = dp_lic_word_before(text, w2, &w3);
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

	for (g = dp_lic_find_ci(text, to, from, "public"); g < to; g = dp_lic_find_ci(text, to,
										      g + 6,
										      "public")) {
		size_t e = g + 6;
		const char *id;
		while (e < to && dp_lic_gnu_gap(text[e]))
			e++;
		if (!dp_lic_has_ci(text, e, e + 5 < to ? e + 5 : to, "licen"))
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
	v = dp_lic_gnu_read_before(c, fam, text, at, buf, cap);
	if (!v)
		v = gnu_read(c, fam, text, at, to, buf, cap);
	return v ? v : plain;
}

const char *dp_lic_gnu_notice(const struct dp_license_corpus *c, const char *id,
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
		if (p2[0] == plain[0] ||
		    !dp_lic_has_ci(text, at2, at2 + GNU_GRANT < len ? at2 + GNU_GRANT : len,
				   "as published by"))
			continue;
		v2 = gnu_named(c, p2, text, len, at2, b2, sizeof(b2));
		snprintf(extra, cap, "%s", v2);
		break;
	}
	return v;
}

int dp_lic_unversioned_gnu(const char *id)
{
	static const char *const unversioned[] = { "GPL-1.0-or-later", "LGPL-2.0-or-later",
		"LGPL-2.1-or-later", "AGPL-3.0-only", NULL };
	int k;

	for (k = 0; unversioned[k]; k++)
		if (!strcmp(unversioned[k], id))
			return 1;
	return 0;
}

const char *dp_lic_later_after(const struct dp_license_corpus *c, const char *id,
			       const char *text, size_t len, size_t e, char *buf, size_t cap)
{
	static const char *const later[] = { "or later", "or any later",
		"or (at your option) any later", NULL };
	size_t n = strlen(id), p = e;
	int k;

	while (p < len && (text[p] == ',' || dp_lic_gnu_gap(text[p])))
		p++;
	if (!dp_lic_ends_with(id, n, "-only"))
		return id;
	for (k = 0; later[k] && !dp_lic_words_end(text, len, p, later[k]); k++)
		;
	if (!later[k])
		return id;
	snprintf(buf, cap, "%.*s-or-later", (int)(n - 5), id);
	return dp_lic_canon_id(c, buf) ? buf : id;
}

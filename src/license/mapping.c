/* mapping.c - free-form license values and URLs to SPDX ids and expressions. */
#include "license/mapping.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "license/license.h"
#include "license/spdx_expr.h"

#define KEY_MAX 256
#define SENTENCE_MAX 4096   /* longer values are not scanned as text */
#define SENTENCE_MIN_CONF 0.8 /* "licensed under X", URLs, tags, notices, texts */

const char *dp_lic_canon_id(const struct dp_license_corpus *c, const char *id)
{
	uint32_t i = dp_lic_find(c, id);

	if (i != DP_LIC_NONE)
		return c->lics[i].id;
	return NULL;
}

/* A deprecated id replaced by one current id reads as that id (BSD-2-Clause-FreeBSD ->
 * BSD-2-Clause-Views); one replaced by an expression stays (the caller may expand it). */
static const char *current(const struct dp_license_corpus *c, const char *id)
{
	const char *r = id ? dp_lic_replacement(c, id) : NULL;

	if (!r || strchr(r, ' '))
		return id;
	return dp_lic_canon_id(c, r) ? dp_lic_canon_id(c, r) : id;
}

/* "<name> or later" when only "<name>" is known ("GNU GPL version 3 or later"): the
 * -or-later id of the license the name maps to, when it has one. */
static const char *or_later(const struct dp_license_corpus *c, char *key, size_t n)
{
	char id[KEY_MAX];
	const char *base;
	size_t bn;

	key[n - 1] = '\0';
	base = current(c, dp_lic_kv_get(c->names, c->n_names, key));
	if (!base)
		return NULL;
	bn = strlen(base);
	if (bn > 5 && !strcmp(base + bn - 5, "-only"))
		bn -= 5;
	snprintf(id, sizeof(id), "%.*s-or-later", (int)bn, base);
	return dp_lic_canon_id(c, id);
}

/* The id of a name key (kn bytes; a trailing "+" may be cut off it), or NULL. */
static const char *key_id(const struct dp_license_corpus *c, char *key, size_t kn)
{
	const char *id = current(c, dp_lic_kv_get(c->names, c->n_names, key));

	if (!id && kn > 1 && key[kn - 1] == '+')
		id = or_later(c, key, kn);
	return id;
}

const char *dp_lic_map_name(const struct dp_license_corpus *c, const char *s, size_t n)
{
	char key[KEY_MAX], rest[KEY_MAX];
	const char *id;
	size_t kn = dp_lic_name_key(s, n, key, sizeof(key));

	if (!kn)
		return NULL;
	memcpy(rest, key, kn + 1);
	id = key_id(c, key, kn);
	/* "GNU LGPL v2.1", "GNU AGPL": the acronym already says GNU */
	if (!id && kn > 4 && !strncmp(rest, "gnu", 3) &&
	    (!strncmp(rest + 3, "lgpl", 4) || !strncmp(rest + 3, "agpl", 4) ||
	     !strncmp(rest + 3, "gpl", 3) || !strncmp(rest + 3, "fdl", 3)))
		id = key_id(c, rest + 3, kn - 3);
	return id;
}

/* creativecommons.org/licenses/<kind>/<version>[/<port>] and publicdomain/zero|mark. */
static const char *cc_url(const struct dp_license_corpus *c, const char *key, char *buf,
			  size_t cap)
{
	char kind[32], ver[16], port[16];
	const char *id;
	size_t i;

	if (strncmp(key, "creativecommons.org/publicdomain/zero/1.0", 41) == 0)
		return "CC0-1.0";
	if (strncmp(key, "creativecommons.org/publicdomain/mark/1.0", 41) == 0)
		return "CC-PDM-1.0";
	port[0] = '\0';
	if (sscanf(key, "creativecommons.org/licenses/%31[a-z-]/%15[0-9.]/%15[a-z]", kind, ver,
		   port) < 2)
		return NULL;
	for (i = 0; kind[i]; i++)
		kind[i] = (char)(kind[i] >= 'a' && kind[i] <= 'z' ? kind[i] - 32 : kind[i]);
	if (port[0]) {
		for (i = 0; port[i]; i++)
			port[i] = (char)(port[i] - 32);
		snprintf(buf, cap, "CC-%s-%s-%s", kind, ver, port);
		if ((id = dp_lic_canon_id(c, buf)) != NULL)
			return id;
	}
	snprintf(buf, cap, "CC-%s-%s", kind, ver);
	return dp_lic_canon_id(c, buf);
}

/* gnu.org/licenses/(gpl|lgpl|agpl|fdl)-X.Y and opensource.org/licenses/ID. */
/* A page of gnu.org's licenses/ (or its older copyleft/) directory: "gpl-3.0", "lgpl-2.1",
 * "fdl-1.3", in any of its translations ("gpl-3.0.en", "lgpl-3.0.ru", "gpl-3.0.pt-br"). */
static const char *gnu_page(const struct dp_license_corpus *c, const char *p)
{
	size_t n = strlen(p), d = n;

	if (strncmp(p, "old-licenses/", 13) == 0) {
		p += 13;
		n -= 13;
	}
	if (strncmp(p, "gpl", 3) != 0 && strncmp(p, "lgpl", 4) != 0 &&
	    strncmp(p, "agpl", 4) != 0 && strncmp(p, "fdl", 3) != 0)
		return NULL; /* license-list.html and other pages about licenses */
	if (strncmp(p, "fdl", 3) == 0)
		return strncmp(p, "fdl-1.3", 7) == 0 ? "GFDL-1.3-only" :
		       strncmp(p, "fdl-1.2", 7) == 0 ? "GFDL-1.2-only" : NULL;
	for (d = n; d > 0 && p[d - 1] != '.'; d--)
		;
	if (d > 1 && (n - d == 2 || (n - d == 5 && p[d + 2] == '-')) && p[d] >= 'a' && p[d] <= 'z')
		n = d - 1;  /* ".en", ".pt-br": a translation of the page */
	return dp_lic_map_name(c, p, n);
}

/* A page or file named by a versioned SPDX id, on any site (".../epl-2.0/EPL-2.0.html",
 * ".../master/lgpl-2.1.txt"): that license. Ids without a version ("MIT", "ISC") are
 * too short to tell a license page from any other path. */
static const char *id_page(const struct dp_license_corpus *c, const char *key)
{
	const char *p = strrchr(key, '/');

	if (!p || !strpbrk(p + 1, "0123456789") || !strchr(p + 1, '-'))
		return NULL;
	return current(c, dp_lic_canon_id(c, p + 1));
}

static const char *site_url(const struct dp_license_corpus *c, const char *key)
{
	const char *p;

	if ((p = strstr(key, "opensource.org/license/")) != NULL ||
	    (p = strstr(key, "opensource.org/licenses/")) != NULL) {
		p = strchr(p + 15, '/') + 1;
		return dp_lic_map_name(c, p, strlen(p));
	}
	if ((p = strstr(key, "choosealicense.com/licenses/")) != NULL)
		return dp_lic_map_name(c, p + 28, strlen(p + 28));  /* SPDX ids, lowercase */
	if (strstr(key, "apache.org/licenses/license-2.0"))
		return "Apache-2.0";
	if ((p = strstr(key, "mit-license.org")) != NULL && (p == key || p[-1] == '.'))
		return "MIT";  /* "<name>.mit-license.org": the MIT license with a name filled in */
	if ((p = strstr(key, "gnu.org/licenses/")) != NULL ||
	    (p = strstr(key, "gnu.org/copyleft/")) != NULL) /* both 17 bytes */
		return gnu_page(c, p + 17);
	return id_page(c, key);
}

const char *dp_lic_map_url(const struct dp_license_corpus *c, const char *s, size_t n,
			   char *buf, size_t cap)
{
	char key[KEY_MAX];
	const char *id;

	if (!dp_lic_url_key(s, n, key, sizeof(key)))
		return NULL;
	if ((id = dp_lic_kv_get(c->urls, c->n_urls, key)) != NULL)
		return current(c, id);
	if (strncmp(key, "creativecommons.org/", 20) == 0)
		return cc_url(c, key, buf, cap);
	return site_url(c, key);
}

/* Case-insensitive search of needle (lowercase) in s[0..n). */
static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

static int unknown_value(const char *s, size_t n)
{
	static const char *const words[] = { "unknown", "other", "others", "see license",
		"see licence", "custom", "n/a", "na", "none", "null", "nan", "tbd", "todo",
		"unspecified", "not specified", "undefined", "?", "-", "various", "mixed",
		"see readme", "proprietary", "license", "licence", NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(words[i], s, n) == 0)
			return 1;
	return 0;
}

struct exprmap {
	const struct dp_license_corpus *c;
	int bad;
	char buf[160];   /* a canonical "ID+" */
};

static const char *expr_id(void *ctx, const char *id, int is_exception)
{
	struct exprmap *em = ctx;
	const char *canon = dp_lic_canon_id(em->c, id);
	const char *r = canon ? dp_lic_replacement(em->c, canon) : NULL;
	size_t n = strlen(id);

	(void)is_exception;
	if (r && !strchr(r, ' '))
		canon = dp_lic_canon_id(em->c, r) ? dp_lic_canon_id(em->c, r) : canon;
	if (!canon && n > 1 && id[n - 1] == '+') { /* "MIT+": a known id, or later */
		char base[128];
		snprintf(base, sizeof(base), "%.*s", (int)(n - 1), id);
		if (dp_lic_canon_id(em->c, base)) {
			snprintf(em->buf, sizeof(em->buf), "%s+", dp_lic_canon_id(em->c, base));
			return em->buf;
		}
	}
	if (!canon && strncmp(id, "LicenseRef-", 11) != 0 && strncmp(id, "DocumentRef-", 12) != 0)
		em->bad = 1;
	return canon;
}

static int map_expression(const struct dp_license_corpus *c, const char *s, size_t n,
			  char *out, size_t cap)
{
	struct exprmap em = { c, 0, "" };
	struct dp_error err;

	return dp_spdx_expr_parse(s, n, out, cap, expr_id, &em, &err) == DP_OK && !em.bad;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '"' || **s == '\'' || **s == '\n' ||
		      **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '"' ||
		      (*s)[*n - 1] == '\'' || (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r' ||
		      (*s)[*n - 1] == '.'))
		(*n)--;
}

/* Write the id, or the current expression for a deprecated one ("GPL-2.0-with-GCC-exception"
 * -> "GPL-2.0-only WITH GCC-exception-2.0"). */
static enum dp_license_class put_id(const struct dp_license_corpus *c, const char *id,
				   char *out, size_t cap)
{
	const char *r = dp_lic_replacement(c, id);

	if (r && map_expression(c, r, strlen(r), out, cap))
		return DP_LICENSE_MAPPED;
	snprintf(out, cap, "%s", id);
	return DP_LICENSE_MAPPED;
}

/* One part of a list: a name or URL, appended to out after `join`. */
static int map_part(const struct dp_license_corpus *c, const char *s, size_t n, char *out,
		    size_t cap, size_t *len, const char *join)
{
	char buf[KEY_MAX];
	const char *id;
	int w;

	trim(&s, &n);
	if (!n)
		return 0;
	id = dp_lic_map_name(c, s, n);
	if (!id && memchr(s, '.', n))
		id = dp_lic_map_url(c, s, n, buf, sizeof(buf));
	if (!id || *len >= cap)
		return 0;
	w = snprintf(out + *len, cap - *len, "%s%s", join, id);
	if (w < 0 || (size_t)w >= cap - *len)
		return 0;
	*len += (size_t)w;
	return 1;
}

/* "Creative Commons Attribution 4.0 International (CC BY 4.0)": the name before the
 * parenthesis, or the one inside it. */
static const char *map_parenthesised(const struct dp_license_corpus *c, const char *s,
				     size_t n)
{
	const char *lp = memchr(s, '(', n), *rp, *id;

	if (!lp)
		return NULL;
	if ((id = dp_lic_map_name(c, s, (size_t)(lp - s))) != NULL)
		return id;
	rp = memchr(lp, ')', n - (size_t)(lp - s));
	return rp ? dp_lic_map_name(c, lp + 1, (size_t)(rp - lp - 1)) : NULL;
}

/* "Apache License 2.0 and MIT", "MIT/Apache-2.0", "CC-BY-4.0, ODbL": names joined by and,
 * or, "&", "/", "," or ";" map when every part maps (and: AND; or and "/": OR; not both). */
static int map_list(const struct dp_license_corpus *c, const char *s, size_t n, char *out,
		    size_t cap)
{
	size_t i = 0, start = 0, len = 0, parts = 0;
	int ors = 0, ands = 0;

	if (cap)
		out[0] = '\0';
	while (i <= n) {
		size_t sep = 0;
		int is_or = 0;
		if (i == n)
			sep = 1;
		else if (s[i] == '/' || s[i] == ',' || s[i] == ';' || s[i] == '&')
			sep = 1;
		else if (i + 5 <= n && !strncasecmp(s + i, " and ", 5))
			sep = 5;
		else if (i + 4 <= n && !strncasecmp(s + i, " or ", 4))
			sep = 4;
		is_or = sep && i < n && (s[i] == '/' || sep == 4);
		if (!sep) {
			i++;
			continue;
		}
		if (i < n) {
			ors += is_or;
			ands += !is_or;
		}
		if (!map_part(c, s + start, i - start, out, cap, &len,
			      parts++ ? (ors ? " OR " : " AND ") : ""))
			return 0;
		i += sep;
		start = i;
	}
	return parts > 1 && !(ors && ands);
}

struct one_id {
	char id[256];
	int n;   /* distinct ids seen (2 means "several") */
};

static void collect_one(void *ctx, const struct dp_license_hit *h)
{
	struct one_id *o = ctx;

	if (h->confidence < SENTENCE_MIN_CONF)
		o->n = 2;  /* a name in passing: the value is not read with confidence */
	else if (o->n == 0) {
		snprintf(o->id, sizeof(o->id), "%s", h->spdx);
		o->n = 1;
	} else if (strcmp(o->id, h->spdx) != 0) {
		o->n = 2;
	}
}

/* A sentence ("This dataset is released under the MIT license"): scanned like a text; one
 * license stated (however often) maps; several, or names merely mentioned, do not. */
static int map_sentence(const struct dp_license_corpus *c, const char *s, size_t n, char *out,
			size_t cap)
{
	struct one_id o;

	memset(&o, 0, sizeof(o));
	if (n > SENTENCE_MAX || dp_license_scan(c, s, n, collect_one, &o) != DP_OK || o.n != 1)
		return 0;
	snprintf(out, cap, "%s", o.id);
	return 1;
}

/* The value mapping; `sentences` 0 leaves out reading the value as a text (used from the
 * text scanner itself). */
static enum dp_license_class map_value(const struct dp_license_corpus *c, const char *s,
				       size_t n, char *out, size_t cap, int sentences)
{
	char buf[KEY_MAX];
	const char *id;

	if (cap)
		out[0] = '\0';
	if (!s)
		return DP_LICENSE_MISSING;
	trim(&s, &n);
	if (!n)
		return DP_LICENSE_MISSING;
	if (unknown_value(s, n))
		return DP_LICENSE_UNKNOWN;
	if ((has_ci(s, n, "://") || (n > 4 && strncasecmp(s, "www.", 4) == 0) ||
	     has_ci(s, n, "creativecommons.org")) &&
	    (id = dp_lic_map_url(c, s, n, buf, sizeof(buf))) != NULL)
		return put_id(c, id, out, cap);
	if ((id = dp_lic_map_name(c, s, n)) != NULL)
		return put_id(c, id, out, cap);
	if (map_expression(c, s, n, out, cap))
		return DP_LICENSE_MAPPED;
	if ((id = map_parenthesised(c, s, n)) != NULL)
		return put_id(c, id, out, cap);
	if (map_list(c, s, n, out, cap))
		return DP_LICENSE_MAPPED;
	if (sentences && map_sentence(c, s, n, out, cap))
		return DP_LICENSE_MAPPED;
	if (cap)
		out[0] = '\0';
	return DP_LICENSE_UNRECOGNIZED;
}

enum dp_license_class dp_license_map_value(const struct dp_license_corpus *c, const char *s,
					   size_t n, char *out, size_t cap)
{
	return map_value(c, s, n, out, cap, 1);
}

enum dp_license_class dp_lic_map_field(const struct dp_license_corpus *c, const char *s,
				       size_t n, char *out, size_t cap)
{
	return map_value(c, s, n, out, cap, 0);
}

const char *dp_license_class_name(enum dp_license_class k)
{
	switch (k) {
	case DP_LICENSE_MAPPED: return "mapped";
	case DP_LICENSE_UNKNOWN: return "unknown";
	case DP_LICENSE_UNRECOGNIZED: return "unrecognized";
	default: return "missing";
	}
}

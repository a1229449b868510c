/* spdx_expr.c - a recursive-descent parser for SPDX license expressions. */
#include "license/spdx_expr.h"

#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16
#define MAX_IDS 64
#define ID_MAX 128

enum tok { T_END, T_ID, T_AND, T_OR, T_WITH, T_LP, T_RP, T_PLUS, T_BAD };

struct px {
	const char *s;
	size_t n, pos;
	enum tok tok;
	char id[ID_MAX];
	char *out;
	size_t cap, len;
	int overflow, depth, ids;
	dp_spdx_id_fn cb;
	void *ctx;
	struct dp_error *err;
};

static int id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == ':' || c == '_';
}

static void next(struct px *p)
{
	size_t start, len;

	while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				 p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
		p->pos++;
	if (p->pos >= p->n) {
		p->tok = T_END;
		return;
	}
	switch (p->s[p->pos]) {
	case '(': p->tok = T_LP; p->pos++; return;
	case ')': p->tok = T_RP; p->pos++; return;
	case '+': p->tok = T_PLUS; p->pos++; return;
	default: break;
	}
	start = p->pos;
	while (p->pos < p->n && id_char(p->s[p->pos]))
		p->pos++;
	len = p->pos - start;
	if (!len || len >= ID_MAX) {
		p->tok = T_BAD;
		return;
	}
	memcpy(p->id, p->s + start, len);
	p->id[len] = '\0';
	if (strcasecmp(p->id, "AND") == 0)
		p->tok = T_AND;
	else if (strcasecmp(p->id, "OR") == 0)
		p->tok = T_OR;
	else if (strcasecmp(p->id, "WITH") == 0)
		p->tok = T_WITH;
	else
		p->tok = T_ID;
}

static void put(struct px *p, const char *s)
{
	size_t l = strlen(s);

	if (p->len + l + 1 > p->cap) {
		p->overflow = 1;
		return;
	}
	memcpy(p->out + p->len, s, l);
	p->len += l;
	p->out[p->len] = '\0';
}

static int fail(struct px *p, const char *what)
{
	return dp_error_set(p->err, DP_WARN, "bad SPDX expression at offset %zu: %s", p->pos, what);
}

/* An id (with a following "+" attached): checked, passed to the callback, written. */
static int take_id(struct px *p, int is_exception)
{
	const char *canon;
	const char *colon = strchr(p->id, ':');
	char id[ID_MAX + 1];
	size_t n;

	if (p->tok != T_ID)
		return fail(p, is_exception ? "exception id expected" : "license id expected");
	if (colon && (strncmp(p->id, "DocumentRef-", 12) != 0 ||
		      strncmp(colon + 1, "LicenseRef-", 11) != 0))
		return fail(p, "':' only in DocumentRef-x:LicenseRef-y");
	if (++p->ids > MAX_IDS)
		return fail(p, "too many ids");
	n = strlen(p->id);
	memcpy(id, p->id, n + 1);  /* next() reuses p->id */
	next(p);
	if (!is_exception && p->tok == T_PLUS) {
		id[n] = '+';   /* "GPL-2.0+" is one id to the callback */
		id[n + 1] = '\0';
		next(p);
	}
	canon = p->cb ? p->cb(p->ctx, id, is_exception) : NULL;
	put(p, canon ? canon : id);
	return DP_OK;
}

static int parse_or(struct px *p);

static int parse_simple(struct px *p)
{
	int rc;

	if (p->tok == T_LP) {
		if (++p->depth > MAX_DEPTH)
			return fail(p, "nested too deep");
		put(p, "(");
		next(p);
		if ((rc = parse_or(p)) != DP_OK)
			return rc;
		if (p->tok != T_RP)
			return fail(p, "')' expected");
		put(p, ")");
		p->depth--;
		next(p);
		return DP_OK;
	}
	return take_id(p, 0);
}

static int parse_with(struct px *p)
{
	int rc = parse_simple(p);

	if (rc != DP_OK || p->tok != T_WITH)
		return rc;
	put(p, " WITH ");
	next(p);
	return take_id(p, 1);
}

static int parse_and(struct px *p)
{
	int rc = parse_with(p);

	while (rc == DP_OK && p->tok == T_AND) {
		put(p, " AND ");
		next(p);
		rc = parse_with(p);
	}
	return rc;
}

static int parse_or(struct px *p)
{
	int rc = parse_and(p);

	while (rc == DP_OK && p->tok == T_OR) {
		put(p, " OR ");
		next(p);
		rc = parse_and(p);
	}
	return rc;
}

int dp_spdx_expr_parse(const char *s, size_t n, char *out, size_t cap, dp_spdx_id_fn id_cb,
		       void *ctx, struct dp_error *err)
{
	struct px p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.n = n;
	p.out = out;
	p.cap = cap;
	p.cb = id_cb;
	p.ctx = ctx;
	p.err = err;
	if (cap)
		out[0] = '\0';
	next(&p);
	if (p.tok == T_END)
		return fail(&p, "empty");
	rc = parse_or(&p);
	if (rc == DP_OK && p.tok != T_END)
		rc = fail(&p, "unexpected text after the expression");
	if (rc == DP_OK && p.overflow)
		rc = dp_error_set(err, DP_WARN, "SPDX expression too long");
	return rc;
}

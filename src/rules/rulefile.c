/* rulefile.c - parser and linter for rule files (format in man/dataprov-rules.5). */
#include "rules/rulefile.h"
#include "rules/prefilter.h"
#include "rules/validate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generated from src/rules/builtin.embed by the build (see CMakeLists.txt). */
extern const char dp_embedded_builtin[];
extern const size_t dp_embedded_builtin_len;

struct parse_state {
	struct dp_ruleset *set;
	struct dp_rule_def *cur;  /* rule being filled, or NULL before the first `rule` */
	const char *file;
	int line;
	int window_set;
	struct dp_error *err;
};

void dp_ruleset_init(struct dp_ruleset *s)
{
	memset(s, 0, sizeof(*s));
}

static void words_free(struct dp_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

static void def_free(struct dp_rule_def *d)
{
	size_t i;

	free(d->description);
	free(d->pattern);
	words_free(&d->keywords);
	words_free(&d->context);
	words_free(&d->exclude);
	words_free(&d->stop);
	for (i = 0; i < d->n_allow; i++)
		free(d->allow[i]);
	memset(d, 0, sizeof(*d));
}

void dp_ruleset_release(struct dp_ruleset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		def_free(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

long dp_ruleset_find(const struct dp_ruleset *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].id, id) == 0)
			return (long)i;
	return -1;
}

const char *dp_trigger_name(enum dp_trigger t)
{
	static const char *const names[] = { "none", "keyword", "at-sign", "digits", "hex-colon" };

	return names[t];
}

static int perr(struct parse_state *ps, const char *msg, const char *arg)
{
	return dp_error_set(ps->err, DP_WARN, "%s:%d: %s%s%s", ps->file, ps->line, msg,
			    arg ? ": " : "", arg ? arg : "");
}

/* Split off the next whitespace-separated token of *p (modified in place). */
static char *next_token(char **p)
{
	char *s = *p, *t;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	t = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return t;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max || s[0] == '-')
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int add_words(struct parse_state *ps, struct dp_words *w, char *rest)
{
	char *t;
	int any = 0;

	while ((t = next_token(&rest)) != NULL) {
		if (w->n >= DP_RULE_MAX_WORDS)
			return perr(ps, "too many words (limit 48)", NULL);
		w->v[w->n] = strdup(t);
		if (!w->v[w->n])
			return dp_error_set(ps->err, DP_FATAL, "out of memory");
		w->n++;
		any = 1;
	}
	return any ? DP_OK : perr(ps, "expected at least one word", NULL);
}

static int set_str(struct parse_state *ps, char **dst, const char *val)
{
	if (!*val)
		return perr(ps, "missing value", NULL);
	free(*dst);
	*dst = strdup(val);
	return *dst ? DP_OK : dp_error_set(ps->err, DP_FATAL, "out of memory");
}

static int set_choice(struct parse_state *ps, char *dst, size_t cap, const char *val,
		      const char *const *choices)
{
	size_t i;

	for (i = 0; choices[i]; i++) {
		if (strcmp(val, choices[i]) == 0) {
			snprintf(dst, cap, "%s", val);
			return DP_OK;
		}
	}
	return perr(ps, "unknown value", val);
}

static void default_window(struct dp_rule_def *d)
{
	/* Where a match may start, around the trigger: none, keyword, at-sign, digits,
	 * hex-colon. Matches may run past the window; only their start is bounded. */
	static const unsigned before[] = { 0, 0, 64, 8, 8 };
	static const unsigned after[] = { 0, 0, 0, 0, 0 };

	d->before = before[d->trigger];
	d->after = after[d->trigger];
}

/* Shape set for `trigger digits MIN MAX SHAPES`: separators "-.()/" and '_' (a space)
 * that the cluster contains, '+' (a plus right before it), '0' (it starts with 00), 'a'
 * (a letter right before it, or before one space). Returns -1 on any other character. */
static int parse_seps(const char *s, unsigned *out)
{
	static const char all[] = "_-.(/)+0a";
	static const unsigned bits[] = { DP_SEP_SPACE, DP_SEP_DASH, DP_SEP_DOT, DP_SEP_PAREN,
					 DP_SEP_SLASH, DP_SEP_PAREN, DP_LEAD_PLUS, DP_LEAD_00,
					 DP_LEAD_LETTER };

	*out = 0;
	for (; s && *s; s++) {
		const char *p = strchr(all, *s);

		if (!p)
			return -1;
		*out |= bits[p - all];
	}
	return 0;
}

static int k_trigger(struct parse_state *ps, char *rest)
{
	struct dp_rule_def *d = ps->cur;
	char *kind = next_token(&rest);

	if (!kind)
		return perr(ps, "missing trigger kind", NULL);
	words_free(&d->keywords);
	if (strcmp(kind, "at-sign") == 0) {
		d->trigger = DP_TRIG_AT;
	} else if (strcmp(kind, "hex-colon") == 0) {
		d->trigger = DP_TRIG_HEXCOLON;
	} else if (strcmp(kind, "digits") == 0) {
		d->trigger = DP_TRIG_DIGITS;
		if (parse_uint(next_token(&rest), 64, &d->digits_min) ||
		    parse_uint(next_token(&rest), 64, &d->digits_max) ||
		    d->digits_min > d->digits_max || d->digits_min == 0 ||
		    parse_seps(next_token(&rest), &d->digits_seps))
			return perr(ps, "expected `digits MIN MAX [SHAPES]` with 1 <= MIN <= MAX "
				    "<= 64 and shapes from -.()/ _ (space) + 0 a", NULL);
	} else if (strcmp(kind, "keyword") == 0 || strcmp(kind, "keyword-nocase") == 0) {
		d->trigger = DP_TRIG_KEYWORD;
		d->keywords_nocase = kind[7] == '-';
		if (add_words(ps, &d->keywords, rest) != DP_OK)
			return ps->err->status;
	} else {
		return perr(ps, "unknown trigger (at-sign, digits, hex-colon, keyword, "
			    "keyword-nocase)", kind);
	}
	if (!ps->window_set)
		default_window(d);
	return DP_OK;
}

static int k_validator(struct parse_state *ps, char *rest)
{
	struct dp_rule_def *d = ps->cur;
	char *name = next_token(&rest), *arg = next_token(&rest), *end;

	if (!name || !dp_validator_find(name))
		return perr(ps, "unknown validator", name ? name : "(none)");
	snprintf(d->validator, sizeof(d->validator), "%s", name);
	d->validator_arg = 0.0;
	if (strcmp(name, "entropy") == 0) {
		d->validator_arg = arg ? strtod(arg, &end) : -1.0;
		if (!arg || *end || d->validator_arg < 0.0 || d->validator_arg > 8.0)
			return perr(ps, "expected `validator entropy BITS` with 0 <= BITS <= 8", NULL);
	}
	return DP_OK;
}

static int k_context(struct parse_state *ps, char *rest, int exclude)
{
	struct dp_rule_def *d = ps->cur;
	char *mode = exclude ? NULL : next_token(&rest);
	unsigned win;

	if (!exclude && (!mode || (strcmp(mode, "required") && strcmp(mode, "boost"))))
		return perr(ps, "expected `context required|boost WINDOW WORD...`", NULL);
	if (parse_uint(next_token(&rest), 4096, &win))
		return perr(ps, "expected a window in bytes (0..4096)", NULL);
	if (exclude) {
		d->exclude_window = win;
		return add_words(ps, &d->exclude, rest);
	}
	d->context_required = strcmp(mode, "required") == 0;
	d->context_window = win;
	return add_words(ps, &d->context, rest);
}

static int k_window(struct parse_state *ps, char *rest)
{
	if (parse_uint(next_token(&rest), 4096, &ps->cur->before) ||
	    parse_uint(next_token(&rest), 4096, &ps->cur->after))
		return perr(ps, "expected `window BEFORE AFTER` (bytes, 0..4096)", NULL);
	ps->window_set = 1;
	return DP_OK;
}

static int k_preview(struct parse_state *ps, const char *val)
{
	static const char *const names[] = { "mask", "email", "card", "digits", "prefix", "ip",
					     NULL };
	int i;

	for (i = 0; names[i]; i++) {
		if (strcmp(val, names[i]) == 0) {
			ps->cur->preview = (enum dp_preview)i;
			return DP_OK;
		}
	}
	return perr(ps, "unknown preview (mask, email, card, digits, prefix, ip)", val);
}

static int k_allow(struct parse_state *ps, const char *val)
{
	struct dp_rule_def *d = ps->cur;

	if (d->n_allow >= DP_RULE_MAX_ALLOW)
		return perr(ps, "too many allow patterns (limit 8)", NULL);
	d->allow[d->n_allow] = NULL;
	if (set_str(ps, &d->allow[d->n_allow], val) != DP_OK)
		return ps->err->status;
	d->allow_line[d->n_allow++] = ps->line;
	return DP_OK;
}

static int k_number(struct parse_state *ps, const char *key, char *val)
{
	unsigned v;

	if (strcmp(key, "priority") == 0) {
		if (parse_uint(val, 1000, &v))
			return perr(ps, "expected a priority 0..1000", val);
		ps->cur->priority = (int)v;
		return DP_OK;
	}
	if (parse_uint(val, 9, &v))
		return perr(ps, "expected a capture group 0..9", val);
	ps->cur->group = v;
	return DP_OK;
}

static int set_key(struct parse_state *ps, const char *key, char *rest)
{
	static const char *const cats[] = { "pii", "secret", NULL };
	static const char *const sevs[] = { "low", "medium", "high", "critical", NULL };
	struct dp_rule_def *d = ps->cur;

	if (strcmp(key, "category") == 0)
		return set_choice(ps, d->category, sizeof(d->category), rest, cats);
	if (strcmp(key, "severity") == 0)
		return set_choice(ps, d->severity, sizeof(d->severity), rest, sevs);
	if (strcmp(key, "description") == 0)
		return set_str(ps, &d->description, rest);
	if (strcmp(key, "pattern") == 0) {
		d->pattern_line = ps->line;
		return set_str(ps, &d->pattern, rest);
	}
	if (strcmp(key, "trigger") == 0)
		return k_trigger(ps, rest);
	if (strcmp(key, "validator") == 0)
		return k_validator(ps, rest);
	if (strcmp(key, "context") == 0 || strcmp(key, "exclude") == 0)
		return k_context(ps, rest, key[0] == 'e');
	if (strcmp(key, "stop") == 0)
		return add_words(ps, &d->stop, rest);
	if (strcmp(key, "allow") == 0)
		return k_allow(ps, rest);
	if (strcmp(key, "window") == 0)
		return k_window(ps, rest);
	if (strcmp(key, "preview") == 0)
		return k_preview(ps, rest);
	if (strcmp(key, "priority") == 0 || strcmp(key, "group") == 0)
		return k_number(ps, key, rest);
	return perr(ps, "unknown key", key);
}

/* Check the finished rule; errors point at its `rule` line. */
static int finish_rule(struct parse_state *ps)
{
	struct dp_rule_def *d = ps->cur;
	int saved = ps->line;
	int rc = DP_OK;

	if (!d)
		return DP_OK;
	ps->line = d->line;
	if (!d->pattern)
		rc = perr(ps, "rule has no pattern", d->id);
	else if (d->trigger == DP_TRIG_NONE)
		rc = perr(ps, "rule has no trigger (the prefilter needs one)", d->id);
	ps->line = saved;
	ps->cur = NULL;
	return rc;
}

static int valid_id(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n >= DP_RULE_ID_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* Start rule `id`: replace an existing rule of that id in place, or append. */
static int begin_rule(struct parse_state *ps, char *rest)
{
	struct dp_ruleset *s = ps->set;
	char *id = next_token(&rest);
	long at;

	if (!id || !valid_id(id) || next_token(&rest))
		return perr(ps, "expected `rule ID` (letters, digits, - _ .; < 64 chars)", id);
	at = dp_ruleset_find(s, id);
	if (at < 0 && s->n >= DP_RULE_MAX_RULES)
		return perr(ps, "too many rules (limit 512)", NULL);
	if (at < 0 && s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 32;
		struct dp_rule_def *nv = realloc(s->v, na * sizeof(*nv));

		if (!nv)
			return dp_error_set(ps->err, DP_FATAL, "out of memory");
		s->v = nv;
		s->alloc = na;
	}
	ps->cur = at < 0 ? &s->v[s->n++] : &s->v[at];
	if (at >= 0)
		def_free(ps->cur);
	else
		memset(ps->cur, 0, sizeof(*ps->cur));
	snprintf(ps->cur->id, sizeof(ps->cur->id), "%s", id);
	snprintf(ps->cur->category, sizeof(ps->cur->category), "pii");
	snprintf(ps->cur->severity, sizeof(ps->cur->severity), "medium");
	ps->cur->file = ps->file;
	ps->cur->line = ps->line;
	ps->window_set = 0;
	return DP_OK;
}

static int parse_line(struct parse_state *ps, char *line)
{
	char *p = line, *key;
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
		line[--n] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return DP_OK;
	key = next_token(&p);
	while (*p == ' ' || *p == '\t')
		p++;
	if (strcmp(key, "rule") == 0) {
		if (finish_rule(ps) != DP_OK)
			return ps->err->status;
		return begin_rule(ps, p);
	}
	if (!ps->cur)
		return perr(ps, "setting outside a rule (start one with `rule ID`)", key);
	return set_key(ps, key, p);
}

int dp_ruleset_parse(struct dp_ruleset *s, const char *text, size_t len, const char *file,
		     struct dp_error *err)
{
	struct parse_state ps = { s, NULL, file, 0, 0, err };
	char line[8192];
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		ps.line++;
		if (n >= sizeof(line))
			return perr(&ps, "line too long (limit 8191 bytes)", NULL);
		if (memchr(text + pos, '\0', n))
			return perr(&ps, "NUL byte in rule file", NULL);
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (parse_line(&ps, line) != DP_OK)
			return err ? err->status : DP_WARN;
	}
	if (finish_rule(&ps) != DP_OK)
		return err ? err->status : DP_WARN;
	return DP_OK;
}

int dp_ruleset_load_file(struct dp_ruleset *s, const char *path, struct dp_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	if (!f)
		return dp_error_set(err, DP_WARN, "%s: cannot open rule file: %s", path,
				    strerror(errno));
	buf = malloc(DP_RULE_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return dp_error_set(err, DP_FATAL, "out of memory");
	}
	n = fread(buf, 1, DP_RULE_FILE_MAX + 1, f);
	fclose(f);
	if (n > DP_RULE_FILE_MAX)
		rc = dp_error_set(err, DP_WARN, "%s: rule file larger than 4 MiB", path);
	else
		rc = dp_ruleset_parse(s, buf, n, path, err);
	free(buf);
	return rc;
}

int dp_ruleset_load_builtin(struct dp_ruleset *s, struct dp_error *err)
{
	return dp_ruleset_parse(s, dp_embedded_builtin, dp_embedded_builtin_len, "builtin.rules",
				err);
}

/* After a quantifier at p[i]: 1 when it is unbounded (`*`, `+`, `{n,}`). */
static int unbounded_at(const char *p, size_t i)
{
	if (p[i] == '+' && i > 0 && (p[i - 1] == '}' || p[i - 1] == '?'))
		return 0;  /* possessive marker, not a repeat */
	if (p[i] == '*' || p[i] == '+')
		return i == 0 || p[i - 1] != '\\';
	if (p[i] == '{' && (i == 0 || p[i - 1] != '\\')) {
		size_t j = i + 1;

		while (p[j] >= '0' && p[j] <= '9')
			j++;
		return j > i + 1 && p[j] == ',' && p[j + 1] == '}';
	}
	return 0;
}

size_t dp_rule_lint(const struct dp_rule_def *d,
		    void (*warn)(void *ctx, int line, const char *msg), void *ctx)
{
	const char *p = d->pattern;
	size_t i, count = 0, depth = 0;
	int in_class = 0, unb_inside = 0, nested = 0;

	for (i = 0; p && p[i]; i++) {
		if (p[i] == '\\' && p[i + 1]) {
			i++;
			continue;
		}
		if (in_class) {
			in_class = p[i] != ']';
			continue;
		}
		if (p[i] == '[') {
			in_class = 1;
			continue;
		}
		if (p[i] == '(' && p[i + 1] == '*') {  /* a verb such as (*FAIL): no repeat */
			while (p[i + 1] && p[i + 1] != ')')
				i++;
			continue;
		}
		depth += p[i] == '(';
		if (p[i] == ')' && depth > 0) {
			depth--;
			nested |= unb_inside && p[i + 1] && unbounded_at(p, i + 1);
			unb_inside = depth > 0 && unb_inside;
			continue;
		}
		if (unbounded_at(p, i)) {
			count++;
			unb_inside |= depth > 0;
		}
	}
	if (count && warn)
		warn(ctx, d->pattern_line, "pattern has unbounded repeats (*, +, {n,}); bound them, "
		     "e.g. {1,64}, so a window cannot make a match run long");
	if (nested && warn)
		warn(ctx, d->pattern_line, "pattern repeats a group that itself repeats without "
		     "bound, which can backtrack catastrophically, e.g. (a+)+");
	return (count ? 1u : 0u) + (nested ? 1u : 0u);
}

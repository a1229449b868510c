/* frontmatter.c - read a markdown file's YAML header with libyaml's event parser. */
#include "core/frontmatter.h"
#include "core/yamljson.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct fmp {
	yaml_parser_t parser;
	struct dp_frontmatter *fm;
	size_t cap;
	uint32_t first_line;   /* line of the YAML text's first line in the buffer */
	struct dp_error *err;
};

/* Find the header: "---" on the first line, up to a line "---" or "...". */
static int find_header(const char *buf, size_t len, size_t *start, size_t *end,
		       uint32_t *end_line)
{
	size_t i = 0;
	uint32_t line = 2;

	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		i = 3;
	if (len - i < 4 || strncmp(buf + i, "---", 3) != 0)
		return 0;
	i += 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'))
		i++;
	if (i >= len || buf[i] != '\n')
		return 0;
	*start = ++i;
	while (i < len && i < DP_FRONTMATTER_MAX_BYTES) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t le = nl ? (size_t)(nl - buf) : len;
		size_t n = le - i;
		while (n && (buf[i + n - 1] == '\r' || buf[i + n - 1] == ' '))
			n--;
		if (n == 3 && (!strncmp(buf + i, "---", 3) || !strncmp(buf + i, "...", 3))) {
			*end = i;
			*end_line = line;
			return 1;
		}
		i = le + 1;
		line++;
	}
	return 0;
}

static int next_event(struct fmp *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->parser, ev))
		return dp_error_set(p->err, DP_WARN, "YAML header, line %lu: %s",
				    (unsigned long)(p->parser.problem_mark.line + p->first_line),
				    p->parser.problem ? p->parser.problem : "syntax error");
	return DP_OK;
}

/* Skip a nested node whose start event was just read (depth 1). */
static int skip_node(struct fmp *p)
{
	int depth = 1, rc = DP_OK;
	yaml_event_t ev;

	while (depth > 0 && (rc = next_event(p, &ev)) == DP_OK) {
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		else if (ev.type == YAML_STREAM_END_EVENT)
			depth = 0;
		yaml_event_delete(&ev);
	}
	return rc;
}

static int add_value(struct dp_fm_entry *e, const char *s, size_t n)
{
	char **nv;

	if (e->n_values >= DP_FRONTMATTER_MAX_VALUES)
		return DP_OK;
	nv = realloc(e->values, (e->n_values + 1) * sizeof(*nv));
	if (!nv)
		return DP_FATAL;
	e->values = nv;
	e->values[e->n_values] = strndup(s, n);
	if (!e->values[e->n_values])
		return DP_FATAL;
	e->n_values++;
	return DP_OK;
}

static int read_sequence(struct fmp *p, struct dp_fm_entry *e)
{
	yaml_event_t ev;
	int rc;

	e->is_list = 1;
	while ((rc = next_event(p, &ev)) == DP_OK) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_SCALAR_EVENT)
			rc = add_value(e, (const char *)ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (t == YAML_SEQUENCE_END_EVENT || t == YAML_STREAM_END_EVENT || rc != DP_OK)
			break;
		if ((t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) &&
		    (rc = skip_node(p)) != DP_OK)
			break;
	}
	return rc;
}

static struct dp_fm_entry *new_entry(struct fmp *p, const yaml_event_t *key)
{
	struct dp_frontmatter *fm = p->fm;
	struct dp_fm_entry *e;

	if (fm->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 16;
		struct dp_fm_entry *nv = realloc(fm->v, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		fm->v = nv;
		p->cap = nc;
	}
	e = &fm->v[fm->n];
	memset(e, 0, sizeof(*e));
	e->key = strndup((const char *)key->data.scalar.value, key->data.scalar.length);
	if (!e->key)
		return NULL;
	e->line = (uint32_t)key->start_mark.line + p->first_line;
	fm->n++;
	return e;
}

/* One "key: value" pair of the top mapping; *done at the mapping's end. */
static int read_pair(struct fmp *p, int *done)
{
	yaml_event_t key, val;
	struct dp_fm_entry *e = NULL;
	int rc = next_event(p, &key);

	if (rc != DP_OK)
		return rc;
	if (key.type != YAML_SCALAR_EVENT) {
		*done = 1;
		yaml_event_delete(&key);
		return DP_OK;
	}
	if (p->fm->n < DP_FRONTMATTER_MAX_KEYS && !(e = new_entry(p, &key)))
		rc = DP_FATAL;
	yaml_event_delete(&key);
	if (rc != DP_OK || (rc = next_event(p, &val)) != DP_OK)
		return rc;
	if (val.type == YAML_SCALAR_EVENT && e)
		rc = add_value(e, (const char *)val.data.scalar.value, val.data.scalar.length);
	else if (val.type == YAML_SEQUENCE_START_EVENT)
		rc = e ? read_sequence(p, e) : skip_node(p);
	else if (val.type == YAML_MAPPING_START_EVENT) {
		if (e)
			e->is_map = 1;
		rc = skip_node(p);
	}
	yaml_event_delete(&val);
	return rc;
}

static int read_top(struct fmp *p)
{
	yaml_event_t ev;
	int rc, done = 0;

	do { /* stream start, document start, then the mapping */
		if ((rc = next_event(p, &ev)) != DP_OK)
			return rc;
		done = ev.type == YAML_MAPPING_START_EVENT;
		if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_STREAM_END_EVENT || ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			return dp_error_set(p->err, DP_WARN, "YAML header is not a mapping");
		}
		yaml_event_delete(&ev);
	} while (!done);
	done = 0;
	while (!done && (rc = read_pair(p, &done)) == DP_OK)
		;
	return rc;
}

int dp_frontmatter_parse(const char *buf, size_t len, struct dp_frontmatter *fm,
			 struct dp_error *err)
{
	struct fmp p;
	size_t start = 0, end = 0;
	uint32_t end_line = 0;
	char *copy;
	int rc;

	memset(fm, 0, sizeof(*fm));
	if (!find_header(buf, len, &start, &end, &end_line))
		return DP_DONE;
	memset(&p, 0, sizeof(p));
	p.fm = fm;
	p.err = err;
	p.first_line = 2;
	/* libyaml's scanner is quadratic in flow nesting: blank over-deep [..] / {..} first */
	copy = malloc(end - start + 1);
	if (!copy || !yaml_parser_initialize(&p.parser)) {
		free(copy);
		return dp_error_set(err, DP_FATAL, "out of memory");
	}
	memcpy(copy, buf + start, end - start);
	if (dp_yaml_defuse_flow(copy, end - start, DP_YAMLJSON_MAX_DEPTH)) {
		free(copy);
		yaml_parser_delete(&p.parser);
		return dp_error_set(err, DP_WARN, "YAML header nested deeper than %d levels",
				    DP_YAMLJSON_MAX_DEPTH);
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)copy, end - start);
	rc = read_top(&p);
	yaml_parser_delete(&p.parser);
	free(copy);
	if (rc != DP_OK) {
		dp_frontmatter_release(fm);
		return rc;
	}
	fm->end_line = end_line;
	fm->yaml_start = start;
	fm->yaml_end = end;
	return DP_OK;
}

const struct dp_fm_entry *dp_frontmatter_get(const struct dp_frontmatter *fm, const char *key)
{
	size_t i;

	for (i = 0; fm && i < fm->n; i++)
		if (strcmp(fm->v[i].key, key) == 0)
			return &fm->v[i];
	return NULL;
}

void dp_frontmatter_release(struct dp_frontmatter *fm)
{
	size_t i, j;

	if (!fm)
		return;
	for (i = 0; i < fm->n; i++) {
		for (j = 0; j < fm->v[i].n_values; j++)
			free(fm->v[i].values[j]);
		free(fm->v[i].values);
		free(fm->v[i].key);
	}
	free(fm->v);
	memset(fm, 0, sizeof(*fm));
}

yajl_val dp_frontmatter_tree(const char *buf, size_t len, const struct dp_frontmatter *fm,
			     const char *what, struct dp_error *err)
{
	if (fm->yaml_end > len || fm->yaml_start > fm->yaml_end)
		return NULL;
	return dp_yaml_to_tree(buf + fm->yaml_start, fm->yaml_end - fm->yaml_start, what, err);
}

/* yamljson.c - YAML to JSON tree through libyaml's event parser and the dp_json writer. */
#include "core/yamljson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/json.h"

struct yj {
	yaml_parser_t parser;
	struct dp_json *out;
	const char *what;
	struct dp_error *err;
};

static int next(struct yj *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return DP_OK;
	return dp_error_set(y->err, DP_WARN, "%s, line %lu: %s", y->what,
			    (unsigned long)y->parser.problem_mark.line + 1,
			    y->parser.problem ? y->parser.problem : "invalid YAML");
}

static int is_int(const char *s, size_t n)
{
	size_t i = (n && s[0] == '-') ? 1 : 0;

	if (i >= n || n - i > 18)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void scalar(struct yj *y, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		dp_json_strn(y->out, s, n);
	} else if (is_int(s, n)) {
		dp_json_i64(y->out, strtoll(s, NULL, 10));
	} else if (!strcmp(s, "true") || !strcmp(s, "false")) {
		dp_json_bool(y->out, s[0] == 't');
	} else if (n == 0 || !strcmp(s, "~") || !strcmp(s, "null")) {
		dp_json_null(y->out);
	} else {
		dp_json_strn(y->out, s, n);
	}
}

static int node(struct yj *y, yaml_event_t *ev, unsigned depth);

/* ---- deep flow collections: libyaml's scanner is quadratic in flow nesting ---- */

static int quote_can_start(const char *buf, size_t i)
{
	while (i > 0 && (buf[i - 1] == ' ' || buf[i - 1] == '\t'))
		i--;
	return i == 0 || strchr(":-[{,?\n", buf[i - 1]) != NULL;
}

/* Replace buf[a..b] (a flow collection) by "~" and blanks, keeping newlines. */
static void blank_span(char *buf, size_t a, size_t b)
{
	size_t i;

	buf[a] = '~';
	for (i = a + 1; i <= b; i++)
		if (buf[i] != '\n')
			buf[i] = ' ';
}

size_t dp_yaml_defuse_flow(char *buf, size_t len, unsigned max)
{
	size_t i, start = 0, spans = 0;
	unsigned depth = 0;
	char quote = 0;
	int comment = 0;

	for (i = 0; i < len; i++) {
		char ch = buf[i];
		if (comment) {
			comment = ch != '\n';
		} else if (quote) {
			if (quote == '"' && ch == '\\')
				i++;
			else if (ch == quote)
				quote = 0;
		} else if ((ch == '"' || ch == '\'') && quote_can_start(buf, i)) {
			quote = ch;
		} else if (ch == '#' && (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '\n')) {
			comment = 1;
		} else if (ch == '[' || ch == '{') {
			if (++depth == max + 1)
				start = i;
		} else if ((ch == ']' || ch == '}') && depth && depth-- == max + 1) {
			blank_span(buf, start, i);
			spans++;
		}
	}
	if (depth > max) {   /* never closed: blank to the end */
		blank_span(buf, start, len - 1);
		spans++;
	}
	return spans;
}

/* Skip the rest of a container whose start event was just read, without recursion. */
static int skip(struct yj *y)
{
	yaml_event_t ev;
	unsigned long open = 1;
	int rc;

	while (open) {
		if ((rc = next(y, &ev)) != DP_OK)
			return rc;
		if (ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT)
			open++;
		else if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT)
			open--;
		else if (ev.type == YAML_STREAM_END_EVENT)
			open = 0;
		yaml_event_delete(&ev);
	}
	return DP_OK;
}

/* Children of a mapping or sequence until its end event; keys of mappings must be scalars. */
static int children(struct yj *y, int mapping, unsigned depth)
{
	yaml_event_t ev;
	int rc, key = mapping;

	for (;;) {
		if ((rc = next(y, &ev)) != DP_OK)
			return rc;
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return DP_OK;
		}
		if (mapping && key) {
			/* a complex key is skipped; its value is kept under "?" */
			int simple = ev.type == YAML_SCALAR_EVENT;
			rc = simple ? DP_OK : node(y, &ev, DP_YAMLJSON_MAX_DEPTH + 1);
			dp_json_key(y->out, simple ? (const char *)ev.data.scalar.value : "?");
			yaml_event_delete(&ev);
			if (rc != DP_OK)
				return rc;
			key = 0;
			continue;
		}
		rc = node(y, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (rc != DP_OK)
			return rc;
		key = mapping;
	}
}

/* Write the node that starts with `ev` (not deleted here). A container at depth MAX is
 * skipped and written as null; anything deeper than MAX is skipped without output. */
static int node(struct yj *y, yaml_event_t *ev, unsigned depth)
{
	int mapping = ev->type == YAML_MAPPING_START_EVENT;
	int rc;

	if (ev->type == YAML_SCALAR_EVENT) {
		if (depth < DP_YAMLJSON_MAX_DEPTH)
			scalar(y, ev);
		else if (depth == DP_YAMLJSON_MAX_DEPTH)
			dp_json_null(y->out);
		return DP_OK;
	}
	if (ev->type != YAML_MAPPING_START_EVENT && ev->type != YAML_SEQUENCE_START_EVENT) {
		if (depth <= DP_YAMLJSON_MAX_DEPTH)
			dp_json_null(y->out); /* alias */
		return DP_OK;
	}
	if (depth >= DP_YAMLJSON_MAX_DEPTH) {
		rc = skip(y);
		if (depth == DP_YAMLJSON_MAX_DEPTH && rc == DP_OK)
			dp_json_null(y->out);
		return rc;
	}
	mapping ? dp_json_obj_begin(y->out) : dp_json_arr_begin(y->out);
	rc = children(y, mapping, depth);
	mapping ? dp_json_obj_end(y->out) : dp_json_arr_end(y->out);
	return rc;
}

/* Stream start, document start, the root node. */
static int convert(struct yj *y)
{
	yaml_event_t ev;
	int rc, seen = 0;

	while ((rc = next(y, &ev)) == DP_OK) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT) {
			rc = node(y, &ev, 0);
			seen = 1;
		}
		yaml_event_delete(&ev);
		if (rc != DP_OK)
			return rc;
	}
	if (rc == DP_OK && !seen)
		dp_json_null(y->out);
	return rc;
}

yajl_val dp_yaml_to_tree(const char *buf, size_t len, const char *what, struct dp_error *err)
{
	struct yj y;
	char msg[256], *copy;
	const char *text;
	size_t n;
	yajl_val v = NULL;
	int rc;

	if (len > DP_YAMLJSON_MAX_BYTES) {
		dp_error_set(err, DP_WARN, "%s: YAML text over %u bytes", what, DP_YAMLJSON_MAX_BYTES);
		return NULL;
	}
	memset(&y, 0, sizeof(y));
	y.what = what;
	y.err = err;
	y.out = dp_json_new(0);
	if (!y.out || !yaml_parser_initialize(&y.parser)) {
		dp_json_free(y.out);
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	copy = malloc(len + 1);
	if (!copy) {
		yaml_parser_delete(&y.parser);
		dp_json_free(y.out);
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	memcpy(copy, buf, len);
	dp_yaml_defuse_flow(copy, len, DP_YAMLJSON_MAX_DEPTH);
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)copy, len);
	rc = convert(&y);
	yaml_parser_delete(&y.parser);
	text = rc == DP_OK ? dp_json_text(y.out, &n) : NULL;
	if (text && !dp_json_failed(y.out)) {
		v = dp_jt_parse(text, msg, sizeof(msg));
		if (!v)
			dp_error_set(err, DP_WARN, "%s: %s", what, msg);
	} else if (rc == DP_OK) {
		dp_error_set(err, DP_WARN, "%s: YAML not convertible to JSON", what);
	}
	dp_json_free(y.out);
	free(copy);
	return v;
}

yajl_val dp_yaml_load_file(const char *path, struct dp_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	yajl_val v;

	if (!f) {
		dp_error_set(err, DP_WARN, "cannot open %s", path);
		return NULL;
	}
	buf = malloc(DP_YAMLJSON_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, DP_YAMLJSON_MAX_BYTES + 1, f);
	fclose(f);
	v = dp_yaml_to_tree(buf, n, path, err);
	free(buf);
	return v;
}

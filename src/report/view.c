/* view.c - read-only questions the writers ask of the parsed report. */
#include "report/view.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"

size_t dp_view_len(yajl_val v)
{
	return YAJL_IS_ARRAY(v) ? v->u.array.len : 0;
}

yajl_val dp_view_declared(yajl_val r, const char *item)
{
	yajl_val items = dp_jt_get(r, "declared.items"), it = NULL;
	size_t i;

	for (i = 0; YAJL_IS_OBJECT(items) && i < items->u.object.len; i++)
		if (!strcmp(items->u.object.keys[i], item))
			it = items->u.object.values[i];
	return it ? dp_jt_get(it, "value") : NULL;
}

const char *dp_view_declared_str(yajl_val r, const char *item)
{
	yajl_val v = dp_view_declared(r, item);

	return YAJL_IS_STRING(v) && v->u.string[0] ? v->u.string : NULL;
}

const char *dp_view_name(yajl_val r, char *buf, size_t cap)
{
	const char *n = dp_view_declared_str(r, "pretty_name");
	const char *path = dp_jt_str(dp_view_len(dp_jt_get(r, "inputs")) ?
					     dp_jt_get(r, "inputs")->u.array.values[0] : NULL,
				     "path", NULL);

	if (!n)
		n = dp_view_declared_str(r, "name");
	if (n) {
		snprintf(buf, cap, "%s", n);
		return buf;
	}
	snprintf(buf, cap, "%s", "dataset");
	if (path) {
		const char *slash = strrchr(path, '/'), *start = path, *p;
		size_t len;
		if (!slash)
			return buf;
		for (p = slash; p > path && p[-1] != '/'; p--)
			;
		start = p;
		len = (size_t)(slash - start);
		if (len && !(len == 1 && *start == '.') && len < cap)
			snprintf(buf, cap, "%.*s", (int)len, start);
	}
	return buf;
}

uint64_t dp_view_pii_findings(yajl_val r, const char *category)
{
	yajl_val rules = dp_jt_get(r, "pii.rules");
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < dp_view_len(rules); i++)
		if (!strcmp(dp_jt_str(rules->u.array.values[i], "category", ""), category))
			n += dp_jt_u64(rules->u.array.values[i], "findings", 0);
	return n;
}

int dp_view_gap(yajl_val r, const char *id)
{
	yajl_val g = dp_jt_get(r, "gaps");
	size_t i;

	for (i = 0; i < dp_view_len(g); i++)
		if (!strcmp(dp_jt_str(g->u.array.values[i], "id", ""), id))
			return 1;
	return 0;
}

const char *dp_view_declared_spdx(yajl_val r)
{
	const char *s = dp_jt_str(r, "declared.items.license.spdx", NULL);

	return s && s[0] ? s : NULL;
}

static int kinds_beyond_metadata(yajl_val kinds)
{
	size_t i;

	for (i = 0; i < dp_view_len(kinds); i++) {
		yajl_val k = kinds->u.array.values[i];
		if (YAJL_IS_STRING(k) && strcmp(k->u.string, "metadata") != 0)
			return 1;
	}
	return 0;
}

int dp_view_license_concluded(yajl_val r)
{
	const char *d = dp_view_declared_spdx(r);
	yajl_val sum = dp_jt_get(r, "licenses.summary");
	size_t i;

	if (!d || dp_view_gap(r, "license-conflict"))
		return 0;
	for (i = 0; i < dp_view_len(sum); i++) {
		yajl_val e = sum->u.array.values[i];
		if (!strcasecmp(dp_jt_str(e, "spdx", ""), d) &&
		    kinds_beyond_metadata(dp_jt_get(e, "kinds")))
			return 1;
	}
	return 0;
}

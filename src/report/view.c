/* view.c - read-only questions the writers ask of the parsed report. */
#include "report/view.h"

#include <stdio.h>
#include <stdlib.h>
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

yajl_val dp_view_declared_splits(yajl_val r)
{
	yajl_val info = dp_view_declared(r, "dataset_info");

	if (YAJL_IS_ARRAY(info)) /* one entry per config: only one is unambiguous */
		info = info->u.array.len == 1 ? info->u.array.values[0] : NULL;
	info = YAJL_IS_OBJECT(info) ? dp_jt_get(info, "splits") : NULL;
	return dp_view_split_count(info) ? info : NULL;
}

size_t dp_view_split_count(yajl_val s)
{
	return YAJL_IS_OBJECT(s) ? s->u.object.len : dp_view_len(s);
}

yajl_val dp_view_split_at(yajl_val s, size_t i, const char **name)
{
	yajl_val x;

	if (YAJL_IS_OBJECT(s)) { /* dataset_info.json: {"train": {"num_examples": ...}} */
		x = s->u.object.values[i];
		*name = dp_jt_str(x, "name", s->u.object.keys[i]);
		return x;
	}
	x = s->u.array.values[i];
	*name = dp_jt_str(x, "name", "");
	return x;
}

/* The split a name stands for, as the scan names the splits it finds in paths (data/dev.jsonl
 * is counted under "validation"). */
static const char *split_canonical(const char *name)
{
	static const char *const alias[][2] = { { "training", "train" }, { "valid", "validation" },
		{ "val", "validation" }, { "dev", "validation" }, { "testing", "test" } };
	size_t i;

	for (i = 0; i < sizeof(alias) / sizeof(*alias); i++)
		if (!strcasecmp(name, alias[i][0]))
			return alias[i][1];
	return name;
}

int dp_view_same_split(const char *a, const char *b)
{
	return !strcasecmp(split_canonical(a), split_canonical(b));
}

int dp_view_declared_split(yajl_val r, const char *name, uint64_t *n)
{
	yajl_val s = dp_view_declared_splits(r);
	size_t i;

	for (i = 0; i < dp_view_split_count(s); i++) {
		const char *sname;
		yajl_val x = dp_view_split_at(s, i, &sname), ex = dp_jt_get(x, "num_examples");
		if (dp_view_same_split(sname, name) && YAJL_IS_INTEGER(ex) &&
		    YAJL_GET_INTEGER(ex) >= 0) {
			*n = (uint64_t)YAJL_GET_INTEGER(ex);
			return 1;
		}
	}
	return 0;
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

int dp_view_input_excluded(yajl_val input)
{
	return !strcmp(dp_jt_str(input, "status", ""), "excluded");
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

static uint64_t hash_n(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

int dp_view_lookup_init(yajl_val r, struct dp_input_lookup *l)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	l->inputs = dp_jt_get(r, "inputs");
	l->n = dp_view_len(l->inputs);
	l->cap = 16;
	while (l->cap < 2 * l->n + 2)
		l->cap *= 2;
	l->slots = calloc(l->cap, sizeof(*l->slots));
	if (!l->slots)
		return -1;
	for (i = 0; i < l->n; i++) {
		const char *p = dp_jt_str(l->inputs->u.array.values[i], "path", "");
		size_t h = (size_t)(hash_n(p, strlen(p)) & (l->cap - 1));
		while (l->slots[h])
			h = (h + 1) & (l->cap - 1);
		l->slots[h] = i + 1;
	}
	return 0;
}

size_t dp_view_lookup(const struct dp_input_lookup *l, const char *o)
{
	const char *bang = strstr(o, "!/");
	size_t n = bang ? (size_t)(bang - o) : strlen(o);
	size_t h;

	if (!l->slots)
		return l->n;
	for (h = (size_t)(hash_n(o, n) & (l->cap - 1)); l->slots[h]; h = (h + 1) & (l->cap - 1)) {
		const char *p = dp_jt_str(l->inputs->u.array.values[l->slots[h] - 1], "path", "");
		if (strlen(p) == n && !strncmp(p, o, n))
			return l->slots[h] - 1;
	}
	return l->n;
}

void dp_view_lookup_release(struct dp_input_lookup *l)
{
	if (l)
		free(l->slots);
	if (l)
		memset(l, 0, sizeof(*l));
}

static int fill_index(yajl_val r, struct dp_member_index *mi, const struct dp_input_lookup *l)
{
	yajl_val m = dp_jt_get(r, "members");
	size_t ni = mi->n_inputs, nm = dp_view_len(m), i, *own = malloc((nm + 1) * sizeof(*own));
	size_t *fill = calloc(ni + 1, sizeof(*fill));

	mi->start = calloc(ni + 2, sizeof(*mi->start));
	mi->idx = malloc((nm + 1) * sizeof(*mi->idx));
	if (!own || !fill || !mi->start || !mi->idx) {
		free(own);
		free(fill);
		return -1;
	}
	for (i = 0; i < nm; i++) {
		own[i] = dp_view_lookup(l, dp_jt_str(m->u.array.values[i], "origin", ""));
		mi->start[own[i] + 1]++;
	}
	for (i = 0; i < ni + 1; i++)
		mi->start[i + 1] += mi->start[i];
	for (i = 0; i < nm; i++)
		mi->idx[mi->start[own[i]] + fill[own[i]]++] = i;
	free(own);
	free(fill);
	return 0;
}

int dp_view_member_index(yajl_val r, struct dp_member_index *mi)
{
	struct dp_input_lookup l;
	int rc;

	memset(mi, 0, sizeof(*mi));
	mi->n_inputs = dp_view_len(dp_jt_get(r, "inputs"));
	rc = dp_view_lookup_init(r, &l) == 0 ? fill_index(r, mi, &l) : -1;
	dp_view_lookup_release(&l);
	if (rc != 0)
		dp_view_member_index_free(mi);
	return rc;
}

void dp_view_member_index_free(struct dp_member_index *mi)
{
	if (!mi)
		return;
	free(mi->start);
	free(mi->idx);
	memset(mi, 0, sizeof(*mi));
}

/* wds.c - WebDataset samples assembled from consecutive archive members. */
#include "reader/wds.h"
#include "reader/recbuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *dp_wds_key(const char *name, char *key, size_t cap)
{
	const char *base = strrchr(name, '/');
	const char *dot;
	size_t n;

	base = base ? base + 1 : name;
	dot = strchr(base, '.');
	if (!dot || dot == base)
		return NULL;
	n = (size_t)(dot - name);
	if (n >= cap)
		n = cap - 1;
	memcpy(key, name, n);
	key[n] = '\0';
	return key;
}

static const char *ext_of(const char *name)
{
	const char *base = strrchr(name, '/');
	const char *dot;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	return dot ? dot + 1 : "";
}

static int text_part(const char *ext)
{
	return !strcasecmp(ext, "txt") || !strcasecmp(ext, "text") || !strcasecmp(ext, "caption");
}

int dp_wds_is_record_part(const char *name)
{
	const char *ext = ext_of(name);

	return text_part(ext) || !strcasecmp(ext, "json");
}

int dp_wds_init(struct dp_wds *g, const struct dp_reader_ctx *rc)
{
	memset(g, 0, sizeof(*g));
	g->rc = *rc;
	g->rc.member = &g->first;
	g->rc.stats = &g->stats;
	dp_buf_init(&g->text, (size_t)rc->cfg->limits.max_record_bytes);
	if (dp_jsonev_init(&g->ev, &g->rc) != DP_OK)
		return DP_FATAL;
	g->ev.embed = 1;
	return DP_OK;
}

static void close_sample(struct dp_wds *g)
{
	free(g->key);
	free(g->first_origin);
	free(g->first_name);
	g->key = g->first_origin = g->first_name = NULL;
}

void dp_wds_release(struct dp_wds *g)
{
	close_sample(g);
	dp_jsonev_release(&g->ev);
	dp_buf_release(&g->text);
}

int dp_wds_new_sample(const struct dp_wds *g, const char *name)
{
	char key[4096];

	return g->key && (!dp_wds_key(name, key, sizeof(key)) || strcmp(key, g->key));
}

static int open_sample(struct dp_wds *g, const struct dp_member *m, size_t row)
{
	char key[4096];

	if (!dp_wds_key(m->name, key, sizeof(key)))
		snprintf(key, sizeof(key), "%s", m->name);
	g->key = strdup(key);
	g->first = *m;
	g->first_origin = strdup(m->origin);
	g->first_name = strdup(m->name);
	if (!g->key || !g->first_origin || !g->first_name)
		return DP_FATAL;
	g->first.origin = g->first_origin;
	g->first.name = g->first_name;
	g->first.format = "wds";
	g->first_row = row;
	memset(&g->stats, 0, sizeof(g->stats));
	dp_recbuild_begin(&g->ev.rb, 0, 0);
	return DP_OK;
}

int dp_wds_part_begin(struct dp_wds *g, const struct dp_member *m, size_t row)
{
	const char *ext = ext_of(m->name);

	if (!g->key && open_sample(g, m, row) != DP_OK)
		return DP_FATAL;
	g->part = text_part(ext) ? 1 : !strcasecmp(ext, "json") ? 2 : 0;
	dp_buf_reset(&g->text);
	if (g->part == 2 && dp_jsonev_reset(&g->ev) != DP_OK)
		return DP_FATAL;
	g->json_bad = 0;
	return DP_OK;
}

int dp_wds_part_data(struct dp_wds *g, const char *data, size_t n)
{
	struct dp_error err;

	if (g->part == 1) {
		if (dp_buf_add(&g->text, data, n) == DP_WARN)
			dp_recbuild_oversize(&g->ev.rb);
	} else if (g->part == 2 && !g->json_bad) {
		int rc = dp_jsonev_feed(&g->ev, data, n, &err);
		if (rc == DP_FATAL)
			return rc;
		if (rc == DP_WARN) {
			g->json_bad = 1;
			g->stats.malformed++;
			dp_reader_note(&g->stats, "%s: %s", g->key, err.msg);
		}
	}
	return DP_OK;
}

int dp_wds_part_end(struct dp_wds *g)
{
	if (g->part == 1 && g->text.len &&
	    dp_recbuild_field(&g->ev.rb, "text", 4, DP_VT_STRING, g->text.data, g->text.len) != DP_OK)
		return DP_FATAL;
	if (g->part == 2 && !g->json_bad &&
	    (yajl_complete_parse(g->ev.h) != yajl_status_ok || g->ev.depth != 0)) {
		g->stats.malformed++;
		dp_reader_note(&g->stats, "%s: incomplete JSON metadata", g->key);
	}
	g->part = 0;
	return DP_OK;
}

int dp_wds_flush(struct dp_wds *g, size_t *row, uint64_t *records)
{
	int rc;

	*records = 0;
	if (!g->key)
		return DP_OK;
	*row = g->first_row;
	rc = dp_recbuild_end(&g->ev.rb);
	*records = g->stats.records;
	close_sample(g);
	return rc;
}

/* merge.c - merge shard results: order, load side files, finish, write the outputs. */
#include "cli/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/analyser.h"
#include "cli/command.h"
#include "cli/statedir.h"
#include "cli/summary_io.h"
#include "core/catalog.h"
#include "core/json.h"
#include "core/sink.h"
#include "core/zio.h"
#include "report/gaps.h"
#include "report/outdir.h"
#include "report/report_json.h"
#include "report/writer.h"

struct shard {
	const char *dir;       /* borrowed */
	char *key;             /* first input path ("" when none) */
	uint32_t n_inputs, offset;
};

struct merge {
	const struct dp_config *cfg;
	struct shard *shards;
	size_t n;
	void **states;         /* indexed like dp_analysers[] */
	struct dp_summary sum;
	struct dp_strpool pool;
	struct dp_catalog *catalog;
	struct dp_outdir od;
	char *options;         /* the first shard's report options, compact JSON */
	uint64_t lines;
};

/* ---- shard order ------------------------------------------------------------------ */

static int read_manifest(struct shard *sh, struct dp_error *err)
{
	char path[4200], msg[256];
	uint64_t n = 0;
	yajl_val v;

	snprintf(path, sizeof(path), "%s/%s/state.json", sh->dir, DP_STATEDIR_NAME);
	if (!(v = dp_jt_load(path, msg, sizeof(msg))))
		return dp_error_set(err, DP_FATAL, "%s is not a dataprov result with state (%s); "
				    "scan it again with this version, without --no-state", sh->dir, msg);
	n = dp_jt_u64(v, "inputs", 0);
	sh->key = strdup(dp_jt_str(v, "first_input", ""));
	yajl_tree_free(v);
	if (!sh->key)
		return dp_error_set(err, DP_FATAL, "out of memory");
	if (n >= ((uint64_t)1 << 24))
		return dp_error_set(err, DP_FATAL, "%s: too many inputs", sh->dir);
	sh->n_inputs = (uint32_t)n;
	return DP_OK;
}

static int shard_cmp(const void *a, const void *b)
{
	const struct shard *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->dir, y->dir);
}

static int order_shards(struct merge *m, char *const *dirs, size_t n, struct dp_error *err)
{
	uint64_t offset = 0;
	size_t i;

	if (!(m->shards = calloc(n ? n : 1, sizeof(*m->shards))))
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (i = 0; i < n; i++, m->n++) {
		m->shards[i].dir = dirs[i];
		if (read_manifest(&m->shards[i], err) != DP_OK)
			return DP_FATAL;
	}
	qsort(m->shards, n, sizeof(*m->shards), shard_cmp);
	for (i = 1; i < n; i++)
		if (!shard_cmp(&m->shards[i - 1], &m->shards[i]))
			return dp_error_set(err, DP_FATAL, "%s is given twice", m->shards[i].dir);
	for (i = 0; i < n; i++) {
		m->shards[i].offset = (uint32_t)offset;
		offset += m->shards[i].n_inputs;
		if (offset >= ((uint64_t)1 << 24))
			return dp_error_set(err, DP_FATAL, "more than 2^24 inputs in all");
	}
	return DP_OK;
}

/* ---- options: every shard must have been scanned alike ------------------------------ */

/* Compact JSON of `path`'s "options" object (malloc'd), or NULL with err set. */
static char *options_of(const char *path, struct dp_error *err)
{
	char msg[256], *out = NULL;
	struct dp_json *j;
	const char *text;
	size_t len;
	yajl_val v = dp_jt_load(path, msg, sizeof(msg));

	if (!v) {
		dp_error_set(err, DP_FATAL, "cannot read %s: %s", path, msg);
		return NULL;
	}
	if ((j = dp_json_new(0)) != NULL) {
		dp_json_value(j, dp_jt_get(v, "options"));
		text = dp_json_text(j, &len);
		out = dp_json_failed(j) ? NULL : strndup(text, len);
		dp_json_free(j);
	}
	yajl_tree_free(v);
	if (!out)
		dp_error_set(err, DP_FATAL, "out of memory reading %s", path);
	return out;
}

static int check_options(struct merge *m, const char *path, const char *what,
			 struct dp_error *err)
{
	char *o = options_of(path, err);
	int same;

	if (!o)
		return DP_FATAL;
	if (!m->options) {
		m->options = o;
		return DP_OK;
	}
	same = !strcmp(o, m->options);
	free(o);
	if (!same)
		return dp_error_set(err, DP_FATAL, "%s has other scan options than the first shard "
				    "(report.json \"options\"); %s", path, what);
	return DP_OK;
}

/* ---- states ------------------------------------------------------------------------ */

static int create_states(struct merge *m, struct dp_error *err)
{
	size_t k, n = dp_analysers_count();

	if (!(m->states = calloc(n + 1, sizeof(*m->states))))
		return dp_error_set(err, DP_FATAL, "out of memory");
	for (k = 0; k < n; k++) {
		if (!dp_analyser_enabled(m->cfg, dp_analysers[k]->name))
			continue;
		if (!dp_analysers[k]->load)
			return dp_error_set(err, DP_FATAL, "analyser %s cannot be merged yet; leave "
					    "it out with --analysers", dp_analysers[k]->name);
		if (!(m->states[k] = dp_analysers[k]->create(m->cfg, err)))
			return DP_FATAL;
	}
	return DP_OK;
}

static void destroy_states(struct merge *m)
{
	size_t k;

	for (k = 0; m->states && dp_analysers[k]; k++)
		if (m->states[k])
			dp_analysers[k]->destroy(m->states[k]);
	free(m->states);
}

/* Fold one shard in: its summary, then every analyser's side files. */
static int load_shard(struct merge *m, const struct shard *sh, struct dp_error *err)
{
	char dir[4200], path[4300];
	struct dp_load_ctx lc;
	size_t k, added = 0;

	snprintf(path, sizeof(path), "%s/report.json", sh->dir);
	if (check_options(m, path, "scan every shard with the same options", err) != DP_OK)
		return DP_FATAL;
	snprintf(dir, sizeof(dir), "%s/%s", sh->dir, DP_STATEDIR_NAME);
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if (dp_summary_load(&m->sum, path, sh->offset, &m->pool, &added, err) != DP_OK)
		return DP_FATAL;
	if (added != sh->n_inputs)
		return dp_error_set(err, DP_FATAL, "%s: state.json and summary.json disagree", dir);
	memset(&lc, 0, sizeof(lc));
	lc.cfg = m->cfg;
	lc.dir = dir;
	lc.tmpdir = m->od.work;
	lc.input_offset = sh->offset;
	for (k = 0; dp_analysers[k]; k++)
		if (m->states[k] && dp_analysers[k]->load(m->states[k], &lc, err) != DP_OK)
			return DP_FATAL;
	return DP_OK;
}

static int build_catalog(struct merge *m)
{
	size_t i, k;

	if (!(m->catalog = dp_catalog_new()))
		return DP_FATAL;
	for (i = 0; i < m->sum.n_inputs; i++)
		for (k = 0; k < m->sum.inputs[i].n_members; k++) {
			const struct dp_member_row *r = &m->sum.inputs[i].members[k];
			if (dp_catalog_add(m->catalog, r->origin, r->first_seq, r->records) != 0)
				return DP_FATAL;
		}
	dp_catalog_seal(m->catalog);
	return DP_OK;
}

/* Finish every analyser; post-scan findings (duplicates) go to `post`. */
static int finish_states(struct merge *m, const char *post, struct dp_error *err)
{
	struct dp_actx ax;
	size_t k;
	int rc = DP_OK;

	if (build_catalog(m) != DP_OK)
		return dp_error_set(err, DP_FATAL, "out of memory");
	memset(&ax, 0, sizeof(ax));
	ax.cfg = m->cfg;
	ax.tmpdir = m->od.work;
	ax.catalog = m->catalog;
	if (m->cfg->findings && !(ax.findings = dp_sink_open(post)))
		return dp_error_set(err, DP_FATAL, "cannot create %s", post);
	for (k = 0; dp_analysers[k] && rc != DP_FATAL; k++)
		if (dp_analysers[k]->finish && m->states[k])
			rc = dp_analysers[k]->finish(m->states[k], &ax, err);
	if (dp_sink_close(ax.findings) != 0 && rc != DP_FATAL)
		rc = dp_error_set(err, DP_FATAL, "cannot write %s", post);
	return rc == DP_FATAL ? DP_FATAL : DP_OK;
}

/* ---- findings: the shards' own lines in shard order, then the recomputed duplicates ---- */

static const char dup_prefix[] = "{\"type\":\"duplicate\"";

struct line_copy {
	struct dp_zwriter *zw;
	char *line;
	size_t len, cap;
	uint64_t lines;
	int bad;
};

static void line_end(struct line_copy *c)
{
	if (c->len >= sizeof(dup_prefix) - 1 && !memcmp(c->line, dup_prefix, sizeof(dup_prefix) - 1))
		return; /* duplicates are recomputed across all shards */
	c->bad |= dp_zwriter_write(c->zw, c->line, c->len) != 0 ||
		  dp_zwriter_write(c->zw, "\n", 1) != 0;
	c->lines++;
}

static int line_add(struct line_copy *c, const char *p, size_t n)
{
	if (c->len + n > c->cap) {
		size_t cap = (c->len + n) * 2;
		char *v = realloc(c->line, cap);
		if (!v)
			return -1;
		c->line = v;
		c->cap = cap;
	}
	memcpy(c->line + c->len, p, n);
	c->len += n;
	return 0;
}

static int copy_shard_findings(struct line_copy *c, const char *path, char *buf, size_t cap)
{
	struct dp_zreader *zr = dp_zreader_open(path);
	ssize_t got = 0;
	size_t i, start;

	if (!zr)
		return 0; /* a shard scanned with --no-findings has none */
	c->len = 0;
	while (!c->bad && (got = dp_zreader_read(zr, buf, cap)) > 0) {
		for (i = start = 0; i < (size_t)got; i++) {
			if (buf[i] != '\n')
				continue;
			c->bad |= line_add(c, buf + start, i - start);
			line_end(c);
			c->len = 0;
			start = i + 1;
		}
		c->bad |= line_add(c, buf + start, (size_t)got - start);
	}
	dp_zreader_close(zr);
	c->bad |= got < 0 || c->len != 0;
	return c->bad ? -1 : 0;
}

static int append_post(struct line_copy *c, const char *post, char *buf, size_t cap)
{
	FILE *f = fopen(post, "rb");
	size_t n, i;

	if (!f)
		return 0;
	while ((n = fread(buf, 1, cap, f)) > 0) {
		for (i = 0; i < n; i++)
			c->lines += buf[i] == '\n';
		c->bad |= dp_zwriter_write(c->zw, buf, n) != 0;
	}
	fclose(f);
	return c->bad ? -1 : 0;
}

static int write_findings(struct merge *m, const char *post, struct dp_error *err)
{
	struct line_copy c;
	char path[4200], *buf = malloc((size_t)1 << 16);
	size_t i;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	dp_outdir_file(&m->od, "findings.jsonl.zst", path, sizeof(path));
	c.zw = dp_zwriter_open(path, 3);
	dp_zwriter_threads(c.zw, dp_config_threads(m->cfg));
	if (!buf || !c.zw) {
		free(buf);
		dp_zwriter_close(c.zw);
		return dp_error_set(err, DP_FATAL, "cannot create %s", path);
	}
	for (i = 0; i < m->n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/findings.jsonl.zst", m->shards[i].dir);
		if ((rc = copy_shard_findings(&c, path, buf, (size_t)1 << 16)) != 0)
			dp_error_set(err, DP_FATAL, "cannot read %s (or write the merged findings)",
				     path);
	}
	if (rc == 0 && append_post(&c, post, buf, (size_t)1 << 16) != 0)
		rc = dp_error_set(err, DP_FATAL, "cannot write the merged findings");
	rc |= dp_zwriter_close(c.zw) != 0 ? dp_error_set(err, DP_FATAL, "cannot write findings") : 0;
	free(buf);
	free(c.line);
	m->lines = c.lines;
	return rc ? DP_FATAL : DP_OK;
}

/* ---- outputs ----------------------------------------------------------------------- */

static void sections(void *ctx, struct dp_json *out)
{
	struct merge *m = ctx;
	size_t k;

	for (k = 0; dp_analysers[k]; k++) {
		if (!dp_analysers[k]->report || !m->states[k])
			continue;
		dp_json_key(out, dp_analysers[k]->name);
		dp_analysers[k]->report(m->states[k], out);
	}
}

static int write_outputs(struct merge *m, int *failed, struct dp_error *err)
{
	char path[4200], post[4300], msg[512];
	yajl_val report;
	int rc;

	dp_outdir_file(&m->od, DP_STATEDIR_NAME, path, sizeof(path));
	if (dp_statedir_save(path, &m->sum, m->states, err) != DP_OK)
		return DP_FATAL;
	snprintf(post, sizeof(post), "%s/findings-post.jsonl", m->od.work);
	if (finish_states(m, post, err) != DP_OK)
		return DP_FATAL;
	if (m->cfg->findings && write_findings(m, post, err) != DP_OK)
		return DP_FATAL;
	dp_outdir_file(&m->od, "report.json", path, sizeof(path));
	if (dp_report_write(path, m->cfg, &m->sum, m->lines, sections, m, err) != DP_OK)
		return DP_FATAL;
	if (m->n && check_options(m, path, "pass merge the options the shards were scanned "
				  "with", err) != DP_OK)
		return DP_FATAL;
	if (dp_gaps_append(path, m->cfg, failed, err) != DP_OK)
		return DP_FATAL;
	if (!(report = dp_jt_load(path, msg, sizeof(msg))))
		return dp_error_set(err, DP_FATAL, "cannot re-read %s: %s", path, msg);
	rc = dp_writers_render(report, m->od.tmp, NULL, err);
	yajl_tree_free(report);
	return rc == DP_OK ? DP_OK : DP_FATAL;
}

static int partial(const struct dp_summary *s)
{
	size_t i;

	for (i = 0; i < s->n_inputs; i++)
		if (s->inputs[i].status != DP_OK || s->inputs[i].info.unreadable)
			return 1;
	return 0;
}

static void merge_release(struct merge *m)
{
	size_t i;

	destroy_states(m);
	dp_summary_release(&m->sum);
	dp_strpool_release(&m->pool);
	dp_catalog_free(m->catalog);
	for (i = 0; i < m->n; i++)
		free(m->shards[i].key);
	free(m->shards);
	free(m->options);
}

int dp_merge_run(const struct dp_config *cfg, char *const *dirs, size_t n,
		 volatile sig_atomic_t *cancel, struct dp_error *err)
{
	struct merge m;
	size_t i;
	int failed = 0, code = DP_EXIT_FATAL, begun = 0;

	memset(&m, 0, sizeof(m));
	m.cfg = cfg;
	if (order_shards(&m, dirs, n, err) != DP_OK ||
	    dp_outdir_begin(&m.od, cfg->outdir, err) != DP_OK)
		goto out;
	begun = 1;
	if (create_states(&m, err) != DP_OK)
		goto out;
	for (i = 0; i < m.n; i++) {
		if (cancel && *cancel) {
			dp_error_set(err, DP_FATAL, "interrupted; no output written");
			goto out;
		}
		if (load_shard(&m, &m.shards[i], err) != DP_OK)
			goto out;
	}
	if (write_outputs(&m, &failed, err) != DP_OK || dp_outdir_commit(&m.od, err) != DP_OK)
		goto out;
	begun = 0;
	code = failed ? DP_EXIT_POLICY : partial(&m.sum) ? DP_EXIT_PARTIAL : DP_EXIT_OK;
out:
	if (begun)
		dp_outdir_abort(&m.od);
	merge_release(&m);
	return code;
}

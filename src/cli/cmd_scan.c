/* cmd_scan.c - `dataprov scan`: parse, validate, run. */
#include "cli/command.h"
#include "cli/options.h"
#include "cli/pipeline.h"
#include "cli/scan.h"
#include "cli/signals.h"
#include "cli/statedir.h"
#include "core/json.h"
#include "core/log.h"
#include "input/splitmap.h"
#include "input/walk.h"
#include "report/gaps.h"
#include "report/outdir.h"
#include "report/report_json.h"
#include "report/writer.h"
#include "reader/reader.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sections(void *ctx, struct dp_json *out)
{
	dp_pipeline_report_sections(ctx, out);
}

/* Write report.json, findings and the rendered outputs into the temporary directory.
 * report.json is written, re-read for the gaps pass (gaps[] appended), then re-read again
 * so the writers render exactly what `dataprov render` will later read. *failed is set
 * when a --fail-on gap is present. */
static int write_outputs(struct dp_pipeline *p, const struct dp_config *cfg,
			 const struct dp_outdir *od, int *failed, struct dp_error *err)
{
	char path[4200], msg[512];
	uint64_t lines = 0;
	yajl_val report;
	int rc;

	dp_outdir_file(od, DP_STATEDIR_NAME, path, sizeof(path)); /* for dataprov merge */
	if (!cfg->no_state &&
	    dp_statedir_save(path, dp_pipeline_summary(p), dp_pipeline_states(p), err) != DP_OK)
		return DP_FATAL;
	if (dp_pipeline_finish(p, err) == DP_FATAL)
		return DP_FATAL;
	if (cfg->findings) {
		dp_outdir_file(od, "findings.jsonl.zst", path, sizeof(path));
		if (dp_pipeline_write_findings(p, path, &lines, err) == DP_FATAL)
			return DP_FATAL;
	}
	dp_outdir_file(od, "report.json", path, sizeof(path));
	rc = dp_report_write(path, cfg, dp_pipeline_summary(p), lines, sections, p, err);
	if (rc != DP_OK)
		return rc;
	if (dp_gaps_append(path, cfg, failed, err) != DP_OK)
		return DP_FATAL;
	report = dp_jt_load(path, msg, sizeof(msg));
	if (!report)
		return dp_error_set(err, DP_FATAL, "cannot re-read %s: %s", path, msg);
	rc = dp_writers_render(report, od->tmp, NULL, err);
	yajl_tree_free(report);
	return rc == DP_OK ? DP_OK : DP_FATAL;
}

/* Tell the user on stderr what could not be read (the report has every detail). */
static void log_problems(const struct dp_summary *s)
{
	size_t i, k, shown = 0, total = 0;

	for (i = 0; i < s->n_inputs; i++) {
		const struct dp_input_result *r = &s->inputs[i];
		if (r->info.excluded) { /* .git and the like: a note, not a problem */
			for (k = 0; k < r->info.n_errors; k++)
				dp_log(DP_LOG_INFO, "%s", r->info.errors[k]);
			continue;
		}
		total += r->info.errors_total;
		for (k = 0; k < r->info.n_errors && shown < 20; k++, shown++)
			dp_log(DP_LOG_WARN, "%s", r->info.errors[k]);
		for (k = 0; k < r->n_members; k++) {
			if (!r->members[k].notes)
				continue;
			total++;
			if (shown++ < 20)
				dp_log(DP_LOG_WARN, "%s: %s", r->members[k].origin, r->members[k].notes);
		}
	}
	if (total > shown)
		dp_log(DP_LOG_WARN, "%zu more problems; see coverage and inputs[].errors in report.json",
		       total - shown);
}

static int expand(const struct dp_config *cfg, char *const *paths, size_t n, struct dp_walk *w,
		  struct dp_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dp_walk_add(w, paths[i], cfg->follow_symlinks) != 0)
			return dp_error_set(err, DP_FATAL, "out of memory");
	return DP_OK;
}

int dp_scan_run(const struct dp_config *cfg_in, char *const *paths, size_t n,
		volatile sig_atomic_t *cancel, struct dp_error *err)
{
	struct dp_config scan_cfg = *cfg_in, *cfg = &scan_cfg;
	struct dp_splitmap *splits = NULL;
	struct dp_walk w;
	struct dp_outdir od;
	struct dp_pipeline *p = NULL;
	int rc, failed = 0, code = DP_EXIT_FATAL;

	dp_walk_init(&w);
	dp_error_clear(err);
	if (!(splits = dp_splitmap_load(paths, n, err)) && err->status == DP_FATAL)
		goto out;
	cfg->splitmap = splits;
	if (expand(cfg, paths, n, &w, err) != DP_OK || dp_outdir_begin(&od, cfg->outdir, err) != DP_OK)
		goto out;
	p = dp_pipeline_new(cfg, od.work);
	if (!p) {
		dp_error_set(err, DP_FATAL, "out of memory");
		goto abort;
	}
	rc = dp_pipeline_run(p, w.v, w.n, cancel, err);
	if (rc == DP_FATAL)
		goto abort;
	if (cancel && *cancel) {
		dp_error_set(err, DP_FATAL, "interrupted; no output written");
		goto abort;
	}
	log_problems(dp_pipeline_summary(p));
	if (write_outputs(p, cfg, &od, &failed, err) != DP_OK)
		goto abort;
	if (cancel && *cancel) { /* a signal while writing: keep the promise, write nothing */
		dp_error_set(err, DP_FATAL, "interrupted; no output written");
		goto abort;
	}
	if (dp_outdir_commit(&od, err) != DP_OK)
		goto abort;
	code = failed ? DP_EXIT_POLICY : rc == DP_WARN ? DP_EXIT_PARTIAL : DP_EXIT_OK;
	goto out;
abort:
	dp_outdir_abort(&od);
out:
	dp_pipeline_free(p);
	dp_walk_release(&w);
	dp_splitmap_free(splits);
	return code;
}

static const char usage[] =
	"usage: dataprov scan [OPTIONS] PATH... -o OUTDIR\n\n"
	"Scan files, directories, archives and compressed shards (PATH may be '-' for\n"
	"standard input) in one streaming pass and write OUTDIR/report.json, the data card\n"
	"OUTDIR/DATACARD.md and OUTDIR/findings.jsonl.zst.\n\n"
	"Exit codes: 0 success, 1 a --fail-on gap was found, 2 usage error, 3 finished but\n"
	"some input could not be read (the report says what), 4 fatal (no output written),\n"
	"130 interrupted.\n\noptions:\n";

/* A bad --rules file is a usage error, told before any input is read. */
static int check_rules(const struct dp_config *cfg)
{
	struct dp_error err;
	struct dp_rules *r;

	if (!cfg->rule_files.n)
		return DP_OK;
	dp_error_clear(&err);
	r = dp_rules_new(cfg, &err);
	if (!r) {
		dp_log(DP_LOG_ERROR, "%s", err.msg);
		return DP_WARN;
	}
	dp_rules_free(r);
	return DP_OK;
}

static int run_scan(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_error err;
	char **operands = calloc((size_t)argc + 1, sizeof(char *));
	size_t n = 0;
	int help = 0, code;

	dp_config_init(&cfg);
	dp_error_clear(&err);
	if (!operands)
		return DP_EXIT_FATAL;
	if (dp_options_parse("scan", argc, argv, &cfg, operands, &n, &help, &err) != DP_OK) {
		dp_log(DP_LOG_ERROR, "%s (see 'dataprov help scan')", err.msg);
		free(operands);
		return DP_EXIT_USAGE;
	}
	if (help) {
		fputs(usage, stdout);
		dp_options_print(stdout, "scan");
		free(operands);
		return DP_EXIT_OK;
	}
	if (!cfg.outdir || n == 0) {
		dp_log(DP_LOG_ERROR, "%s (see 'dataprov help scan')",
		       !cfg.outdir ? "missing -o OUTDIR" : "missing PATH to scan");
		free(operands);
		return DP_EXIT_USAGE;
	}
	if (cfg.format && !dp_reader_find(cfg.format) && strcmp(cfg.format, "wds")) {
		dp_log(DP_LOG_ERROR, "unknown --format '%s'", cfg.format);
		free(operands);
		return DP_EXIT_USAGE;
	}
	if (cfg.fail_on && dp_gaps_check_list(cfg.fail_on, &err) != DP_OK) {
		dp_log(DP_LOG_ERROR, "%s (gap ids: see dataprov-card(5))", err.msg);
		free(operands);
		return DP_EXIT_USAGE;
	}
	if (check_rules(&cfg) != DP_OK) {
		free(operands);
		return DP_EXIT_USAGE;
	}
	if (cfg.quiet)
		dp_log_set_level(DP_LOG_ERROR);
	code = dp_scan_run(&cfg, operands, n, dp_signals_install(), &err);
	if (dp_signals_caught())
		code = 128 + dp_signals_caught();
	if (code == DP_EXIT_FATAL || code >= 128)
		dp_log(DP_LOG_ERROR, "%s", err.msg[0] ? err.msg : "interrupted");
	else if (!cfg.quiet)
		fprintf(stderr, "dataprov: wrote %s/report.json and %s/DATACARD.md%s\n", cfg.outdir,
			cfg.outdir, code == DP_EXIT_PARTIAL ? " (some input could not be read)" :
			code == DP_EXIT_POLICY ? " (a --fail-on gap was found)" : "");
	free(operands);
	return code;
}

const struct dp_command dp_cmd_scan = {
	"scan", "scan datasets and write a report and data card", usage, run_scan
};

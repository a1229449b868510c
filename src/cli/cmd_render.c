/* cmd_render.c - `dataprov render`: rewrite the card, Croissant and SPDX files of OUTDIR
 * from its report.json, without rescanning (byte-identical to what scan wrote). */
#include "cli/command.h"
#include "cli/options.h"
#include "core/json.h"
#include "core/log.h"
#include "report/gaps.h"
#include "report/writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: dataprov render OUTDIR [--format md|croissant|spdx|all]\n\n"
	"Rewrite OUTDIR/DATACARD.md, OUTDIR/croissant.json and OUTDIR/spdx.json (or only the\n"
	"one named by --format) from OUTDIR/report.json. Nothing is rescanned; the files are\n"
	"byte-identical to the ones `dataprov scan` wrote from the same report.\n\n"
	"Exit codes: 0 success, 1 a --fail-on gap is in the report, 2 usage error, 4 fatal.\n\n"
	"options:\n";

static int known_format(const char *f)
{
	size_t i;

	if (!f || !strcmp(f, "all"))
		return 1;
	for (i = 0; dp_writers[i]; i++)
		if (!strcmp(dp_writers[i]->name, f))
			return 1;
	return 0;
}

/* Render into a private directory inside OUTDIR, then rename each file into place, so an
 * interrupted render never leaves a half-written output. */
static int render_atomic(yajl_val r, const char *dir, const char *only, struct dp_error *err)
{
	char tmp[4200], from[4300], to[4300];
	size_t i;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s/.render-XXXXXX", dir);
	if (!mkdtemp(tmp))
		return dp_error_set(err, DP_FATAL, "cannot create a directory in %s", dir);
	rc = dp_writers_render(r, tmp, only, err);
	for (i = 0; dp_writers[i]; i++) {
		snprintf(from, sizeof(from), "%s/%s", tmp, dp_writers[i]->file);
		snprintf(to, sizeof(to), "%s/%s", dir, dp_writers[i]->file);
		if (access(from, F_OK) != 0)
			continue;
		if (rc == DP_OK && rename(from, to) != 0)
			rc = dp_error_set(err, DP_FATAL, "cannot write %s", to);
		remove(from);
	}
	rmdir(tmp);
	return rc;
}

/* Load OUTDIR/report.json and render; DP_EXIT_* code. */
static int render_dir(const char *dir, const struct dp_config *cfg)
{
	char path[4200], msg[512];
	struct dp_error err;
	yajl_val r;
	int rc, failed;

	dp_error_clear(&err);
	snprintf(path, sizeof(path), "%s/report.json", dir);
	r = dp_jt_load(path, msg, sizeof(msg));
	if (!r || !YAJL_IS_OBJECT(r)) {
		dp_log(DP_LOG_ERROR, "cannot read %s: %s", path, r ? "not a JSON object" : msg);
		yajl_tree_free(r);
		return DP_EXIT_FATAL;
	}
	rc = render_atomic(r, dir, cfg->format, &err);
	failed = cfg->fail_on && dp_gaps_match(dp_jt_get(r, "gaps"), cfg->fail_on);
	yajl_tree_free(r);
	if (rc != DP_OK) {
		dp_log(DP_LOG_ERROR, "%s", err.msg);
		return DP_EXIT_FATAL;
	}
	return failed ? DP_EXIT_POLICY : DP_EXIT_OK;
}

static int run_render(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_error err;
	char **operands = calloc((size_t)argc + 1, sizeof(char *));
	size_t n = 0;
	int help = 0, code = DP_EXIT_USAGE;

	dp_config_init(&cfg);
	dp_error_clear(&err);
	if (!operands)
		return DP_EXIT_FATAL;
	if (dp_options_parse("render", argc, argv, &cfg, operands, &n, &help, &err) != DP_OK)
		dp_log(DP_LOG_ERROR, "%s (see 'dataprov help render')", err.msg);
	else if (help) {
		fputs(usage, stdout);
		dp_options_print(stdout, "render");
		code = DP_EXIT_OK;
	} else if (n != 1)
		dp_log(DP_LOG_ERROR, "expected one OUTDIR (see 'dataprov help render')");
	else if (cfg.declared)
		dp_log(DP_LOG_ERROR, "--declared is read by scan (declared facts are part of the "
		       "report); rescan to change them");
	else if (!known_format(cfg.format))
		dp_log(DP_LOG_ERROR, "unknown --format '%s' (md, croissant, spdx or all)", cfg.format);
	else if (cfg.fail_on && dp_gaps_check_list(cfg.fail_on, &err) != DP_OK)
		dp_log(DP_LOG_ERROR, "%s (gap ids: see dataprov-card(5))", err.msg);
	else
		code = render_dir(operands[0], &cfg);
	free(operands);
	return code;
}

const struct dp_command dp_cmd_render = {
	"render", "rewrite DATACARD.md, croissant.json and spdx.json from report.json", usage,
	run_render
};

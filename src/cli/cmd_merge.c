/* cmd_merge.c - `dataprov merge`: parse, validate, run. */
#include "cli/command.h"
#include "cli/merge.h"
#include "cli/options.h"
#include "cli/signals.h"
#include "core/array.h"
#include "core/log.h"
#include "report/gaps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_DIRS_MAX 10000000   /* shard directories one merge accepts */

static const char usage[] =
	"usage: dataprov merge [OPTIONS] -o OUTDIR DIR...\n"
	"       dataprov merge [OPTIONS] -o OUTDIR --from FILE   (one DIR a line; '-' = stdin)\n"
	"       ... | dataprov merge [OPTIONS] -o OUTDIR -\n\n"
	"Merge the results of several scans (their OUTDIRs, each with its state/ side files)\n"
	"into one OUTDIR/report.json, data card and findings.jsonl.zst, exactly as one scan of\n"
	"all their inputs would report them, with cross-shard duplicates and split leakage.\n"
	"The shards must have been scanned with the same options; pass merge those options\n"
	"too. Shards are ordered by their first input's path, so any order and grouping of the\n"
	"same shard results gives the same bytes; OUTDIR can itself be merged again.\n\n"
	"Exit codes as for scan. Options: those of scan, with the values the shards were\n"
	"scanned with (a shard whose report.json options differ is refused), and:\n"
	"  --from FILE           read shard directories from FILE, one a line ('-' = stdin)\n";

struct dirlist {
	char **v;
	size_t n, cap;
};

static int dirs_add(struct dirlist *d, const char *s, size_t n)
{
	if (d->n == MERGE_DIRS_MAX)
		return -1;
	if (dp_array_grow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v)))
		return -1;
	if (!(d->v[d->n] = strndup(s, n)))
		return -1;
	d->n++;
	return 0;
}

static void dirs_free(struct dirlist *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
}

/* One directory a line; blank lines are skipped, a trailing '/' or CR is dropped. */
static int dirs_read(struct dirlist *d, const char *from)
{
	FILE *f = strcmp(from, "-") ? fopen(from, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f)
		return -1;
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		while (n > 1 && line[n - 1] == '/')
			n--;
		if (n > 0)
			rc = dirs_add(d, line, (size_t)n);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* Take `--from FILE` / `--from=FILE` out of argv (kept in place otherwise). */
static int take_from(int *argc, char **argv, const char **from)
{
	int i, k = 1;

	for (i = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--from") && i + 1 < *argc) {
			*from = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--from=", 7)) {
			*from = argv[i] + 7;
			continue;
		}
		argv[k++] = argv[i];
	}
	for (; i < *argc; i++)
		argv[k++] = argv[i];
	*argc = k;
	return 0;
}

static int validate(const struct dp_config *cfg, size_t n, struct dp_error *err)
{
	if (!cfg->outdir)
		return dp_error_set(err, DP_WARN, "missing -o OUTDIR");
	if (n == 0)
		return dp_error_set(err, DP_WARN, "missing DIR to merge");
	if (cfg->fail_on && dp_gaps_check_list(cfg->fail_on, err) != DP_OK)
		return DP_WARN;
	return DP_OK;
}

static int collect(int argc, char **argv, struct dp_config *cfg, struct dirlist *d, int *help,
		   struct dp_error *err)
{
	char **operands = calloc((size_t)argc + 1, sizeof(char *));
	const char *from = NULL;
	size_t n = 0, i;
	int rc = DP_OK;

	if (!operands)
		return dp_error_set(err, DP_FATAL, "out of memory");
	take_from(&argc, argv, &from);
	if (dp_options_parse("scan", argc, argv, cfg, operands, &n, help, err) != DP_OK)
		rc = DP_WARN;
	for (i = 0; rc == DP_OK && i < n; i++) {
		if (!strcmp(operands[i], "-")) /* a lone '-': the list on standard input */
			rc = dirs_read(d, "-") ? dp_error_set(err, DP_WARN, "cannot read stdin") : DP_OK;
		else if (dirs_add(d, operands[i], strlen(operands[i])) != 0)
			rc = dp_error_set(err, DP_FATAL, "out of memory");
	}
	if (rc == DP_OK && from && dirs_read(d, from) != 0)
		rc = dp_error_set(err, DP_WARN, "cannot read the directory list %s", from);
	free(operands);
	return rc;
}

static int run_merge(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_error err;
	struct dirlist d = { NULL, 0, 0 };
	int help = 0, code, rc;

	dp_config_init(&cfg);
	dp_error_clear(&err);
	cfg.threads = 1; /* one merged state: it gets the whole --dedup-memory */
	rc = collect(argc, argv, &cfg, &d, &help, &err);
	if (rc == DP_OK && help) {
		fputs(usage, stdout);
		dp_options_print(stdout, "scan");
		dirs_free(&d);
		return DP_EXIT_OK;
	}
	if (rc == DP_OK)
		rc = validate(&cfg, d.n, &err);
	if (rc != DP_OK) {
		dp_log(DP_LOG_ERROR, "%s (see 'dataprov help merge')", err.msg);
		dirs_free(&d);
		return rc == DP_FATAL ? DP_EXIT_FATAL : DP_EXIT_USAGE;
	}
	if (cfg.quiet)
		dp_log_set_level(DP_LOG_ERROR);
	code = dp_merge_run(&cfg, d.v, d.n, dp_signals_install(), &err);
	if (dp_signals_caught())
		code = 128 + dp_signals_caught();
	if (code == DP_EXIT_FATAL || code >= 128)
		dp_log(DP_LOG_ERROR, "%s", err.msg[0] ? err.msg : "interrupted");
	else if (!cfg.quiet)
		fprintf(stderr, "dataprov: merged %zu results into %s/report.json\n", d.n,
			cfg.outdir);
	dirs_free(&d);
	return code;
}

const struct dp_command dp_cmd_merge = {
	"merge", "merge the results of scans of shards into one report and card", usage,
	run_merge
};

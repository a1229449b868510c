/* cmd_audit.c - `dataprov audit`: scan many datasets, one license row each, one table. */
#include "cli/command.h"
#include "cli/options.h"
#include "cli/scan.h"
#include "cli/signals.h"
#include "core/json.h"
#include "core/log.h"
#include "license/corpus.h"
#include "reader/reader.h"
#include "report/audit.h"
#include "report/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* One dataset to scan. */
struct dataset {
	char *path;   /* owned */
};

struct audit {
	const struct dp_config *cfg;
	struct dataset *ds;
	size_t n, cap;
	struct dp_audit_row *rows;       /* n rows, input order */
	const struct dp_license_corpus *corpus;
	struct dp_outdir od;
	volatile sig_atomic_t *cancel;
	unsigned jobs, scan_threads;
	pthread_mutex_t lock;            /* guards next, fatal, err */
	size_t next;
	int fatal;
	struct dp_error err;
};

/* ---- the dataset list ---- */

static int ds_add(struct audit *a, const char *path, size_t n)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		struct dataset *v = realloc(a->ds, cap * sizeof(*v));
		if (!v)
			return DP_FATAL;
		a->ds = v;
		a->cap = cap;
	}
	a->ds[a->n].path = strndup(path, n);
	if (!a->ds[a->n].path)
		return DP_FATAL;
	a->n++;
	return DP_OK;
}

/* Archive names taken as datasets by --each-subdir (documented in dataprov-audit(1)). */
static int is_archive_name(const char *name)
{
	static const char *const ext[] = { ".tar", ".tgz", ".tbz2", ".txz", ".tzst", ".zip",
		".7z", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.lz4", ".tar.lz", NULL };
	size_t i, n = strlen(name);

	for (i = 0; ext[i]; i++) {
		size_t k = strlen(ext[i]);
		if (n > k && !strcasecmp(name + n - k, ext[i]))
			return 1;
	}
	return 0;
}

static int cmp_names(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

/* Every immediate sub-folder or archive of `dir`, sorted by name; hidden ones skipped. */
static int add_children(struct audit *a, const char *dir, struct dp_error *err)
{
	struct dirent **list = NULL;
	char path[4096];
	int i, n = scandir(dir, &list, NULL, cmp_names), rc = DP_OK;

	if (n < 0)
		return dp_error_set(err, DP_WARN, "cannot list %s: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		struct stat st;
		const char *name = list[i]->d_name;
		int ok;
		if (rc != DP_OK || name[0] == '.' ||
		    (size_t)snprintf(path, sizeof(path), "%s%s%s", dir,
				     dir[strlen(dir) - 1] == '/' ? "" : "/", name) >= sizeof(path))
			continue;
		ok = a->cfg->follow_symlinks ? stat(path, &st) == 0 : lstat(path, &st) == 0;
		if (ok && (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && is_archive_name(name))))
			rc = ds_add(a, path, strlen(path)) == DP_OK ? DP_OK :
			     dp_error_set(err, DP_FATAL, "out of memory");
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

static int expand(struct audit *a, char *const *paths, size_t n, struct dp_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		struct stat st;
		if (a->cfg->each_subdir && strcmp(paths[i], "-") && stat(paths[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			rc = add_children(a, paths[i], err);
		else
			rc = ds_add(a, paths[i], strlen(paths[i])) == DP_OK ? DP_OK :
			     dp_error_set(err, DP_FATAL, "out of memory");
		if (rc != DP_OK)
			return rc;
	}
	return DP_OK;
}

/* ---- names: datasets/NAME/ ---- */

/* The path's last component, with every byte outside [A-Za-z0-9_.+,=@-] (and a leading
 * '.') written as %XX, so a name is never "", "." or "..", holds no '/', and two different
 * basenames never escape to the same name. */
static void safe_name(const char *path, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path), b, k = 0;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (b = n; b > 0 && path[b - 1] != '/'; b--)
		;
	if (n - b == 0 || (n - b == 1 && path[b] == '/'))
		path = "dataset", b = 0, n = 7;
	else if (n - b == 1 && path[b] == '-')
		path = "stdin", b = 0, n = 5;
	for (; b < n && k + 4 < cap; b++) {
		unsigned char c = (unsigned char)path[b];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr("_+,=@-", c)) || (c == '.' && k > 0)) {
			out[k++] = (char)c;
			continue;
		}
		out[k++] = '%';
		out[k++] = hex[c >> 4];
		out[k++] = hex[c & 15];
	}
	out[k] = '\0';
}

static int name_taken(const struct audit *a, size_t upto, const char *name)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (!strcasecmp(a->rows[i].name, name))
			return 1;
	return 0;
}

/* Names in input order; a repeated name gets "-2", "-3", ... (compared case-blind, for
 * case-insensitive file systems). */
static void assign_names(struct audit *a)
{
	char base[200], cand[256];
	size_t i;
	unsigned k;

	for (i = 0; i < a->n; i++) {
		safe_name(a->ds[i].path, base, sizeof(base));
		snprintf(cand, sizeof(cand), "%s", base);
		for (k = 2; name_taken(a, i, cand); k++)
			snprintf(cand, sizeof(cand), "%s-%u", base, k);
		snprintf(a->rows[i].name, sizeof(a->rows[i].name), "%s", cand);
		snprintf(a->rows[i].path, sizeof(a->rows[i].path), "%s", a->ds[i].path);
	}
}

/* ---- scanning ---- */

static void set_fatal(struct audit *a, const struct dp_error *err)
{
	pthread_mutex_lock(&a->lock);
	if (!a->fatal) {
		a->fatal = 1;
		a->err = *err;
	}
	pthread_mutex_unlock(&a->lock);
}

/* Read the dataset's report.json back and compute its row. */
static int evaluate(struct audit *a, struct dp_audit_row *row, const char *dir,
		    struct dp_error *err)
{
	char path[4400], msg[256];
	yajl_val r;

	snprintf(path, sizeof(path), "%s/report.json", dir);
	r = dp_jt_load(path, msg, sizeof(msg));
	if (!r)
		return dp_error_set(err, DP_FATAL, "cannot re-read %s: %s", path, msg);
	dp_audit_eval(r, a->corpus, row);
	yajl_tree_free(r);
	return DP_OK;
}

/* Scan dataset i with the same analysis as `scan` into datasets/NAME/. */
static void scan_one(struct audit *a, size_t i)
{
	struct dp_audit_row *row = &a->rows[i];
	struct dp_config c = *a->cfg;
	struct dp_error err;
	char dir[4400], *path = a->ds[i].path;
	int code;

	dp_error_clear(&err);
	snprintf(dir, sizeof(dir), "%s/datasets/%s", a->od.tmp, row->name);
	c.outdir = dir;
	c.fail_on = NULL;          /* --fail-on names audit flags, not gap ids */
	c.threads = a->scan_threads;
	if (a->jobs > 1) {
		c.progress = DP_PROGRESS_NEVER;
		/* --dedup-memory bounds the whole run: share it among the scans running at once */
		c.limits.dedup_memory /= a->jobs;
		if (c.limits.dedup_memory < 65536)
			c.limits.dedup_memory = 65536;
	}
	code = dp_scan_run(&c, &path, 1, a->cancel, &err);
	if (code == DP_EXIT_FATAL || (a->cancel && *a->cancel)) {
		if (!err.msg[0])
			dp_error_set(&err, DP_FATAL, "interrupted");
		row->status = "failed";
		snprintf(row->error, sizeof(row->error), "%s", err.msg);
		set_fatal(a, &err);
		return;
	}
	row->status = code == DP_EXIT_PARTIAL ? "partial" : "ok";
	if (evaluate(a, row, dir, &err) != DP_OK)
		set_fatal(a, &err);
}

static void *worker(void *arg)
{
	struct audit *a = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&a->lock);
		i = a->fatal ? a->n : a->next++;
		pthread_mutex_unlock(&a->lock);
		if (i >= a->n)
			return NULL;
		scan_one(a, i);
	}
}

/* Up to --threads datasets at once, the threads shared among them. */
static void plan(struct audit *a)
{
	unsigned t = dp_config_threads(a->cfg);

	a->jobs = a->n < t ? (unsigned)a->n : t;
	if (a->jobs == 0)
		a->jobs = 1;
	a->scan_threads = t / a->jobs ? t / a->jobs : 1;
}

static int scan_all(struct audit *a)
{
	pthread_t th[64];
	unsigned i, started = 0;

	plan(a);
	if (a->jobs > 64)
		a->jobs = 64;
	for (i = 1; i < a->jobs; i++) {
		if (pthread_create(&th[started], NULL, worker, a) != 0)
			break;
		started++;
	}
	worker(a);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	return a->fatal ? DP_FATAL : DP_OK;
}

/* ---- outputs ---- */

static int write_all(struct audit *a, struct dp_error *err)
{
	char path[4400];

	dp_outdir_file(&a->od, "audit.json", path, sizeof(path));
	if (dp_audit_write_json(path, a->rows, a->n, err) != DP_OK)
		return DP_FATAL;
	dp_outdir_file(&a->od, "audit.csv", path, sizeof(path));
	if (dp_audit_write_csv(path, a->rows, a->n, err) != DP_OK)
		return DP_FATAL;
	dp_outdir_file(&a->od, "AUDIT.md", path, sizeof(path));
	return dp_audit_write_md(path, a->rows, a->n, err);
}

/* Exit code: 1 when a --fail-on flag is present, else 3 when a scan was partial, else 0. */
static int exit_code(const struct audit *a)
{
	size_t i;
	int partial = 0;

	for (i = 0; i < a->n; i++) {
		if (a->cfg->fail_on && dp_audit_match(a->rows[i].flags, a->cfg->fail_on))
			return DP_EXIT_POLICY;
		partial |= !strcmp(a->rows[i].status, "partial");
	}
	return partial ? DP_EXIT_PARTIAL : DP_EXIT_OK;
}

static int run_audit_dirs(struct audit *a, struct dp_error *err)
{
	char dir[4400];

	snprintf(dir, sizeof(dir), "%s/datasets", a->od.tmp);
	if (mkdir(dir, 0777) != 0)
		return dp_error_set(err, DP_FATAL, "cannot create %s: %s", dir, strerror(errno));
	if (scan_all(a) != DP_OK) {
		*err = a->err;
		return DP_FATAL;
	}
	if (write_all(a, err) != DP_OK)
		return DP_FATAL;
	return dp_outdir_commit(&a->od, err);
}

static int audit_run(struct audit *a, char *const *paths, size_t n, struct dp_error *err)
{
	struct dp_license_corpus *corpus;
	int rc;

	if (expand(a, paths, n, err) != DP_OK)
		return err->status == DP_FATAL ? DP_EXIT_FATAL : DP_EXIT_USAGE;
	if (a->n == 0) {
		dp_error_set(err, DP_WARN, "no dataset found (with --each-subdir: no sub-folder or "
			     "archive)");
		return DP_EXIT_USAGE;
	}
	a->rows = calloc(a->n, sizeof(*a->rows));
	corpus = dp_license_corpus_load(err);
	if (!a->rows || !corpus) {
		dp_license_corpus_free(corpus);
		return err->msg[0] ? DP_EXIT_FATAL : (dp_error_set(err, DP_FATAL, "out of memory"),
						      DP_EXIT_FATAL);
	}
	a->corpus = corpus;
	assign_names(a);
	rc = dp_outdir_begin(&a->od, a->cfg->outdir, err);
	if (rc == DP_OK && run_audit_dirs(a, err) != DP_OK) {
		dp_outdir_abort(&a->od);
		rc = DP_FATAL;
	}
	dp_license_corpus_free(corpus);
	a->corpus = NULL;
	return rc == DP_OK ? exit_code(a) : DP_EXIT_FATAL;
}

static void audit_release(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->ds[i].path);
	free(a->ds);
	free(a->rows);
	pthread_mutex_destroy(&a->lock);
}

/* ---- command line ---- */

static const char usage[] =
	"usage: dataprov audit [OPTIONS] PATH... -o OUTDIR\n\n"
	"Audit the licenses of many datasets: every PATH (with --each-subdir, every immediate\n"
	"sub-folder or archive of a PATH) is one dataset, scanned as `dataprov scan` does into\n"
	"OUTDIR/datasets/NAME/. OUTDIR/audit.json, audit.csv and AUDIT.md give one row per\n"
	"dataset, in input order: declared and observed licenses, license fields, the concluded\n"
	"license, restrictions and flags (rules: dataprov-audit(1)).\n\n"
	"Exit codes: 0 success, 1 a dataset has a --fail-on flag, 2 usage error, 3 finished\n"
	"but some input could not be read, 4 fatal (no output written), 130 interrupted.\n\n"
	"options:\n";

static int usage_error(const char *msg)
{
	dp_log(DP_LOG_ERROR, "%s (see 'dataprov help audit')", msg);
	return DP_EXIT_USAGE;
}

/* Parse and check the command line. Returns -1 to go on, else an exit code. */
static int parse(int argc, char **argv, struct dp_config *cfg, char **operands, size_t *n)
{
	struct dp_error err;
	int help = 0;

	dp_error_clear(&err);
	if (dp_options_parse("audit", argc, argv, cfg, operands, n, &help, &err) != DP_OK)
		return usage_error(err.msg);
	if (help) {
		fputs(usage, stdout);
		dp_options_print(stdout, "audit");
		return DP_EXIT_OK;
	}
	if (!cfg->outdir)
		return usage_error("missing -o OUTDIR");
	if (*n == 0)
		return usage_error("missing PATH to audit");
	if (cfg->format && !dp_reader_find(cfg->format))
		return usage_error("unknown --format");
	if (cfg->fail_on && dp_audit_check_list(cfg->fail_on, &err) != DP_OK)
		return usage_error(err.msg);
	return -1;
}

static void summary_line(const struct audit *a, int code)
{
	size_t i, flagged = 0;

	for (i = 0; i < a->n; i++)
		flagged += a->rows[i].flags != 0;
	fprintf(stderr, "dataprov: audited %zu datasets (%zu flagged); wrote %s/audit.json, "
		"audit.csv and AUDIT.md%s\n", a->n, flagged, a->cfg->outdir,
		code == DP_EXIT_PARTIAL ? " (some input could not be read)" :
		code == DP_EXIT_POLICY ? " (a --fail-on flag was found)" : "");
}

static int run_audit(int argc, char **argv)
{
	struct dp_config cfg;
	struct dp_error err;
	struct audit a;
	char **operands = calloc((size_t)argc + 1, sizeof(char *));
	size_t n = 0;
	int code;

	dp_config_init(&cfg);
	dp_error_clear(&err);
	if (!operands)
		return DP_EXIT_FATAL;
	code = parse(argc, argv, &cfg, operands, &n);
	if (code >= 0) {
		free(operands);
		return code;
	}
	if (cfg.quiet)
		dp_log_set_level(DP_LOG_ERROR);
	memset(&a, 0, sizeof(a));
	a.cfg = &cfg;
	pthread_mutex_init(&a.lock, NULL);
	a.cancel = dp_signals_install();
	code = audit_run(&a, operands, n, &err);
	if (dp_signals_caught())
		code = 128 + dp_signals_caught();
	if (code == DP_EXIT_FATAL || code == DP_EXIT_USAGE || code >= 128)
		dp_log(DP_LOG_ERROR, "%s", err.msg[0] ? err.msg : "interrupted");
	else if (!cfg.quiet)
		summary_line(&a, code);
	audit_release(&a);
	free(operands);
	return code;
}

const struct dp_command dp_cmd_audit = {
	"audit", "audit the licenses of many datasets: one table, flags per dataset", usage,
	run_audit
};

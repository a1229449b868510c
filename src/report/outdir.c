/* outdir.c - atomic output directory. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "report/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int dp_remove_tree(const char *path)
{
	if (!path[0])
		return 0;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 when `dir` is empty or holds a report.json (a previous result we may replace). */
static int replaceable(const char *dir)
{
	char p[4200];
	DIR *d;
	struct dirent *e;
	int empty = 1;

	snprintf(p, sizeof(p), "%s/report.json", dir);
	if (access(p, F_OK) == 0)
		return 1;
	snprintf(p, sizeof(p), "%s/audit.json", dir); /* a previous `dataprov audit` */
	if (access(p, F_OK) == 0)
		return 1;
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

static void split_path(const char *final, char *parent, char *base, size_t cap)
{
	char a[4096], b[4096];

	snprintf(a, sizeof(a), "%s", final);
	snprintf(b, sizeof(b), "%s", final);
	snprintf(parent, cap, "%s", dirname(a));
	snprintf(base, cap, "%s", basename(b));
}

/* mkdir -p `dir` (its missing parents are created 0755). */
static int mkdir_parents(const char *dir)
{
	char p[4096];
	size_t i, n;

	snprintf(p, sizeof(p), "%s", dir);
	n = strlen(p);
	for (i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -1;
		p[i] = i < n ? '/' : '\0';
	}
	return 0;
}

int dp_outdir_begin(struct dp_outdir *o, const char *final, struct dp_error *err)
{
	char parent[4096], base[4096];
	struct stat st;

	memset(o, 0, sizeof(*o));
	if (strlen(final) >= sizeof(o->final) - 64)
		return dp_error_set(err, DP_FATAL, "%s: output path too long", final);
	snprintf(o->final, sizeof(o->final), "%s", final);
	if (lstat(final, &st) == 0 && (!S_ISDIR(st.st_mode) || !replaceable(final)))
		return dp_error_set(err, DP_FATAL,
				    "%s exists and is not a dataprov output directory; not replacing it",
				    final);
	split_path(final, parent, base, sizeof(parent));
	if (mkdir_parents(parent) != 0)
		return dp_error_set(err, DP_FATAL, "cannot create %s: %s", parent, strerror(errno));
	snprintf(o->tmp, sizeof(o->tmp), "%s/.%.200s.tmp-XXXXXX", parent, base);
	if (!mkdtemp(o->tmp)) {
		int e = errno;
		o->tmp[0] = '\0';
		return dp_error_set(err, DP_FATAL, "cannot create a directory next to %s: %s", final,
				    strerror(e));
	}
	snprintf(o->work, sizeof(o->work), "%s/.work", o->tmp);
	if (mkdir(o->work, 0700) != 0) {
		int e = errno;
		dp_outdir_abort(o); /* the caller only aborts what began */
		return dp_error_set(err, DP_FATAL, "cannot create %s: %s", o->work, strerror(e));
	}
	return DP_OK;
}

void dp_outdir_file(const struct dp_outdir *o, const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", o->tmp, name);
}

int dp_outdir_commit(struct dp_outdir *o, struct dp_error *err)
{
	char old[4200], parent[4096], base[4096];
	struct stat st;
	int had_old = 0;

	dp_remove_tree(o->work);
	if (lstat(o->final, &st) == 0) {
		split_path(o->final, parent, base, sizeof(parent));
		snprintf(old, sizeof(old), "%s/.%.200s.old-XXXXXX", parent, base);
		if (!mkdtemp(old) || rename(o->final, old) != 0)
			return dp_error_set(err, DP_FATAL, "cannot move the old %s aside: %s", o->final,
					    strerror(errno));
		had_old = 1;
	}
	if (rename(o->tmp, o->final) != 0) {
		int e = errno;
		if (had_old)
			rename(old, o->final);
		return dp_error_set(err, DP_FATAL, "cannot rename the result to %s: %s", o->final,
				    strerror(e));
	}
	o->tmp[0] = '\0';
	if (had_old)
		dp_remove_tree(old);
	return DP_OK;
}

void dp_outdir_abort(struct dp_outdir *o)
{
	if (o->tmp[0])
		dp_remove_tree(o->tmp);
	o->tmp[0] = '\0';
}

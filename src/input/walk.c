/* walk.c - sorted recursive directory expansion. */
#include "input/walk.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DIR_DEPTH 256

void dp_walk_init(struct dp_walk *w)
{
	memset(w, 0, sizeof(*w));
}

void dp_walk_release(struct dp_walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].path);
	free(w->v);
	dp_walk_init(w);
}

static int push(struct dp_walk *w, const char *path, const char *skip)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct dp_walk_item *v = realloc(w->v, cap * sizeof(*v));
		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n].path = strdup(path);
	if (!w->v[w->n].path)
		return -1;
	w->v[w->n].skip = skip;
	w->v[w->n].excluded = 0;
	w->v[w->n].named = 0;
	w->n++;
	return 0;
}

/* A directory that belongs to the tools around a dataset, not to the dataset. */
static int push_excluded(struct dp_walk *w, const char *path, const char *why)
{
	if (push(w, path, why) != 0)
		return -1;
	w->v[w->n - 1].excluded = 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct dp_walk *w, const char *dir, int follow, unsigned depth);

/* 1 for the .cache/huggingface directory that `huggingface-cli download --local-dir` leaves
 * beside the files: one .metadata text file per downloaded file (commit, etag, time),
 * which read as records of the dataset. */
static int hub_cache_dir(const char *path)
{
	static const char tail[] = ".cache/huggingface";
	size_t n = strlen(path), t = sizeof(tail) - 1;

	return n >= t && !strcmp(path + n - t, tail) && (n == t || path[n - t - 1] == '/');
}

/* 1 for a version-control directory (.git, .hg, .svn). A Hugging Face dataset cloned with
 * git keeps a second copy of every LFS file under .git/lfs/objects: walking it counted
 * each record twice and reported half the dataset as duplicates. */
static int vcs_dir(const char *path)
{
	static const char *const names[] = { ".git", ".hg", ".svn", NULL };
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t i;

	for (i = 0; names[i]; i++)
		if (!strcmp(base, names[i]))
			return 1;
	return 0;
}

static int visit(struct dp_walk *w, const char *path, int follow, unsigned depth)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return push(w, path, NULL); /* the scan reports why it cannot be opened */
	if (S_ISLNK(st.st_mode)) {
		if (!follow)
			return push(w, path, "symbolic link (not followed; use --follow-symlinks)");
		if (stat(path, &st) != 0)
			return push(w, path, "dangling symbolic link");
	}
	if (S_ISDIR(st.st_mode)) {
		if (vcs_dir(path))
			return push_excluded(w, path,
					     "version-control directory, not read (name it to scan it)");
		if (hub_cache_dir(path))
			return push_excluded(w, path, "huggingface_hub download cache, not read "
					     "(name it to scan it)");
		if (depth >= MAX_DIR_DEPTH)
			return push(w, path, "directory nested too deep");
		return walk_dir(w, path, follow, depth + 1);
	}
	if (!S_ISREG(st.st_mode))
		return push(w, path, "not a regular file");
	return push(w, path, NULL);
}

static int walk_dir(struct dp_walk *w, const char *dir, int follow, unsigned depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d)
		return push(w, dir, "directory cannot be read");
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			char **v = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*v));
			if (!v) {
				rc = -1;
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t dl = strlen(dir);
		snprintf(path, sizeof(path), "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
			 names[i]);
		if (rc == 0)
			rc = visit(w, path, follow, depth);
		free(names[i]);
	}
	free(names);
	return rc;
}

int dp_walk_add(struct dp_walk *w, const char *path, int follow_symlinks)
{
	struct stat st;

	if (!strcmp(path, "-"))
		return push(w, path, NULL);
	/* a symlink named on the command line is followed, as users expect */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return walk_dir(w, path, follow_symlinks, 0);
	if (visit(w, path, 1, 0) != 0)
		return -1;
	w->v[w->n - 1].named = 1;
	return 0;
}

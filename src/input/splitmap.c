/* splitmap.c - the splits a Hugging Face card's `configs` declare for a dataset's files. */
#include "input/splitmap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "core/array.h"
#include "core/frontmatter.h"
#include "core/json.h"

#define MAX_PATTERN 1024   /* bytes of one pattern; a longer one is ignored */
#define MAX_GLOBSTARS 4    /* "**" components in one pattern; more is ignored */
#define DEFAULT_SPLIT "train" /* the split of data_files given without one */

struct rule {
	size_t root;       /* index into roots */
	char *pattern;
	char *split;
};

struct dp_splitmap {
	char **roots;      /* the input folders, without a trailing '/' */
	size_t n_roots, cap_roots;
	struct rule *v;
	size_t n, cap;
};

/* ---- patterns ---- */

/* Does the path component s[0..se) match the pattern component p[0..pe) ('*' any run,
 * '?' one byte)? Greedy with one backtrack point: linear in practice. */
static int seg_match(const char *p, const char *pe, const char *s, const char *se)
{
	const char *star = NULL, *ss = s;

	while (s < se) {
		if (p < pe && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (p < pe && *p == '*') {
			star = p++;
			ss = s;
		} else if (star) {
			p = star + 1;
			s = ++ss;
		} else {
			return 0;
		}
	}
	while (p < pe && *p == '*')
		p++;
	return p == pe;
}

static int glob_from(const char *pat, const char *path)
{
	const char *pe, *se;

	if (!strncmp(pat, "**", 2) && (pat[2] == '/' || !pat[2])) {
		const char *rest = pat[2] ? pat + 3 : pat + 2;
		if (!*rest)
			return 1;
		for (;;) {
			if (glob_from(rest, path))
				return 1;
			if (!(path = strchr(path, '/')))
				return 0;
			path++;
		}
	}
	pe = pat + strcspn(pat, "/");
	se = path + strcspn(path, "/");
	if (!seg_match(pat, pe, path, se))
		return 0;
	if (!*pe || !*se)
		return !*pe && !*se;
	return glob_from(pe + 1, se + 1);
}

int dp_splitmap_glob(const char *pat, const char *path)
{
	const char *p = pat;
	unsigned stars = 0;

	while ((p = strstr(p, "**")) != NULL) {
		stars++;
		p += 2;
	}
	if (stars > MAX_GLOBSTARS || strlen(pat) > MAX_PATTERN)
		return 0;
	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	while (*pat == '/')
		pat++;
	return glob_from(pat, path);
}

/* ---- the map ---- */

/* A split name as the Hub allows them (word characters and dots; '-' let through), at
 * most DP_SPLITMAP_NAME_MAX bytes: names are printed in the report and the card, so free
 * text (an address) is not taken for one. */
static int split_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > DP_SPLITMAP_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return 0;
	return 1;
}

static int add_rule(struct dp_splitmap *m, const char *pattern, const char *split)
{
	struct rule *r;

	if (!pattern || !*pattern || !split || !split_name_ok(split) ||
	    m->n >= DP_SPLITMAP_MAX_RULES)
		return 0;
	if (dp_array_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v)))
		return -1;
	r = &m->v[m->n];
	r->root = m->n_roots - 1;
	r->pattern = strdup(pattern);
	r->split = strdup(split);
	if (!r->pattern || !r->split) {
		free(r->pattern);
		free(r->split);
		return -1;
	}
	m->n++;
	return 0;
}

/* A pattern, or a list of them, for one split. */
static int add_paths(struct dp_splitmap *m, yajl_val paths, const char *split)
{
	size_t i;

	if (YAJL_IS_STRING(paths))
		return add_rule(m, YAJL_GET_STRING(paths), split);
	if (!YAJL_IS_ARRAY(paths))
		return 0;
	for (i = 0; i < paths->u.array.len; i++)
		if (YAJL_IS_STRING(paths->u.array.values[i]) &&
		    add_rule(m, YAJL_GET_STRING(paths->u.array.values[i]), split))
			return -1;
	return 0;
}

/* One config's data_files: a pattern, a list of patterns or of {split, path}, or a mapping
 * split -> pattern(s). */
static int add_data_files(struct dp_splitmap *m, yajl_val df)
{
	size_t i;

	if (YAJL_IS_OBJECT(df)) {
		for (i = 0; i < df->u.object.len; i++)
			if (add_paths(m, df->u.object.values[i], df->u.object.keys[i]))
				return -1;
		return 0;
	}
	if (!YAJL_IS_ARRAY(df))
		return add_paths(m, df, DEFAULT_SPLIT);
	for (i = 0; i < df->u.array.len; i++) {
		yajl_val e = df->u.array.values[i];
		const char *split = YAJL_IS_OBJECT(e) ? dp_jt_str(e, "split", NULL) : NULL;
		if (YAJL_IS_STRING(e) ? add_rule(m, YAJL_GET_STRING(e), DEFAULT_SPLIT)
				      : add_paths(m, YAJL_IS_OBJECT(e) ? dp_jt_get(e, "path") : NULL,
						  split ? split : DEFAULT_SPLIT))
			return -1;
	}
	return 0;
}

/* Up to DP_SPLITMAP_README_MAX bytes of dir/README.md (NUL-terminated), or NULL. */
static char *read_readme(const char *dir, size_t *len)
{
	char path[4096];
	char *buf;
	ssize_t k;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/README.md", dir) >= sizeof(path))
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return NULL;
	buf = malloc(DP_SPLITMAP_README_MAX + 1);
	*len = 0;
	while (buf && *len < DP_SPLITMAP_README_MAX &&
	       (k = read(fd, buf + *len, DP_SPLITMAP_README_MAX - *len)) > 0)
		*len += (size_t)k;
	close(fd);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

/* The YAML header of the README in `dir` as a tree, or NULL (none, unreadable, invalid). */
static yajl_val readme_header(const char *dir)
{
	struct dp_frontmatter fm;
	struct dp_error e;
	yajl_val t = NULL;
	size_t len = 0;
	char *buf = read_readme(dir, &len);

	if (!buf)
		return NULL;
	if (dp_frontmatter_parse(buf, len, &fm, &e) == DP_OK)
		t = dp_frontmatter_tree(buf, len, &fm, "README.md", &e);
	dp_frontmatter_release(&fm);
	free(buf);
	return t;
}

static int add_root(struct dp_splitmap *m, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (dp_array_grow((void **)&m->roots, &m->cap_roots, m->n_roots + 1, sizeof(*m->roots)))
		return -1;
	if (!(m->roots[m->n_roots] = strndup(dir, n)))
		return -1;
	m->n_roots++;
	return 0;
}

/* The rules of the folder `dir`, from its README's configs. */
static int load_dir(struct dp_splitmap *m, const char *dir)
{
	yajl_val t = readme_header(dir), configs = t ? dp_jt_get(t, "configs") : NULL;
	size_t i;
	int rc = 0;

	if (YAJL_IS_ARRAY(configs) && configs->u.array.len) {
		rc = add_root(m, dir);
		for (i = 0; !rc && i < configs->u.array.len; i++) {
			yajl_val c = configs->u.array.values[i];
			if (YAJL_IS_OBJECT(c))
				rc = add_data_files(m, dp_jt_get(c, "data_files"));
		}
	}
	yajl_tree_free(t);
	return rc;
}

struct dp_splitmap *dp_splitmap_load(char *const *paths, size_t n, struct dp_error *err)
{
	struct dp_splitmap *m = calloc(1, sizeof(*m));
	struct stat st;
	size_t i;

	if (!m) {
		dp_error_set(err, DP_FATAL, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") == 0 || stat(paths[i], &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (load_dir(m, paths[i]) != 0) {
			dp_splitmap_free(m);
			dp_error_set(err, DP_FATAL, "out of memory");
			return NULL;
		}
	}
	if (!m->n) {
		dp_splitmap_free(m);
		return NULL;
	}
	return m;
}

/* origin relative to root, when it lies in root; else NULL. */
static const char *under(const char *root, const char *origin)
{
	size_t n = strlen(root);

	if (strncmp(origin, root, n) != 0 || (origin[n] != '/' && root[n - 1] != '/'))
		return NULL;
	origin += n;
	while (*origin == '/')
		origin++;
	return origin;
}

const char *dp_splitmap_split(const struct dp_splitmap *m, const char *origin)
{
	char path[4096];
	const char *rel, *bang;
	size_t i, n;

	if (!m)
		return NULL;
	bang = strstr(origin, "!/"); /* an archive member: its file decides */
	n = bang ? (size_t)(bang - origin) : strlen(origin);
	if (n >= sizeof(path))
		return NULL;
	memcpy(path, origin, n);
	path[n] = '\0';
	for (i = 0; i < m->n; i++) {
		rel = under(m->roots[m->v[i].root], path);
		if (rel && dp_splitmap_glob(m->v[i].pattern, rel))
			return m->v[i].split;
	}
	return NULL;
}

void dp_splitmap_free(struct dp_splitmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].pattern);
		free(m->v[i].split);
	}
	for (i = 0; i < m->n_roots; i++)
		free(m->roots[i]);
	free(m->v);
	free(m->roots);
	free(m);
}

/* walk.h - expanding command-line PATHs into the list of input files.
 *
 * Directories are walked recursively in byte-sorted order; symbolic links are not followed
 * unless asked (they are listed as skipped, with the reason). "-" is standard input.
 * The result is deterministic for a given tree.
 */
#ifndef DP_INPUT_WALK_H
#define DP_INPUT_WALK_H

#include <stddef.h>

struct dp_walk_item {
	char *path;          /* owned */
	const char *skip;    /* NULL, or why it is not read ("symbolic link", ...) */
	int excluded;        /* with skip: left out as no part of the dataset (a version-control
			      * or download-cache directory): listed, but not a coverage gap */
	int named;           /* a file named on the command line: opened even through a
			      * symbolic link (walked files are opened with O_NOFOLLOW) */
};

struct dp_walk {
	struct dp_walk_item *v;
	size_t n, cap;
};

void dp_walk_init(struct dp_walk *w);
void dp_walk_release(struct dp_walk *w);

/* Add `path` (file, directory or "-"). Missing paths are added too, so that the scan
 * reports them as unreadable. Returns 0, or -1 when out of memory. */
int dp_walk_add(struct dp_walk *w, const char *path, int follow_symlinks);

#endif
